"""Opening, migrating and refusing database files, on real DuckDB files."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pytest

from konnektus.db import migrations
from konnektus.db.database import Database
from konnektus.db.errors import (
    DatabaseLocked,
    MigrationFailed,
    NotADuckDBFile,
    NotAKonnektusDatabase,
    SchemaTooNew,
)

ENTITY_TABLES = {
    "meta",
    "staff",
    "person",
    "personal_data_item",
    "client",
    "vacancy",
    "proposal",
    "employment",
    "consent",
    "recipient",
    "disclosure",
    "request",
    "request_event",
    "legal_hold",
    "retention_contact",
    "letter",
    "audit_entry",
    "schema_migration",
    "person_change",
    "search_term",
    "recipient_notice",
    "refused_request",
    "disclosure_day",
    "daily_snapshot",
    "import_key",
    "request_export",
    "processing_stop",
}


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def tables(db: Database) -> set[str]:
    return {row[0] for row in db.query("SELECT table_name FROM information_schema.tables")}


def test_a_new_file_gets_every_entity_of_the_data_model(tmp_path: Path) -> None:
    db = Database.open(tmp_path / "sub" / "new.duckdb")
    assert tables(db) == ENTITY_TABLES
    db.close()


def test_migrations_are_applied_once_and_recorded(tmp_path: Path) -> None:
    path = tmp_path / "k.duckdb"
    Database.open(path).close()
    db = Database.open(path)
    recorded = db.query("SELECT version, name FROM schema_migration ORDER BY version")
    assert recorded == [(m.version, m.name) for m in migrations.discover()]
    db.close()


def test_a_failing_migration_is_rolled_back_and_not_recorded(tmp_path: Path) -> None:
    folder = tmp_path / "migrations"
    folder.mkdir()
    (folder / "001_first.sql").write_text(
        "CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR);"
    )
    (folder / "002_broken.sql").write_text(
        "CREATE TABLE half (a INT); SELECT * FROM no_such_table;"
    )
    path = tmp_path / "k.duckdb"
    with pytest.raises(MigrationFailed, match="002_broken failed and was rolled back"):
        Database.open(path, migrations_dir=folder)
    con = duckdb.connect(str(path))
    assert con.execute("SELECT version FROM schema_migration").fetchall() == [(1,)]
    names = {
        r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()
    }
    assert "half" not in names
    con.close()


def test_a_file_that_is_not_duckdb_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.duckdb"
    path.write_text("these are meeting notes, not a database\n")
    before = digest(path)
    with pytest.raises(NotADuckDBFile, match="not a DuckDB database; it was left untouched"):
        Database.open(path)
    assert digest(path) == before


def test_a_foreign_duckdb_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE invoices (id INT)")
    con.close()
    before = digest(path)
    with pytest.raises(NotAKonnektusDatabase, match="no Konnektus schema"):
        Database.open(path)
    assert digest(path) == before


def test_a_schema_newer_than_the_code_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "k.duckdb"
    db = Database.open(path)
    with db.transaction() as cur:
        cur.execute("INSERT INTO schema_migration VALUES (999, '999_future', now())")
    db.close()
    before = digest(path)
    with pytest.raises(SchemaTooNew, match="schema version 999, newer than this program"):
        Database.open(path)
    assert digest(path) == before


def test_a_file_held_by_another_process_ends_in_a_plain_sentence(tmp_path: Path) -> None:
    path = tmp_path / "k.duckdb"
    Database.open(path).close()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import duckdb, time; c = duckdb.connect({str(path)!r}); print('ready', flush=True);"
            " time.sleep(30)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        with pytest.raises(DatabaseLocked) as caught:
            Database.open(path)
        assert f"process {holder.pid}" in str(caught.value)
        assert "stop that program" in str(caught.value)
        cli = subprocess.run(
            [sys.executable, "-m", "konnektus", "init", "--db", str(path)],
            capture_output=True,
            text=True,
        )
        assert cli.returncode != 0
        assert "is in use by another program" in cli.stderr
        assert "Traceback" not in cli.stderr
    finally:
        holder.kill()
        holder.wait()
    time.sleep(0.1)


def test_a_failed_transaction_leaves_nothing_behind(empty_db: Database) -> None:
    with pytest.raises(RuntimeError), empty_db.transaction() as cur:
        cur.execute("INSERT INTO meta VALUES ('k', 'v')")
        raise RuntimeError("boom")
    assert empty_db.query("SELECT count(*) FROM meta WHERE key = 'k'") == [(0,)]


def test_reads_in_many_threads_each_get_their_own_results(demo_db: Database) -> None:
    from concurrent.futures import ThreadPoolExecutor

    expected = demo_db.query("SELECT count(*) FROM person")[0][0]

    def count(_: int) -> int:
        return int(demo_db.query("SELECT count(*) FROM person")[0][0])

    with ThreadPoolExecutor(8) as pool:
        assert set(pool.map(count, range(64))) == {expected}


def test_people_already_in_a_file_get_search_keys_when_migration_3_arrives(tmp_path: Path) -> None:
    import shutil

    from konnektus.db.migrations import MIGRATIONS_DIR

    early = tmp_path / "early"
    early.mkdir()
    for name in ("001_initial_schema.sql", "002_person_change.sql"):
        shutil.copy(MIGRATIONS_DIR / name, early / name)
    path = tmp_path / "k.duckdb"
    db = Database.open(path, migrations_dir=early)
    with db.transaction() as cur:
        cur.execute(
            "INSERT INTO person (reference, given_name, tussenvoegsel, family_name, email, phone,"
            " source, stage, created_at, retention_term_start, retention_expiry) VALUES"
            " ('K1', 'Jan', 'de', 'Vries', 'Jan@X.nl', '+31 6 12345678', 'website', 'applicant',"
            " now(), DATE '2026-01-01', DATE '2028-01-01')"
        )
    db.close()
    db = Database.open(path)
    assert db.query("SELECT family_key, given_key, email_key, phone_key FROM person") == [
        ("vries", "jan", "jan@x.nl", "0612345678")
    ]
    assert ("family", "vries") in db.query("SELECT field, term FROM search_term")
    db.close()


def test_a_file_full_of_data_is_upgraded_through_every_later_migration(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each migration must work on a database that holds rows, not only on an empty one."""
    import shutil
    from datetime import date

    from konnektus.db import bulk, consent_proof, letters

    # today's demo generator fills today's columns; on an older schema it writes the columns
    # that schema has, which is what a file of that age held
    strict_insert = bulk.insert_frame

    def insert_known_columns(cur: Any, table: str, frame: pd.DataFrame) -> int:
        known = {row[0] for row in cur.execute(f"DESCRIBE {table}").fetchall()}
        return strict_insert(cur, table, frame[[c for c in frame.columns if c in known]])

    monkeypatch.setattr(bulk, "insert_frame", insert_known_columns)
    from konnektus.db import disclosure_days

    strict_rebuild = disclosure_days.rebuild  # the sums exist from 009 on

    def rebuild_if_there(cur: Any) -> int:
        tables = {row[0] for row in cur.execute("SHOW TABLES").fetchall()}
        return strict_rebuild(cur) if "disclosure_day" in tables else 0

    monkeypatch.setattr(disclosure_days, "rebuild", rebuild_if_there)
    from konnektus.db import client_recipients

    # clients became recipients and proposals disclosures in 016; older files had neither
    for name in ("link_clients", "disclose_proposals"):
        strict_link = getattr(client_recipients, name)

        def link_if_there(cur: Any, *args: Any, _strict: Any = strict_link) -> Any:
            if "recipient_id" in {row[0] for row in cur.execute("DESCRIBE client").fetchall()}:
                return _strict(cur, *args)
            return [] if _strict.__name__ == "disclose_proposals" else 0

        monkeypatch.setattr(client_recipients, name, link_if_there)
    from konnektus.demo import waiting_letters

    # a notice links its letter from 020 on; older files had no notice waiting for delivery
    strict_queue = waiting_letters.queue_notices

    def queue_if_there(cur: Any, *args: Any) -> int:
        if "notice_letter_id" in {row[0] for row in cur.execute("DESCRIBE disclosure").fetchall()}:
            return strict_queue(cur, *args)
        return 0

    monkeypatch.setattr(waiting_letters, "queue_notices", queue_if_there)
    from konnektus.db import snapshots

    # the daily snapshot exists from 010 on; older files had none to fill
    for name in ("backfill_demo", "take"):
        strict = getattr(snapshots, name)

        def if_there(cur: Any, *args: Any, _strict: Any = strict) -> None:
            tables = {row[0] for row in cur.execute("SHOW TABLES").fetchall()}
            if "daily_snapshot" in tables:
                _strict(cur, *args)

        monkeypatch.setattr(snapshots, name, if_there)
    from konnektus.db import audit

    strict_append = audit.append  # before 012 entries had plain SHA-256 links

    def append_as_its_schema_did(cur: Any, **entry: Any) -> int:
        if "keyed" in {row[0] for row in cur.execute("DESCRIBE audit_entry").fetchall()}:
            return strict_append(cur, **entry)
        text = json.dumps(entry.get("details") or {}, sort_keys=True, default=str)
        last = cur.execute("SELECT hash FROM audit_entry ORDER BY id DESC LIMIT 1").fetchall()
        prev = last[0][0] if last else audit.GENESIS
        fields = [entry["at"], entry["staff_id"], entry["role"], entry["action"], None, None]
        digest = audit.entry_hash(prev, *fields, text)
        row = cur.execute(
            "INSERT INTO audit_entry (occurred_at, staff_id, role, action, object_type,"
            " object_id, details, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            [*fields, text, prev, digest],
        ).fetchall()
        return int(row[0][0])

    monkeypatch.setattr(audit, "append", append_as_its_schema_did)
    from konnektus.db.migrations import MIGRATIONS_DIR, discover
    from konnektus.demo.generate import generate_demo
    from konnektus.domain.lawful_bases import DISCLOSURE_PURPOSES

    all_migrations = discover()
    for keep in range(3, len(all_migrations)):  # the demo needs the search keys of 003
        older = tmp_path / f"upto{keep}"
        older.mkdir()
        for migration in all_migrations[:keep]:
            shutil.copy(MIGRATIONS_DIR / f"{migration.name}.sql", older)
        path = tmp_path / f"v{keep}.duckdb"
        db = Database.open(path, migrations_dir=older)
        generate_demo(db, candidates=300, seed=2, today=date(2026, 11, 26))
        before = {t: db.query(f"SELECT count(*) FROM {t}")[0][0] for t in ("person", "letter")}
        db.close()
        db = Database.open(path)
        assert {t: db.query(f"SELECT count(*) FROM {t}")[0][0] for t in before} == before
        if keep < 5:  # 005 fills the day the open extension question was asked
            asked = "FROM person WHERE extension_state = 'asked'"
            assert db.query(f"SELECT count(*) {asked}")[0][0] > 0
            assert db.query(f"SELECT count(*) {asked} AND extension_asked_on IS NULL") == [(0,)]
        summed = db.query("SELECT sum(disclosures) FROM disclosure_day")[0][0]
        assert summed == db.query("SELECT count(*) FROM disclosure")[0][0] > 0
        # 016: every client a recipient, every proposal of a living person its disclosure,
        # every old purpose a code of the list
        assert db.query(
            "SELECT count(*) FROM client c LEFT JOIN recipient r ON r.id = c.recipient_id"
            " WHERE r.category IS DISTINCT FROM 'client'"
        ) == [(0,)]
        assert db.query(
            "SELECT count(*) FROM proposal p JOIN person pe ON pe.id = p.person_id"
            " WHERE pe.erased_at IS NULL AND p.disclosure_id IS NULL"
        ) == [(0,)]
        assert db.query(
            "SELECT count(*) FROM disclosure WHERE NOT list_contains(?, purpose)",
            [[*DISCLOSURE_PURPOSES]],
        ) == [(0,)]
        # 017: every item on consent linked to the consent of its person for its purpose
        assert db.query(
            "SELECT count(*) FROM personal_data_item WHERE legal_basis = 'consent'"
            " AND consent_id IS NULL"
        ) == [(0,)]
        with db.cursor() as cur:
            assert consent_proof.unproven_count(cur) == 0
        letter_id = db.query("SELECT min(id) FROM letter WHERE delivery_status = 'sent'")[0][0]
        with db.transaction() as cur:
            cur.execute("UPDATE letter SET delivery_status = 'pending' WHERE id = ?", [letter_id])
            assert letters.claim(cur, letter_id, datetime(2026, 11, 26, 9))
        with db.cursor() as cur:  # the old chain still verifies after 012
            assert audit.verify(cur).intact
        db.close()


def test_migration_15_puts_open_erasures_on_the_one_month_clock_and_keeps_closed_history(
    tmp_path: Path,
) -> None:
    """Open erasure requests get one month (their one-month mark), an extended one the
    statement's two months (its old original due date); other types and closed requests are
    left as they were, and one audit entry names the requests changed."""
    import shutil
    from datetime import date

    from konnektus.db.migrations import MIGRATIONS_DIR, discover

    older = tmp_path / "before015"
    older.mkdir()
    for migration in discover():
        if migration.version < 15:
            shutil.copy(MIGRATIONS_DIR / f"{migration.name}.sql", older)
    path = tmp_path / "k.duckdb"
    db = Database.open(path, migrations_dir=older)
    # received Monday 2 November 2026: one month = 2 December, two = Monday 4 January 2027
    # (2 January is a Saturday), three = Tuesday 2 February 2027
    mark, two, three = date(2026, 12, 2), date(2027, 1, 4), date(2027, 2, 2)
    planted = [  # (type, status, original due, due), all with the same one-month mark
        ("erasure", "in_progress", two, two),
        ("erasure", "awaiting_identity", two, two),
        ("erasure", "extended", two, three),
        ("erasure", "completed", two, two),
        ("access", "in_progress", mark, mark),
        ("access", "extended", mark, three),
    ]
    with db.transaction() as cur:
        for kind, status, original, due in planted:
            cur.execute(
                "INSERT INTO request (type, channel, received_at, requester_name, status,"
                " one_month_mark, original_due_date, due_date) VALUES"
                " (?, 'email', TIMESTAMP '2026-11-02 09:00', 'x', ?, ?, ?, ?)",
                [kind, status, mark, original, due],
            )
    db.close()
    db = Database.open(path)
    assert db.query(
        "SELECT type, status, one_month_mark, original_due_date, due_date FROM request ORDER BY id"
    ) == [
        ("erasure", "in_progress", mark, mark, mark),
        ("erasure", "awaiting_identity", mark, mark, mark),
        ("erasure", "extended", mark, mark, two),
        ("erasure", "completed", mark, two, two),  # closed: its history stays
        ("access", "in_progress", mark, mark, mark),
        ("access", "extended", mark, mark, three),
    ]
    assert db.query(
        "SELECT action, details FROM audit_entry WHERE action = 'erasure_due_dates_migrated'"
    ) == [("erasure_due_dates_migrated", '{"months": 1, "requests": [1, 2, 3]}')]
    assert "migrated_015" not in {row[0] for row in db.query("SHOW TABLES")}
    db.close()
