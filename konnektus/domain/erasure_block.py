"""One rule for every erasure: may this person's data be erased now, and if not, why not.

The clean-up of expired records (O6, by the DPO or by the daily retention run), the removal
of excess data (O1) and the erasure of an erasure request all ask `erasure_block`. Two things
stop an erasure until they end:

- a restriction (Art. 18): the data is kept and not used, so it is not erased either
  (Art. 18(2)); the DPO lifts it first, and the person is told (Art. 18(3));
- an open request of any type (Art. 12(3), 15): the agency answers it about the data it held
  when the request came in. EDPB guidelines 01/2022 judge an access request as of its day of
  receipt, so a request received on or before today counts until it is completed, rejected
  or withdrawn.

The request being carried out is no reason to wait: a person's own erasure request is the
reason to erase (`own_request`). A restriction still stops that too.

The facts come from the database in bulk (konnektus/db/erasure_block.py, one query for a
million people); the rule is applied here, person by person, to the few who have any.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from konnektus.domain.requests import OPEN_STATUSES, RequestStatus


class BlockReason(StrEnum):
    """Why an erasure waits (catalog: erasure_block.*)."""

    RESTRICTION = "restriction"  # Art. 18: the restriction request that granted it
    OPEN_REQUEST = "open_request"  # an open request of the person, any type


@dataclass(frozen=True)
class PendingRequest:
    """A request of the person as the database holds it."""

    request_id: int
    status: str
    received_on: date  # the day of receipt in Amsterdam (deadlines.md rule 1)


@dataclass(frozen=True)
class ErasureFacts:
    """What the rule needs to know of one person."""

    restriction_request_id: int | None = None  # set while the processing is restricted
    requests: tuple[PendingRequest, ...] = ()


NO_FACTS = ErasureFacts()


@dataclass(frozen=True)
class ErasureBlock:
    """The erasure waits for `request_id` (a restriction's request, or an open request)."""

    reason: BlockReason
    request_id: int


def erasure_block(
    facts: ErasureFacts, today: date, *, own_request: int | None = None
) -> ErasureBlock | None:
    """None when the person may be erased today; otherwise what they wait for: the
    restriction first, else their oldest open request received on or before today (other
    than `own_request`, the erasure request being carried out)."""
    if facts.restriction_request_id is not None:
        return ErasureBlock(BlockReason.RESTRICTION, facts.restriction_request_id)
    waiting = sorted(
        r.request_id
        for r in facts.requests
        if RequestStatus(r.status) in OPEN_STATUSES
        and r.received_on <= today
        and r.request_id != own_request
    )
    if waiting:
        return ErasureBlock(BlockReason.OPEN_REQUEST, waiting[0])
    return None


def erasure_blocks(facts: Mapping[int, ErasureFacts], today: date) -> dict[int, ErasureBlock]:
    """{person id: block} of the people among `facts` who may not be erased today."""
    return {
        person_id: block
        for person_id, person_facts in facts.items()
        if (block := erasure_block(person_facts, today)) is not None
    }
