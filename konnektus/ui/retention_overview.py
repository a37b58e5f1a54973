"""The retention page's filters, counts per state and records-by-age chart (O6)."""

from __future__ import annotations

from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

from konnektus.chart_locale import vega_spec
from konnektus.db.retention import RetentionFilter
from konnektus.domain.permissions import Role
from konnektus.domain.retention import AGE_BUCKETS, RetentionState
from konnektus.i18n import format_number
from konnektus.reporting import chart_palette as palette
from konnektus.services import retention as retention_service
from konnektus.services.search import recruiter_choices
from konnektus.ui.compliance import STATE_COLOURS
from konnektus.ui.guard import PageContext
from konnektus.ui.i18n import current_language, t, t_each
from konnektus.ui.people_search import STAGES
from konnektus.ui.versioned import per_version

# read again only after a write or at midnight (konnektus/ui/versioned.py)
_town_choices = per_version(retention_service.town_choices)
_recruiter_choices = per_version(recruiter_choices)
retention_overview = per_version(retention_service.retention_overview)


def retention_filters(page: PageContext) -> tuple[RetentionFilter, int | None]:
    """The filter the page applies, and whose candidates come first (a recruiter's own).

    A recruiter starts with their own candidates; a toggle shows everyone's, own first."""
    own = page.member.id if page.member.role is Role.RECRUITER else None
    with st.expander(t("requests.filters"), icon=":material/filter_list:"):
        if own is not None:
            everyone = st.toggle(t("retention_page.everyone"), key="ret_everyone")
        else:
            everyone = True
        left, middle, right = st.columns(3)
        recruiter: int | None = own
        if everyone:
            recruiters = _recruiter_choices(page.db, page.member)
            recruiter = left.selectbox(
                t("people.recruiter"),
                [None, *recruiters],
                key="ret_recruiter",
                format_func=lambda r: t("requests.all") if r is None else recruiters[r],
                placeholder=t("requests.all"),  # None chosen shows the placeholder
            )
        else:
            left.text_input(t("people.recruiter"), value=page.member.name, disabled=True)
        stages = middle.multiselect(
            t("people.stage"),
            STAGES,
            key="ret_stages",
            format_func=lambda s: t(f"stage.{s}"),
            placeholder=t("requests.all"),
            select_all=False,
        )
        towns = _town_choices(page.db, page.member, recruiter_id=recruiter)
        town = right.selectbox(
            t("statement.field.city"),
            [None, *towns],
            key="ret_town",
            format_func=lambda c: t("requests.all") if c is None else c,
            placeholder=t("requests.all"),
        )
    return RetentionFilter(recruiter_id=recruiter, stages=tuple(stages), city=town), own


def state_metrics(page: PageContext, overview: retention_service.RetentionOverview) -> None:
    states = list(RetentionState)
    for row in (states[:4], states[4:]):
        for column, state in zip(st.columns(4), row, strict=True):
            column.metric(
                t(f"retention.{state.value}"),
                format_number(overview.counts[state], page.language),
            )


def age_chart(overview: retention_service.RetentionOverview) -> None:
    """Records by retention age (years since the term started), stacked by state."""
    st.vega_lite_chart(_age_spec(overview.by_age, current_language()), width="stretch")


# The spec is kept per frame (hashed by content) and language: building an Altair chart and
# turning it into Vega-Lite took milliseconds on every rerun for the same picture.
@st.cache_data(max_entries=32, show_spinner=False)
def _age_spec(by_age: pd.DataFrame, language: str) -> dict[str, Any]:
    order = [s for s in RetentionState]
    labels = [t(f"retention.{s.value}") for s in order]
    frame = pd.DataFrame(
        {
            "age": t_each("retention_page.age_", by_age["age"]),
            "age_order": by_age["age"],
            "state": t_each("retention.", by_age["state"]),
            "state_order": [order.index(RetentionState(s)) for s in by_age["state"]],
            "people": by_age["people"],
        }
    )
    chart = (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X(
                "age:N",
                title=t("retention_page.age_axis"),
                sort=t_each("retention_page.age_", range(len(AGE_BUCKETS))),
                axis=alt.Axis(labelAngle=0),
            ),
            # plain digits: Vega would write 4,000 where Dutch readers expect 4.000
            y=alt.Y("sum(people):Q", title=t("compliance.people"), axis=alt.Axis(format="d")),
            color=alt.Color(
                "state:N",
                title=t("people.retention"),
                scale=palette.colour_scale(
                    STATE_COLOURS, dict(zip([str(s) for s in order], labels, strict=True))
                ),
                sort=labels,
                legend=palette.bottom_legend(4),
            ),
            order=alt.Order("state_order:Q"),
            tooltip=[
                alt.Tooltip("age:N", title=t("retention_page.age_axis")),
                alt.Tooltip("state:N", title=t("people.retention")),
                alt.Tooltip("people:Q", title=t("compliance.people"), format="d"),
            ],
        )
        .properties(height=280 + palette.legend_room(len(labels), 4))
    )
    return vega_spec(chart, language)
