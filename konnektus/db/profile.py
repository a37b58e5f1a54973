"""Everything a profile page shows about one person, table by table."""

from __future__ import annotations

from datetime import date

import pandas as pd

from konnektus.db.database import Cursor, first_row
from konnektus.db.sharing import any_shown, withheld_columns


def items(cur: Cursor, person_id: int) -> pd.DataFrame:
    return cur.execute(
        "SELECT id, category, value, collected_on, purpose, legal_basis, special_category"
        " FROM personal_data_item WHERE person_id = ? ORDER BY category, collected_on",
        [person_id],
    ).df()


def item(cur: Cursor, item_id: int) -> tuple[int, str, str] | None:
    """An item of a living person; held items of erased people are read only through the
    legal-holds page (konnektus/services/held_data.py)."""
    row = first_row(
        cur,
        "SELECT i.person_id, i.category, i.value FROM personal_data_item i"
        " JOIN person p ON p.id = i.person_id WHERE i.id = ? AND p.erased_at IS NULL",
        [item_id],
    )
    return (int(row[0]), str(row[1]), str(row[2])) if row else None


def history(cur: Cursor, person_id: int) -> pd.DataFrame:
    """Proposals and employments, newest first: the person's path through the agency."""
    return cur.execute(
        "SELECT pr.proposed_on AS since, NULL::DATE AS until, 'proposal' AS kind,"
        " c.name AS client, v.title AS vacancy, pr.outcome AS detail"
        " FROM proposal pr JOIN vacancy v ON v.id = pr.vacancy_id"
        " JOIN client c ON c.id = v.client_id"
        " WHERE pr.person_id = ?"
        " UNION ALL"
        " SELECT e.start_date, e.end_date, 'employment', c.name, NULL, e.payroll_reference"
        " FROM employment e JOIN client c ON c.id = e.client_id WHERE e.person_id = ?"
        " ORDER BY since DESC",
        [person_id, person_id],
    ).df()


def disclosures(cur: Cursor, person_id: int, hidden: list[str]) -> pd.DataFrame:
    """The person's disclosures, newest first; categories in `hidden` left out, and a
    disclosure of nothing else not listed (sharing.withheld_columns)."""
    sql = f"""
        SELECT d.disclosed_at, r.name AS recipient, {withheld_columns("d")},
            d.legal_basis, d.notified_on, d.blocked
        FROM disclosure d JOIN recipient r ON r.id = d.recipient_id
        WHERE d.person_id = $person AND {any_shown("d")}
        ORDER BY d.disclosed_at DESC
    """  # noqa: S608 -- fragments are code constants
    return cur.execute(
        sql,
        {"person": person_id, "hidden": hidden},
    ).df()


def requests(cur: Cursor, person_id: int) -> pd.DataFrame:
    return cur.execute(
        "SELECT id, type, status, received_at, due_date FROM request WHERE person_id = ?"
        " ORDER BY received_at DESC",
        [person_id],
    ).df()


def letters(cur: Cursor, person_id: int) -> pd.DataFrame:
    return cur.execute(
        "SELECT created_at, kind, subject, delivery_status FROM letter WHERE person_id = ?"
        " ORDER BY created_at DESC",
        [person_id],
    ).df()


def retention_contacts(cur: Cursor, person_id: int) -> pd.DataFrame:
    return cur.execute(
        "SELECT contacted_on, channel, answer, answered_on FROM retention_contact"
        " WHERE person_id = ? ORDER BY contacted_on DESC",
        [person_id],
    ).df()


def add_item(
    cur: Cursor,
    person_id: int,
    category: str,
    value: str,
    on: date,
    purpose: str,
    legal_basis: str,
) -> int:
    row = first_row(
        cur,
        "INSERT INTO personal_data_item (person_id, category, value, collected_on, purpose,"
        " legal_basis, special_category) VALUES (?, ?, ?, ?, ?, ?, FALSE) RETURNING id",
        [person_id, category, value, on, purpose, legal_basis],
    )
    assert row is not None
    return int(row[0])
