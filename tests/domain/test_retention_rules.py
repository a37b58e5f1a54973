"""O6: the retention clock as tables: states by date, the reminder and the wait, extensions
across month ends and leap days, and employed people who are never expired."""

from __future__ import annotations

from datetime import date

import pytest

from konnektus.domain.retention import (
    ANSWERABLE,
    CLEANABLE,
    Clock,
    RetentionPolicy,
    RetentionState,
    extended_expiry,
    no_answer_from,
    reminder_due_on,
    retention_state,
)

S = RetentionState
TODAY = date(2026, 11, 27)


@pytest.mark.parametrize(
    ("clock", "state"),
    [
        # the dates alone: more than 60 days left runs; 60 days or fewer is due
        (Clock(date(2027, 1, 27), "none"), S.RUNNING),  # 61 days left
        (Clock(date(2027, 1, 26), "none"), S.DUE),  # 60 days left
        (Clock(TODAY, "none"), S.DUE),  # the expiry day itself: not yet over
        (Clock(date(2026, 11, 26), "none"), S.EXPIRED),  # over from the day after
        (Clock(date(2023, 5, 1), "granted"), S.EXPIRED),  # an old yes does not keep it running
        # a stored answer wins over the dates
        (Clock(date(2030, 1, 1), "declined"), S.DECLINED),
        (Clock(date(2020, 1, 1), "no_answer"), S.NO_ANSWER),
        # asked: waiting, then the reminder, then silence
        (Clock(date(2027, 1, 20), "asked", asked_on=date(2026, 11, 20)), S.ASKED),
        (Clock(date(2026, 12, 27), "asked", asked_on=date(2026, 10, 28)), S.REMINDER_DUE),
        (Clock(date(2026, 12, 28), "asked", asked_on=date(2026, 10, 28)), S.ASKED),
        # asked late (after expiry): the reminder still waits a full wait after the ask
        (Clock(date(2026, 6, 1), "asked", asked_on=date(2026, 11, 1)), S.ASKED),
        (Clock(date(2026, 6, 1), "asked", asked_on=date(2026, 10, 28)), S.REMINDER_DUE),
        (
            Clock(date(2026, 12, 1), "asked", asked_on=date(2026, 9, 1), reminded_on=TODAY),
            S.ASKED,
        ),
        (
            Clock(
                date(2026, 11, 1),
                "asked",
                asked_on=date(2026, 9, 1),
                reminded_on=date(2026, 10, 28),
            ),
            S.ASKED,  # 30 days after the reminder: the wait is not yet over
        ),
        (
            Clock(
                date(2026, 11, 1),
                "asked",
                asked_on=date(2026, 9, 1),
                reminded_on=date(2026, 10, 27),
            ),
            S.NO_ANSWER,  # 31 days: silence
        ),
        # placed and employed people are governed by their employment, whatever the dates
        (Clock(date(2020, 1, 1), "none", stage="employed"), S.EMPLOYED),
        (Clock(date(2020, 1, 1), "declined", stage="placed"), S.EMPLOYED),
        # a former employee's job-finding data runs on the clock again
        (Clock(date(2020, 1, 1), "none", stage="former_employee"), S.EXPIRED),
    ],
)
def test_the_state_of_a_clock_on_a_given_day(clock: Clock, state: RetentionState) -> None:
    assert retention_state(clock, TODAY) is state


def test_the_lead_times_are_settings() -> None:
    short = RetentionPolicy(lead_days=14, reminder_days=7, wait_days=7)
    assert retention_state(Clock(date(2026, 12, 20), "none"), TODAY, short) is S.RUNNING
    assert retention_state(Clock(date(2026, 12, 11), "none"), TODAY, short) is S.DUE
    asked = Clock(date(2026, 12, 4), "asked", asked_on=date(2026, 11, 20))
    assert retention_state(asked, TODAY, short) is S.REMINDER_DUE


@pytest.mark.parametrize(
    ("lead", "reminder", "wait"), [(30, 30, 30), (30, 40, 30), (60, 0, 30), (60, 30, 0)]
)
def test_a_policy_that_cannot_work_is_refused(lead: int, reminder: int, wait: int) -> None:
    with pytest.raises(ValueError):
        RetentionPolicy(lead_days=lead, reminder_days=reminder, wait_days=wait)


@pytest.mark.parametrize(
    ("expiry", "answered_on", "new_expiry"),
    [
        # a yes before the end: 24 months on from the current expiry
        (date(2027, 1, 15), date(2026, 11, 27), date(2029, 1, 15)),
        # month ends and leap days: calendar months, never day counts
        (date(2026, 8, 31), date(2026, 7, 1), date(2028, 8, 31)),
        (date(2028, 2, 29), date(2028, 1, 10), date(2030, 2, 28)),
        (date(2026, 2, 28), date(2026, 1, 5), date(2028, 2, 28)),
        # a yes after the end counts from the day of the yes, so it never leaves them expired
        (date(2023, 3, 31), date(2026, 11, 27), date(2028, 11, 27)),
        (date(2026, 1, 31), date(2026, 2, 28), date(2028, 2, 28)),
        (date(2025, 5, 1), date(2028, 2, 29), date(2030, 2, 28)),
    ],
)
def test_a_yes_extends_24_months_from_the_later_of_expiry_and_the_day_of_the_yes(
    expiry: date, answered_on: date, new_expiry: date
) -> None:
    assert extended_expiry(expiry, answered_on) == new_expiry
    clock = Clock(new_expiry, "none")
    assert retention_state(clock, answered_on) is not S.EXPIRED


def test_an_extension_chain_adds_two_years_each_time() -> None:
    expiry = date(2024, 2, 29)
    for answered_on, expected in (
        (date(2024, 1, 10), date(2026, 2, 28)),
        (date(2026, 1, 10), date(2028, 2, 28)),
        (date(2028, 1, 10), date(2030, 2, 28)),
    ):
        expiry = extended_expiry(expiry, answered_on)
        assert expiry == expected


def test_the_reminder_and_silence_days() -> None:
    asked = Clock(date(2027, 1, 26), "asked", asked_on=date(2026, 11, 27))
    assert reminder_due_on(asked) == date(2026, 12, 27)
    late = Clock(date(2026, 12, 1), "asked", asked_on=date(2026, 11, 27))
    assert reminder_due_on(late) == date(2026, 12, 27)  # a full wait after the ask
    assert reminder_due_on(Clock(date(2027, 1, 1), "none")) is None
    reminded = Clock(date(2027, 1, 1), "asked", asked_on=date(2026, 11, 1), reminded_on=TODAY)
    assert no_answer_from(reminded) == date(2026, 12, 28)


def test_the_person_may_answer_while_the_question_is_open_and_expired_records_are_cleanable() -> (
    None
):
    assert S.EMPLOYED not in ANSWERABLE and S.RUNNING not in ANSWERABLE
    assert S.DECLINED not in ANSWERABLE
    assert {S.NO_ANSWER, S.DECLINED, S.EXPIRED} == CLEANABLE
    assert not CLEANABLE & {S.EMPLOYED, S.RUNNING, S.DUE, S.ASKED, S.REMINDER_DUE}
