"""Reading the audit log with filters; every value goes in as a parameter.

Entries name people and requests only by internal id, in `object_id` or in the JSON details
(`person_id`, `person_ids`, `request_id`). The person and request filters follow those links,
and the entries about a person's requests and letters, so the DPO sees everything that touched
one person or one request.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

import pandas as pd

from konnektus.db.database import Cursor, first_row

# Each filter is "parameter IS NULL OR condition", so the SQL text is constant whatever the
# input; the queries below only join constant pieces. The person filter takes the person's
# reference (K0001614), resolved here, so an unknown reference simply matches nothing.
_WHERE = """
    (? = 0 OR list_contains(?, a.action))
    AND (? = 0 OR list_contains(?, a.staff_id))
    AND (?::VARCHAR IS NULL OR a.object_type = ?)
    AND (?::BIGINT IS NULL OR a.object_id = ?)
    AND (?::TIMESTAMP IS NULL OR a.occurred_at >= ?)
    AND (?::TIMESTAMP IS NULL OR a.occurred_at < ?)
    AND (?::VARCHAR IS NULL OR EXISTS (
        SELECT 1 FROM person p WHERE p.reference = ? AND (
            (a.object_type = 'person' AND a.object_id = p.id)
            OR TRY_CAST(json_extract_string(a.details, '$.person_id') AS BIGINT) = p.id
            OR list_contains(
                TRY_CAST(json_extract(a.details, '$.person_ids') AS BIGINT[]), p.id)
            OR (a.object_type = 'request' AND a.object_id IN
                (SELECT r.id FROM request r WHERE r.person_id = p.id))
            OR (a.object_type = 'letter' AND a.object_id IN
                (SELECT l.id FROM letter l WHERE l.person_id = p.id)))))
    AND (?::BIGINT IS NULL OR (a.object_type = 'request' AND a.object_id = ?)
        OR TRY_CAST(json_extract_string(a.details, '$.request_id') AS BIGINT) = ?
        OR (a.object_type = 'letter' AND a.object_id IN
            (SELECT l.id FROM letter l WHERE l.request_id = ?)))
"""

_COUNT_SQL = "SELECT count(*) FROM audit_entry a WHERE" + _WHERE  # noqa: S608
_ENTRIES_SQL = (
    "SELECT a.id, a.occurred_at, a.staff_id, s.name AS staff_name, a.role, a.action,"  # noqa: S608
    " a.object_type, a.object_id, a.details FROM audit_entry a"
    " LEFT JOIN staff s ON s.id = a.staff_id WHERE"
    + _WHERE
    + " ORDER BY a.id DESC LIMIT ? OFFSET ?"
)


def where_parameters(
    actions: tuple[str, ...],
    staff_ids: tuple[int, ...],
    object_type: str | None,
    object_id: int | None,
    since_utc: datetime | None,
    before_utc: datetime | None,
    person_reference: str | None,
    request_id: int | None,
) -> list[object]:
    """The parameters of `_WHERE`, in order; moments are naive UTC, `before_utc` exclusive."""
    return [
        len(actions),
        list(actions),
        len(staff_ids),
        list(staff_ids),
        object_type,
        object_type,
        object_id,
        object_id,
        since_utc,
        since_utc,
        before_utc,
        before_utc,
        person_reference,
        person_reference,
        request_id,
        request_id,
        request_id,
        request_id,
    ]


def entries(cur: Cursor, params: list[object], limit: int, offset: int) -> tuple[pd.DataFrame, int]:
    """One page of matching entries, newest first, and how many match in all."""
    total_row = first_row(cur, _COUNT_SQL, params)
    frame = cur.execute(_ENTRIES_SQL, [*params, limit, offset]).df()
    return frame, int(total_row[0]) if total_row else 0


def distinct_actions(cur: Cursor) -> list[str]:
    return [
        str(r[0])
        for r in cur.execute("SELECT DISTINCT action FROM audit_entry ORDER BY action").fetchall()
    ]


def staff_members(cur: Cursor) -> list[tuple[int, str]]:
    """(id, name) of every staff member, deactivated ones included: they stay in the log."""
    rows = cur.execute("SELECT id, name FROM staff ORDER BY name, id").fetchall()
    return [(int(i), str(n)) for i, n in rows]


def person_references(cur: Cursor, ids: Iterable[int]) -> dict[int, str]:
    rows = cur.execute(
        "SELECT id, reference FROM person WHERE list_contains(?, id)", [sorted(set(ids))]
    ).fetchall()
    return {int(i): str(r) for i, r in rows}


def staff_names(cur: Cursor, ids: Iterable[int]) -> dict[int, str]:
    rows = cur.execute(
        "SELECT id, name FROM staff WHERE list_contains(?, id)", [sorted(set(ids))]
    ).fetchall()
    return {int(i): str(n) for i, n in rows}


def recipient_names(cur: Cursor, ids: Iterable[int]) -> dict[int, str]:
    rows = cur.execute(
        "SELECT id, name FROM recipient WHERE list_contains(?, id)", [sorted(set(ids))]
    ).fetchall()
    return {int(i): str(n) for i, n in rows}
