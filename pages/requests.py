"""The DPO's request desk (O10-O12): queue, intake, and one request at a time."""

import streamlit as st

from konnektus.clock import today_amsterdam
from konnektus.ui.addresses import address_changed, keep_address
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
# /requests?id=74 opens request 74: after F5, back, or from a shared link
changed, address = address_changed("id")
if changed:
    if address is not None and address.isdigit():
        st.session_state[OPEN_REQUEST] = int(address)
    else:
        st.session_state.pop(OPEN_REQUEST, None)
today = today_amsterdam()
queue_tab, intake_tab = st.tabs([t("requests.queue_tab"), t("requests.intake_tab")])
with intake_tab:
    intake_form(page)
with queue_tab:
    queue = load_queue(page, today)
    counters(page, queue)
    opened = queue_table(page, queue) if len(queue) else st.session_state.get(OPEN_REQUEST)
if opened is not None:
    st.divider()
    if not request_detail(page, int(opened)):  # no such request: said so, nothing open
        opened = None
keep_address("id", None if opened is None else str(opened))
if opened is None and len(queue):
    st.info(t("requests.click_to_open"), icon=":material/left_click:")
elif opened is None:
    st.info(t("requests.empty"))
