"""Sharing with outside parties (O7, O8): who got what, was the person told, may we share."""

import streamlit as st

from konnektus.clock import today_amsterdam
from konnektus.domain.permissions import Action, can
from konnektus.ui.guard import guard_page
from konnektus.ui.i18n import t
from konnektus.ui.sharing_actions import register_downloads
from konnektus.ui.sharing_art19 import art19_panel
from konnektus.ui.sharing_consent import consent_panel
from konnektus.ui.sharing_disclosure import disclosure_form
from konnektus.ui.sharing_drilldown import drilldown
from konnektus.ui.sharing_refused import refused_panel
from konnektus.ui.sharing_register import manage, recipient_register, register_table
from konnektus.ui.sharing_summary import period_filter, summaries

page = guard_page("sharing")
st.title(t("sharing.title"))
st.caption(t("sharing.intro"))
today = today_amsterdam()
role = page.member.role
first_day, last_day = period_filter(today)
register = recipient_register(page.db, page.member, today=today)

# only roles that may see people get names; only the roles that may act get the forms
wanted = {
    "summary": True,
    "register": True,
    "disclosures": can(role, Action.VIEW_PROFILE),
    "register_disclosure": can(role, Action.REGISTER_DISCLOSURE),
    "refused": can(role, Action.REGISTER_DISCLOSURE),
    "consent": can(role, Action.WITHDRAW_CONSENT),
    "art19": can(role, Action.TRIAGE_REQUEST),
}
names = [name for name, shown in wanted.items() if shown]
tab = dict(zip(names, st.tabs([t(f"sharing.tab_{name}") for name in names]), strict=True))
with tab["summary"]:
    by_recipient = summaries(page, first_day, last_day)
with tab["register"]:
    register_table(page, register)
    register_downloads(page)
    manage(page, register)
if "disclosures" in tab:
    with tab["disclosures"]:
        drilldown(page, by_recipient, first_day, last_day)
if "register_disclosure" in tab:
    with tab["register_disclosure"]:
        disclosure_form(page, register)
if "refused" in tab:
    with tab["refused"]:
        refused_panel(page, register, first_day, last_day)
if "consent" in tab:
    with tab["consent"]:
        consent_panel(page)
if "art19" in tab:
    with tab["art19"]:
        art19_panel(page)
