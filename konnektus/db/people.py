"""Person rows: lookup, matching a requester to people, and rectifying fields."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Final

import pandas as pd

from konnektus.db.database import Cursor, first_row
from konnektus.domain.text import full_name

# Fields staff may rectify (O10), in form order. Names come from code, never from input.
RECTIFIABLE: Final = (
    "given_name",
    "tussenvoegsel",
    "family_name",
    "email",
    "phone",
    "street",
    "postcode",
    "city",
    "date_of_birth",
    "language",
)


def get(cur: Cursor, person_id: int) -> dict[str, Any] | None:
    rows = cur.execute("SELECT * FROM person WHERE id = ?", [person_id]).fetchall()
    if not rows:
        return None
    return dict(zip([d[0] for d in cur.description], rows[0], strict=True))


def display_name(person: dict[str, Any]) -> str:
    return full_name(
        person.get("given_name"), person.get("tussenvoegsel"), person.get("family_name")
    )


def candidates(
    cur: Cursor, email: str | None, name_tokens: list[str], limit: int = 10
) -> pd.DataFrame:
    """People whose e-mail matches exactly, or whose full name contains every token."""
    return cur.execute(
        "SELECT id, reference, given_name, tussenvoegsel, family_name, email, city, date_of_birth"
        " FROM person WHERE erased_at IS NULL AND ("
        " (?::VARCHAR IS NOT NULL AND lower(email) = lower(?))"
        " OR (len(?) > 0 AND list_bool_and(list_transform(?, lambda t: contains("
        "  strip_accents(lower(concat_ws(' ', given_name, tussenvoegsel, family_name))), t)))))"
        " ORDER BY (lower(email) = lower(coalesce(?, ''))) DESC, family_name, given_name"
        " LIMIT ?",
        [email, email, name_tokens, name_tokens, email, limit],
    ).df()


def update_field(cur: Cursor, person_id: int, field: str, value: object) -> None:
    if field not in RECTIFIABLE:
        raise ValueError(f"{field} cannot be rectified")
    cur.execute(f"UPDATE person SET {field} = ? WHERE id = ?", [value, person_id])  # noqa: S608


def record_change(
    cur: Cursor,
    person_id: int,
    request_id: int | None,
    field: str,
    old: object,
    new: object,
    at: datetime,
    staff_id: int | None,
) -> None:
    cur.execute(
        "INSERT INTO person_change (person_id, request_id, field, old_value, new_value,"
        " changed_at, staff_id) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            person_id,
            request_id,
            field,
            None if old is None else str(old),
            None if new is None else str(new),
            at,
            staff_id,
        ],
    )


def exists(cur: Cursor, person_id: int) -> bool:
    return (
        first_row(cur, "SELECT 1 FROM person WHERE id = ? AND erased_at IS NULL", [person_id])
        is not None
    )


def by_reference(cur: Cursor, reference: str) -> dict[str, Any] | None:
    rows = cur.execute("SELECT * FROM person WHERE reference = ?", [reference]).fetchall()
    if not rows:
        return None
    return dict(zip([d[0] for d in cur.description], rows[0], strict=True))
