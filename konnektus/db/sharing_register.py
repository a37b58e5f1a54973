"""SQL of the recipient register (O7): read, add, edit, suspend and reactivate.

Edits and status changes are conditional on the version the user saw (`changed_at`), so a
colleague's later save is never overwritten and a second click changes nothing.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Final

import pandas as pd

from konnektus.db.database import Cursor, first_row

RECIPIENT_FIELDS: Final = (
    "name",
    "category",
    "kind",
    "dpa_signed_on",
    "dpa_expires_on",
    "country",
    "safeguard",
)


def recipients(cur: Cursor) -> pd.DataFrame:
    return cur.execute(
        "SELECT r.id, r.name, r.category, r.kind, r.dpa_signed_on, r.dpa_expires_on, r.country,"
        " r.safeguard, r.active, r.changed_at, s.name AS changed_by"
        " FROM recipient r LEFT JOIN staff s ON s.id = r.changed_by ORDER BY r.name"
    ).df()


def recipient(cur: Cursor, recipient_id: int) -> dict[str, Any] | None:
    result = cur.execute(
        "SELECT id, name, category, kind, dpa_signed_on, dpa_expires_on, country, safeguard,"
        " active, changed_at FROM recipient WHERE id = ?",
        [recipient_id],
    )
    rows = result.fetchall()
    if not rows:
        return None
    names = [column[0] for column in result.description]
    return dict(zip(names, rows[0], strict=True))


def name_taken(cur: Cursor, name: str, other_than: int | None) -> bool:
    row = first_row(
        cur,
        "SELECT count(*) FROM recipient WHERE lower(name) = lower(?) AND id IS DISTINCT FROM ?",
        [name, other_than],
    )
    return bool(row and row[0])


def insert_recipient(cur: Cursor, fields: dict[str, Any], at: datetime, by: int | None) -> int:
    values = [fields[name] for name in RECIPIENT_FIELDS]
    row = first_row(
        cur,
        "INSERT INTO recipient (name, category, kind, dpa_signed_on, dpa_expires_on, country,"
        " safeguard, active, changed_at, changed_by) VALUES (?, ?, ?, ?, ?, ?, ?, TRUE, ?, ?)"
        " RETURNING id",
        [*values, at, by],
    )
    assert row is not None
    return int(row[0])


def update_recipient_if_unchanged(
    cur: Cursor,
    recipient_id: int,
    seen_changed_at: datetime | None,
    fields: dict[str, Any],
    at: datetime,
    by: int | None,
) -> bool:
    """Apply an edit only to the version the user saw; False when someone changed it since."""
    rows = cur.execute(
        "UPDATE recipient SET name = ?, category = ?, kind = ?, dpa_signed_on = ?,"
        " dpa_expires_on = ?, country = ?, safeguard = ?, changed_at = ?, changed_by = ?"
        " WHERE id = ? AND changed_at IS NOT DISTINCT FROM ? RETURNING id",
        [*(fields[name] for name in RECIPIENT_FIELDS), at, by, recipient_id, seen_changed_at],
    ).fetchall()
    return bool(rows)


def set_active_if(
    cur: Cursor, recipient_id: int, active: bool, at: datetime, by: int | None
) -> bool:
    """Suspend or reactivate, only from the other status: a second click changes nothing."""
    rows = cur.execute(
        "UPDATE recipient SET active = ?, changed_at = ?, changed_by = ?"
        " WHERE id = ? AND active = ? RETURNING id",
        [active, at, by, recipient_id, not active],
    ).fetchall()
    return bool(rows)


def last_change(cur: Cursor, recipient_id: int) -> tuple[str | None, datetime | None]:
    row = first_row(
        cur,
        "SELECT s.name, r.changed_at FROM recipient r LEFT JOIN staff s ON s.id = r.changed_by"
        " WHERE r.id = ?",
        [recipient_id],
    )
    return (row[0], row[1]) if row else (None, None)
