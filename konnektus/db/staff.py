"""Staff rows: who may sign in, with which role."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from konnektus.db.database import Cursor, first_row
from konnektus.domain.permissions import Role
from konnektus.domain.staff import StaffMember


def _member(row: tuple[Any, ...] | None) -> StaffMember | None:
    if row is None:
        return None
    return StaffMember(int(row[0]), str(row[1]), str(row[2]), Role(row[3]), bool(row[4]))


def by_email(cur: Cursor, email: str) -> StaffMember | None:
    """E-mail addresses compare case-insensitively, as mail systems do."""
    return _member(
        first_row(
            cur,
            "SELECT id, email, name, role, active FROM staff WHERE lower(email) = lower(?)",
            [email.strip()],
        )
    )


def by_id(cur: Cursor, staff_id: int) -> StaffMember | None:
    return _member(
        first_row(cur, "SELECT id, email, name, role, active FROM staff WHERE id = ?", [staff_id])
    )


def all_staff(cur: Cursor) -> list[StaffMember]:
    rows = cur.execute(
        "SELECT id, email, name, role, active FROM staff ORDER BY role, name"
    ).fetchall()
    return [m for m in (_member(tuple(r)) for r in rows) if m is not None]


def first_of_each_role(cur: Cursor) -> list[StaffMember]:
    """The demo personas: the active staff member with the lowest id in each role."""
    rows = cur.execute(
        "SELECT id, email, name, role, active FROM staff WHERE active AND id IN"
        " (SELECT min(id) FROM staff WHERE active GROUP BY role) ORDER BY id"
    ).fetchall()
    return [m for m in (_member(tuple(r)) for r in rows) if m is not None]


def insert(cur: Cursor, email: str, name: str, role: Role, at: datetime) -> int:
    row = first_row(
        cur,
        "INSERT INTO staff (email, name, role, active, created_at) VALUES (?, ?, ?, TRUE, ?)"
        " RETURNING id",
        [email.strip(), name.strip(), role.value, at],
    )
    assert row is not None
    return int(row[0])


def deactivate(cur: Cursor, staff_id: int) -> bool:
    """True when this call changed the row (it was active)."""
    row = first_row(
        cur, "UPDATE staff SET active = FALSE WHERE id = ? AND active RETURNING id", [staff_id]
    )
    return row is not None


def with_role(cur: Cursor, role: Role) -> list[tuple[int, str]]:
    rows = cur.execute(
        "SELECT id, name FROM staff WHERE role = ? AND active ORDER BY name", [role.value]
    ).fetchall()
    return [(int(r[0]), str(r[1])) for r in rows]


def name_of(cur: Cursor, staff_id: int) -> str | None:
    row = first_row(cur, "SELECT name FROM staff WHERE id = ?", [staff_id])
    return str(row[0]) if row else None
