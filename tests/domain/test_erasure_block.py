"""The one rule every erasure asks: restricted people and people with an open request wait."""

from __future__ import annotations

from datetime import date

import pytest

from konnektus.domain.erasure_block import (
    BlockReason,
    ErasureBlock,
    ErasureFacts,
    PendingRequest,
    erasure_block,
    erasure_blocks,
)
from konnektus.domain.requests import CLOSED_STATUSES, OPEN_STATUSES

TODAY = date(2026, 11, 26)
RESTRICTED = BlockReason.RESTRICTION
OPEN = BlockReason.OPEN_REQUEST


def request(request_id: int, status: str, received_on: date = TODAY) -> PendingRequest:
    return PendingRequest(request_id, status, received_on)


@pytest.mark.parametrize(
    ("facts", "own_request", "expected"),
    [
        # nothing on file: may be erased
        (ErasureFacts(), None, None),
        # a restriction stops every erasure, the person's own erasure request too
        (ErasureFacts(restriction_request_id=7), None, ErasureBlock(RESTRICTED, 7)),
        (ErasureFacts(7, (request(9, "in_progress"),)), 9, ErasureBlock(RESTRICTED, 7)),
        # the restriction is named before an open request
        (ErasureFacts(7, (request(3, "received"),)), None, ErasureBlock(RESTRICTED, 7)),
        # an open request of any status but closed, received today or before, waits
        *[
            (ErasureFacts(None, (request(4, status.value),)), None, ErasureBlock(OPEN, 4))
            for status in sorted(OPEN_STATUSES)
        ],
        (
            ErasureFacts(None, (request(4, "in_progress", date(2026, 1, 5)),)),
            None,
            ErasureBlock(OPEN, 4),
        ),
        # closed requests do not
        *[
            (ErasureFacts(None, (request(4, status.value),)), None, None)
            for status in sorted(CLOSED_STATUSES)
        ],
        # a request received after the day asked about does not count on that day
        (ErasureFacts(None, (request(4, "received", date(2026, 11, 27)),)), None, None),
        # the erasure request being carried out is the reason to erase, not to wait
        (ErasureFacts(None, (request(5, "in_progress"),)), 5, None),
        # but another open request of the same person still waits
        (
            ErasureFacts(None, (request(5, "in_progress"), request(8, "awaiting_identity"))),
            5,
            ErasureBlock(OPEN, 8),
        ),
        # of several, the oldest (lowest number) is named
        (
            ErasureFacts(None, (request(12, "received"), request(6, "extended"))),
            None,
            ErasureBlock(OPEN, 6),
        ),
    ],
)
def test_who_may_be_erased_today_and_what_they_wait_for(
    facts: ErasureFacts, own_request: int | None, expected: ErasureBlock | None
) -> None:
    assert erasure_block(facts, TODAY, own_request=own_request) == expected


def test_the_bulk_form_returns_only_the_people_who_wait() -> None:
    facts = {
        1: ErasureFacts(restriction_request_id=3),
        2: ErasureFacts(None, (request(4, "completed"),)),
        5: ErasureFacts(None, (request(6, "received"),)),
    }
    assert erasure_blocks(facts, TODAY) == {
        1: ErasureBlock(RESTRICTED, 3),
        5: ErasureBlock(OPEN, 6),
    }
