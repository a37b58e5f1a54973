"""After erasures the database file is rewritten, so that no freed block keeps an erased
person's bytes (issue 13, break 2), inside the process that holds the file, also when that
process is killed halfway (SIGKILL)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from konnektus.cli import main
from konnektus.db import anchor, audit, rebuild
from konnektus.db.database import Database
from konnektus.domain.permissions import Role
from konnektus.domain.staff import CLI
from konnektus.services import erasure as erasure_service
from konnektus.services import requests as desk
from konnektus.services.maintenance import rebuild_database_file, rebuild_needed
from tests.helpers import demo_member
from tests.services.test_erasure_leaves_nothing import plant_person

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 11, 26, 9, 0)
SECRETS = (b"zebulon.quast@ziggo.nl", b"Quastenbroek", b"NL91ABNA0417164300")


def erase_planted_person(db: Database) -> None:
    dpo = demo_member(db, Role.DPO)
    pid, reference = plant_person(db)
    with db.cursor() as cur:
        cur.execute("CHECKPOINT")  # the person's bytes are in the file now
    request_id = desk.log_request(
        db,
        dpo,
        request_type="erasure",
        channel="email",
        received_at=datetime(2026, 11, 20, 9),
        requester_name="X",
        requester_email=None,
        free_text=None,
        person_id=pid,
        now=NOW,
    )
    desk.change_status(db, dpo, request_id, seen_status="received", target="in_progress", now=NOW)
    erasure_service.execute_erasure(
        db, dpo, request_id, seen_status="in_progress", typed_reference=reference, now=NOW
    )
    with db.transaction() as cur:  # the confirmation is delivered: its address forgotten
        cur.execute(
            "UPDATE letter SET recipient_email = NULL, delivery_status = 'sent', sent_at = ?"
            " WHERE person_id = ? AND kind = 'erasure_confirmation'",
            [NOW, pid],
        )
    with db.cursor() as cur:
        cur.execute("CHECKPOINT")


def file_bytes(path: Path) -> bytes:
    data = path.read_bytes()
    wal = path.with_name(path.name + ".wal")
    return data + (wal.read_bytes() if wal.exists() else b"")


def test_a_rebuild_in_the_owning_process_leaves_no_erased_byte_in_the_file(
    demo_db: Database,
) -> None:
    erase_planted_person(demo_db)
    people = demo_db.query("SELECT count(*) FROM person")
    # the break: erased, checkpointed, and still readable in the file's freed blocks
    assert [s for s in SECRETS if s in file_bytes(demo_db.path)] != []
    assert rebuild_needed(demo_db)
    report = rebuild_database_file(demo_db, CLI, now=NOW)
    assert report.rebuilt
    found = [s for s in SECRETS if s in file_bytes(demo_db.path)]
    assert found == []
    # the same Database object goes on working on the new file, ids carry on
    assert demo_db.query("SELECT count(*) FROM person") == people
    with demo_db.transaction() as cur:
        new_id = audit.append(cur, at=NOW, staff_id=None, role="cli", action="after_rebuild")
    with demo_db.cursor() as cur:
        assert audit.verify(cur, anchor.path_for(demo_db.path)).intact
    assert new_id == demo_db.query("SELECT max(id) FROM audit_entry")[0][0]
    assert not rebuild_needed(demo_db)
    assert not rebuild_database_file(demo_db, CLI, now=NOW).rebuilt


def test_readers_in_other_threads_wait_for_the_swap_and_then_read_the_new_file(
    demo_db: Database,
) -> None:
    errors: list[BaseException] = []
    stop = threading.Event()

    def keep_reading() -> None:
        while not stop.is_set():
            try:
                assert demo_db.query("SELECT count(*) FROM person")[0][0] > 0
            except BaseException as error:
                errors.append(error)
                return

    readers = [threading.Thread(target=keep_reading) for _ in range(4)]
    for reader in readers:
        reader.start()
    try:
        rebuild_database_file(demo_db, CLI, now=NOW, only_if_needed=False)
    finally:
        stop.set()
        for reader in readers:
            reader.join()
    assert errors == []


def test_the_maintenance_command_rebuilds_while_the_dashboard_is_down(demo_path: Path) -> None:
    result = CliRunner().invoke(main, ["maintenance", "rebuild", "--db", str(demo_path)])
    assert result.exit_code == 0, result.output
    assert "Nothing was erased" in result.output or "Rewrote" in result.output


WORKER = """
import os, sys, time
from datetime import datetime
from konnektus.db import rebuild
from konnektus.db.database import Database
from konnektus.domain.staff import CLI
from konnektus.services.maintenance import rebuild_database_file

def pause(step):
    if step == sys.argv[2]:
        print(step, flush=True)
        time.sleep(60)
rebuild.step_hook = pause
db = Database.open(sys.argv[1])
rebuild_database_file(db, CLI, now=datetime(2026, 11, 26, 10), only_if_needed=False)
"""


@pytest.mark.parametrize("step", ["copied", "closed", "renamed"])
def test_sigkill_during_a_rebuild_leaves_a_whole_database(demo_db: Database, step: str) -> None:
    erase_planted_person(demo_db)
    people = demo_db.query("SELECT count(*) FROM person")
    entries = demo_db.query("SELECT count(*) FROM audit_entry")[0][0]
    path = demo_db.path
    demo_db.close()
    worker = subprocess.Popen(
        [sys.executable, "-c", WORKER, str(path), step],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert worker.stdout is not None
    assert worker.stdout.readline().strip() == step
    os.kill(worker.pid, signal.SIGKILL)
    worker.wait(timeout=30)

    db = Database.open(path)
    try:
        assert db.query("SELECT count(*) FROM person") == people
        assert db.query("SELECT count(*) FROM audit_entry")[0][0] == entries
        with db.cursor() as cur:
            assert audit.verify(cur, anchor.path_for(path)).intact
        report = rebuild_database_file(db, CLI, now=NOW, only_if_needed=False)  # runs again
        assert report.rebuilt and not rebuild.rebuild_path(path).exists()
        assert [s for s in SECRETS if s in file_bytes(path)] == []
    finally:
        db.close()
