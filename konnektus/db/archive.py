"""Closed requests, found again: the archive's queries (issue 10, point 5)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pandas as pd

from konnektus.db.database import Cursor
from konnektus.db.management import CLOSED_ON, LAWFUL_DUE

CLOSED = ["completed", "rejected", "withdrawn"]


def closed_requests(
    cur: Cursor,
    *,
    kinds: list[str],
    closed_from: datetime,
    closed_before: datetime,
    reference: str | None,
    limit: int = 500,
) -> pd.DataFrame:
    """Closed requests, newest first: by type, by the period they were closed in (UTC moments)
    and by the person's reference (kept after an erasure; it identifies nobody by itself).
    `lawful_due` is the date it had to be answered by in law and `on_time` whether it was
    (LAWFUL_DUE: an erasure done in its second month without an extension notice is late)."""
    return cur.execute(
        "SELECT r.id, r.type, r.status, r.received_at, r.closed_at, r.due_date,"  # noqa: S608
        f" {LAWFUL_DUE} AS lawful_due, {CLOSED_ON} <= {LAWFUL_DUE} AS on_time,"
        " p.reference, r.outcome_reason, r.late_reason,"
        " EXISTS (SELECT 1 FROM letter l WHERE l.request_id = r.id"
        "  AND l.kind = 'erasure_certificate') AS has_certificate,"
        " EXISTS (SELECT 1 FROM request_export x WHERE x.request_id = r.id) AS has_export"
        " FROM request r LEFT JOIN person p ON p.id = r.person_id"
        " WHERE list_contains($closed, r.status)"
        " AND (len($kinds) = 0 OR list_contains($kinds, r.type))"
        " AND r.closed_at >= $since AND r.closed_at < $until"
        " AND ($reference IS NULL OR upper(p.reference) = upper($reference))"
        " ORDER BY r.closed_at DESC, r.id DESC LIMIT $limit",
        {
            "closed": CLOSED,
            "kinds": kinds,
            "since": closed_from,
            "until": closed_before,
            "reference": reference,
            "limit": limit,
        },
    ).df()


def letters_with_bodies(cur: Cursor, request_id: int) -> list[dict[str, Any]]:
    rows = cur.execute(
        "SELECT id, kind, language, subject, body, created_at, sent_at, delivery_status"
        " FROM letter WHERE request_id = ? ORDER BY id",
        [request_id],
    ).fetchall()
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row, strict=True)) for row in rows]


def first_closed_day(cur: Cursor) -> date | None:
    rows = cur.execute("SELECT min(closed_at) FROM request").fetchall()
    value = rows[0][0] if rows else None
    return value.date() if value is not None else None
