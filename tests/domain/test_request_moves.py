"""The one rule for a request's status steps (issue 20, point 3): what the desk offers as a
button is exactly what the service lets through, for every state, type and target."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from konnektus.domain.deadlines import REQUEST_TYPES
from konnektus.domain.errors import CodedError
from konnektus.domain.requests import (
    TRANSITIONS,
    MoveRefused,
    RequestState,
    RequestStatus,
    check_move,
    offered_moves,
)

S = RequestStatus
TODAY = date(2026, 11, 26)
FRESH = RequestState(
    status=S.RECEIVED,
    request_type="access",
    linked=True,
    received_on=TODAY - timedelta(days=2),
    one_month_mark=TODAY + timedelta(days=28),
    identity_question_days=7,
)


def refusal_code(state: RequestState, target: RequestStatus) -> str | None:
    try:
        check_move(state, target, TODAY)
    except CodedError as error:
        return error.code
    return None


@pytest.mark.parametrize("linked", [True, False])
@pytest.mark.parametrize("request_type", REQUEST_TYPES)
@pytest.mark.parametrize("status", list(S))
def test_the_buttons_offered_are_exactly_the_steps_the_rule_lets_through(
    status: RequestStatus, request_type: str, linked: bool
) -> None:
    state = replace(FRESH, status=status, request_type=request_type, linked=linked)
    offered = offered_moves(state, TODAY)
    assert offered <= TRANSITIONS[status]
    assert offered == {s for s in S if refusal_code(state, s) is None}


@pytest.mark.parametrize(
    ("changes", "target", "code"),
    [
        ({"status": S.COMPLETED}, S.REJECTED, "invalid_transition"),
        (
            {"status": S.IN_PROGRESS, "request_type": "erasure"},
            S.COMPLETED,
            "erasure_completed_by_carrying_out",
        ),
        (
            {"status": S.EXTENDED, "request_type": "erasure"},
            S.COMPLETED,
            "erasure_completed_by_carrying_out",
        ),
        (
            {"status": S.IN_PROGRESS, "request_type": "restriction"},
            S.COMPLETED,
            "completed_by_decision",
        ),
        (
            {"status": S.IN_PROGRESS, "request_type": "objection"},
            S.COMPLETED,
            "completed_by_decision",
        ),
        (
            {"status": S.IN_PROGRESS, "request_type": "automated_decision"},
            S.COMPLETED,
            "completed_by_decision",
        ),
        ({"status": S.IN_PROGRESS, "request_type": "access"}, S.COMPLETED, None),
        ({"status": S.IN_PROGRESS, "request_type": "consent_withdrawal"}, S.COMPLETED, None),
        # identity cannot be confirmed for nobody; starting, rejecting, withdrawing can
        ({"status": S.AWAITING_IDENTITY, "linked": False}, S.IN_PROGRESS, "request_not_linked"),
        ({"status": S.AWAITING_IDENTITY, "linked": True}, S.IN_PROGRESS, None),
        ({"status": S.AWAITING_IDENTITY, "linked": False}, S.REJECTED, None),
        ({"status": S.RECEIVED, "linked": False}, S.IN_PROGRESS, None),
        ({"status": S.RECEIVED, "linked": False}, S.AWAITING_IDENTITY, None),
        # extending: up to and including the one-month mark
        ({"status": S.IN_PROGRESS, "one_month_mark": TODAY}, S.EXTENDED, None),
        (
            {"status": S.IN_PROGRESS, "one_month_mark": TODAY - timedelta(days=1)},
            S.EXTENDED,
            "extension_too_late",
        ),
        # asking for identity: up to and including the policy's last day after receipt
        ({"received_on": TODAY - timedelta(days=7)}, S.AWAITING_IDENTITY, None),
        (
            {"received_on": TODAY - timedelta(days=8)},
            S.AWAITING_IDENTITY,
            "identity_question_too_late",
        ),
        ({"received_on": TODAY, "identity_question_days": 0}, S.AWAITING_IDENTITY, None),
    ],
)
def test_a_step_is_refused_with_its_code_or_allowed(
    changes: dict[str, object], target: RequestStatus, code: str | None
) -> None:
    state = replace(FRESH, **changes)  # type: ignore[arg-type]
    assert refusal_code(state, target) == code
    assert (target in offered_moves(state, TODAY)) is (code is None)


def test_an_unlinked_request_refuses_identity_with_a_move_refusal() -> None:
    state = replace(FRESH, status=S.AWAITING_IDENTITY, linked=False)
    with pytest.raises(MoveRefused, match="request_not_linked"):
        check_move(state, S.IN_PROGRESS, TODAY)


def test_a_closed_request_offers_no_step_at_all() -> None:
    for status in (S.COMPLETED, S.REJECTED, S.WITHDRAWN):
        for request_type in REQUEST_TYPES:
            state = replace(FRESH, status=status, request_type=request_type)
            assert offered_moves(state, TODAY) == frozenset()
