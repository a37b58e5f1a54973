"""Home: the size of the database, in figures only."""

import streamlit as st

from konnektus.clock import today_amsterdam
from konnektus.i18n import format_number
from konnektus.services.overview import compliance, overview
from konnektus.ui.compliance import promises_table, retention_chart
from konnektus.ui.guard import guard_page
from konnektus.ui.i18n import t

page = guard_page("home")
st.title(t("home.title"))
st.caption(t("home.intro"))

figures = overview(page.db, page.member)
people, requests, open_requests, disclosures = st.columns(4)
people.metric(t("home.people"), format_number(figures.size.people, page.language))
requests.metric(t("home.requests"), format_number(figures.size.requests, page.language))
open_requests.metric(
    t("home.open_requests"), format_number(figures.size.open_requests, page.language)
)
disclosures.metric(t("home.disclosures"), format_number(figures.size.disclosures, page.language))

counts = compliance(page.db, page.member, today=today_amsterdam())
st.subheader(t("compliance.title"))
promises_table(counts, page.language)
st.caption(t("compliance.retention_title"))
retention_chart(counts)
