"""The retention run: asks, reminders, silences, ended holds and (when switched on) clean-up,
as a service, as the scheduled job inside the dashboard process, and as a command."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from konnektus.clock import FixedClock, use_clock
from konnektus.db.database import Database
from konnektus.domain.deadlines import AMSTERDAM
from konnektus.domain.permissions import NotPermitted, Role
from konnektus.domain.retention import CLEANABLE
from konnektus.domain.staff import CLI, SCHEDULER
from konnektus.jobs.registry import RETENTION_JOB, default_jobs
from konnektus.jobs.scheduler import Scheduler
from konnektus.services.erasure import purge_ended_holds
from konnektus.services.retention_cleanup import clean_up_expired
from konnektus.services.retention_run import retention_run, set_auto_cleanup
from tests.conftest import DEMO_TODAY
from tests.helpers import (
    demo_member,
    domain_retention_states,
    fingerprint,
    held_back_ids,
    retention_states_by_id,
)

NOW = datetime(2026, 11, 26, 10, 0)  # DEMO_TODAY, 11:00 in Amsterdam
ROOT = Path(__file__).resolve().parents[2]


def states(db: Database, today: date = DEMO_TODAY) -> list[str]:
    return domain_retention_states(db, today)


def expired_ids(db: Database) -> set[int]:
    found = retention_states_by_id(db, DEMO_TODAY)
    return {i for i, state in found.items() if state in {s.value for s in CLEANABLE}}


def expired_held_back(db: Database) -> set[int]:
    return expired_ids(db) & held_back_ids(db, DEMO_TODAY)


def test_a_dry_run_counts_what_a_run_would_do_and_changes_nothing(demo_db: Database) -> None:
    before = fingerprint(demo_db)
    report = retention_run(demo_db, CLI, now=NOW, dry_run=True, erase_expired=True)
    assert fingerprint(demo_db) == before
    current = states(demo_db)
    assert report.asked == current.count("due") > 0
    assert report.reminded == current.count("reminder_due") > 0
    expired = sum(current.count(s.value) for s in CLEANABLE)
    held = expired_held_back(demo_db)
    assert report.held_back == len(held) > 0  # the demo's open requests of expired people
    assert report.cleaned_up == expired - len(held) > 0


def test_a_run_asks_everyone_due_reminds_once_and_leaves_expired_records_while_switched_off(
    demo_db: Database,
) -> None:
    before = states(demo_db)
    report = retention_run(demo_db, SCHEDULER, now=NOW)
    after = states(demo_db)
    assert report.asked == before.count("due")
    assert report.reminded == before.count("reminder_due")
    assert "due" not in after and "reminder_due" not in after
    assert not report.cleanup_on and report.cleaned_up == 0
    assert sum(after.count(s.value) for s in CLEANABLE) >= sum(
        before.count(s.value) for s in CLEANABLE
    )
    # every ask and reminder is a letter, and the run is audited with what it did
    details = json.loads(
        demo_db.query(
            "SELECT details FROM audit_entry WHERE action = 'retention_run' AND role = 'scheduler'"
        )[0][0]
    )
    assert details["asked"] == report.asked and details["reminded"] == report.reminded
    # the same day again: nobody is asked twice
    again = retention_run(demo_db, SCHEDULER, now=NOW)
    assert (again.asked, again.reminded) == (0, 0)


def test_silence_after_the_reminder_and_the_wait_is_stored_as_no_answer(
    demo_db: Database,
) -> None:
    silent = demo_db.query(
        "SELECT count(*) FROM person WHERE erased_at IS NULL AND extension_state = 'asked'"
        " AND stage NOT IN ('placed', 'employed') AND extension_reminded_on < ?",
        [date(2026, 10, 27)],  # DEMO_TODAY minus the 30-day wait
    )[0][0]
    assert silent > 0
    report = retention_run(demo_db, CLI, now=NOW)
    assert report.marked_no_answer == silent
    assert demo_db.query(
        "SELECT count(*) FROM person WHERE extension_state = 'asked'"
        " AND stage NOT IN ('placed', 'employed') AND extension_reminded_on < ?",
        [date(2026, 10, 27)],
    ) == [(0,)]


def test_expired_records_are_cleaned_up_only_once_the_dpo_switches_it_on(
    demo_db: Database,
) -> None:
    dpo = demo_member(demo_db, Role.DPO)
    set_auto_cleanup(demo_db, dpo, True, now=NOW)
    held = expired_held_back(demo_db)
    report = retention_run(demo_db, SCHEDULER, now=NOW)
    assert report.cleanup_on and report.cleaned_up > 0 and report.held_back == len(held)
    # only those held back are left: restricted, or with an open request
    assert expired_ids(demo_db) == held


def test_after_a_run_on_a_database_whose_holds_have_ended_no_held_data_is_left(
    demo_db: Database,
) -> None:
    clean_up_expired(demo_db, CLI, now=NOW)  # former employees erased, payroll data held
    held = demo_db.query("SELECT count(*) FROM personal_data_item WHERE held_until IS NOT NULL")
    assert held[0][0] > 0
    later = datetime(2035, 1, 2, 10, 0)  # every demo hold ends by 31-12-2034
    report = retention_run(demo_db, CLI, now=later)
    assert report.held_items_removed == held[0][0]
    assert demo_db.query(
        "SELECT count(*) FROM personal_data_item i JOIN person p ON p.id = i.person_id"
        " WHERE p.erased_at IS NOT NULL"
    ) == [(0,)]
    assert demo_db.query(
        "SELECT count(*) FROM person WHERE erased_at IS NOT NULL"
        " AND (given_name <> '[verwijderd]' OR date_of_birth IS NOT NULL)"
    ) == [(0,)]


def test_only_the_dpo_the_scheduler_and_the_command_line_may_run_it(demo_db: Database) -> None:
    for role in (Role.RECRUITER, Role.BACKOFFICE, Role.MANAGEMENT):
        with pytest.raises(NotPermitted):
            retention_run(demo_db, demo_member(demo_db, role), now=NOW, dry_run=True)
        with pytest.raises(NotPermitted):
            purge_ended_holds(demo_db, demo_member(demo_db, role), now=NOW)
    assert retention_run(demo_db, demo_member(demo_db, Role.DPO), now=NOW, dry_run=True).dry_run


def test_the_dashboard_runs_the_retention_run_once_a_day_on_its_own(demo_db: Database) -> None:
    scheduler = Scheduler(demo_db, default_jobs())
    # the demo is data as of DEMO_TODAY, that day's run included: not again that day
    with use_clock(FixedClock(datetime(2026, 11, 26, 23, 30, tzinfo=AMSTERDAM))):
        assert RETENTION_JOB not in scheduler.run_due()
    # the next night, at the hour konnektus/settings/jobs.toml gives it (02:00), not before
    with use_clock(FixedClock(datetime(2026, 11, 27, 1, 30, tzinfo=AMSTERDAM))):
        assert RETENTION_JOB not in scheduler.run_due()
    next_night = datetime(2026, 11, 27, 2, 30, tzinfo=AMSTERDAM)
    with use_clock(FixedClock(next_night)):
        assert RETENTION_JOB in scheduler.run_due()
        assert RETENTION_JOB not in scheduler.run_due()
    assert "due" not in states(demo_db, date(2026, 11, 27))
    entry = demo_db.query(
        "SELECT role, occurred_at FROM audit_entry WHERE action = 'retention_run'"
    )
    assert entry == [("scheduler", next_night.astimezone(UTC).replace(tzinfo=None))]


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "konnektus", *args], cwd=ROOT, capture_output=True, text=True
    )


def test_the_command_runs_the_same_job_and_says_what_it_did(demo_path: Path) -> None:
    dry = cli("retention", "run", "--db", str(demo_path), "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert dry.stdout.startswith("Dry run: ") and "would be asked to extend" in dry.stdout
    done = cli("retention", "run", "--db", str(demo_path), "--erase-expired")
    assert done.returncode == 0, done.stderr
    assert (
        "were asked to extend" in done.stdout and "expired records were cleaned up" in done.stdout
    )
    db = Database.open(demo_path, read_only=True)
    assert db.query("SELECT count(*) FROM audit_entry WHERE action = 'retention_run'") == [(1,)]
    db.close()


def test_the_command_refuses_in_one_sentence_while_the_dashboard_holds_the_file(
    demo_path: Path,
) -> None:
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from konnektus.db.database import Database;"
            " db = Database.open(sys.argv[1]); print('open', flush=True); time.sleep(60)",
            str(demo_path),
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
        refused = cli("retention", "run", "--db", str(demo_path))
    finally:
        holder.kill()
        holder.wait()
    time.sleep(0.1)
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert "in use by another program" in refused.stderr
    assert len(refused.stderr.strip().splitlines()) == 1
