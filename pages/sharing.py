"""Sharing with outside parties (O7, O8): who got what, was the person told, may we share."""

import streamlit as st

from konnektus.clock import today_amsterdam
from konnektus.domain.permissions import Action, can
from konnektus.services.sharing import recipient_register
from konnektus.ui.guard import guard_page
from konnektus.ui.i18n import t
from konnektus.ui.sharing_actions import register_downloads
from konnektus.ui.sharing_disclosure import disclosure_form
from konnektus.ui.sharing_drilldown import drilldown
from konnektus.ui.sharing_register import manage, register_table
from konnektus.ui.sharing_summary import period_filter, summaries

page = guard_page("sharing")
st.title(t("sharing.title"))
st.caption(t("sharing.intro"))
today = today_amsterdam()
role = page.member.role
first_day, last_day = period_filter(today)
register = recipient_register(page.db, page.member, today=today)

tabs = [t("sharing.tab_summary"), t("sharing.tab_register")]
may_drill = can(role, Action.VIEW_PROFILE)  # only roles that may see people see names
may_register = can(role, Action.REGISTER_DISCLOSURE)
if may_drill:
    tabs.append(t("sharing.tab_disclosures"))
if may_register:
    tabs.append(t("sharing.tab_register_disclosure"))
shown = st.tabs(tabs)
with shown[0]:
    by_recipient = summaries(page, first_day, last_day)
with shown[1]:
    register_table(page, register)
    register_downloads(page)
    manage(page, register)
if may_drill:
    with shown[2]:
        drilldown(page, by_recipient, first_day, last_day)
if may_register:
    with shown[-1]:
        disclosure_form(page, register)
