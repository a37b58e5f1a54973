"""O10-O12: the lifecycle of a data-subject request, as data.

The allowed transitions are one explicit mapping; services consult it before every change and
a forbidden move raises InvalidTransition, so the table is the only place the rule lives.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from types import MappingProxyType

from konnektus.domain.errors import CodedError, Term


class RequestStatus(StrEnum):
    RECEIVED = "received"  # logged, not yet looked at
    AWAITING_IDENTITY = "awaiting_identity"  # identity asked for; the clock is paused
    IN_PROGRESS = "in_progress"  # identity settled, being carried out
    EXTENDED = "extended"  # period extended (erasure: the policy's cap); the person was told why
    COMPLETED = "completed"  # carried out; closed
    REJECTED = "rejected"  # refused with a reason (e.g. a legal obligation to keep); closed
    WITHDRAWN = "withdrawn"  # the person withdrew it; closed


S = RequestStatus
TRANSITIONS: MappingProxyType[RequestStatus, frozenset[RequestStatus]] = MappingProxyType(
    {
        S.RECEIVED: frozenset({S.AWAITING_IDENTITY, S.IN_PROGRESS, S.REJECTED, S.WITHDRAWN}),
        S.AWAITING_IDENTITY: frozenset({S.IN_PROGRESS, S.REJECTED, S.WITHDRAWN}),
        S.IN_PROGRESS: frozenset({S.EXTENDED, S.COMPLETED, S.REJECTED, S.WITHDRAWN}),
        S.EXTENDED: frozenset({S.COMPLETED, S.REJECTED, S.WITHDRAWN}),
        S.COMPLETED: frozenset(),
        S.REJECTED: frozenset(),
        S.WITHDRAWN: frozenset(),
    }
)
OPEN_STATUSES = frozenset(s for s, targets in TRANSITIONS.items() if targets)
CLOSED_STATUSES = frozenset(s for s, targets in TRANSITIONS.items() if not targets)


class InvalidTransition(CodedError):
    codes = ("invalid_transition",)

    def __init__(self, current: RequestStatus, target: RequestStatus) -> None:
        self.current = current
        self.target = target
        super().__init__(
            "invalid_transition",
            current=Term("status", current.value),
            target=Term("status", target.value),
        )


def check_transition(current: RequestStatus | str, target: RequestStatus | str) -> None:
    """Raise InvalidTransition unless `current -> target` is in the table."""
    current, target = RequestStatus(current), RequestStatus(target)
    if target not in TRANSITIONS[current]:
        raise InvalidTransition(current, target)


def allowed_next(current: RequestStatus | str) -> frozenset[RequestStatus]:
    return TRANSITIONS[RequestStatus(current)]


# Transitions that need a written reason (the person or the file must be told why).
REASON_REQUIRED = frozenset({S.EXTENDED, S.REJECTED})


class ReasonRequired(CodedError, ValueError):
    codes = ("reason_required",)

    def __init__(self, target: RequestStatus) -> None:
        self.target = target
        super().__init__("reason_required", status=Term("status", target.value))


class ExtensionTooLate(CodedError, ValueError):
    """deadlines.md: an extension counts only if the person is told within the first month."""

    codes = ("extension_too_late",)

    def __init__(self, one_month_mark: date) -> None:
        self.one_month_mark = one_month_mark
        super().__init__("extension_too_late", mark=one_month_mark)


# Requests whose outcome is a decision (O12): completing one records that decision in words.
DECISION_TYPES = frozenset({"objection", "restriction", "automated_decision"})


def check_reason(
    target: RequestStatus | str, reason: str | None, request_type: str | None = None
) -> None:
    needs = RequestStatus(target) in REASON_REQUIRED or (
        RequestStatus(target) is S.COMPLETED and request_type in DECISION_TYPES
    )
    if needs and not (reason and reason.strip()):
        raise ReasonRequired(RequestStatus(target))


def check_extension_allowed(one_month_mark: date, today: date) -> None:
    """The extension notice must go out on or before the one-month mark, whatever the type
    (Art. 12(3) GDPR; erasure too, deadlines.md "Which period applies")."""
    if today > one_month_mark:
        raise ExtensionTooLate(one_month_mark)


def paused_days(identity_requested_on: date, proof_arrived_on: date) -> int:
    """Days the clock stood still while the agency waited for proof of identity: from the
    day the question was asked to the day the proof arrived."""
    return max(0, (proof_arrived_on - identity_requested_on).days)


# EDPB 01/2022: the clock stops only for a justified doubt (Art. 12(6)), written down, and a
# question asked without undue delay; the policy (a setting) says how many days after receipt.
DEFAULT_IDENTITY_QUESTION_DAYS = 7


class IdentityPauseRefused(CodedError, ValueError):
    """The identity question or the proof's arrival date is not one the law lets pause; each
    raise site names its code."""


def check_identity_question(
    received_on: date, today: date, doubt: str | None, question_days: int
) -> None:
    """The pause may start only with the doubt written down, and at most `question_days`
    days after the day of receipt (that day itself is day 0)."""
    if not (doubt and doubt.strip()):
        raise IdentityPauseRefused("identity_doubt_required")
    last_day = received_on + timedelta(days=question_days)
    if today > last_day:
        raise IdentityPauseRefused(
            "identity_question_too_late", days=question_days, last_day=last_day
        )


def check_proof_arrival(asked_on: date, arrived_on: date | None, today: date) -> None:
    """The pause ends on the day the proof arrived: entered by staff, never in the future,
    never before the day the question was asked."""
    if arrived_on is None:
        raise IdentityPauseRefused("proof_arrival_required")
    if arrived_on > today:
        raise IdentityPauseRefused("proof_arrival_in_future", arrived=arrived_on)
    if arrived_on < asked_on:
        raise IdentityPauseRefused(
            "proof_arrival_before_question", arrived=arrived_on, asked=asked_on
        )


def missed_extension_notice(
    status: RequestStatus | str, one_month_mark: date, notice_sent: bool, today: date
) -> bool:
    """Past the one-month mark, still open, and the person was never told of an extension."""
    return RequestStatus(status) in OPEN_STATUSES and today > one_month_mark and not notice_sent


# Types completed by a decision that makes the right take effect (the restriction granted,
# the objection upheld, the human review recorded), never by the plain "complete" step: that
# would close the request while nothing changed for the person. An erasure, likewise, is
# completed by carrying it out.
COMPLETED_BY_DECISION = frozenset({"restriction", "objection", "automated_decision"})


class MoveRefused(CodedError, ValueError):
    """A status step the request's own state does not allow; each raise site names its code."""


@dataclass(frozen=True)
class RequestState:
    """What decides which status steps a request may take today: nothing the user types."""

    status: RequestStatus
    request_type: str
    linked: bool  # matched to a person
    received_on: date  # the Amsterdam day of receipt
    one_month_mark: date
    identity_question_days: int


def check_move(state: RequestState, target: RequestStatus | str, today: date) -> None:
    """The one rule for a status step: raises the refusal unless `state` may move to
    `target` today. The desk draws a button exactly for the steps this lets through
    (`offered_moves`) and the service calls it before every change, so the screen and the
    service cannot disagree."""
    target = RequestStatus(target)
    if target not in TRANSITIONS[state.status]:
        raise InvalidTransition(state.status, target)
    if target is S.COMPLETED and state.request_type == "erasure":
        raise MoveRefused("erasure_completed_by_carrying_out")
    if target is S.COMPLETED and state.request_type in COMPLETED_BY_DECISION:
        raise MoveRefused("completed_by_decision")
    if target is S.IN_PROGRESS and state.status is S.AWAITING_IDENTITY and not state.linked:
        # "identity verified" for nobody: whose identity? Linking comes first. (Starting an
        # unlinked request stays possible: "we hold nothing about you" is an answer too.)
        raise MoveRefused("request_not_linked")
    if target is S.EXTENDED:
        check_extension_allowed(state.one_month_mark, today)
    last_day = state.received_on + timedelta(days=state.identity_question_days)
    if target is S.AWAITING_IDENTITY and today > last_day:
        raise IdentityPauseRefused(
            "identity_question_too_late", days=state.identity_question_days, last_day=last_day
        )


def _may_move(state: RequestState, target: RequestStatus, today: date) -> bool:
    try:
        check_move(state, target, today)
    except CodedError:
        return False
    return True


def offered_moves(state: RequestState, today: date) -> frozenset[RequestStatus]:
    """The status steps to offer as buttons: exactly those `check_move` lets through."""
    return frozenset(s for s in TRANSITIONS[state.status] if _may_move(state, s, today))
