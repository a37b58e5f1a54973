"""The board report on the overview (issue 12): pick a month, build it, download the HTML
(A4) and the figures as CSV and Excel. Building takes a few seconds (the charts become
images), so it happens on a click and the result is kept in the session."""

from __future__ import annotations

from datetime import date, datetime

import streamlit as st

from konnektus import management_settings
from konnektus.domain.promises import Period, add_months, last_complete_month, month_period
from konnektus.i18n import format_date, format_number
from konnektus.services.board_report import BoardReport, build_board_report
from konnektus.ui.guard import PageContext
from konnektus.ui.i18n import t

MONTH_KEY = "ov_report_month"
BUILT_KEY = "ov_report_built"
MONTHS_OFFERED = 12


def months_offered(today: date) -> list[Period]:
    latest = last_complete_month(today)
    return [
        month_period(m.year, m.month)
        for m in (add_months(latest.first, -n) for n in range(MONTHS_OFFERED))
    ]


def board_report(page: PageContext, today: date, now: datetime) -> None:
    st.subheader(t("overview.report_title"))
    st.caption(t("overview.report_intro"))
    choices = months_offered(today)
    month = st.selectbox(
        t("overview.report_month"),
        choices,
        format_func=lambda p: format_date(p.first, page.language, "MMMM y"),
        key=MONTH_KEY,
    )
    if st.button(t("overview.report_build"), key="ov_report_build", icon=":material/description:"):
        with st.spinner(t("overview.report_building")):
            settings = management_settings.load()
            st.session_state[BUILT_KEY] = build_board_report(
                page.db,
                page.member,
                month,
                today=today,
                now=now,
                thresholds=settings.thresholds,
            )
    built: BoardReport | None = st.session_state.get(BUILT_KEY)
    if built is None:
        return
    st.success(
        t(
            "overview.report_ready",
            month=format_date(built.month.first, page.language, "MMMM y"),
            seconds=format_number(built.build_seconds, page.language),
        )
    )
    html, csv, xlsx = st.columns(3)
    html.download_button(
        t("overview.download_html"),
        built.html.encode("utf-8"),
        file_name=f"{built.stem}.html",
        mime="text/html",
        key="ov_download_html",
        on_click="ignore",
        icon=":material/download:",
    )
    csv.download_button(
        t("overview.download_csv"),
        built.csv,
        file_name=f"{built.stem}.csv",
        mime="text/csv",
        key="ov_download_csv",
        on_click="ignore",
        icon=":material/download:",
    )
    xlsx.download_button(
        t("overview.download_xlsx"),
        built.xlsx,
        file_name=f"{built.stem}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="ov_download_xlsx",
        on_click="ignore",
        icon=":material/download:",
    )
