"""What legal holds keep of erased people (O5; the ruling of issue 8), for back office and DPO.

"The held items stay, marked kept under legal obligation until <date>, readable only by back
office and the DPO (masked, reveal audited), out of search, out of retention asks and out of
every other use." So every value here (held items, a kept name, a kept date of birth) leaves
this module masked; one value at a time is revealed, to a role that may see its category, and
only after the view is in the audit log, in the same transaction as the read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Final, Literal

import pandas as pd

from konnektus.db import audit
from konnektus.db import held_records as held_rows
from konnektus.db.database import Database
from konnektus.domain.holds import HELD_ITEM_CATEGORIES
from konnektus.domain.permissions import (
    Action,
    can_see_category,
)
from konnektus.domain.staff import Actor, StaffMember, audit_identity
from konnektus.domain.text import full_name
from konnektus.services.access import requires
from konnektus.services.profile import MASK, audited_reveal
from konnektus.services.requests import RequestError, amsterdam_today

PAGE_SIZE: Final = 50
VIEWED_ACTION: Final = "held_data_viewed"
UNITS: Final = ("month", "year")
IdentityPart = Literal["name", "date_of_birth"]
# the hold kind that keeps each item category (domain/holds.py, read the other way)
KIND_OF_CATEGORY: Final = {
    category: kind.value
    for kind, categories in HELD_ITEM_CATEGORIES.items()
    for category in categories
}


@dataclass(frozen=True)
class HeldFigures:
    people: int  # erased people with held data
    items: pd.DataFrame  # kind, category, items
    identities_kept: int  # people whose name or date of birth is kept
    employments_kept: int  # employment rows kept
    endings: pd.DataFrame  # period (first day), people, values


@dataclass(frozen=True)
class HeldPage:
    rows: pd.DataFrame
    total: int
    page: int
    pages: int


@dataclass(frozen=True)
class HeldPerson:
    person_id: int
    reference: str
    employments: int
    values: pd.DataFrame  # kind, item_id, category, value (masked), until, ground, revealable


def _day(value: object) -> date:
    """A date from what DuckDB's frames hold (a datetime64 or Timestamp, or a date)."""
    return (
        value
        if isinstance(value, date) and not isinstance(value, datetime)
        else (
            pd.Timestamp(value).date()  # type: ignore[arg-type]
        )
    )


def _role(actor: Actor) -> str | None:
    return actor.role.value if isinstance(actor, StaffMember) else None


@requires(Action.VIEW_HELD_DATA)
def held_figures(db: Database, actor: Actor, *, unit: str = "year", now: datetime) -> HeldFigures:
    """How many erased people have held data, which items per hold kind, and when holds end
    (per month or year, from the current one on)."""
    if unit not in UNITS:
        raise RequestError("unknown_period_unit")
    today = amsterdam_today(now)
    with db.cursor() as cur:
        people = held_rows.held_people_count(cur)
        per_category = held_rows.items_per_category(cur)
        identities, employments = held_rows.kept_identities(cur)
        endings = held_rows.endings(cur, unit=unit, from_day=today)
    counted: dict[str, int] = {}
    for category, _ground, count in per_category:
        counted[category] = counted.get(category, 0) + count
    items = pd.DataFrame(
        [(KIND_OF_CATEGORY.get(c, ""), c, n) for c, n in counted.items()],
        columns=["kind", "category", "items"],
    ).sort_values(["kind", "category"], ignore_index=True)
    return HeldFigures(
        people,
        items,
        identities,
        employments,
        pd.DataFrame(endings, columns=["period", "people", "values"]),
    )


@requires(Action.VIEW_HELD_DATA)
def held_list(
    db: Database, actor: Actor, *, reference: str = "", page: int = 1, now: datetime
) -> HeldPage:
    """One page (of 50) of erased people with held data, by reference; a kept name and date
    of birth show as the mask."""
    del now  # the list does not depend on the day; kept for the service convention
    page = max(1, page)
    with db.cursor() as cur:
        rows, total = held_rows.held_people(
            cur,
            reference=reference.strip()[:50],
            limit=PAGE_SIZE,
            offset=(page - 1) * PAGE_SIZE,
        )
    rows["until"] = [[_day(d) for d in days] for days in rows["until"]]
    rows["grounds"] = [[str(g) for g in grounds] for grounds in rows["grounds"]]
    rows["categories"] = [[str(c) for c in categories] for categories in rows["categories"]]
    rows["name"] = [MASK if kept else "" for kept in rows["name_kept"]]
    rows["date_of_birth"] = [MASK if kept else "" for kept in rows["birth_kept"]]
    return HeldPage(rows, total, page, max(1, -(-total // PAGE_SIZE)))


@requires(Action.VIEW_HELD_DATA)
def held_person(db: Database, actor: Actor, person_id: int, *, now: datetime) -> HeldPerson:
    """One erased person's held values, all masked, each saying until when and why it is kept
    and whether this role may reveal it."""
    del now
    role = _role(actor)
    with db.cursor() as cur:
        person = held_rows.held_person(cur, person_id)
        if person is None:
            raise RequestError("nothing_held")
        items = held_rows.held_items(cur, person_id)
    rows: list[tuple[str, int | None, str | None, str, date | None, str | None, bool]] = [
        (
            "item",
            int(i),
            str(c),
            MASK,
            _day(until),
            str(g),
            can_see_category(role, str(c)),
        )
        for i, c, until, g in zip(
            items["id"], items["category"], items["until"], items["ground"], strict=True
        )
    ]
    for part, kept in (("name", person["name_kept"]), ("date_of_birth", person["birth_kept"])):
        if kept:
            rows.append((part, None, None, MASK, person["keep_until"], person["keep_ground"], True))
    values = pd.DataFrame(
        rows, columns=["kind", "item_id", "category", "value", "until", "ground", "revealable"]
    )
    values["item_id"] = values["item_id"].astype("Int64")
    return HeldPerson(person_id, str(person["reference"]), int(person["employments"]), values)


@requires(Action.VIEW_HELD_DATA)
def reveal_held_item(db: Database, actor: Actor, item_id: int, *, now: datetime) -> str:
    """The value of one held item, for a role that may see its category; audited first."""
    with db.transaction() as cur:
        found = held_rows.held_item(cur, item_id)
        if found is None:
            raise RequestError("item_not_held")
        person_id, category, value = found
        return audited_reveal(
            cur,
            actor,
            person_id,
            category,
            value,
            action=VIEWED_ACTION,
            details={"item_id": item_id},
            now=now,
        )


@requires(Action.VIEW_HELD_DATA)
def reveal_kept_identity(
    db: Database, actor: Actor, person_id: int, part: IdentityPart, *, now: datetime
) -> str:
    """The kept name or date of birth (dd-mm-jjjj) of an erased person; audited first."""
    if part not in ("name", "date_of_birth"):
        raise RequestError("unknown_kept_part")
    staff_id, role = audit_identity(actor)
    with db.transaction() as cur:
        found = held_rows.kept_identity(cur, person_id)
        given, middle, family, born = found or (None, None, None, None)
        value = (
            full_name(given, middle, family)
            if part == "name"
            else (born.strftime("%d-%m-%Y") if born is not None else "")
        )
        if found is None or not value:
            raise RequestError("name_not_kept" if part == "name" else "birth_date_not_kept")
        audit.append(
            cur,
            at=now,
            staff_id=staff_id,
            role=role,
            action=VIEWED_ACTION,
            object_type="person",
            object_id=person_id,
            details={"field": part},
        )
    return value
