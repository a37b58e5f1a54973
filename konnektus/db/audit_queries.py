"""Reading the audit log with filters; every value goes in as a parameter."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd

from konnektus.db.database import Cursor, first_row

# Each filter is "parameter IS NULL OR condition", so the SQL text is constant whatever the
# input; the two queries below only join constant pieces.
_WHERE = """
    (? = 0 OR list_contains(?, a.action))
    AND (? = 0 OR list_contains(?, a.staff_id))
    AND (?::VARCHAR IS NULL OR a.object_type = ?)
    AND (?::BIGINT IS NULL OR a.object_id = ?)
    AND (?::TIMESTAMP IS NULL OR a.occurred_at >= ?)
    AND (?::TIMESTAMP IS NULL OR a.occurred_at < ?)
"""

_COUNT_SQL = "SELECT count(*) FROM audit_entry a WHERE" + _WHERE  # noqa: S608
_ENTRIES_SQL = (
    "SELECT a.id, a.occurred_at, a.staff_id, s.name AS staff_name, a.role, a.action,"  # noqa: S608
    " a.object_type, a.object_id, a.details FROM audit_entry a"
    " LEFT JOIN staff s ON s.id = a.staff_id WHERE"
    + _WHERE
    + " ORDER BY a.id DESC LIMIT ? OFFSET ?"
)


def entries(
    cur: Cursor,
    actions: tuple[str, ...],
    staff_ids: tuple[int, ...],
    object_type: str | None,
    object_id: int | None,
    since: date | None,
    until: date | None,
    limit: int,
    offset: int,
) -> tuple[pd.DataFrame, int]:
    end = until + timedelta(days=1) if until else None
    params = [
        len(actions),
        list(actions),
        len(staff_ids),
        list(staff_ids),
        object_type,
        object_type,
        object_id,
        object_id,
        since,
        since,
        end,
        end,
    ]
    total_row = first_row(cur, _COUNT_SQL, params)
    frame = cur.execute(_ENTRIES_SQL, [*params, limit, offset]).df()
    return frame, int(total_row[0]) if total_row else 0


def distinct_actions(cur: Cursor) -> list[str]:
    return [
        str(r[0])
        for r in cur.execute("SELECT DISTINCT action FROM audit_entry ORDER BY action").fetchall()
    ]
