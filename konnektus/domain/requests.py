"""O10-O12: the lifecycle of a data-subject request, as data.

The allowed transitions are one explicit mapping; services consult it before every change and
a forbidden move raises InvalidTransition, so the table is the only place the rule lives.
"""

from __future__ import annotations

from enum import StrEnum
from types import MappingProxyType


class RequestStatus(StrEnum):
    RECEIVED = "received"  # logged, not yet looked at
    AWAITING_IDENTITY = "awaiting_identity"  # identity asked for; the clock is paused
    IN_PROGRESS = "in_progress"  # identity settled, being carried out
    EXTENDED = "extended"  # period extended to 3 months; the person was told why
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


class InvalidTransition(Exception):
    def __init__(self, current: RequestStatus, target: RequestStatus) -> None:
        self.current = current
        self.target = target
        super().__init__(f"A request that is '{current}' cannot become '{target}'.")


def check_transition(current: RequestStatus | str, target: RequestStatus | str) -> None:
    """Raise InvalidTransition unless `current -> target` is in the table."""
    current, target = RequestStatus(current), RequestStatus(target)
    if target not in TRANSITIONS[current]:
        raise InvalidTransition(current, target)


def allowed_next(current: RequestStatus | str) -> frozenset[RequestStatus]:
    return TRANSITIONS[RequestStatus(current)]
