"""The dashboard's scheduled jobs, each also a command for when the dashboard is down."""

from __future__ import annotations

from datetime import datetime, timedelta

from konnektus.db.database import Database
from konnektus.domain.staff import SCHEDULER
from konnektus.jobs.scheduler import Job, every, once_a_day
from konnektus.services.outbox import DeliveryReport, deliver_pending, smtp_settings_from_env
from konnektus.services.retention_run import RetentionRunReport, retention_run

OUTBOX_INTERVAL = timedelta(minutes=5)


def deliver_outbox(db: Database, now: datetime) -> DeliveryReport | None:
    """`python -m konnektus outbox send`, every few minutes, when SMTP is configured."""
    settings = smtp_settings_from_env()
    if settings is None:
        return None
    return deliver_pending(db, settings, now=now, role="scheduler")


def run_retention(db: Database, now: datetime) -> RetentionRunReport:
    """`python -m konnektus retention run`, once a day: asks, reminders, silences, ended
    holds, and the clean-up when the DPO has switched it on."""
    return retention_run(db, SCHEDULER, now=now)


RETENTION_JOB = "retention_run"


def default_jobs() -> list[Job]:
    return [
        Job(RETENTION_JOB, run_retention, once_a_day),
        Job("outbox", deliver_outbox, every(OUTBOX_INTERVAL)),
    ]
