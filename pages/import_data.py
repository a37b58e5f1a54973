"""Importeren (issue 14): bring in the agency's records; back office and the DPO."""

import streamlit as st

from konnektus.ui.guard import guard_page
from konnektus.ui.i18n import t
from konnektus.ui.import_page import import_panel

page = guard_page("import_data")
st.title(t("import.title"))
st.caption(t("import.intro"))
import_panel(page)
