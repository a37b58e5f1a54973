"""The DPO's request desk (O10-O12): queue, intake, and one request at a time."""

import streamlit as st

from konnektus.clock import today_amsterdam
from konnektus.ui.guard import guard_page
from konnektus.ui.i18n import t
from konnektus.ui.request_detail import request_detail
from konnektus.ui.request_queue import counters, intake_form, load_queue, queue_table

page = guard_page("requests")
st.title(t("requests.title"))
today = today_amsterdam()
queue_tab, intake_tab = st.tabs([t("requests.queue_tab"), t("requests.intake_tab")])
with intake_tab:
    intake_form(page)
with queue_tab:
    queue = load_queue(page, today)
    counters(page, queue)
    queue_table(queue)
if st.session_state.pop("erasure_done", None):
    st.success(t("erasure.done"), icon=":material/check_circle:")
ids = [int(i) for i in queue["id"]]
opened = st.session_state.get("open_request")
if opened is not None and opened not in ids:
    ids.insert(0, int(opened))
if ids:
    labels = {
        int(r.id): f"#{r.id} · {t('request_type.' + r.type)} · {r.person_name or r.requester_name}"
        for r in queue.itertuples()
    }
    chosen = st.selectbox(
        t("requests.open"), ids, key="open_request", format_func=lambda i: labels.get(i, f"#{i}")
    )
    st.divider()
    request_detail(page, int(chosen))
else:
    st.info(t("requests.empty"))
