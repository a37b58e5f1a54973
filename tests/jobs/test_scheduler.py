"""The scheduler inside the dashboard process: when jobs are due, what it remembers, failures."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

from konnektus.clock import FixedClock, use_clock
from konnektus.db.database import Database
from konnektus.domain.deadlines import AMSTERDAM
from konnektus.jobs.scheduler import Job, Scheduler, every, last_run, once_a_day


def at(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=AMSTERDAM)


def test_a_daily_job_is_due_once_per_amsterdam_day() -> None:
    # 23:30 and 00:30 Amsterdam are one UTC day apart in name only: the Amsterdam date counts
    assert once_a_day(None, at(2026, 11, 27, 0, 30))
    assert not once_a_day(at(2026, 11, 27, 0, 30), at(2026, 11, 27, 23, 59))
    assert once_a_day(at(2026, 11, 27, 23, 59), at(2026, 11, 28, 0, 1))
    # in summer time too
    assert once_a_day(at(2026, 7, 14, 23, 30), at(2026, 7, 15, 0, 30))
    assert not once_a_day(at(2026, 7, 15, 0, 30), at(2026, 7, 15, 23, 30))


def test_an_interval_job_is_due_when_the_interval_has_passed() -> None:
    due = every(timedelta(minutes=5))
    assert due(None, at(2026, 11, 27, 10))
    assert not due(at(2026, 11, 27, 10), at(2026, 11, 27, 10, 4))
    assert due(at(2026, 11, 27, 10), at(2026, 11, 27, 10, 5))


def test_the_scheduler_runs_a_due_job_once_and_remembers_it_across_restarts(
    empty_db: Database,
) -> None:
    runs: list[datetime] = []
    job = Job("count", lambda db, now: runs.append(now), once_a_day)
    with use_clock(FixedClock(at(2026, 11, 27, 0, 30))):
        assert Scheduler(empty_db, [job]).run_due() == ["count"]
        assert Scheduler(empty_db, [job]).run_due() == []  # a restart the same day: not again
        assert last_run(empty_db, job) == at(2026, 11, 27, 0, 30).astimezone(UTC)
    with use_clock(FixedClock(at(2026, 11, 28, 0, 30))):
        assert Scheduler(empty_db, [job]).run_due() == ["count"]
    # the job is handed "now" as naive UTC, the way the database stores moments
    assert runs == [datetime(2026, 11, 26, 23, 30), datetime(2026, 11, 27, 23, 30)]


def test_a_failing_job_is_retried_later_and_does_not_stop_the_others(empty_db: Database) -> None:
    attempts: list[datetime] = []

    def fails(db: Database, now: datetime) -> None:
        attempts.append(now)
        raise RuntimeError("boom")

    ran: list[str] = []
    jobs = [
        Job("fails", fails, once_a_day),
        Job("works", lambda db, now: ran.append("x"), once_a_day),
    ]
    with use_clock(FixedClock(at(2026, 11, 27, 9))):
        assert Scheduler(empty_db, jobs).run_due() == ["works"]
        assert last_run(empty_db, jobs[0]) is None  # not recorded: due again on the next tick
        assert Scheduler(empty_db, jobs).run_due() == []  # tried again, failed again
    assert len(attempts) == 2
    assert ran == ["x"]


def test_the_background_thread_runs_due_jobs_and_stops(empty_db: Database) -> None:
    ran = threading.Event()
    job = Job("signal", lambda db, now: ran.set(), once_a_day)
    scheduler = Scheduler(empty_db, [job], tick_seconds=0.05)
    scheduler.start()
    try:
        assert ran.wait(timeout=10)
    finally:
        scheduler.stop()
    assert scheduler._thread is not None and not scheduler._thread.is_alive()
