"""SQL for telling recipients of a rectification or restriction (Art. 19 GDPR)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Final

import pandas as pd

from konnektus.db.database import Cursor, first_row

# A task: a completed request of these types, and a recipient that received the person's data
# before the request was closed.
_TASKS: Final = """
    SELECT r.id AS request_id, r.type, r.closed_at, r.person_id, pe.reference,
        d.recipient_id, rc.name AS recipient, rc.country,
        count(d.id) AS disclosures, min(d.disclosed_at) AS first_disclosed,
        max(d.disclosed_at) AS last_disclosed,
        list_sort(list_distinct(flatten(list(d.data_categories)))) AS categories,
        any_value(n.id) AS notice_id, any_value(n.letter_id) AS letter_id,
        any_value(n.sent_at) AS sent_at
    FROM request r
    JOIN person pe ON pe.id = r.person_id AND pe.erased_at IS NULL
    JOIN disclosure d ON d.person_id = r.person_id AND d.disclosed_at <= r.closed_at
    JOIN recipient rc ON rc.id = d.recipient_id
    LEFT JOIN recipient_notice n ON n.request_id = r.id AND n.recipient_id = d.recipient_id
    WHERE r.status = 'completed' AND list_contains($types, r.type)
"""


def tasks(cur: Cursor, types: list[str], *, open_only: bool, limit: int) -> pd.DataFrame:
    """Per request and recipient: what went there, and whether the letter is queued or sent."""
    sql = (
        f"SELECT * FROM ({_TASKS} GROUP BY ALL) t"  # noqa: S608 -- code constants only
        + (" WHERE t.sent_at IS NULL" if open_only else "")
        + " ORDER BY t.closed_at DESC, t.request_id, t.recipient LIMIT $limit"
    )
    return cur.execute(sql, {"types": types, "limit": limit}).df()


def task(
    cur: Cursor, types: list[str], request_id: int, recipient_id: int
) -> dict[str, Any] | None:
    result = cur.execute(
        f"SELECT * FROM ({_TASKS} AND r.id = $request AND d.recipient_id = $recipient"  # noqa: S608
        " GROUP BY ALL) t",
        {"types": types, "request": request_id, "recipient": recipient_id},
    )
    rows = result.fetchall()
    if not rows:
        return None
    return dict(zip([c[0] for c in result.description], rows[0], strict=True))


def changed_fields(cur: Cursor, request_id: int) -> list[tuple[str, str | None]]:
    """(field, new value) of a rectification, latest value per field."""
    rows = cur.execute(
        "SELECT field, arg_max(new_value, changed_at) FROM person_change WHERE request_id = ?"
        " GROUP BY field ORDER BY field",
        [request_id],
    ).fetchall()
    return [(str(f), v) for f, v in rows]


def add_notice(
    cur: Cursor, request_id: int, recipient_id: int, letter_id: int, at: datetime, by: int | None
) -> int:
    row = first_row(
        cur,
        "INSERT INTO recipient_notice (request_id, recipient_id, letter_id, created_at,"
        " created_by) VALUES (?, ?, ?, ?, ?) RETURNING id",
        [request_id, recipient_id, letter_id, at, by],
    )
    assert row is not None
    return int(row[0])


def mark_sent(cur: Cursor, notice_id: int, at: datetime, by: int | None) -> bool:
    done = cur.execute(
        "UPDATE recipient_notice SET sent_at = ?, sent_by = ? WHERE id = ? AND sent_at IS NULL"
        " RETURNING id",
        [at, by, notice_id],
    ).fetchall()
    return bool(done)


def last_change(cur: Cursor, request_id: int, recipient_id: int) -> tuple[str | None, Any]:
    """Who queued or ticked off the letter for this request and recipient, and when."""
    row = first_row(
        cur,
        "SELECT s.name, coalesce(n.sent_at, n.created_at) FROM recipient_notice n"
        " LEFT JOIN staff s ON s.id = coalesce(n.sent_by, n.created_by)"
        " WHERE n.request_id = ? AND n.recipient_id = ?",
        [request_id, recipient_id],
    )
    return (row[0], row[1]) if row else (None, None)


def notice(cur: Cursor, notice_id: int) -> tuple[int, int] | None:
    row = first_row(
        cur, "SELECT request_id, recipient_id FROM recipient_notice WHERE id = ?", [notice_id]
    )
    return None if row is None else (int(row[0]), int(row[1]))
