"""O1, data minimisation: list the people holding employment-only data they never needed, and
remove exactly those items (DPO only).

A removal is one transaction with its audit entry, and it is conditional on what the DPO saw:
when the excess items of the chosen people are no longer what the screen showed, nothing is
deleted and the DPO is told (already done, and by whom; or changed, look again). The audit
entry names people by internal id and counts items per category; it never holds a value.

Nobody whose processing is restricted (Art. 18) or who has an open request loses data here
(konnektus/domain/erasure_block.py): the list marks them, the preview and the removal leave
them out, and they are removable again once that has ended.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

import pandas as pd

from konnektus.db import audit
from konnektus.db import erasure_block as block_rows
from konnektus.db import minimisation as excess_rows
from konnektus.db.database import Cursor, Database
from konnektus.db.minimisation import ExcessSummary
from konnektus.domain.minimisation import EMPLOYMENT_ONLY
from konnektus.domain.permissions import Action
from konnektus.domain.staff import Actor, audit_identity
from konnektus.domain.text import full_name
from konnektus.services.access import requires
from konnektus.services.requests import RequestError, amsterdam_today

PAGE_SIZE = 50


class NothingToRemove(RequestError):
    """The chosen people hold no excess data any more: a repeated or concurrent click."""

    section = "minimisation"
    codes = ("already_done", "already_done_unknown")

    def __init__(self, by: str | None, at: datetime | None) -> None:
        self.by, self.at = by, at
        if by is not None and at is not None:
            super().__init__("already_done", by=by, at=at)
        else:
            super().__init__("already_done_unknown")


class AllHeldBack(RequestError):
    """Every chosen person with excess data is restricted or has an open request."""

    section = "minimisation"
    codes = ("all_held_back",)

    def __init__(self, people: int) -> None:
        self.people = people
        super().__init__("all_held_back", count=people)


class ExcessChanged(RequestError):
    """The excess data changed since the DPO looked: nothing was removed."""

    section = "minimisation"
    codes = ("changed",)

    def __init__(self, seen_items: int, found_items: int) -> None:
        self.seen_items, self.found_items = seen_items, found_items
        super().__init__("changed", seen=seen_items, found=found_items)


@dataclass(frozen=True)
class ExcessPage:
    """One page of the list, and the totals of the whole list."""

    rows: pd.DataFrame  # person_id, reference, name, stage, recruiter, categories, items, ...
    total_people: int
    total_items: int
    page: int  # 1-based, clamped to the pages there are
    pages: int
    held_people: int = 0  # of total_people: restricted or with an open request, not now


# What a removal deleted: the same shape as what was excess before it (and the figures its
# audit entry records).
Removal = ExcessSummary


def _in_list_order(categories: Sequence[str]) -> list[str]:
    return [c for c in EMPLOYMENT_ONLY if c in set(categories)]


def _held(cur: Cursor, today: date, person_ids: Sequence[int] | None) -> ExcessSummary:
    """The excess data of the people (among `person_ids`, or anyone) held back today; its
    `held` says what each waits for."""
    blocks = block_rows.blocked_people(cur, today, person_ids)
    if not blocks:
        return ExcessSummary((), {})
    found = excess_rows.excess_summary(cur, sorted(blocks))
    return ExcessSummary(
        found.person_ids, found.items_by_category, {p: blocks[p] for p in found.person_ids}
    )


@requires(Action.MINIMISE_DATA)
def excess_data_people(
    db: Database, actor: Actor, *, today: date, page: int = 1, page_size: int = PAGE_SIZE
) -> ExcessPage:
    """People never placed or employed who hold employment-only data, by reference; those
    held back today (restricted, an open request) with the request in `held_reason` and
    `held_request`."""
    if page_size < 1:
        raise RequestError("page_size_too_small")
    with db.cursor() as cur:
        people, items = excess_rows.excess_totals(cur)
        pages = max(1, -(-people // page_size))
        page = min(max(1, page), pages)
        rows = excess_rows.excess_people_page(cur, limit=page_size, offset=(page - 1) * page_size)
        held = _held(cur, today, None).held
    names = [
        full_name(g, t, f)
        for g, t, f in zip(
            rows["given_name"], rows["tussenvoegsel"], rows["family_name"], strict=True
        )
    ]
    ordered = pd.Series(
        [_in_list_order(list(c)) for c in rows["categories"]], index=rows.index, dtype=object
    )
    first_collected = pd.Series(
        [d.date() if isinstance(d, pd.Timestamp) else d for d in rows["first_collected"]],
        index=rows.index,
        dtype=object,
    )
    blocks = [held.get(int(p)) for p in rows["person_id"]]
    rows = rows.assign(
        name=names,
        categories=ordered,
        first_collected=first_collected,
        held_reason=pd.Series(
            [b.reason.value if b else None for b in blocks], index=rows.index, dtype=object
        ),
        held_request=pd.Series(
            [b.request_id if b else None for b in blocks], index=rows.index, dtype="Int64"
        ),
    ).drop(columns=["given_name", "tussenvoegsel", "family_name"])
    columns = ["person_id", "reference", "name", "stage", "recruiter", "categories", "items"]
    return ExcessPage(
        rows[[*columns, "first_collected", "held_reason", "held_request"]],
        people,
        items,
        page,
        pages,
        len(held),
    )


def _removable(cur: Cursor, today: date, person_ids: Sequence[int] | None) -> ExcessSummary:
    """What may go today (for these people, or the whole list), with who is held back."""
    held = _held(cur, today, person_ids).held
    found = excess_rows.excess_summary(cur, person_ids, held=held)
    return ExcessSummary(found.person_ids, found.items_by_category, held)


@requires(Action.MINIMISE_DATA)
def removal_preview(
    db: Database, actor: Actor, person_ids: Sequence[int] | None = None, *, today: date
) -> ExcessSummary:
    """What a removal would delete now: for these people, or (None) for the whole list; the
    people held back (restricted, an open request) are in `held`, their items not counted."""
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
) -> Removal:
    found = _removable(cur, amsterdam_today(now), person_ids)
    if found.items == 0 and found.held:
        raise AllHeldBack(len(found.held))
    if found.items == 0:
        last = excess_rows.last_removal(cur, person_ids)
        raise NothingToRemove(*(last if last else (None, None)))
    if found.items != seen_items or seen_people not in (None, found.people):
        raise ExcessChanged(seen_items, found.items)
    deleted = excess_rows.delete_excess_items(cur, found.person_ids)
    if deleted != found.items:  # counted in this same transaction: rolls back, never half done
        raise RuntimeError(f"Counted {found.items} excess items but deleted {deleted}.")
    staff_id, role = audit_identity(actor)
    audit.append(
        cur,
        at=now,
        staff_id=staff_id,
        role=role,
        action=excess_rows.REMOVED_ACTION,
        details={
            "scope": "whole_list" if person_ids is None else "selection",
            "person_ids": list(found.person_ids),
            "people": found.people,
            "items": found.items,
            "items_by_category": found.items_by_category,
            "held_back": sorted(found.held),
        },
    )
    return found


@requires(Action.MINIMISE_DATA)
def remove_excess_items(
    db: Database, actor: Actor, person_ids: Sequence[int], *, seen_items: int, now: datetime
) -> Removal:
    """Delete the employment-only items of these never-placed people, if their number is still
    the `seen_items` the DPO confirmed; other people and other data stay untouched."""
    if not person_ids:
        raise RequestError("no_people_chosen")
    with db.transaction() as cur:
        return _remove(cur, actor, person_ids, seen_items=seen_items, seen_people=None, now=now)


@requires(Action.MINIMISE_DATA)
def remove_all_excess_items(
    db: Database, actor: Actor, *, seen_people: int, seen_items: int, now: datetime
) -> Removal:
    """The same for everyone on the list, if it still holds the people and items previewed."""
    with db.transaction() as cur:
        return _remove(cur, actor, None, seen_items=seen_items, seen_people=seen_people, now=now)
