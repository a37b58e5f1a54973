"""SQL for withdrawing one consent (O8) and removing what was held only on it (Art. 17(1)(b))."""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd

from konnektus.db.database import Cursor, first_row


def consents_of(cur: Cursor, person_id: int) -> pd.DataFrame:
    return cur.execute(
        "SELECT id, purpose, given_on, given_how, withdrawn_on, withdrawn_how FROM consent"
        " WHERE person_id = ? ORDER BY given_on, id",
        [person_id],
    ).df()


def consent(cur: Cursor, consent_id: int) -> dict[str, Any] | None:
    row = first_row(
        cur,
        "SELECT person_id, purpose, withdrawn_on, given_on FROM consent WHERE id = ?",
        [consent_id],
    )
    if row is None:
        return None
    return {"person_id": int(row[0]), "purpose": row[1], "withdrawn_on": row[2], "given_on": row[3]}


def withdraw(cur: Cursor, consent_id: int, on: date, how: str) -> bool:
    """Withdraw one consent, only while still given: a second click changes nothing."""
    done = cur.execute(
        "UPDATE consent SET withdrawn_on = ?, withdrawn_how = ?"
        " WHERE id = ? AND withdrawn_on IS NULL RETURNING id",
        [on, how, consent_id],
    ).fetchall()
    return bool(done)


def withdrawn_purposes(cur: Cursor, person_id: int) -> set[str]:
    """Purposes the person consented to once and for which no consent is still given."""
    rows = cur.execute(
        "SELECT purpose FROM consent WHERE person_id = ? GROUP BY purpose"
        " HAVING bool_and(withdrawn_on IS NOT NULL)",
        [person_id],
    ).fetchall()
    return {str(r[0]) for r in rows}


def items_on_consent(
    cur: Cursor, person_id: int, purposes: list[str], unlinked_categories: list[str]
) -> pd.DataFrame:
    """Items held on the basis of consent, under no legal hold, that rest on a consent of the
    person for one of `purposes` (the consent they name, migration 017), and items that name
    no consent in `unlinked_categories` (an old file's items no consent could be matched to)."""
    return cur.execute(
        "SELECT i.id, i.category, i.purpose, i.collected_on FROM personal_data_item i"
        " LEFT JOIN consent c ON c.id = i.consent_id AND c.person_id = i.person_id"
        " WHERE i.person_id = ? AND i.legal_basis = 'consent' AND i.held_until IS NULL"
        " AND (list_contains(?, c.purpose)"
        "  OR (i.consent_id IS NULL AND list_contains(?, i.category)))"
        " ORDER BY i.category, i.id",
        [person_id, purposes, unlinked_categories],
    ).df()


def remove_items(cur: Cursor, person_id: int, item_ids: list[int]) -> int:
    removed = cur.execute(
        "DELETE FROM personal_data_item WHERE person_id = ? AND legal_basis = 'consent'"
        " AND id IN (SELECT unnest(?::BIGINT[])) RETURNING id",
        [person_id, item_ids],
    ).fetchall()
    return len(removed)


def last_withdrawal(cur: Cursor, consent_id: int) -> tuple[str | None, Any]:
    row = first_row(
        cur,
        "SELECT s.name, a.occurred_at FROM audit_entry a LEFT JOIN staff s ON s.id = a.staff_id"
        " WHERE a.action = 'consent_withdrawn' AND a.object_type = 'consent'"
        " AND a.object_id = ? ORDER BY a.id DESC LIMIT 1",
        [consent_id],
    )
    return (row[0], row[1]) if row else (None, None)
