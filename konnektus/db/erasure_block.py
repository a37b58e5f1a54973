"""The facts of konnektus.domain.erasure_block, loaded in bulk: who is restricted, and who has
a request that is not closed. One statement for a million people: it reads the restricted
people and the open requests (a few thousand rows at most), never person by person."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import UTC, date
from typing import Final

from konnektus.db.database import Cursor
from konnektus.domain.deadlines import received_on
from konnektus.domain.erasure_block import (
    ErasureBlock,
    ErasureFacts,
    PendingRequest,
    erasure_block,
    erasure_blocks,
)
from konnektus.domain.requests import OPEN_STATUSES

_FACTS: Final = (
    "SELECT id, restriction_request_id, NULL::BIGINT, NULL::VARCHAR, NULL::TIMESTAMP"
    " FROM person WHERE restricted_since IS NOT NULL {person}"
    " UNION ALL SELECT person_id, NULL::BIGINT, id, status, received_at FROM request"
    " WHERE person_id IS NOT NULL AND list_contains($open, status) {request}"
)
_AMONG_PEOPLE: Final = "AND id IN (SELECT unnest($ids::BIGINT[]))"
_AMONG_REQUESTERS: Final = "AND person_id IN (SELECT unnest($ids::BIGINT[]))"


def erasure_facts(cur: Cursor, person_ids: Sequence[int] | None = None) -> dict[int, ErasureFacts]:
    """{person id: facts} of everyone with a restriction or an open request (among
    `person_ids`, or of anyone); the people left out have none."""
    params: dict[str, object] = {"open": sorted(OPEN_STATUSES)}
    if person_ids is None:
        sql = _FACTS.format(person="", request="")
    else:
        sql = _FACTS.format(person=_AMONG_PEOPLE, request=_AMONG_REQUESTERS)
        params["ids"] = [int(i) for i in person_ids]
    restricted: dict[int, int] = {}
    pending: defaultdict[int, list[PendingRequest]] = defaultdict(list)
    for person_id, restriction, request_id, status, received_at in cur.execute(
        sql, params
    ).fetchall():
        if request_id is None:
            restricted[int(person_id)] = int(restriction)
        else:
            day = received_on(received_at.replace(tzinfo=UTC))
            pending[int(person_id)].append(PendingRequest(int(request_id), str(status), day))
    return {
        person_id: ErasureFacts(restricted.get(person_id), tuple(pending.get(person_id, ())))
        for person_id in restricted.keys() | pending.keys()
    }


def blocked_people(
    cur: Cursor, today: date, person_ids: Sequence[int] | None = None
) -> dict[int, ErasureBlock]:
    """{person id: block} of those (among `person_ids`, or anyone) who may not be erased today."""
    return erasure_blocks(erasure_facts(cur, person_ids), today)


def block_of(
    cur: Cursor, person_id: int, today: date, *, own_request: int | None = None
) -> ErasureBlock | None:
    """The rule for one person; `own_request` is the erasure request being carried out."""
    facts = erasure_facts(cur, [person_id]).get(person_id)
    return None if facts is None else erasure_block(facts, today, own_request=own_request)
