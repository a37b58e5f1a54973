"""The promises at a glance (home page): counts and a chart, never a person."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from konnektus.db.overview import ComplianceCounts
from konnektus.domain.retention import RetentionState
from konnektus.i18n import format_number
from konnektus.ui.i18n import t

# state -> colour: calm states green/blue, states that need action amber/red
STATE_COLOURS = {
    RetentionState.EMPLOYED: "#5e6b78",
    RetentionState.RUNNING: "#2e7d32",
    RetentionState.DUE: "#1f5f8b",
    RetentionState.ASKED: "#6d8fb0",
    RetentionState.REMINDER_DUE: "#f9a825",
    RetentionState.NO_ANSWER: "#e65100",
    RetentionState.DECLINED: "#ad1457",
    RetentionState.EXPIRED: "#c62828",
}


def promise_rows(counts: ComplianceCounts) -> list[tuple[str, str, int]]:
    """(obligation id, catalog key, count of records that break or await it)."""
    states = counts.retention_by_state
    return [
        ("O6", "expired", states.get("expired", 0)),
        ("O6", "no_answer", states.get("no_answer", 0)),
        ("O6", "declined", states.get("declined", 0)),
        ("O6", "due", states.get("due", 0)),
        ("O6", "reminder_due", states.get("reminder_due", 0)),
        ("O10-O12", "overdue", counts.requests_overdue),
        ("O12", "missed_notice", counts.requests_missed_notice),
        ("O8", "not_notified", counts.disclosures_not_notified),
        ("O8", "after_withdrawal", counts.disclosures_after_withdrawal),
        ("O1", "excess_data", counts.excess_data_people),
        ("O7", "dpa", counts.processors_without_valid_dpa),
    ]


def promises_table(counts: ComplianceCounts, language: str) -> None:
    rows = promise_rows(counts)
    frame = pd.DataFrame(
        {
            "obligation": [o for o, _, _ in rows],
            "promise": [t(f"compliance.{key}") for _, key, _ in rows],
            "count": [format_number(n, language) for *_, n in rows],
            "status": [
                t("compliance.ok") if n == 0 else t("compliance.attention") for *_, n in rows
            ],
        }
    )
    st.dataframe(
        frame,
        hide_index=True,
        width="stretch",
        column_config={
            "obligation": st.column_config.TextColumn(
                t("compliance.col_obligation"), width="small"
            ),
            "promise": t("compliance.col_promise"),
            "count": t("compliance.col_count"),
            "status": t("compliance.col_status"),
        },
    )


def retention_chart(counts: ComplianceCounts) -> None:
    order = [s.value for s in RetentionState]
    frame = pd.DataFrame(
        {
            "state": [t(f"retention.{s}") for s in order],
            "people": [counts.retention_by_state.get(s, 0) for s in order],
            "colour": [STATE_COLOURS[RetentionState(s)] for s in order],
        }
    )
    chart = (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            # plain digits: Vega would write 4,000 where Dutch readers expect 4.000
            x=alt.X("people:Q", title=t("compliance.people"), axis=alt.Axis(format="d")),
            y=alt.Y("state:N", sort=None, title=None, axis=alt.Axis(labelLimit=300)),
            color=alt.Color("colour:N", scale=None),
            tooltip=[
                alt.Tooltip("state:N", title=t("people.retention")),
                alt.Tooltip("people:Q", title=t("compliance.people"), format="d"),
            ],
        )
        .properties(height=220)
    )
    st.altair_chart(chart, width="stretch")
