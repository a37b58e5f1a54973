"""Medical data after the placement (Art. 5(1)(e), 9; konnektus.domain.special_data): list the
people whose medical data is held past its end, and remove it (DPO only).

Like the O1 removal (services/minimisation.py): one transaction with its audit entries,
conditional on what the DPO saw (the items and, for the whole list, the people), and nobody
restricted (Art. 18) or with an open request loses data here (domain/erasure_block.py). Each
person gets an audit entry on their record (object 'person'), so their history and their
Art. 15 statement say on which day medical data was removed; it names no value.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

import pandas as pd

from konnektus.db import audit, meta
from konnektus.db import erasure_block as block_rows
from konnektus.db import special_data as medical_rows
from konnektus.db.database import Cursor, Database
from konnektus.db.special_data import PastItems
from konnektus.domain.permissions import Action
from konnektus.domain.staff import Actor, audit_identity
from konnektus.services.access import requires
from konnektus.services.requests import RequestError, amsterdam_today


class NothingPastItsEnd(RequestError):
    """The chosen people hold no medical data past its end any more: a repeated click."""

    section = "special_data"
    codes = ("already_done", "already_done_unknown")

    def __init__(self, by: str | None, at: datetime | None) -> None:
        self.by, self.at = by, at
        if by is not None and at is not None:
            super().__init__("already_done", by=by, at=at)
        else:
            super().__init__("already_done_unknown")


class AllHeldBack(RequestError):
    """Every chosen person is restricted or has an open request: nothing was removed."""

    section = "special_data"
    codes = ("all_held_back",)

    def __init__(self, people: int) -> None:
        super().__init__("all_held_back", count=people)


class PastItemsChanged(RequestError):
    """The list changed since the DPO looked (or the typed number is not the list's)."""

    section = "special_data"
    codes = ("changed",)

    def __init__(self, seen: int, found: int) -> None:
        self.seen, self.found = seen, found
        super().__init__("changed", seen=seen, found=found)


@dataclass(frozen=True)
class MedicalList:
    """Everyone holding medical data past its end, and the term the list was made with."""

    rows: pd.DataFrame  # person_id, reference, collected_on, ends_on, days_past, items, held
    months: int
    held_people: int

    @property
    def people(self) -> int:
        return len(self.rows)

    @property
    def items(self) -> int:
        return int(self.rows["items"].sum()) if len(self.rows) else 0


def _removable(cur: Cursor, today: date, person_ids: Sequence[int] | None) -> PastItems:
    months = meta.medical_months_after_placement(cur)
    blocks = block_rows.blocked_people(cur, today, person_ids)
    on_list = medical_rows.past_items(cur, today, months, sorted(blocks)) if blocks else None
    held = {p: blocks[p] for p in (on_list.person_ids if on_list else ())}
    found = medical_rows.past_items(cur, today, months, person_ids, held=held)
    return PastItems(found.person_ids, found.items, held)


@requires(Action.MINIMISE_DATA, command_line=True)
def medical_past_its_end(db: Database, actor: Actor, *, today: date) -> MedicalList:
    """Who holds medical data past its end today, by reference, with the first day it was
    collected, its last day and the days since; those held back (restricted, an open request)
    with the request in `held_reason` and `held_request`."""
    with db.cursor() as cur:
        months = meta.medical_months_after_placement(cur)
        rows = medical_rows.past_people(cur, today, months)
        blocks = block_rows.blocked_people(cur, today, [int(p) for p in rows["person_id"]])
    shown = [blocks.get(int(p)) for p in rows["person_id"]]
    rows = rows.assign(
        collected_on=[d.date() if isinstance(d, pd.Timestamp) else d for d in rows["collected_on"]],
        ends_on=[d.date() if isinstance(d, pd.Timestamp) else d for d in rows["ends_on"]],
        held_reason=pd.Series(
            [b.reason.value if b else None for b in shown], index=rows.index, dtype=object
        ),
        held_request=pd.Series(
            [b.request_id if b else None for b in shown], index=rows.index, dtype="Int64"
        ),
    )
    return MedicalList(rows, months, sum(1 for b in shown if b is not None))


@requires(Action.MINIMISE_DATA, command_line=True)
def medical_removal_preview(
    db: Database, actor: Actor, person_ids: Sequence[int] | None = None, *, today: date
) -> PastItems:
    """What a removal would delete now: for these people, or (None) for the whole list; the
    people held back are in `held`, their items not counted."""
    with db.cursor() as cur:
        return _removable(cur, today, person_ids)


def _remove(
    cur: Cursor,
    actor: Actor,
    person_ids: Sequence[int] | None,
    *,
    seen_items: int,
    seen_people: int | None,
    now: datetime,
) -> PastItems:
    today = amsterdam_today(now)
    found = _removable(cur, today, person_ids)
    if found.items == 0 and found.held:
        raise AllHeldBack(len(found.held))
    if found.items == 0:
        last = medical_rows.last_removal(cur, person_ids)
        raise NothingPastItsEnd(*(last if last else (None, None)))
    if found.items != seen_items:
        raise PastItemsChanged(seen_items, found.items)
    if seen_people is not None and seen_people != found.people:
        raise PastItemsChanged(seen_people, found.people)
    months = meta.medical_months_after_placement(cur)
    gone = medical_rows.delete_past_items(cur, today, months, found.person_ids)
    if sum(n for n, _end in gone.values()) != found.items:  # same transaction: rolls back
        raise RuntimeError(f"Counted {found.items} medical items but deleted {gone}.")
    staff_id, role = audit_identity(actor)
    for person_id, (items, ended) in sorted(gone.items()):
        audit.append(
            cur,
            at=now,
            staff_id=staff_id,
            role=role,
            action=medical_rows.REMOVED_ACTION,
            object_type="person",
            object_id=person_id,
            details={
                "items": items,
                "ended_on": ended,
                "months_after_placement": months,
                "scope": "whole_list" if person_ids is None else "selection",
            },
        )
    return found


@requires(Action.MINIMISE_DATA)
def remove_medical_data(
    db: Database, actor: Actor, person_ids: Sequence[int], *, seen_items: int, now: datetime
) -> PastItems:
    """Delete the medical data past its end of these people, if their number of items is
    still the `seen_items` the DPO confirmed; other data stays untouched."""
    if not person_ids:
        raise RequestError("no_people_chosen")
    with db.transaction() as cur:
        return _remove(cur, actor, person_ids, seen_items=seen_items, seen_people=None, now=now)


@requires(Action.MINIMISE_DATA)
def remove_all_medical_data(
    db: Database, actor: Actor, *, seen_people: int, seen_items: int, now: datetime
) -> PastItems:
    """The same for everyone on the list, if it still holds the people (the number the DPO
    typed) and the items previewed."""
    with db.transaction() as cur:
        return _remove(cur, actor, None, seen_items=seen_items, seen_people=seen_people, now=now)


@requires(Action.MINIMISE_DATA, command_line=True)
def medical_removals_of(db: Database, actor: Actor, person_id: int) -> list[tuple[datetime, int]]:
    """When medical data past its end was removed from this person, and how many items."""
    with db.cursor() as cur:
        return medical_rows.removals_of(cur, person_id)
