"""The DPO's request desk (O10-O12): queue, intake, and one request at a time."""

import streamlit as st

from konnektus.clock import today_amsterdam
from konnektus.ui.guard import guard_page
from konnektus.ui.i18n import t
from konnektus.ui.request_detail import request_detail
from konnektus.ui.request_queue import (
    OPEN_REQUEST,
    counters,
    intake_form,
    load_queue,
    queue_table,
)

page = guard_page("requests")
st.title(t("requests.title"))
today = today_amsterdam()
queue_tab, intake_tab = st.tabs([t("requests.queue_tab"), t("requests.intake_tab")])
with intake_tab:
    intake_form(page)
with queue_tab:
    queue = load_queue(page, today)
    counters(page, queue)
    opened = queue_table(page, queue) if len(queue) else st.session_state.get(OPEN_REQUEST)
if st.session_state.pop("erasure_done", None):
    st.success(t("erasure.done"), icon=":material/check_circle:")
if opened is not None:
    st.divider()
    request_detail(page, int(opened))
elif len(queue):
    st.info(t("requests.click_to_open"), icon=":material/left_click:")
else:
    st.info(t("requests.empty"))
