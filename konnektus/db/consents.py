"""Consents per purpose (O8), and the disclosures that rely on them."""

from __future__ import annotations

from datetime import date

import pandas as pd

from konnektus.db import disclosure_days
from konnektus.db.database import Cursor


def of_person(cur: Cursor, person_id: int) -> pd.DataFrame:
    return cur.execute(
        "SELECT id, purpose, given_on, given_how, withdrawn_on, withdrawn_how FROM consent"
        " WHERE person_id = ? ORDER BY given_on",
        [person_id],
    ).df()


def add(cur: Cursor, person_id: int, purpose: str, given_on: date, given_how: str) -> int:
    """A consent of the person for one purpose, given on `given_on`; returns its id."""
    row = cur.execute(
        "INSERT INTO consent (person_id, purpose, given_on, given_how) VALUES (?, ?, ?, ?)"
        " RETURNING id",
        [person_id, purpose, given_on, given_how],
    ).fetchall()
    return int(row[0][0])


def withdraw_all(cur: Cursor, person_id: int, on: date, how: str) -> list[int]:
    rows = cur.execute(
        "UPDATE consent SET withdrawn_on = ?, withdrawn_how = ?"
        " WHERE person_id = ? AND withdrawn_on IS NULL RETURNING id",
        [on, how, person_id],
    ).fetchall()
    return sorted(int(r[0]) for r in rows)


def block_disclosures_relying_on(cur: Cursor, consent_ids: list[int], since: date) -> int:
    """Disclosures on or after the withdrawal that rely on a withdrawn consent are blocked."""
    if not consent_ids:
        return 0
    rows = cur.execute(
        "UPDATE disclosure SET blocked = TRUE WHERE list_contains(?, consent_id)"
        " AND disclosed_at >= ? AND NOT blocked RETURNING id",
        [consent_ids, since],
    ).fetchall()
    disclosure_days.refresh(cur, [int(r[0]) for r in rows])
    return len(rows)
