"""The promises as traffic lights (issue 12): one row per promise in plain words, its figure
against the period before, a one-line explanation, green/amber/red, the O-number small, and
for roles that may act a link to the list behind the figure. Figures only, never a person."""

from __future__ import annotations

from datetime import date, datetime

import streamlit as st

from konnektus import management_settings
from konnektus.db.database import Database
from konnektus.domain.permissions import can
from konnektus.domain.promises import Kind, Light, Period, rolling_period
from konnektus.domain.staff import StaffMember
from konnektus.i18n import format_date, format_number
from konnektus.services import management
from konnektus.services.management import PromiseFigure
from konnektus.ui.guard import PageContext
from konnektus.ui.i18n import t
from konnektus.ui.navigation import PAGE_BY_ID

LIGHT_ICONS = {
    Light.GREEN: ":green[:material/check_circle:]",
    Light.AMBER: ":orange[:material/warning:]",
    Light.RED: ":red[:material/error:]",
    Light.NONE: ":gray[:material/remove_circle_outline:]",
}


def figure_text(figure: PromiseFigure, value: float | None, language: str) -> str:
    if value is None:
        return "–"
    if figure.promise.kind is Kind.SHARE:
        return f"{format_number(value, language)}%"
    return format_number(int(value), language)


def delta_text(figure: PromiseFigure, language: str) -> str | None:
    if figure.value is None or figure.previous is None:
        return None
    change = round(figure.value - figure.previous, 1)
    sign = "+" if change > 0 else ("±" if change == 0 else "")
    unit = t("overview.points") if figure.promise.kind is Kind.SHARE else ""
    return f"{sign}{format_number(change, language)}{unit}"


def period_caption(period: Period, previous: Period, language: str) -> str:
    def days(p: Period) -> str:
        return (
            f"{format_date(p.first, language, 'short')} – {format_date(p.last, language, 'short')}"
        )

    return t("overview.period_rule", current=days(period), previous=days(previous))


def promise_row(page: PageContext, figure: PromiseFigure) -> None:
    promise = figure.promise
    with st.container(border=True, key=f"ov_promise_{promise.key}"):
        words, number, link = st.columns([4, 3, 2], vertical_alignment="center")
        apart = (
            ""
            if figure.apart is None
            else t("overview.deferred_apart", count=figure.apart) + "  \n"
        )
        words.markdown(
            f"{LIGHT_ICONS[figure.light]} **{t(promise.title_key)}**  \n"
            f"{t(promise.explain_key)}  \n{apart}"
            f":gray[:small[{promise.obligation} · {t(f'overview.light.{figure.light}')}]]"
        )
        delta = delta_text(figure, page.language)
        unchanged = figure.value is not None and figure.value == figure.previous
        number.metric(
            t(promise.figure_key),
            figure_text(figure, figure.value, page.language),
            delta=delta,
            # fewer is better for counts; a higher share is better; no change, no arrow
            delta_color="off"
            if unchanged
            else ("inverse" if figure.promise.kind is Kind.COUNT else "normal"),
            delta_arrow="off" if unchanged else "auto",
            delta_description=t("overview.versus_previous") if delta else None,
            help=t(
                "overview.previous_value",
                value=figure_text(figure, figure.previous, page.language),
            ),
        )
        target = PAGE_BY_ID[figure.promise.page]
        if can(page.member.role, target.action) and can(page.member.role, figure.promise.act):
            link.markdown(f"[{t(f'overview.link.{target.id}')}](/{target.id})")


@st.cache_data(max_entries=16, show_spinner=False)
def cached_promises(
    _db: Database, db_path: str, member: StaffMember, version: int, today: date, _now: datetime
) -> tuple[list[PromiseFigure], datetime]:
    """The lights over the last 30 days against the 30 before, and the moment they were
    counted (kept with them while cached: the data version grows with every write, so they
    are never older than the last action)."""
    current, previous = rolling_period(today)
    thresholds = management_settings.load().thresholds
    figures = management.promise_figures(
        _db, member, current, previous, today=today, thresholds=thresholds
    )
    return figures, _now


def promise_lights(page: PageContext, figures: list[PromiseFigure]) -> None:
    st.subheader(t("overview.lights_title"))
    for figure in figures:
        promise_row(page, figure)
