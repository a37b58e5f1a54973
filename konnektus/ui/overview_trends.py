"""The overview's trends (issue 12): a period selector and five Altair charts, each summed in
SQL, cached per data version so that a rerun without a write reads nothing again."""

from __future__ import annotations

from datetime import date
from typing import Any

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
    return management.trends(_db, member, Period(first, last), today=last)


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


@st.cache_data(max_entries=32, show_spinner=False)
def cached_specs(
    _db: Database,
    db_path: str,
    member: StaffMember,
    version: int,
    first: date,
    last: date,
    today: date,
    language: str,
) -> tuple[dict[str, dict[str, Any]], int, int]:
    """The five charts as Vega-Lite specs (left out: no data), and the open requests shown and
    in all. Building and validating Altair charts cost more than reading their data, so a
    rerun without a write reuses the specs."""
    data = cached_trends(_db, db_path, member, version, first, last)
    specs = charts.trend_specs(data, today, language)
    return specs, len(data.open_requests), data.open_total


def trend_charts(page: PageContext, today: date, version: int) -> None:
    st.subheader(t("overview.trends_title"))
    months = period_selector()
    period = trend_period(today, months)
    language = page.language
    specs, shown, total = cached_specs(
        page.db,
        str(page.db.path),
        page.member,
        version,
        period.first,
        period.last,
        today,
        language,
    )
    for name in charts.CHART_NAMES:
        st.markdown(f"**{t(f'overview.trend.{name}')}**")
        spec = specs.get(name)
        if spec is None:
            st.caption(t("overview.no_snapshots" if name == "retention" else "overview.no_data"))
            continue
        st.vega_lite_chart(spec, width="stretch")
        if name == "open_requests":
            st.caption(
                t(
                    "overview.open_total",
                    shown=format_number(shown, language),
                    total=format_number(total, language),
                )
            )
