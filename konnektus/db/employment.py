"""Employment rows: the running ones of a person, recording an end, and the legal holds an end
creates (O5)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

import pandas as pd

from konnektus.db.database import Cursor, first_row
from konnektus.domain.holds import NewHold

ENDED_ACTION = "employment_ended"  # the audit action of recording an end


def get(cur: Cursor, employment_id: int) -> dict[str, Any] | None:
    rows = cur.execute(
        "SELECT e.*, p.erased_at FROM employment e JOIN person p ON p.id = e.person_id"
        " WHERE e.id = ?",
        [employment_id],
    ).fetchall()
    if not rows:
        return None
    return dict(zip([d[0] for d in cur.description], rows[0], strict=True))


def running_of(cur: Cursor, person_id: int, today: date) -> pd.DataFrame:
    """The person's employments without an end, or ending after `today` (id, client, start,
    end, payroll reference): the ones whose end can still be recorded."""
    return cur.execute(
        "SELECT e.id, c.name AS client, e.start_date, e.end_date, e.payroll_reference"
        " FROM employment e JOIN client c ON c.id = e.client_id"
        " WHERE e.person_id = ? AND (e.end_date IS NULL OR e.end_date > ?)"
        " ORDER BY e.start_date, e.id",
        [person_id, today],
    ).df()


def set_end_if_running(cur: Cursor, employment_id: int, end_date: date, today: date) -> bool:
    """Record the end only while the employment has none (or a later one than today), so a
    second click or a colleague who was quicker changes nothing."""
    row = first_row(
        cur,
        "UPDATE employment SET end_date = ? WHERE id = ? AND (end_date IS NULL OR end_date > ?)"
        " RETURNING id",
        [end_date, employment_id, today],
    )
    return row is not None


def add_holds(
    cur: Cursor, person_id: int, employment_id: int, holds: Iterable[NewHold]
) -> list[int]:
    ids = []
    for hold in holds:
        row = first_row(
            cur,
            "INSERT INTO legal_hold (person_id, category, legal_ground, until, employment_id)"
            " VALUES (?, ?, ?, ?, ?) RETURNING id",
            [person_id, hold.kind.value, hold.legal_ground.value, hold.until, employment_id],
        )
        assert row is not None
        ids.append(int(row[0]))
    return ids


def others_running(cur: Cursor, person_id: int, employment_id: int, today: date) -> bool:
    """Whether another employment of the person still runs on `today`."""
    row = first_row(
        cur,
        "SELECT 1 FROM employment WHERE person_id = ? AND id <> ?"
        " AND (end_date IS NULL OR end_date >= ?) LIMIT 1",
        [person_id, employment_id, today],
    )
    return row is not None


def set_stage(cur: Cursor, person_id: int, stage: str) -> None:
    cur.execute("UPDATE person SET stage = ? WHERE id = ?", [stage, person_id])


def last_end_recorded(cur: Cursor, employment_id: int) -> tuple[str | None, datetime | None]:
    """Who recorded the end of this employment, and when (for "already done by X")."""
    row = first_row(
        cur,
        "SELECT coalesce(s.name, a.role), a.occurred_at FROM audit_entry a"
        " LEFT JOIN staff s ON s.id = a.staff_id"
        " WHERE a.action = ? AND a.object_type = 'employment' AND a.object_id = ?"
        " ORDER BY a.id DESC LIMIT 1",
        [ENDED_ACTION, employment_id],
    )
    return (str(row[0]), row[1]) if row else (None, None)
