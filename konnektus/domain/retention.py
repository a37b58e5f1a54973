"""O6: the two-year retention clock of job-finding data, and its states.

Job-finding data is kept 24 calendar months from the term start. Before the end the person is
asked to extend by another 24 months; a reminder follows if they do not answer, and after a
wait without an answer the record counts as "no answer". A yes extends the term by 24 months
from the later of the current expiry and the day of the yes, so a yes from someone whose term
ended in 2023 gives them a term that runs from today, not one that is still over.

The clock covers job-finding data only. People with a current placement or employment are
governed by their employment and, once it ends, by their legal holds (domain/holds.py): they
are never "due" or "expired" while employed.

What is stored on the person is where the current question stands (`extension_state`) and
when the ask and the reminder went out; everything time-dependent is derived from those, the
expiry and `today`. konnektus/db/retention_sql.py has the same rule in SQL; a test keeps the
two in step.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

from konnektus.domain.deadlines import add_calendar_months, retention_expiry
from konnektus.domain.errors import CodedError

TERM_MONTHS = 24

# Stages whose data is governed by the employment, not by the job-finding clock.
EMPLOYED_STAGES = frozenset({"placed", "employed"})


class InvalidPolicy(CodedError, ValueError):
    """Lead times that cannot work together; nothing is stored."""


@dataclass(frozen=True)
class RetentionPolicy:
    """Lead times of the extension question, in days; settings the DPO may change."""

    lead_days: int = 60  # ask this many days before the expiry
    reminder_days: int = 30  # remind this many days before the expiry (once)
    wait_days: int = 30  # how long each letter may wait for an answer

    def __post_init__(self) -> None:
        if not 0 < self.reminder_days < self.lead_days:
            raise InvalidPolicy("policy_reminder_between")
        if self.wait_days < 1:
            raise InvalidPolicy("policy_wait_too_short")


DEFAULT_POLICY = RetentionPolicy()


class ExtensionAnswer(StrEnum):
    """What is stored on the person: where the current extension question stands."""

    NONE = "none"
    ASKED = "asked"
    GRANTED = "granted"
    DECLINED = "declined"
    NO_ANSWER = "no_answer"


class RetentionState(StrEnum):
    """What the dashboard shows; ordered from calm to needing action."""

    EMPLOYED = "employed"  # governed by the employment and its holds, not by this clock
    RUNNING = "running"
    DUE = "due"  # within the lead time and not yet asked
    ASKED = "asked"
    REMINDER_DUE = "reminder_due"
    NO_ANSWER = "no_answer"
    DECLINED = "declined"
    EXPIRED = "expired"  # the term ended and nobody asked


# The states in which the person may still answer the extension question.
ANSWERABLE = frozenset(
    {
        RetentionState.DUE,
        RetentionState.ASKED,
        RetentionState.REMINDER_DUE,
        RetentionState.NO_ANSWER,
        RetentionState.EXPIRED,
    }
)
# The states whose records may be cleaned up: the term ended without an extension.
CLEANABLE = frozenset({RetentionState.NO_ANSWER, RetentionState.DECLINED, RetentionState.EXPIRED})


@dataclass(frozen=True)
class Clock:
    """One person's retention clock as stored."""

    expiry: date
    answer: ExtensionAnswer | str
    stage: str = "applicant"
    asked_on: date | None = None
    reminded_on: date | None = None

    @classmethod
    def of(cls, person: Mapping[str, Any]) -> Clock:
        """The clock of a person row (columns of the `person` table)."""
        return cls(
            expiry=person["retention_expiry"],
            answer=person["extension_state"],
            stage=person["stage"],
            asked_on=person.get("extension_asked_on"),
            reminded_on=person.get("extension_reminded_on"),
        )


def reminder_due_on(clock: Clock, policy: RetentionPolicy = DEFAULT_POLICY) -> date | None:
    """The day the reminder falls due: the reminder lead before expiry, but never sooner than
    a full wait after the ask, so every letter gets its time to be answered."""
    if clock.asked_on is None:
        return None
    return max(
        clock.expiry - timedelta(days=policy.reminder_days),
        clock.asked_on + timedelta(days=policy.wait_days),
    )


def no_answer_from(clock: Clock, policy: RetentionPolicy = DEFAULT_POLICY) -> date | None:
    """The first day without an answer counts as "no answer": a full wait after the reminder."""
    if clock.reminded_on is None:
        return None
    return clock.reminded_on + timedelta(days=policy.wait_days + 1)


def retention_state(
    clock: Clock, today: date, policy: RetentionPolicy = DEFAULT_POLICY
) -> RetentionState:
    """The state of one person's retention clock on `today`.

    A stored answer wins over the dates: someone who declined stays "declined" until cleaned
    up. On the expiry day itself the term has not yet ended; it is expired from the day after.
    """
    if clock.stage in EMPLOYED_STAGES:
        return RetentionState.EMPLOYED
    answer = ExtensionAnswer(clock.answer)
    if answer is ExtensionAnswer.DECLINED:
        return RetentionState.DECLINED
    if answer is ExtensionAnswer.NO_ANSWER:
        return RetentionState.NO_ANSWER
    if answer is ExtensionAnswer.ASKED:
        silent_from = no_answer_from(clock, policy)
        if silent_from is not None and today >= silent_from:
            return RetentionState.NO_ANSWER
        remind_on = reminder_due_on(clock, policy)
        if clock.reminded_on is None and remind_on is not None and today >= remind_on:
            return RetentionState.REMINDER_DUE
        return RetentionState.ASKED
    if today > clock.expiry:
        return RetentionState.EXPIRED
    if clock.expiry <= today + timedelta(days=policy.lead_days):
        return RetentionState.DUE
    return RetentionState.RUNNING


def extended_expiry(current_expiry: date, answered_on: date) -> date:
    """A yes adds 24 months to the later of the current expiry and the day of the yes."""
    return retention_expiry(max(current_expiry, answered_on), TERM_MONTHS)


# O5/O6: how long each category is kept, as a key of the retention_rule.* catalog texts.
_CATEGORY_RULES = {
    "cv": "job_finding",
    "correspondence": "job_finding",
    "survey_answer": "job_finding",
    "bsn": "fiscal",
    "bank_account": "fiscal",
    "insurance_pension": "fiscal",
    "identity_document": "id_copy",
    "work_permit": "id_copy",
    "medical": "placement",
    "criminal_record_consent": "placement",
    "emergency_contact": "employment",
    "family_member": "employment",
    "education_proof": "employment",
}


def retention_rule(category: str) -> str:
    """The retention rule that governs a data category (job-finding data by default)."""
    return _CATEGORY_RULES.get(category, "job_finding")


def is_job_finding(category: str) -> bool:
    return retention_rule(category) == "job_finding"


# --- the retention page (issue 8): what can be done in which state -------------------------

# The lists that need someone to act, in the order the page shows them; each is one state.
ACTION_LISTS: tuple[RetentionState, ...] = (
    RetentionState.DUE,  # due and not yet asked
    RetentionState.REMINDER_DUE,
    RetentionState.NO_ANSWER,  # no answer after the wait
    RetentionState.EXPIRED,  # expired and never asked
    RetentionState.DECLINED,  # declined and not yet cleaned up
)
# Who may be asked to extend: the question for this term has not gone out yet.
ASKABLE = frozenset({RetentionState.DUE, RetentionState.EXPIRED})
# Who gets the reminder (once per term: the reminder date is stored when it goes out).
REMINDABLE = frozenset({RetentionState.REMINDER_DUE})
# How an answer reached us; staff choose, it is not always the phone.
ANSWER_CHANNELS: tuple[str, ...] = ("phone", "email", "letter", "meeting")


def answer_allowed(state: RetentionState, stored: ExtensionAnswer | str, answer: str) -> bool:
    """Whether `answer` may be recorded now. A yes or a no while the question is open (also
    when it was put by phone, never by letter); "no answer" only after we asked in writing."""
    chosen = ExtensionAnswer(answer)
    if state not in ANSWERABLE:
        return False
    if chosen is ExtensionAnswer.NO_ANSWER:
        return ExtensionAnswer(stored) is ExtensionAnswer.ASKED
    return chosen in (ExtensionAnswer.GRANTED, ExtensionAnswer.DECLINED)


def state_after_answer(answer: str) -> ExtensionAnswer:
    """What is stored once the answer is in: a yes closes the question for the new term."""
    chosen = ExtensionAnswer(answer)
    return ExtensionAnswer.NONE if chosen is ExtensionAnswer.GRANTED else chosen


# Records by retention age: whole years since the term started, the last bucket open-ended.
AGE_BUCKETS: tuple[str, ...] = ("0-1", "1-2", "2-3", "3-4", "4+")


def age_bucket(term_start: date, today: date) -> int:
    """The index in AGE_BUCKETS of a term that started on `term_start`: its whole years by
    calendar months, so a term from 29 February 2024 is a year old on 28 February 2025."""
    return sum(
        add_calendar_months(term_start, 12 * years) <= today for years in range(1, len(AGE_BUCKETS))
    )


def age_bounds(today: date) -> list[date]:
    """For 1, 2, 3 and 4 years: the latest term start that is at least that old on `today`.
    A term is in bucket k exactly when it started on or before k of these bounds, so the
    database compares with four dates instead of doing month arithmetic on every row."""
    bounds = []
    for years in range(1, len(AGE_BUCKETS)):
        bound = add_calendar_months(today, -12 * years)
        # 29 February counts a year on 28 February: that start is old enough as well
        while add_calendar_months(bound + timedelta(days=1), 12 * years) <= today:
            bound += timedelta(days=1)
        bounds.append(bound)
    return bounds
