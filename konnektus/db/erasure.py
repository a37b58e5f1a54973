"""Erasing one person inside the caller's transaction (O11).

Rows that carry identifying values are removed; rows that other records or the law still need
are anonymised (identifying columns emptied) so that counts and the audit chain stay whole.
Employment rows stay while a legal hold runs: they carry no identifying values once the person
row is anonymised. Returns, per table, how many rows were removed and anonymised.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from konnektus.db.database import Cursor

ERASED = "[verwijderd]"


def _count(cur: Cursor, sql: str, params: Sequence[object]) -> int:
    return len(cur.execute(sql, list(params)).fetchall())


def erase_person(
    cur: Cursor, person_id: int, at: datetime, *, keep_employment: bool
) -> dict[str, tuple[int, int]]:
    """Remove or anonymise everything about `person_id`; {table: (removed, anonymised)}."""
    p = [person_id]
    result: dict[str, tuple[int, int]] = {}
    for table in ("personal_data_item", "proposal", "retention_contact", "person_change"):
        result[table] = (
            _count(cur, f"DELETE FROM {table} WHERE person_id = ? RETURNING id", p),  # noqa: S608
            0,
        )
    if keep_employment:
        result["employment"] = (0, 0)
    else:
        result["employment"] = (
            _count(cur, "DELETE FROM employment WHERE person_id = ? RETURNING id", p),
            0,
        )
    result["request_event"] = (
        0,
        _count(
            cur,
            "UPDATE request_event SET note = NULL WHERE note IS NOT NULL AND request_id IN"
            " (SELECT id FROM request WHERE person_id = ?) RETURNING id",
            p,
        ),
    )
    result["request"] = (
        0,
        _count(
            cur,
            "UPDATE request SET requester_name = ?, requester_email = NULL, free_text = NULL,"
            " extension_reason = NULL WHERE person_id = ? RETURNING id",
            [ERASED, person_id],
        ),
    )
    result["letter"] = (
        0,
        _count(
            cur,
            "UPDATE letter SET body = ?, recipient_email = NULL WHERE person_id = ? RETURNING id",
            [ERASED, person_id],
        ),
    )
    # consents, disclosures and legal holds hold no identifying values: they stay as the
    # record of what was agreed and shared (Art. 5(2), Art. 19) and of why data is kept
    for table in ("consent", "disclosure", "legal_hold"):
        result[table] = (0, 0)
    result["person"] = (
        0,
        _count(
            cur,
            "UPDATE person SET given_name = ?, tussenvoegsel = NULL, family_name = ?, email = NULL,"
            " phone = NULL, street = NULL, postcode = NULL, city = NULL, date_of_birth = NULL,"
            " erased_at = ? WHERE id = ? AND erased_at IS NULL RETURNING id",
            [ERASED, ERASED, at, person_id],
        ),
    )
    return result
