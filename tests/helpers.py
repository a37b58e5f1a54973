"""Helpers shared by test layers."""

from __future__ import annotations

import hashlib
from datetime import date

from konnektus.db.database import Database
from konnektus.domain.permissions import Role
from konnektus.domain.retention import Clock, retention_state
from konnektus.domain.staff import StaffMember


def fingerprint(db: Database) -> dict[str, str]:
    """A digest of every row of every table: equal fingerprints, unchanged database."""
    digests = {}
    for (table,) in db.query("SELECT table_name FROM information_schema.tables ORDER BY 1"):
        rows = db.query(f'SELECT * FROM "{table}" ORDER BY ALL')
        digests[table] = hashlib.sha256(repr(rows).encode()).hexdigest()
    return digests


def member(role: Role, *, staff_id: int = 900, active: bool = True) -> StaffMember:
    return StaffMember(staff_id, f"{role.value}@konnektus.test", f"Test {role.value}", role, active)


def demo_member(db: Database, role: Role) -> StaffMember:
    """The demo persona of `role` (the first active staff member with it)."""
    row = db.query(
        "SELECT id, email, name FROM staff WHERE role = ? AND active ORDER BY id LIMIT 1",
        [role.value],
    )[0]
    return StaffMember(int(row[0]), str(row[1]), str(row[2]), role, True)


def domain_retention_states(db: Database, today: date, ids: list[int] | None = None) -> list[str]:
    """The retention state of every (living) person, computed row by row by the domain rule."""
    with db.cursor() as cur:
        rows = cur.execute(
            "SELECT * FROM person WHERE erased_at IS NULL"
            + (" AND list_contains(?, id)" if ids is not None else ""),
            [ids] if ids is not None else [],
        ).fetchall()
        names = [column[0] for column in cur.description]
    return [
        retention_state(Clock.of(dict(zip(names, row, strict=True))), today).value for row in rows
    ]
