"""The scheduler's daily jobs run at the times in the settings, and every run is audited
(issue 13, point 3): a run that did something and every failure; an outbox tick with nothing
to send leaves no entry."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from konnektus.clock import FixedClock, use_clock
from konnektus.db import audit
from konnektus.db.database import Database
from konnektus.domain.deadlines import AMSTERDAM
from konnektus.jobs import registry
from konnektus.jobs.scheduler import Job, Scheduler, daily_at
from konnektus.services.outbox import DeliveryReport


def at(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=AMSTERDAM)


@pytest.mark.parametrize("month", [1, 7])  # winter and summer time
def test_a_daily_job_runs_once_a_day_from_its_time_on(month: int) -> None:
    due = daily_at(2, 30)
    assert not due(None, at(2026, month, 14, 1, 0))
    assert due(None, at(2026, month, 14, 2, 30))
    assert not due(at(2026, month, 14, 2, 30), at(2026, month, 14, 23, 59))
    assert not due(at(2026, month, 14, 2, 30), at(2026, month, 15, 2, 29))
    assert due(at(2026, month, 14, 2, 30), at(2026, month, 15, 2, 30))
    # the dashboard was down for two nights: the next tick catches up
    assert due(at(2026, month, 12, 2, 30), at(2026, month, 14, 1, 0))


def test_the_daily_times_come_from_the_settings_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert registry.daily_times()["retention_run"] == (2, 0)
    other = tmp_path / "jobs.toml"
    other.write_text('[daily]\nretention_run = "05:45"\n')
    monkeypatch.setenv(registry.SETTINGS_ENV, str(other))
    assert registry.daily_times() == {"retention_run": (5, 45)}
    jobs = {job.name: job for job in registry.default_jobs()}
    assert not jobs["retention_run"].due(None, at(2026, 11, 27, 5, 0))
    assert jobs["retention_run"].due(None, at(2026, 11, 27, 5, 45))


def job_entries(db: Database) -> list[tuple[str, dict[str, object]]]:
    rows = db.query("SELECT action, details FROM audit_entry WHERE action LIKE 'job_%' ORDER BY id")
    return [(str(action), json.loads(details)) for action, details in rows]


def test_every_run_that_did_something_and_every_failure_is_audited(empty_db: Database) -> None:
    def fails(db: Database, now: datetime) -> None:
        raise RuntimeError("boom")

    jobs = [
        Job("works", lambda db, now: "done", daily_at(0)),
        Job("fails", fails, daily_at(0)),
        Job(
            "outbox",
            lambda db, now: DeliveryReport(0, 0),
            daily_at(0),
            idle=registry._nothing_delivered,
        ),
    ]
    with use_clock(FixedClock(at(2026, 11, 27, 9))):
        assert Scheduler(empty_db, jobs).run_due() == ["works", "outbox"]
    assert job_entries(empty_db) == [
        ("job_ran", {"job": "works"}),
        ("job_failed", {"job": "fails", "error": "RuntimeError"}),
    ]
    with empty_db.cursor() as cur:
        assert audit.verify(cur).intact
