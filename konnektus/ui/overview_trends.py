"""The overview's trends (issue 12): a period selector and five Altair charts, each summed in
SQL, cached per data version so that a rerun without a write reads nothing again."""

from __future__ import annotations

from datetime import date

import streamlit as st

from konnektus.db.database import Database
from konnektus.domain.promises import Period, trend_period
from konnektus.domain.staff import StaffMember
from konnektus.i18n import format_number
from konnektus.reporting import charts
from konnektus.services import management
from konnektus.services.management import Trends
from konnektus.ui.guard import PageContext
from konnektus.ui.i18n import t

PERIOD_CHOICES = (3, 6, 12, 24)
DEFAULT_MONTHS = 12
PERIOD_KEY = "ov_period"


@st.cache_data(max_entries=32, show_spinner=False)
def cached_trends(
    _db: Database, db_path: str, member: StaffMember, version: int, first: date, last: date
) -> Trends:
    return management.trends(_db, member, Period(first, last))


def period_selector() -> int:
    months = st.segmented_control(
        t("overview.period_label"),
        PERIOD_CHOICES,
        default=DEFAULT_MONTHS,
        format_func=lambda n: t("overview.period_months", months=n),
        key=PERIOD_KEY,
        required=True,
    )
    return int(months or DEFAULT_MONTHS)


def trend_charts(page: PageContext, today: date, version: int) -> None:
    st.subheader(t("overview.trends_title"))
    months = period_selector()
    period = trend_period(today, months)
    data = cached_trends(
        page.db, str(page.db.path), page.member, version, period.first, period.last
    )
    language = page.language
    st.markdown(f"**{t('overview.trend.requests')}**")
    if data.requests.empty:
        st.caption(t("overview.no_data"))
    else:
        st.altair_chart(charts.requests_chart(data.requests, language), width="stretch")
    st.markdown(f"**{t('overview.trend.on_time')}**")
    if data.on_time.empty:
        st.caption(t("overview.no_data"))
    else:
        st.altair_chart(charts.on_time_chart(data.on_time, language), width="stretch")
    st.markdown(f"**{t('overview.trend.open_requests')}**")
    if data.open_requests.empty:
        st.caption(t("overview.no_data"))
    else:
        st.altair_chart(
            charts.open_requests_chart(data.open_requests, today, language), width="stretch"
        )
        st.caption(
            t(
                "overview.open_total",
                shown=format_number(len(data.open_requests), language),
                total=format_number(data.open_total, language),
            )
        )
    st.markdown(f"**{t('overview.trend.retention')}**")
    if data.retention.empty:
        st.caption(t("overview.no_snapshots"))
    else:
        st.altair_chart(charts.retention_chart(data.retention, language), width="stretch")
    st.markdown(f"**{t('overview.trend.disclosures')}**")
    if data.disclosures.empty:
        st.caption(t("overview.no_data"))
    else:
        st.altair_chart(charts.disclosures_chart(data.disclosures, language), width="stretch")
