"""The request lifecycle as a table: every (from, to) pair, allowed or InvalidTransition."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from konnektus.domain.requests import (
    ExtensionTooLate,
    IdentityPauseRefused,
    InvalidTransition,
    ReasonRequired,
    RequestStatus,
    check_extension_allowed,
    check_identity_question,
    check_proof_arrival,
    check_reason,
    check_transition,
    missed_extension_notice,
    paused_days,
)

S = RequestStatus
ALLOWED = {
    (S.RECEIVED, S.AWAITING_IDENTITY),
    (S.RECEIVED, S.IN_PROGRESS),
    (S.RECEIVED, S.REJECTED),
    (S.RECEIVED, S.WITHDRAWN),
    (S.AWAITING_IDENTITY, S.IN_PROGRESS),
    (S.AWAITING_IDENTITY, S.REJECTED),
    (S.AWAITING_IDENTITY, S.WITHDRAWN),
    (S.IN_PROGRESS, S.EXTENDED),
    (S.IN_PROGRESS, S.COMPLETED),
    (S.IN_PROGRESS, S.REJECTED),
    (S.IN_PROGRESS, S.WITHDRAWN),
    (S.EXTENDED, S.COMPLETED),
    (S.EXTENDED, S.REJECTED),
    (S.EXTENDED, S.WITHDRAWN),
}


@pytest.mark.parametrize("current", list(S))
@pytest.mark.parametrize("target", list(S))
def test_only_the_transitions_in_the_table_are_allowed(current: S, target: S) -> None:
    if (current, target) in ALLOWED:
        check_transition(current, target)
    else:
        with pytest.raises(InvalidTransition):
            check_transition(current, target)


@pytest.mark.parametrize("closed", [S.COMPLETED, S.REJECTED, S.WITHDRAWN])
def test_a_closed_request_cannot_be_reopened(closed: S) -> None:
    for target in S:
        with pytest.raises(InvalidTransition):
            check_transition(closed, target)


@pytest.mark.parametrize("target", [S.EXTENDED, S.REJECTED])
@pytest.mark.parametrize("reason", [None, "", "   "])
def test_extending_or_rejecting_needs_a_reason(target: S, reason: str | None) -> None:
    with pytest.raises(ReasonRequired):
        check_reason(target, reason)


def test_other_steps_need_no_reason() -> None:
    check_reason(S.COMPLETED, None)
    check_reason(S.EXTENDED, "systemen van drie payrollpartners")


@pytest.mark.parametrize(
    ("mark", "today", "allowed"),
    [
        (date(2026, 12, 7), date(2026, 12, 6), True),
        (date(2026, 12, 7), date(2026, 12, 7), True),  # on the mark itself: still in time
        (date(2026, 12, 7), date(2026, 12, 8), False),
    ],
)
def test_an_extension_is_possible_only_up_to_the_one_month_mark(
    mark: date, today: date, allowed: bool
) -> None:
    if allowed:
        check_extension_allowed(mark, today)
    else:
        with pytest.raises(ExtensionTooLate):
            check_extension_allowed(mark, today)


@pytest.mark.parametrize(
    ("asked", "verified", "days"),
    [
        (date(2026, 11, 2), date(2026, 11, 2), 0),
        (date(2026, 11, 2), date(2026, 11, 11), 9),
        (date(2026, 11, 30), date(2026, 12, 2), 2),
    ],
)
def test_the_clock_pauses_for_the_days_spent_waiting_for_identity(
    asked: date, verified: date, days: int
) -> None:
    assert paused_days(asked, verified) == days


@pytest.mark.parametrize(
    ("status", "today", "notice", "flagged"),
    [
        (S.IN_PROGRESS, date(2026, 12, 8), False, True),
        (S.IN_PROGRESS, date(2026, 12, 7), False, False),  # on the mark: not yet late
        (S.EXTENDED, date(2026, 12, 8), True, False),
        (S.COMPLETED, date(2026, 12, 8), False, False),
    ],
)
def test_past_the_one_month_mark_without_a_notice_is_flagged(
    status: S, today: date, notice: bool, flagged: bool
) -> None:
    assert missed_extension_notice(status, date(2026, 12, 7), notice, today) is flagged


@pytest.mark.parametrize("request_type", ["objection", "restriction", "automated_decision"])
def test_completing_a_decision_request_records_the_decision_in_words(request_type: str) -> None:
    with pytest.raises(ReasonRequired):
        check_reason(S.COMPLETED, "", request_type)
    check_reason(S.COMPLETED, "bezwaar gegrond: geen profilering meer", request_type)
    check_reason(S.COMPLETED, None, "access")


RECEIVED = date(2026, 11, 2)
DOUBT = "naam en e-mailadres horen niet bij elkaar"


@pytest.mark.parametrize("day", range(9))
@pytest.mark.parametrize("doubt", [DOUBT, None, "", "   "])
def test_the_identity_question_pauses_only_within_seven_days_and_with_the_doubt_written_down(
    day: int, doubt: str | None
) -> None:
    today = RECEIVED + timedelta(days=day)
    if not (doubt and doubt.strip()):
        expected: str | None = "identity_doubt_required"
    elif day > 7:
        expected = "identity_question_too_late"
    else:
        expected = None
    if expected is None:
        check_identity_question(RECEIVED, today, doubt, 7)
        return
    with pytest.raises(IdentityPauseRefused) as refused:
        check_identity_question(RECEIVED, today, doubt, 7)
    assert refused.value.code == expected
    if expected == "identity_question_too_late":
        assert refused.value.params == {"days": 7, "last_day": date(2026, 11, 9)}


@pytest.mark.parametrize(
    ("days", "day", "allowed"),
    [(0, 0, True), (0, 1, False), (3, 3, True), (3, 4, False), (14, 14, True)],
)
def test_the_policy_sets_the_last_day_of_the_question(days: int, day: int, allowed: bool) -> None:
    today = RECEIVED + timedelta(days=day)
    if allowed:
        check_identity_question(RECEIVED, today, DOUBT, days)
    else:
        with pytest.raises(IdentityPauseRefused, match="identity_question_too_late"):
            check_identity_question(RECEIVED, today, DOUBT, days)


ASKED = date(2026, 11, 3)
TODAY = date(2026, 11, 20)


@pytest.mark.parametrize(
    ("arrived", "expected", "paused"),
    [
        (date(2026, 11, 2), "proof_arrival_before_question", None),  # before the question
        (ASKED, None, 0),  # on the day of the question
        (date(2026, 11, 12), None, 9),  # some days later: counted to the arrival, not today
        (TODAY, None, 17),  # today
        (date(2026, 11, 21), "proof_arrival_in_future", None),  # in the future
        (None, "proof_arrival_required", None),  # not filled in
    ],
)
def test_the_pause_ends_on_the_day_the_proof_arrived(
    arrived: date | None, expected: str | None, paused: int | None
) -> None:
    if expected is None:
        assert arrived is not None
        check_proof_arrival(ASKED, arrived, TODAY)
        assert paused_days(ASKED, arrived) == paused
        return
    with pytest.raises(IdentityPauseRefused) as refused:
        check_proof_arrival(ASKED, arrived, TODAY)
    assert refused.value.code == expected
