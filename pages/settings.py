"""Instellingen: privacy contact (O13), retention lead times (O6), request periods and the
erasure extension cap (deadlines.md), the term of medical data after the placement; DPO."""

import streamlit as st

from konnektus.ui.guard import guard_page
from konnektus.ui.i18n import t
from konnektus.ui.settings_page import (
    contact_form,
    erasure_extension_form,
    identity_form,
    medical_term_form,
    periods_table,
    retention_form,
)

page = guard_page("settings")
st.title(t("settings.title"))
st.caption(t("settings.intro"))
contact_form(page)
st.divider()
retention_form(page)
st.divider()
identity_form(page)
st.divider()
periods_table(page)
erasure_extension_form(page)
st.divider()
medical_term_form(page)
