"""The audit log is hash-chained: any change to an entry is detected and named."""

from __future__ import annotations

from datetime import datetime

from konnektus.db import audit
from konnektus.db.database import Database


def write_entries(db: Database, count: int) -> list[int]:
    ids = []
    for index in range(count):
        with db.transaction() as cur:
            ids.append(
                audit.append(
                    cur,
                    at=datetime(2026, 11, 26, 9, index),
                    staff_id=2,
                    role="dpo",
                    action="view_person",
                    object_type="person",
                    object_id=index,
                    details={"n": index},
                )
            )
    return ids


def test_a_fresh_chain_verifies(empty_db: Database) -> None:
    write_entries(empty_db, 5)
    with empty_db.cursor() as cur:
        report = audit.verify(cur)
    assert report.intact and report.entries == 5


def test_an_entry_altered_with_sql_is_named_as_the_first_broken_one(empty_db: Database) -> None:
    ids = write_entries(empty_db, 6)
    with empty_db.transaction() as cur:
        cur.execute("UPDATE audit_entry SET action = 'nothing_to_see' WHERE id = ?", [ids[3]])
    with empty_db.cursor() as cur:
        assert audit.verify(cur).first_broken_id == ids[3]


def test_a_deleted_entry_breaks_the_chain_at_its_successor(empty_db: Database) -> None:
    ids = write_entries(empty_db, 4)
    with empty_db.transaction() as cur:
        cur.execute("DELETE FROM audit_entry WHERE id = ?", [ids[1]])
    with empty_db.cursor() as cur:
        assert audit.verify(cur).first_broken_id == ids[2]
