"""The audit log is hash-chained: any change to an entry is detected and named."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from konnektus.cli import main
from konnektus.db import audit, migrations
from konnektus.db.database import Database
from konnektus.domain.staff import CLI
from konnektus.services.audit_log import verify_chain


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


def test_an_entry_deleted_from_the_middle_is_named_as_a_gap(empty_db: Database) -> None:
    ids = write_entries(empty_db, 4)
    with empty_db.transaction() as cur:
        cur.execute("DELETE FROM audit_entry WHERE id = ?", [ids[1]])
    with empty_db.cursor() as cur:
        report = audit.verify(cur)
    assert (report.problem, report.first_broken_id) == ("gap", ids[1])


# --- issue 13: the attacks a plain hash chain did not see ----------------------------------


def verify(db: Database) -> audit.ChainReport:
    return verify_chain(db, CLI)


@pytest.mark.parametrize("cut", [1, 10, 12])
def test_a_cut_tail_is_seen_through_the_anchor_file(empty_db: Database, cut: int) -> None:
    ids = write_entries(empty_db, 12)
    assert verify(empty_db).intact and verify(empty_db).anchored
    with empty_db.transaction() as cur:
        cur.execute("DELETE FROM audit_entry WHERE id > ?", [ids[-1] - cut])
    report = verify(empty_db)
    assert (report.problem, report.first_broken_id) == ("cut_tail", ids[-cut])


def test_a_chain_recomputed_after_an_edit_does_not_verify_without_the_key(
    empty_db: Database,
) -> None:
    write_entries(empty_db, 5)
    with empty_db.transaction() as cur:
        cur.execute("UPDATE audit_entry SET details = '{}' WHERE id = 3")
        rows = cur.execute(
            "SELECT id, occurred_at, staff_id, role, action, object_type, object_id, details"
            " FROM audit_entry ORDER BY id"
        ).fetchall()
        prev = audit.GENESIS
        for entry_id, *fields in rows:  # the attacker's rewrite, with plain SHA-256
            digest = audit.entry_hash(prev, *fields)
            cur.execute(
                "UPDATE audit_entry SET prev_hash = ?, hash = ? WHERE id = ?",
                [prev, digest, entry_id],
            )
            prev = digest
    report = verify(empty_db)
    assert (report.problem, report.first_broken_id) == ("rewritten", 1)


def test_a_chain_rewritten_under_another_key_does_not_verify(empty_db: Database) -> None:
    write_entries(empty_db, 3)
    with empty_db.transaction() as cur:
        rows = cur.execute(
            "SELECT id, occurred_at, staff_id, role, action, object_type, object_id, details"
            " FROM audit_entry ORDER BY id"
        ).fetchall()
        prev = audit.GENESIS
        for entry_id, *fields in rows:
            digest = audit.entry_hash(prev, *fields, key=b"guessed-key-guessed-key")
            cur.execute(
                "UPDATE audit_entry SET prev_hash = ?, hash = ? WHERE id = ?",
                [prev, digest, entry_id],
            )
            prev = digest
    assert verify(empty_db).problem == "rewritten"


def test_the_configured_secret_keys_the_chain(
    empty_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KONNEKTUS_SECRET", "a-configured-secret-of-some-length")
    write_entries(empty_db, 2)
    report = verify(empty_db)
    assert report.intact and report.key_source == "configured"
    monkeypatch.setenv("KONNEKTUS_SECRET", "another-secret-of-some-length-too")
    assert verify(empty_db).problem == "rewritten"


def test_a_rolled_back_entry_leaves_no_gap_and_no_anchor(empty_db: Database) -> None:
    write_entries(empty_db, 2)
    with empty_db.transaction(commit=False) as cur:
        audit.append(cur, at=datetime(2026, 11, 26, 10), staff_id=None, role=None, action="x")
    write_entries(empty_db, 1)
    assert verify(empty_db).intact
    assert [r[0] for r in empty_db.query("SELECT id FROM audit_entry ORDER BY id")] == [1, 2, 3]


def test_a_chain_from_before_the_key_still_verifies_and_then_continues_keyed(
    tmp_path: Path,
) -> None:
    """Migration 012: entries written with plain SHA-256 (and a sequence that skipped ids)
    stay valid; from the migration on, entries are keyed and may not pass as old ones."""
    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))
    migrations.ensure_ledger(con)
    for migration in migrations.discover():
        if migration.version < 12:
            con.execute(migration.sql)
            con.execute(
                "INSERT INTO schema_migration VALUES (?, ?, now())",
                [migration.version, migration.name],
            )
    prev = audit.GENESIS
    for entry_id in (1, 2, 4):  # id 3 was skipped by a rolled-back transaction
        at = datetime(2026, 1, 1, 9, entry_id)
        digest = audit.entry_hash(prev, at, None, "cli", "old", None, None, "{}")
        con.execute(
            "INSERT INTO audit_entry (id, occurred_at, staff_id, role, action, details,"
            " prev_hash, hash) VALUES (?, ?, NULL, 'cli', 'old', '{}', ?, ?)",
            [entry_id, at, prev, digest],
        )
        prev = digest
    con.close()
    db = Database.open(path)
    try:
        write_entries(db, 2)
        assert verify(db).intact
        with db.transaction() as cur:  # a new entry may not pretend to be an old one
            cur.execute("UPDATE audit_entry SET keyed = FALSE WHERE id = 5")
        assert (verify(db).problem, verify(db).first_broken_id) == ("rewritten", 5)
    finally:
        db.close()


def test_audit_verify_names_a_cut_tail_on_the_command_line(empty_db: Database) -> None:
    write_entries(empty_db, 3)
    with empty_db.transaction() as cur:
        cur.execute("DELETE FROM audit_entry WHERE id = 3")
    path = empty_db.path
    empty_db.close()
    result = CliRunner().invoke(main, ["audit", "verify", "--db", str(path)])
    assert result.exit_code == 1
    assert "cut_tail" in result.output and "entry 3" in result.output


def test_the_board_report_prints_the_audit_head_to_hold_a_later_verify_against(
    demo_db: Database,
) -> None:
    from datetime import date

    from konnektus import management_settings
    from konnektus.domain.promises import Period
    from konnektus.services.board_report import build_board_report

    report = build_board_report(
        demo_db,
        CLI,
        Period(date(2026, 10, 1), date(2026, 10, 31)),
        today=date(2026, 11, 26),
        now=datetime(2026, 11, 26, 9),
        thresholds=management_settings.load().thresholds,
    )
    with demo_db.cursor() as cur:
        head = audit.head(cur)
    assert head is not None
    entries = "1 regel" if head[0] == 1 else f"{head[0]} regels"
    assert f"{entries}, laatste kenmerk {head[1]}." in report.html  # the whole hash
    assert "python -m" not in report.html  # no command for the board (issue 20)
