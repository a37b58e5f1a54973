"""Home: the size of the database, the promises as traffic lights, their trends and the
board report, in figures only (issue 12)."""

import streamlit as st

from konnektus.clock import now_utc, today_amsterdam
from konnektus.domain.promises import rolling_period
from konnektus.i18n import format_moment, format_number
from konnektus.services import management
from konnektus.services.overview import overview
from konnektus.ui.guard import guard_page
from konnektus.ui.i18n import t
from konnektus.ui.overview_lights import cached_promises, period_caption, promise_lights
from konnektus.ui.overview_report import board_report
from konnektus.ui.overview_trends import trend_charts

page = guard_page("home")
today, now = today_amsterdam(), now_utc()
version = management.data_version(page.db, page.member)
figures, counted_at = cached_promises(page.db, str(page.db.path), page.member, version, today, now)
st.title(t("home.title"))
st.caption(t("overview.as_of", moment=format_moment(counted_at, page.language)))
st.caption(t("home.intro"))

size = overview(page.db, page.member).size
people, requests, open_requests, disclosures = st.columns(4)
people.metric(t("home.people"), format_number(size.people, page.language))
requests.metric(t("home.requests"), format_number(size.requests, page.language))
open_requests.metric(t("home.open_requests"), format_number(size.open_requests, page.language))
disclosures.metric(t("home.disclosures"), format_number(size.disclosures, page.language))

current, previous = rolling_period(today)
promise_lights(page, figures)
st.caption(period_caption(current, previous, page.language))
trend_charts(page, today, version)
board_report(page, today, now)
