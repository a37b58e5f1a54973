"""A small scheduler inside the dashboard process (architecture rule 10).

While the dashboard runs, no other process may open the database file, so work that must happen
on its own (the retention run, ending legal holds, delivering the outbox) runs here, in one
background thread per process, on the process's one connection. Each job does its own
transactions and audit entries; the scheduler only decides when a job is due, records when it
last ran (in `meta`, so a restart does not run a daily job twice), and keeps going when a job
fails. Every job is also a command (`python -m konnektus ...`) for when the dashboard is down.

"When" is asked of konnektus.clock, so a test moves time instead of waiting for it.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from konnektus import clock
from konnektus.db import audit, meta
from konnektus.db.database import Cursor, Database
from konnektus.domain.deadlines import AMSTERDAM

log = logging.getLogger(__name__)

# (last run or None, now) -> is the job due?
Due = Callable[[datetime | None, datetime], bool]


def once_a_day(last: datetime | None, now: datetime) -> bool:
    """Due on the first tick of each Amsterdam calendar day."""
    return last is None or last.astimezone(AMSTERDAM).date() < now.astimezone(AMSTERDAM).date()


def daily_at(hour: int, minute: int = 0) -> Due:
    """Due once per Amsterdam day, from `hour:minute` on (a daily job's time in the settings):
    a day's slot runs from that time to the same time the next day."""
    offset = timedelta(hours=hour, minutes=minute)

    def slot(moment: datetime) -> date:
        return (moment.astimezone(AMSTERDAM).replace(tzinfo=None) - offset).date()

    def due(last: datetime | None, now: datetime) -> bool:
        if last is None:  # never ran: from today's time on
            return now.astimezone(AMSTERDAM).time() >= time(hour, minute)
        return slot(last) < slot(now)

    return due


def once_a_month(last: datetime | None, now: datetime) -> bool:
    """Due on the first tick of each Amsterdam calendar month."""
    if last is None:
        return True
    before, today = last.astimezone(AMSTERDAM).date(), now.astimezone(AMSTERDAM).date()
    return (before.year, before.month) < (today.year, today.month)


def amsterdam_date(naive_utc: datetime) -> date:
    """The Amsterdam day of a moment the scheduler hands its jobs (naive UTC)."""
    return naive_utc.replace(tzinfo=UTC).astimezone(AMSTERDAM).date()


def every(interval: timedelta) -> Due:
    def due(last: datetime | None, now: datetime) -> bool:
        return last is None or now - last >= interval

    return due


@dataclass(frozen=True)
class Job:
    name: str
    run: Callable[[Database, datetime], object]  # (database, now as naive UTC) -> a report
    due: Due
    # a run whose report says nothing happened leaves no audit entry (the outbox, every five
    # minutes, with nothing to send); every other run, and every failure, is audited
    idle: Callable[[object], bool] = lambda _report: False


def _last_run_key(job: Job) -> str:
    return f"job_last_run:{job.name}"


def last_run(db: Database, job: Job) -> datetime | None:
    with db.cursor() as cur:
        stored = meta.get(cur, _last_run_key(job))
    return None if stored is None else datetime.fromisoformat(stored)


def record_run(db: Database, job_name: str, at: datetime) -> None:
    """Remember that `job_name` ran at `at` (timezone-aware)."""
    with db.transaction() as cur:
        remember_run(cur, job_name, at)


def remember_run(cur: Cursor, job_name: str, at: datetime) -> None:
    """The same, inside the caller's transaction."""
    meta.put(cur, f"job_last_run:{job_name}", at.astimezone(UTC).isoformat())


def _append_run(cur: Cursor, job_name: str, now: datetime, failed: str | None) -> None:
    details: dict[str, object] = {"job": job_name}
    if failed:
        details["error"] = failed  # the kind only; the traceback is in the server's log
    audit.append(
        cur,
        at=now.astimezone(UTC).replace(tzinfo=None),
        staff_id=None,
        role="scheduler",
        action="job_failed" if failed else "job_ran",
        details=details,
    )


def _audit_run(db: Database, job_name: str, now: datetime, *, failed: str) -> None:
    try:
        with db.transaction() as cur:
            _append_run(cur, job_name, now, failed)
    except Exception:
        log.exception("could not audit the failure of job %s", job_name)


@dataclass
class Scheduler:
    db: Database
    jobs: list[Job]
    tick_seconds: float = 60.0
    reports: dict[str, object] = field(default_factory=dict)
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def run_due(self) -> list[str]:
        """Run every job that is due now; returns the names of the jobs that ran."""
        ran = []
        for job in self.jobs:
            now = clock.now_aware()
            if not job.due(last_run(self.db, job), now):
                continue
            try:
                report = job.run(self.db, now.replace(tzinfo=None))
            except Exception as error:  # one failing job must not stop the others or the thread
                log.exception("scheduled job %s failed", job.name)
                _audit_run(self.db, job.name, now, failed=type(error).__name__)
                continue
            self.reports[job.name] = report
            with self.db.transaction() as cur:
                remember_run(cur, job.name, now)
                if not job.idle(report):
                    _append_run(cur, job.name, now, None)
            ran.append(job.name)
        return ran

    def start(self) -> None:
        if self._thread is not None:
            return
        self._thread = threading.Thread(target=self._loop, name="konnektus-jobs", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=30)

    def _loop(self) -> None:
        while True:
            self.run_due()
            if self._stop.wait(self.tick_seconds):
                return
