"""Helpers shared by test layers."""

from __future__ import annotations

import hashlib
import shutil
from datetime import UTC, date
from pathlib import Path
from zoneinfo import ZoneInfo

from konnektus.db import anchor
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


def held_back_ids(db: Database, today: date) -> set[int]:
    """People no erasure may touch today, read straight from the tables: restricted (Art. 18),
    or with a request neither completed, rejected nor withdrawn that was received (Amsterdam
    date) on or before `today`."""
    restricted = db.query("SELECT id FROM person WHERE restricted_since IS NOT NULL")
    requests = db.query(
        "SELECT person_id, received_at FROM request WHERE person_id IS NOT NULL"
        " AND status NOT IN ('completed', 'rejected', 'withdrawn')"
    )
    amsterdam = ZoneInfo("Europe/Amsterdam")
    return {int(i) for (i,) in restricted} | {
        int(person_id)
        for person_id, received_at in requests
        if received_at.replace(tzinfo=UTC).astimezone(amsterdam).date() <= today
    }


def retention_states_by_id(db: Database, today: date) -> dict[int, str]:
    """{person id: retention state} of every living person, by the domain rule, row by row."""
    with db.cursor() as cur:
        rows = cur.execute("SELECT * FROM person WHERE erased_at IS NULL").fetchall()
        names = [column[0] for column in cur.description]
    people = [dict(zip(names, row, strict=True)) for row in rows]
    return {int(p["id"]): retention_state(Clock.of(p), today).value for p in people}


def copy_database(source: Path, target: Path) -> Path:
    """Copy a database file with its audit anchor file (`db/anchor.py`): a keyed chain
    without the anchor it was written with reads as tampering (issue 21). The anchor goes
    first and the write-ahead log with the file, because a server may still be writing to
    the source: the copy then holds at least every anchored entry (an anchor behind the chain
    is normal after a crash; one ahead of it is a cut tail)."""
    kept = anchor.path_for(source)
    if kept.exists():
        shutil.copy(kept, anchor.path_for(target))
    shutil.copy(source, target)
    wal = source.with_name(source.name + ".wal")
    if wal.exists():
        shutil.copy(wal, target.with_name(target.name + ".wal"))
    return target
