"""Recording the answer to the extension question (O6), on the profile and the retention page.

One control, one service function (services/retention.record_extension_answer): the answer,
the channel it came by, and afterwards a confirmation of what changed. The confirmation is
kept under its own key and shown on the next run, because after a yes the person is no longer
up for extension and the control itself is gone.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

import pandas as pd
import streamlit as st

from konnektus.clock import now_utc
from konnektus.domain.permissions import Action, can
from konnektus.domain.retention import ANSWER_CHANNELS, RetentionState, answer_allowed
from konnektus.i18n import format_date
from konnektus.services import retention as retention_service
from konnektus.ui.errors import show_service_error
from konnektus.ui.guard import PageContext
from konnektus.ui.i18n import t

ANSWERS = ("granted", "declined", "no_answer")


def as_date(value: object) -> date:
    """A date from a database row or a frame cell (frames hand dates back as Timestamps)."""
    if isinstance(value, pd.Timestamp):
        return value.date()
    assert isinstance(value, date)
    return value


def show_answer_confirmation(page: PageContext, done_key: str) -> None:
    """The confirmation of the answer just recorded, once."""
    done: retention_service.AnswerRecorded | None = st.session_state.pop(done_key, None)
    if done is None:
        return
    st.success(
        t(
            "retention_page.answer_saved",
            answer=t(f"extension_answer.{done.answer.value}"),
            channel=t(f"contact_channel.{done.channel}"),
            before=t(f"retention.{done.state_before.value}"),
            after=t(f"retention.{done.state_after.value}"),
            expiry=format_date(done.expiry_after, page.language, "short"),
        ),
        icon=":material/check_circle:",
    )


def answer_control(
    page: PageContext,
    person: Mapping[str, Any],
    state: RetentionState,
    *,
    key: str,
    done_key: str,
) -> bool:
    """The answer, its channel and a save button, when this role may record one now.
    True when an answer was saved (the caller reruns, the confirmation waits in `done_key`)."""
    stored = str(person["extension_state"])
    answers = [a for a in ANSWERS if answer_allowed(state, stored, a)]
    if not can(page.member.role, Action.RECORD_EXTENSION_ANSWER) or not answers:
        return False
    with st.container(border=True):
        st.markdown(f"**{t('people.extension_answer')}**")
        left, middle, right = st.columns([2, 2, 1], vertical_alignment="bottom")
        answer = left.selectbox(
            t("retention_page.answer"),
            answers,
            format_func=lambda a: t(f"extension_answer.{a}"),
            key=f"{key}_answer",
        )
        channel = middle.selectbox(
            t("retention_page.answer_channel"),
            ANSWER_CHANNELS,
            format_func=lambda c: t(f"contact_channel.{c}"),
            key=f"{key}_channel",
        )
        if not right.button(t("retention_page.save_answer"), key=f"{key}_save", type="primary"):
            return False
    try:
        recorded = retention_service.record_extension_answer(
            page.db,
            page.member,
            int(person["id"]),
            seen_state=stored,
            seen_expiry=as_date(person["retention_expiry"]),
            answer=str(answer),
            channel=str(channel),
            now=now_utc(),
        )
    except Exception as error:  # refusals and "already done by": one plain sentence
        show_service_error(error)
        return False
    st.session_state[done_key] = recorded
    return True
