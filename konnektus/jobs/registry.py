"""The dashboard's scheduled jobs, each also a command for when the dashboard is down."""

from __future__ import annotations

import os
import tomllib
from datetime import date, datetime, timedelta
from pathlib import Path

from konnektus import management_settings
from konnektus.db import management as management_sql
from konnektus.db import meta, snapshots
from konnektus.db.database import Database
from konnektus.domain.promises import Period, last_complete_month
from konnektus.domain.staff import SCHEDULER
from konnektus.jobs.scheduler import (
    Due,
    Job,
    amsterdam_date,
    daily_at,
    every,
    once_a_day,
    once_a_month,
)
from konnektus.services.board_report import BoardReportSent, queue_board_report
from konnektus.services.maintenance import RebuildReport, rebuild_database_file
from konnektus.services.outbox import DeliveryReport, deliver_pending, smtp_settings_from_env
from konnektus.services.retention_run import RetentionRunReport, retention_run

OUTBOX_INTERVAL = timedelta(minutes=5)
SETTINGS_FILE = Path(__file__).resolve().parents[1] / "settings" / "jobs.toml"
SETTINGS_ENV = "KONNEKTUS_JOBS_SETTINGS"


def daily_times() -> dict[str, tuple[int, int]]:
    """When each daily job runs (Amsterdam hour, minute), from the jobs settings file."""
    path = Path(os.environ.get(SETTINGS_ENV) or SETTINGS_FILE)
    table = tomllib.loads(path.read_text("utf-8")).get("daily", {})
    times = {}
    for name, text in table.items():
        hour, minute = (int(part) for part in str(text).split(":"))
        times[str(name)] = (hour, minute)
    return times


def deliver_outbox(db: Database, now: datetime) -> DeliveryReport | None:
    """`python -m konnektus outbox send`, every few minutes, when SMTP is configured."""
    settings = smtp_settings_from_env()
    if settings is None:
        return None
    return deliver_pending(db, settings, now=now, role="scheduler")


def run_retention(db: Database, now: datetime) -> RetentionRunReport:
    """`python -m konnektus retention run`, once a day: asks, reminders, silences, ended
    holds, and the clean-up when the DPO has switched it on; then the day's snapshot of the
    figures management follows over time (retention states, excess data)."""
    report = retention_run(db, SCHEDULER, now=now)
    take_daily_snapshot(db, today=amsterdam_date(now))
    return report


def take_daily_snapshot(db: Database, *, today: date) -> None:
    """The day's figures that cannot be recomputed later (retention states, excess data), for
    the management trends: after the retention run, here and in `retention run`."""
    with db.transaction() as cur:
        snapshots.take(cur, today, meta.retention_policy(cur))


def board_report_month(today: date, held_since: date | None) -> Period | None:
    """The month whose board report the monthly job sends on `today`: last month, but only
    if the database held data from that month's first day on; else none.

    Why whole months only: a database that began during a month (a new installation, the
    first import) would report part of that month under the month's name, with rates over a
    few days and no figures for the days before it existed (retention states and excess data
    of past days come only from its own daily snapshots), and compare them with a month it
    never saw. Its first report is that of its first whole month; the report of any month can
    still be made on the page or with `report --month`."""
    month = last_complete_month(today)
    if held_since is None or held_since > month.first:
        return None
    return month


def send_board_report(db: Database, now: datetime) -> BoardReportSent | None:
    """`python -m konnektus report --month YYYY-MM`, once a month: last month's board report
    through the outbox to the addresses in the management settings, audited; nothing (None)
    when the database did not cover the whole of last month (board_report_month)."""
    with db.cursor() as cur:
        first_entry, first_snapshot = management_sql.held_data_since(cur)
    first_day = None if first_entry is None else amsterdam_date(first_entry)
    days = [day for day in (first_day, first_snapshot) if day is not None]
    if board_report_month(amsterdam_date(now), min(days, default=None)) is None:
        return None
    return queue_board_report(db, SCHEDULER, now=now, settings=management_settings.load())


def rebuild_file(db: Database, now: datetime) -> RebuildReport:
    """`python -m konnektus maintenance rebuild`, once a day (after the night's erasures and
    deliveries): rewrite the file when something was erased since the last time."""
    return rebuild_database_file(db, SCHEDULER, now=now)


RETENTION_JOB = "retention_run"
REBUILD_JOB = "file_rebuild"
BOARD_REPORT_JOB = "board_report"


def _nothing_delivered(report: object) -> bool:
    return report is None or (
        isinstance(report, DeliveryReport) and report.sent == 0 and report.failed == 0
    )


def _no_report(report: object) -> bool:
    return report is None


def _not_rebuilt(report: object) -> bool:
    return isinstance(report, RebuildReport) and not report.rebuilt


def default_jobs() -> list[Job]:
    times = daily_times()

    def daily(name: str) -> Due:
        return daily_at(*times[name]) if name in times else once_a_day

    return [
        Job(RETENTION_JOB, run_retention, daily(RETENTION_JOB)),
        Job("outbox", deliver_outbox, every(OUTBOX_INTERVAL), idle=_nothing_delivered),
        # a month the database did not cover sends nothing and leaves no entry
        Job(BOARD_REPORT_JOB, send_board_report, once_a_month, idle=_no_report),
        Job(REBUILD_JOB, rebuild_file, daily(REBUILD_JOB), idle=_not_rebuilt),
    ]
