"""Wettelijke bewaarplicht (O5): what legal holds keep of erased people; back office and DPO."""

import streamlit as st

from konnektus.clock import now_utc
from konnektus.ui.guard import guard_page
from konnektus.ui.held_data import held_figures_section, held_list_section, held_person_section
from konnektus.ui.i18n import t

page = guard_page("legal_holds")
st.title(t("held_data.title"))
st.caption(t("held_data.intro"))
now = now_utc()
held_figures_section(page, now)
chosen = held_list_section(page, now)
if chosen is not None:
    st.divider()
    held_person_section(page, chosen, now)
