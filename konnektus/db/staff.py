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


def set_role(cur: Cursor, staff_id: int, seen: Role, role: Role) -> bool:
    """Conditional on the role the DPO saw; False when it is already `role` or changed."""
    if seen is role:
        return False
    row = first_row(
        cur,
        "UPDATE staff SET role = ? WHERE id = ? AND role = ? RETURNING id",
        [role.value, staff_id, seen.value],
    )
    return row is not None


def reactivate(cur: Cursor, staff_id: int) -> bool:
    row = first_row(
        cur, "UPDATE staff SET active = TRUE WHERE id = ? AND NOT active RETURNING id", [staff_id]
    )
    return row is not None


def bound_flags(cur: Cursor) -> dict[int, bool]:
    rows = cur.execute("SELECT id, oidc_sub IS NOT NULL FROM staff").fetchall()
    return {int(r[0]): bool(r[1]) for r in rows}


def bound_sub(cur: Cursor, staff_id: int) -> str | None:
    """The identity provider's subject this member signs in as; None until the first."""
    row = first_row(cur, "SELECT oidc_sub FROM staff WHERE id = ?", [staff_id])
    return None if row is None or row[0] is None else str(row[0])


def bind_sub(cur: Cursor, staff_id: int, sub: str, at: datetime) -> bool:
    """Bind on first sign-in; False when a binding already exists (another session won)."""
    row = first_row(
        cur,
        "UPDATE staff SET oidc_sub = ?, oidc_sub_bound_at = ? WHERE id = ? AND oidc_sub IS NULL"
        " RETURNING id",
        [sub, at, staff_id],
    )
    return row is not None


def member_with_sub(cur: Cursor, sub: str) -> int | None:
    row = first_row(cur, "SELECT id FROM staff WHERE oidc_sub = ?", [sub])
    return None if row is None else int(row[0])


def reset_sub(cur: Cursor, staff_id: int) -> bool:
    """Forget the binding (a new account at the provider); True when there was one."""
    row = first_row(
        cur,
        "UPDATE staff SET oidc_sub = NULL, oidc_sub_bound_at = NULL"
        " WHERE id = ? AND oidc_sub IS NOT NULL RETURNING id",
        [staff_id],
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
