"""O1: the excess-data rule of konnektus.domain.minimisation, in SQL, and its removal.

The list, the home-page count and the removal all use the one predicate below, so what the
home page counts is exactly what the list shows and what a removal deletes. The predicate is
built only from the domain's constant category and stage names; every other value (person
ids, paging) goes in as a parameter.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Final

import pandas as pd

from konnektus.db.database import Cursor
from konnektus.domain.erasure_block import ErasureBlock
from konnektus.domain.minimisation import EMPLOYMENT_ONLY, NEVER_PLACED_STAGES


def _literals(values: Sequence[str]) -> str:
    return ", ".join(f"'{value}'" for value in values)


# personal_data_item i joined to its person p; the SQL twin of domain is_excess_item
EXCESS_ITEM_FROM: Final = "personal_data_item i JOIN person p ON p.id = i.person_id"
EXCESS_ITEM_WHERE: Final = (
    f"i.category IN ({_literals(EMPLOYMENT_ONLY)})"  # noqa: S608 (constant names)
    " AND i.held_until IS NULL"
    " AND p.erased_at IS NULL"
    f" AND p.stage IN ({_literals(sorted(NEVER_PLACED_STAGES))})"
    " AND NOT EXISTS (SELECT 1 FROM employment e WHERE e.person_id = p.id)"
)
# $ids: a list of person ids, or NULL for everyone on the list
_AMONG: Final = "($ids::BIGINT[] IS NULL OR list_contains($ids::BIGINT[], i.person_id))"
# $held: the people the erasure rule holds back (konnektus/domain/erasure_block.py)
_NOT_HELD: Final = "i.person_id NOT IN (SELECT unnest($held::BIGINT[]))"

REMOVED_ACTION: Final = "excess_data_removed"  # the audit action of a removal


@dataclass(frozen=True)
class ExcessSummary:
    """What is excess right now (for everyone on the list, or for some people)."""

    person_ids: tuple[int, ...]
    items_by_category: dict[str, int]
    # people of the list (or of those asked about) held back now: restricted, or with an
    # open request; their items are not counted above
    held: dict[int, ErasureBlock] = field(default_factory=dict)

    @property
    def people(self) -> int:
        return len(self.person_ids)

    @property
    def items(self) -> int:
        return sum(self.items_by_category.values())


def excess_summary(
    cur: Cursor, person_ids: Sequence[int] | None = None, *, held: Collection[int] = ()
) -> ExcessSummary:
    """The people concerned and the excess items per category (all, or among `person_ids`),
    leaving out the people `held` back."""
    ids = None if person_ids is None else [int(i) for i in person_ids]
    params = {"ids": ids, "held": sorted(int(i) for i in held)}
    people = cur.execute(
        f"SELECT DISTINCT i.person_id FROM {EXCESS_ITEM_FROM}"  # noqa: S608
        f" WHERE {EXCESS_ITEM_WHERE} AND {_AMONG} AND {_NOT_HELD} ORDER BY 1",
        params,
    ).fetchall()
    categories = cur.execute(
        f"SELECT i.category, count(*) FROM {EXCESS_ITEM_FROM}"  # noqa: S608
        f" WHERE {EXCESS_ITEM_WHERE} AND {_AMONG} AND {_NOT_HELD} GROUP BY 1 ORDER BY 1",
        params,
    ).fetchall()
    return ExcessSummary(
        tuple(int(row[0]) for row in people), {str(c): int(n) for c, n in categories}
    )


def excess_totals(cur: Cursor) -> tuple[int, int]:
    """(people, items) on the whole list, in one scan."""
    rows = cur.execute(
        f"SELECT count(DISTINCT i.person_id), count(*) FROM {EXCESS_ITEM_FROM}"  # noqa: S608
        f" WHERE {EXCESS_ITEM_WHERE}"
    ).fetchall()
    return int(rows[0][0]), int(rows[0][1])


def excess_people_page(cur: Cursor, *, limit: int, offset: int) -> pd.DataFrame:
    """One page of people holding excess data, by reference, with their excess categories,
    item count and the first day such an item was collected."""
    return cur.execute(
        "WITH per_person AS ("  # noqa: S608
        "  SELECT i.person_id, list(DISTINCT i.category) AS categories, count(*) AS items,"
        "   min(i.collected_on) AS first_collected"
        f"  FROM {EXCESS_ITEM_FROM} WHERE {EXCESS_ITEM_WHERE} GROUP BY i.person_id"
        ")"
        " SELECT p.id AS person_id, p.reference, p.given_name, p.tussenvoegsel, p.family_name,"
        " p.stage, s.name AS recruiter, x.categories, x.items, x.first_collected"
        " FROM per_person x JOIN person p ON p.id = x.person_id"
        " LEFT JOIN staff s ON s.id = p.recruiter_id"
        " ORDER BY p.reference LIMIT ? OFFSET ?",
        [limit, offset],
    ).df()


def delete_excess_items(cur: Cursor, person_ids: Sequence[int] | None = None) -> int:
    """Delete the excess items (all, or among `person_ids`) that are excess *now*; the
    predicate is the condition, so running it again deletes nothing. Returns the count."""
    ids = None if person_ids is None else [int(i) for i in person_ids]
    rows = cur.execute(
        "DELETE FROM personal_data_item WHERE id IN ("  # noqa: S608
        f" SELECT i.id FROM {EXCESS_ITEM_FROM} WHERE {EXCESS_ITEM_WHERE} AND {_AMONG})",
        {"ids": ids},
    ).fetchall()
    return int(rows[0][0])


def last_removal(
    cur: Cursor, person_ids: Sequence[int] | None = None
) -> tuple[str | None, datetime] | None:
    """Who removed excess data last (of these people, or of anyone), and when."""
    ids = None if person_ids is None else [int(i) for i in person_ids]
    rows: list[Any] = cur.execute(
        "SELECT s.name, a.occurred_at FROM audit_entry a LEFT JOIN staff s ON s.id = a.staff_id"
        " WHERE a.action = $action AND ($ids::BIGINT[] IS NULL OR list_has_any("
        "  CAST(json_extract(a.details, '$.person_ids') AS BIGINT[]), $ids::BIGINT[]))"
        " ORDER BY a.id DESC LIMIT 1",
        {"action": REMOVED_ACTION, "ids": ids},
    ).fetchall()
    if not rows:
        return None
    name, at = rows[0]
    return (None if name is None else str(name)), at
