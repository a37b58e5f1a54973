"""Closing a request after its due date (issue 20 point 4): the reason of the lateness, asked
only when the close would be late (konnektus.domain.late_close, judged by the service too) and
kept for the archive. The status buttons ask it in a confirmation naming the effect (the
safety ladder's second rung, konnektus/ui/confirm.py); the decisions and the erasure, which
already confirm, ask it beside their own fields."""

from __future__ import annotations

from typing import Any

import streamlit as st

from konnektus.clock import today_amsterdam
from konnektus.i18n import format_date
from konnektus.ui.i18n import current_language, t

LATE_CLOSE = "late_close_{}"  # session flag: the late close of this request is being confirmed


def late_effect(request: dict[str, Any], target: str) -> str:
    """The sentence naming what the close does: the new status, how late, that it is final."""
    due = request["lawful_due"]
    return t(
        "requests.late_close_effect",
        id=int(request["id"]),
        status=t(f"status.{target}"),
        days=(today_amsterdam() - due).days,
        due=format_date(due, current_language(), "short"),
    )


def late_reason_field(request: dict[str, Any]) -> str:
    """The text area for the reason of the lateness (the caller draws it only when late)."""
    typed: str = st.text_area(
        t("requests.late_reason"),
        key=f"late_reason_{int(request['id'])}",
        max_chars=1000,
        help=t("requests.late_reason_help"),
    )
    return typed


def late_reason_input(request: dict[str, Any], target: str) -> str | None:
    """For a close with its own confirmation: nothing when on time; when late, the effect
    and the text area, and what was typed."""
    if not request.get("close_late"):
        return None
    st.warning(late_effect(request, target), icon=":material/schedule:")
    return late_reason_field(request)


def show_late_reason(request: dict[str, Any]) -> None:
    """A closed request's reason of lateness, as plain text (typed by staff: never Markdown)."""
    if request.get("late_reason"):
        st.caption(t("requests.late_reason_shown"))
        st.text(str(request["late_reason"]))
