"""Staff (DPO only): who may sign in and with which role; changes count from the next click."""

import streamlit as st

from konnektus.ui.guard import guard_page
from konnektus.ui.i18n import t
from konnektus.ui.staff_page import add_form, member_actions, staff_table

page = guard_page("staff")
st.title(t("staff.title"))
st.caption(t("staff.intro"))
members = staff_table(page)
member_actions(page, members)
add_form(page)
