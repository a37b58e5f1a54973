"""Data-subject requests and their timelines; every change is conditional on the status seen."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pandas as pd

from konnektus.db.database import Cursor, first_row

_REQUEST_COLUMNS = (
    "id",
    "type",
    "channel",
    "received_at",
    "requester_name",
    "requester_email",
    "free_text",
    "person_id",
    "status",
    "assignee_id",
    "identity_requested_at",
    "identity_verified_at",
    "paused_days",
    "extension_notice_sent_at",
    "extension_reason",
    "one_month_mark",
    "due_date",
    "original_due_date",
    "closed_at",
    "outcome",
    "outcome_reason",
    "late_reason",
)
# Columns a status change may set besides the status (names from code, never from input).
UPDATABLE = frozenset(_REQUEST_COLUMNS) - {"id", "type", "channel", "received_at"}


def insert(cur: Cursor, values: dict[str, Any]) -> int:
    columns = [c for c in _REQUEST_COLUMNS if c in values and c != "id"]
    row = first_row(
        cur,
        f"INSERT INTO request ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})"  # noqa: S608
        " RETURNING id",
        [values[c] for c in columns],
    )
    assert row is not None
    return int(row[0])


def same_request(
    cur: Cursor, request_type: str, received_at: datetime, requester_name: str, email: str | None
) -> int | None:
    """The id of an identical request already logged (a double click), if any."""
    row = first_row(
        cur,
        "SELECT id FROM request WHERE type = ? AND received_at = ? AND requester_name = ?"
        " AND requester_email IS NOT DISTINCT FROM ? ORDER BY id LIMIT 1",
        [request_type, received_at, requester_name, email],
    )
    return int(row[0]) if row else None


def get(cur: Cursor, request_id: int) -> dict[str, Any] | None:
    rows = cur.execute(
        "SELECT r.*, s.name AS assignee_name FROM request r"
        " LEFT JOIN staff s ON s.id = r.assignee_id WHERE r.id = ?",
        [request_id],
    ).fetchall()
    if not rows:
        return None
    names = [d[0] for d in cur.description]
    return dict(zip(names, rows[0], strict=True))


def update_if_status(
    cur: Cursor, request_id: int, expected_status: str, changes: dict[str, Any]
) -> bool:
    """Apply `changes` only if the request still has `expected_status`; True if it did.

    This is what makes a double click or two DPOs at once harmless: the second UPDATE
    finds the status already changed and touches nothing.
    """
    unknown = set(changes) - UPDATABLE
    if unknown:
        raise ValueError(f"not updatable: {sorted(unknown)}")
    assignments = ", ".join(f"{column} = ?" for column in changes)
    row = first_row(
        cur,
        f"UPDATE request SET {assignments} WHERE id = ? AND status = ? RETURNING id",  # noqa: S608
        [*changes.values(), request_id, expected_status],
    )
    return row is not None


def match_if_unmatched(cur: Cursor, request_id: int, seen_status: str, person_id: int) -> bool:
    """Link a person only to a request that has none, so a stale screen cannot re-link it."""
    row = first_row(
        cur,
        "UPDATE request SET person_id = ? WHERE id = ? AND status = ? AND person_id IS NULL"
        " RETURNING id",
        [person_id, request_id, seen_status],
    )
    return row is not None


def add_event(
    cur: Cursor,
    request_id: int,
    at: datetime,
    staff_id: int | None,
    from_status: str | None,
    to_status: str | None,
    note: str | None,
) -> None:
    cur.execute(
        "INSERT INTO request_event (request_id, occurred_at, staff_id, from_status, to_status,"
        " note) VALUES (?, ?, ?, ?, ?, ?)",
        [request_id, at, staff_id, from_status, to_status, note],
    )


def last_change(cur: Cursor, request_id: int) -> tuple[str | None, datetime | None]:
    """Who made the latest change, and when: for "already done by X"."""
    row = first_row(
        cur,
        "SELECT s.name, e.occurred_at FROM request_event e LEFT JOIN staff s ON s.id = e.staff_id"
        " WHERE e.request_id = ? ORDER BY e.id DESC LIMIT 1",
        [request_id],
    )
    return (row[0], row[1]) if row else (None, None)


def events(cur: Cursor, request_id: int) -> pd.DataFrame:
    return cur.execute(
        "SELECT e.occurred_at, s.name AS staff_name, e.from_status, e.to_status, e.note"
        " FROM request_event e LEFT JOIN staff s ON s.id = e.staff_id"
        " WHERE e.request_id = ? ORDER BY e.id",
        [request_id],
    ).df()


def open_queue(
    cur: Cursor,
    statuses: list[str],
    types: list[str],
    assignee_id: int | None,
    number: int | None = None,
    name_tokens: list[str] | None = None,
) -> pd.DataFrame:
    """Requests in `statuses`, soonest due first, with the matched person's name. A `number`
    finds that one request, whatever its status; `name_tokens` (folded to lower-case ASCII)
    keep the requests whose requester's or person's name contains every token."""
    tokens = name_tokens or []
    frame = cur.execute(
        "SELECT r.id, r.type, r.status, r.channel, r.received_at, r.one_month_mark,"
        " r.original_due_date, r.due_date, r.extension_notice_sent_at IS NOT NULL AS notice_sent,"
        " r.paused_days, r.person_id, p.reference,"
        " concat_ws(' ', p.given_name, p.tussenvoegsel, p.family_name) AS person_name,"
        " r.requester_name, r.assignee_id, s.name AS assignee_name"
        " FROM request r LEFT JOIN person p ON p.id = r.person_id"
        " LEFT JOIN staff s ON s.id = r.assignee_id"
        " WHERE (?::BIGINT IS NOT NULL AND r.id = ?) OR (?::BIGINT IS NULL"
        " AND list_contains(?, r.status) AND (len(?) = 0 OR list_contains(?, r.type))"
        " AND (?::BIGINT IS NULL OR r.assignee_id = ?)"
        " AND (len(?) = 0 OR list_bool_and(list_transform(?, lambda t: contains("
        "  strip_accents(lower(concat_ws(' ', r.requester_name, p.given_name, p.tussenvoegsel,"
        "  p.family_name))), t)))))"
        " ORDER BY r.due_date, r.received_at",
        [number, number, number, statuses, types, types, assignee_id, assignee_id, tokens, tokens],
    ).df()
    # pandas turns DATE into timestamps; the deadline rules work on calendar dates
    for column in ("one_month_mark", "original_due_date", "due_date"):
        frame[column] = frame[column].dt.date
    return frame


def assignable_staff(cur: Cursor) -> list[tuple[int, str]]:
    """Staff who may carry out requests: active DPOs."""
    rows = cur.execute(
        "SELECT id, name FROM staff WHERE active AND role = 'dpo' ORDER BY name"
    ).fetchall()
    return [(int(r[0]), str(r[1])) for r in rows]


def due_dates_for(cur: Cursor, request_id: int) -> tuple[date, date] | None:
    row = first_row(cur, "SELECT one_month_mark, due_date FROM request WHERE id = ?", [request_id])
    return (row[0], row[1]) if row else None


def set_late_reason(cur: Cursor, request_id: int, reason: str) -> None:
    """The reason a closed request was late (issue 20 point 4), kept for the archive."""
    cur.execute("UPDATE request SET late_reason = ? WHERE id = ?", [reason, request_id])
