"""The audit log (DPO only): who did what in words, filtered and downloadable; the chain check."""

import streamlit as st

from konnektus.ui.audit_log import chain_status, entries_table, filters
from konnektus.ui.guard import guard_page
from konnektus.ui.i18n import t

page = guard_page("audit_log")
st.title(t("audit.title"))
st.caption(t("audit.intro"))
chain_status(page)
where = filters(page)
if where is not None:
    entries_table(page, where)
