"""The outbox page's rules (issue 20): a letter's state in words, and which letters a role
sees. Pure: the stored columns in, a state out.

A letter with an e-mail address waits, is being sent, is sent, or failed; one without goes by
post: to print, printed (in a downloaded print file), posted. Only sent or posted counts as
delivered: what a letter tells (a disclosure notice, an extension notice) becomes true then.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import datetime
from enum import StrEnum
from typing import Final

from konnektus.domain import disclosure_notice
from konnektus.domain.permissions import Action, Role, can


class LetterState(StrEnum):
    WAITING = "waiting"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
    TO_PRINT = "to_print"
    PRINTED = "printed"
    POSTED = "posted"


STATES: Final = tuple(LetterState)
# A print file is a file of letters, not a letter: it is not listed as one.
NOT_LETTERS: Final = frozenset({"print_batch"})
# The back office tells people of disclosures and of refused requests: those letters only.
BACKOFFICE_KINDS: Final = (disclosure_notice.KIND, disclosure_notice.REFUSED_KIND)


def letter_state(
    delivery_status: str, printed_at: datetime | None, posted_at: datetime | None
) -> LetterState:
    """The state of a stored letter in the page's terms."""
    if delivery_status == "sent":
        return LetterState.POSTED if posted_at is not None else LetterState.SENT
    if delivery_status == "not_applicable":
        return LetterState.PRINTED if printed_at is not None else LetterState.TO_PRINT
    return {
        "pending": LetterState.WAITING,
        "sending": LetterState.SENDING,
        "failed": LetterState.FAILED,
    }[delivery_status]


def state_counts(states: Iterable[str]) -> dict[LetterState, int]:
    """How many letters are in each state, every state listed (zero included)."""
    counted = Counter(LetterState(s) for s in states)
    return {state: counted.get(state, 0) for state in STATES}


def visible_kinds(role: Role | str | None) -> tuple[str, ...] | None:
    """The letter kinds a role sees in the outbox: None for every kind (the DPO), the back
    office's own kinds, nothing for anyone else."""
    if can(role, Action.TRIAGE_REQUEST):
        return None
    if can(role, Action.VIEW_OUTBOX):
        return BACKOFFICE_KINDS
    return ()


def may_open_request(role: Role | str | None) -> bool:
    """The request number links to /requests?id=N only for a role that works the requests."""
    return can(role, Action.TRIAGE_REQUEST)
