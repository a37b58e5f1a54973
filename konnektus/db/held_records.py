"""What legal holds keep of erased people (O5, ruling of issue 8): figures, a paginated list
and one person's held values, for the back office and the DPO.

After an erasure (konnektus/db/erasure.py) an erased person may still have held items (with
`held_until`/`held_ground`) and, under a payroll or dispute hold, their name, date of birth
and employment rows. "Held data" below means any of those. Values leave this module only in
`held_values` and `held_value`, which the service masks or audits.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd

from konnektus.db.database import Cursor, first_row
from konnektus.db.erasure import ERASED, KEEPING_KINDS

# One row per erased person with held data: what is kept and until when. The keeping hold
# (name, date of birth, employment rows) is the payroll or dispute hold that runs longest.
_HELD_PEOPLE = """
WITH items AS (
    SELECT person_id, list(DISTINCT category ORDER BY category) AS categories,
        count(*) AS items, list(DISTINCT held_until ORDER BY held_until) AS item_until,
        list(DISTINCT held_ground ORDER BY held_ground) AS item_grounds
    FROM personal_data_item WHERE held_until IS NOT NULL GROUP BY person_id
), jobs AS (
    SELECT person_id, count(*) AS employments FROM employment GROUP BY person_id
), keeper AS (
    SELECT person_id, max(until) AS keep_until,
        arg_max(legal_ground, (until, legal_ground)) AS keep_ground
    FROM legal_hold WHERE list_contains($kinds, category) GROUP BY person_id
), held AS (
    SELECT p.id AS person_id, p.reference,
        coalesce(i.categories, []::VARCHAR[]) AS categories,
        coalesce(i.items, 0) AS items,
        (p.given_name <> $erased OR p.family_name <> $erased OR p.tussenvoegsel IS NOT NULL)
            AS name_kept,
        p.date_of_birth IS NOT NULL AS birth_kept,
        coalesce(j.employments, 0) AS employments,
        coalesce(i.item_until, []::DATE[]) AS item_until,
        coalesce(i.item_grounds, []::VARCHAR[]) AS item_grounds,
        k.keep_until, k.keep_ground
    FROM person p
    LEFT JOIN items i ON i.person_id = p.id
    LEFT JOIN jobs j ON j.person_id = p.id
    LEFT JOIN keeper k ON k.person_id = p.id
    WHERE p.erased_at IS NOT NULL
)
SELECT * FROM held
WHERE (items > 0 OR name_kept OR birth_kept OR employments > 0)
"""


def _one(cur: Cursor, sql: str, params: dict[str, Any]) -> tuple[Any, ...] | None:
    rows = cur.execute(sql, params).fetchall()
    return tuple(rows[0]) if rows else None


def _params(**extra: Any) -> dict[str, Any]:
    return {"kinds": KEEPING_KINDS, "erased": ERASED, **extra}


def _of_reference(reference: str) -> tuple[str, dict[str, Any]]:
    """A filter on the reference (case-insensitive, part of it), or none for ''."""
    if not reference:
        return "", {}
    return " AND contains(lower(reference), lower($reference))", {"reference": reference}


def held_people(
    cur: Cursor, *, reference: str = "", limit: int, offset: int
) -> tuple[pd.DataFrame, int]:
    """One page of erased people with held data (by reference), and how many there are.

    Columns: person_id, reference, categories, items, name_kept, birth_kept, employments,
    until (every date a held value ends, earliest first) and grounds (legal_ground codes).
    """
    where, extra = _of_reference(reference)
    params = _params(**extra)
    total_row = _one(cur, f"SELECT count(*) FROM ({_HELD_PEOPLE}{where})", params)  # noqa: S608
    frame = cur.execute(
        "SELECT person_id, reference, categories, items, name_kept, birth_kept, employments,"  # noqa: S608
        " list_sort(list_distinct(list_concat(item_until,"
        "  CASE WHEN (name_kept OR birth_kept OR employments > 0) AND keep_until IS NOT NULL"
        "  THEN [keep_until] ELSE []::DATE[] END))) AS until,"
        " list_sort(list_distinct(list_concat(item_grounds,"
        "  CASE WHEN (name_kept OR birth_kept OR employments > 0) AND keep_ground IS NOT NULL"
        "  THEN [keep_ground] ELSE []::VARCHAR[] END))) AS grounds"
        f" FROM ({_HELD_PEOPLE}{where}) ORDER BY reference LIMIT $limit OFFSET $offset",
        params | {"limit": limit, "offset": offset},
    ).df()
    return frame, int(total_row[0]) if total_row else 0


def held_people_count(cur: Cursor) -> int:
    row = _one(cur, f"SELECT count(*) FROM ({_HELD_PEOPLE})", _params())  # noqa: S608
    return int(row[0]) if row else 0


def items_per_category(cur: Cursor) -> list[tuple[str, str, int]]:
    """(category, held ground, items) of every held item of an erased person."""
    rows = cur.execute(
        "SELECT i.category, i.held_ground, count(*) FROM personal_data_item i"
        " JOIN person p ON p.id = i.person_id"
        " WHERE p.erased_at IS NOT NULL AND i.held_until IS NOT NULL"
        " GROUP BY ALL ORDER BY 1, 2"
    ).fetchall()
    return [(str(c), str(g), int(n)) for c, g, n in rows]


def kept_identities(cur: Cursor) -> tuple[int, int]:
    """(people whose name or date of birth is kept, employment rows kept) after erasure."""
    row = _one(
        cur,
        f"SELECT count(*) FILTER (WHERE name_kept OR birth_kept), coalesce(sum(employments), 0)"  # noqa: S608
        f" FROM ({_HELD_PEOPLE})",
        _params(),
    )
    return (int(row[0]), int(row[1])) if row else (0, 0)


def endings(cur: Cursor, *, unit: str, from_day: date) -> list[tuple[date, int, int]]:
    """(first day of the month or year, people, held values) whose hold ends in that period,
    from `from_day`'s period on. A held value is an item, or a person's kept name and date of
    birth (ending with their keeping hold). `unit` is 'month' or 'year'."""
    rows = cur.execute(
        "WITH ending AS ("  # noqa: S608
        " SELECT i.person_id, i.held_until AS until FROM personal_data_item i"
        "  JOIN person p ON p.id = i.person_id"
        "  WHERE p.erased_at IS NOT NULL AND i.held_until IS NOT NULL"
        " UNION ALL"
        f" SELECT person_id, keep_until FROM ({_HELD_PEOPLE})"
        "  WHERE (name_kept OR birth_kept) AND keep_until IS NOT NULL)"
        " SELECT date_trunc($unit, until)::DATE AS period, count(DISTINCT person_id), count(*)"
        " FROM ending WHERE until >= date_trunc($unit, $from_day::DATE)"
        " GROUP BY ALL ORDER BY period",
        _params(unit=unit, from_day=from_day),
    ).fetchall()
    return [(p, int(people), int(values)) for p, people, values in rows]


def held_person(cur: Cursor, person_id: int) -> dict[str, Any] | None:
    """What is kept of one erased person (the columns of `held_people` plus keep_until and
    keep_ground), or None when they are not erased or nothing of them is held."""
    cur.execute(
        f"SELECT * FROM ({_HELD_PEOPLE} AND person_id = $person_id)",  # noqa: S608
        _params(person_id=person_id),
    )
    names = [column[0] for column in cur.description or []]
    rows = cur.fetchall()
    return dict(zip(names, rows[0], strict=True)) if rows else None


def held_items(cur: Cursor, person_id: int) -> pd.DataFrame:
    """The held items of one erased person: id, category, value, until, ground."""
    return cur.execute(
        "SELECT i.id, i.category, i.value, i.held_until AS until, i.held_ground AS ground"
        " FROM personal_data_item i JOIN person p ON p.id = i.person_id"
        " WHERE i.person_id = ? AND i.held_until IS NOT NULL AND p.erased_at IS NOT NULL"
        " ORDER BY i.category, i.id",
        [person_id],
    ).df()


def employment_count(cur: Cursor, person_id: int) -> int:
    row = first_row(cur, "SELECT count(*) FROM employment WHERE person_id = ?", [person_id])
    return int(row[0]) if row else 0


def held_item(cur: Cursor, item_id: int) -> tuple[int, str, str] | None:
    """(person, category, value) of a held item of an erased person, or None."""
    row = first_row(
        cur,
        "SELECT i.person_id, i.category, i.value FROM personal_data_item i"
        " JOIN person p ON p.id = i.person_id"
        " WHERE i.id = ? AND i.held_until IS NOT NULL AND p.erased_at IS NOT NULL",
        [item_id],
    )
    return (int(row[0]), str(row[1]), str(row[2])) if row else None


def kept_identity(
    cur: Cursor, person_id: int
) -> tuple[str | None, str | None, str | None, date | None] | None:
    """(given name, tussenvoegsel, family name, date of birth) an erased person still has;
    a name part is None when it was emptied. None when the person is not erased."""
    row = _one(
        cur,
        "SELECT nullif(given_name, $erased), tussenvoegsel, nullif(family_name, $erased),"
        " date_of_birth FROM person WHERE id = $person_id AND erased_at IS NOT NULL",
        {"erased": ERASED, "person_id": person_id},
    )
    if row is None:
        return None
    given, middle, family, born = row
    return (given, middle, family, born)
