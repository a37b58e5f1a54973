"""Retention (O6): who is due, who was asked, who did not answer; ask, remind, record."""

import streamlit as st

from konnektus.clock import today_amsterdam
from konnektus.ui.consent_proof import consent_proof_section
from konnektus.ui.guard import guard_page
from konnektus.ui.i18n import t
from konnektus.ui.minimisation import minimisation_section
from konnektus.ui.profile_view import profile_view
from konnektus.ui.retention_cleanup import cleanup_section
from konnektus.ui.retention_lists import OPEN_PERSON, action_tabs, print_files
from konnektus.ui.retention_overview import (
    age_chart,
    retention_filters,
    retention_overview,
    state_metrics,
)
from konnektus.ui.special_data import special_data_section

page = guard_page("retention")
st.title(t("retention_page.title"))
st.caption(t("retention_page.intro"))
today = today_amsterdam()
where, own = retention_filters(page)
overview = retention_overview(page.db, page.member, where, today=today)
state_metrics(page, overview)
st.subheader(t("retention_page.by_age"))
age_chart(overview)
st.subheader(t("retention_page.lists"))
action_tabs(page, where, own, today)
print_files(page)
cleanup_section(page)  # DPO only
minimisation_section(page)  # DPO only (O1)
special_data_section(page)  # DPO only: medical data after the placement
consent_proof_section(page)  # DPO only (Art. 7(1): items on consent without proof)
opened = st.session_state.get(OPEN_PERSON)
if opened is not None:
    st.divider()
    if st.button(t("retention_page.close_person"), key="ret_close_person", icon=":material/close:"):
        del st.session_state[OPEN_PERSON]
        st.rerun()
    profile_view(page, int(opened))
