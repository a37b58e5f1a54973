"""Medical data held past its end (konnektus.domain.special_data), in SQL, and its removal.

One predicate for the list, the totals, the daily job's count and the removal: an item of a
category that ends with the placement, of a living person none of whose employments still
runs, whose last day (the last employment's end, or the day it was collected when that is
later or there was none, plus the policy's calendar months) lies before today. DuckDB adds
months as the domain does (31 January + 1 month is the last day of February); a test keeps
the two in step on the demo. Category names come from the domain's constants; every other
value (today, the months, person ids) is a parameter.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Final

import pandas as pd

from konnektus.db.database import Cursor
from konnektus.domain.erasure_block import ErasureBlock
from konnektus.domain.special_data import ENDS_WITH_PLACEMENT

_CATEGORIES: Final = ", ".join(f"'{c}'" for c in sorted(ENDS_WITH_PLACEMENT))

# Every item that ends with the placement, with its last day ($months after the start), of a
# living person without a running employment on $today.
_ENDING: Final = (
    "WITH worked AS ("  # noqa: S608 (constant category names)
    "  SELECT person_id, bool_or(end_date IS NULL OR end_date >= $today) AS running,"
    "   max(end_date) AS last_end FROM employment GROUP BY person_id"
    "), ending AS ("
    "  SELECT i.id, i.person_id, i.category, i.collected_on,"
    "   CAST(greatest(coalesce(w.last_end, i.collected_on), i.collected_on)"
    "    + to_months($months) AS DATE) AS ends_on"
    "  FROM personal_data_item i JOIN person p ON p.id = i.person_id"
    "  LEFT JOIN worked w ON w.person_id = i.person_id"
    f"  WHERE i.category IN ({_CATEGORIES}) AND i.held_until IS NULL"
    "   AND p.erased_at IS NULL AND NOT coalesce(w.running, FALSE)"
    "), past AS (SELECT * FROM ending WHERE ends_on < $today)"
)
# $ids: a list of person ids, or NULL for everyone on the list; $held: people left out
_AMONG: Final = "($ids::BIGINT[] IS NULL OR list_contains($ids::BIGINT[], person_id))"
_NOT_HELD: Final = "person_id NOT IN (SELECT unnest($held::BIGINT[]))"

REMOVED_ACTION: Final = "special_data_removed"  # the audit action, one entry per person


@dataclass(frozen=True)
class PastItems:
    """What is held past its end now (for everyone on the list, or for some people)."""

    person_ids: tuple[int, ...]
    items: int
    # people of the list held back now (restricted, an open request): not counted above
    held: dict[int, ErasureBlock] = field(default_factory=dict)

    @property
    def people(self) -> int:
        return len(self.person_ids)


def _params(today: date, months: int, **more: Any) -> dict[str, Any]:
    return {"today": today, "months": int(months), **more}


def past_items(
    cur: Cursor,
    today: date,
    months: int,
    person_ids: Sequence[int] | None = None,
    *,
    held: Collection[int] = (),
) -> PastItems:
    """The people and items past their end (all, or among `person_ids`), without `held`."""
    ids = None if person_ids is None else [int(i) for i in person_ids]
    rows = cur.execute(
        f"{_ENDING} SELECT person_id, count(*) FROM past"  # noqa: S608
        f" WHERE {_AMONG} AND {_NOT_HELD} GROUP BY person_id ORDER BY person_id",
        _params(today, months, ids=ids, held=sorted(int(i) for i in held)),
    ).fetchall()
    return PastItems(tuple(int(p) for p, _n in rows), sum(int(n) for _p, n in rows))


def past_people(cur: Cursor, today: date, months: int) -> pd.DataFrame:
    """Everyone holding such data past its end, by reference: the first day an item was
    collected, the last day (the latest of their items past it), the days past, the items."""
    return cur.execute(
        f"{_ENDING} SELECT p.id AS person_id, p.reference, min(x.collected_on) AS collected_on,"  # noqa: S608
        " max(x.ends_on) AS ends_on, datediff('day', max(x.ends_on), $today) AS days_past,"
        " count(*) AS items"
        " FROM past x JOIN person p ON p.id = x.person_id"
        " GROUP BY p.id, p.reference ORDER BY days_past DESC, p.reference",
        _params(today, months),
    ).df()


def ending_items(cur: Cursor, today: date, months: int) -> list[tuple[int, int, date | None]]:
    """(item id, person id, last day) of every item that ends with the placement, of people
    without a running employment: the SQL side of the test that keeps SQL and domain in step."""
    rows = cur.execute(
        f"{_ENDING} SELECT id, person_id, ends_on FROM ending ORDER BY id",  # noqa: S608
        _params(today, months),
    ).fetchall()
    return [(int(i), int(p), d) for i, p, d in rows]


def delete_past_items(
    cur: Cursor, today: date, months: int, person_ids: Sequence[int]
) -> dict[int, tuple[int, date]]:
    """Delete the items of these people that are past their end *now* (the predicate is the
    condition: a second run deletes nothing). Returns {person id: (items, last day)}."""
    params = _params(today, months, ids=[int(i) for i in person_ids])
    gone = cur.execute(
        f"{_ENDING} SELECT person_id, count(*), max(ends_on) FROM past"  # noqa: S608
        f" WHERE {_AMONG} GROUP BY person_id",
        params,
    ).fetchall()
    cur.execute(
        f"{_ENDING} DELETE FROM personal_data_item WHERE id IN"  # noqa: S608
        f" (SELECT id FROM past WHERE {_AMONG})",
        params,
    )
    return {int(p): (int(n), d) for p, n, d in gone}


def last_removal(
    cur: Cursor, person_ids: Sequence[int] | None = None
) -> tuple[str | None, datetime] | None:
    """Who removed medical data past its end last (of these people, or of anyone), and when."""
    ids = None if person_ids is None else [int(i) for i in person_ids]
    rows: list[Any] = cur.execute(
        "SELECT s.name, a.occurred_at FROM audit_entry a LEFT JOIN staff s ON s.id = a.staff_id"
        " WHERE a.action = $action AND a.object_type = 'person'"
        " AND ($ids::BIGINT[] IS NULL OR list_contains($ids::BIGINT[], a.object_id))"
        " ORDER BY a.id DESC LIMIT 1",
        {"action": REMOVED_ACTION, "ids": ids},
    ).fetchall()
    if not rows:
        return None
    name, at = rows[0]
    return (None if name is None else str(name)), at


def removals_of(cur: Cursor, person_id: int) -> list[tuple[datetime, int]]:
    """When medical data past its end was removed from this person's record, and how many
    items: their history and their Art. 15 statement say so."""
    rows = cur.execute(
        "SELECT occurred_at, CAST(json_extract(details, '$.items') AS INTEGER)"
        " FROM audit_entry WHERE action = ? AND object_type = 'person' AND object_id = ?"
        " ORDER BY id",
        [REMOVED_ACTION, person_id],
    ).fetchall()
    return [(at, int(n)) for at, n in rows]
