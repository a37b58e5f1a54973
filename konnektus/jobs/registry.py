"""The dashboard's scheduled jobs, each also a command for when the dashboard is down."""

from __future__ import annotations

from datetime import datetime, timedelta

from konnektus.db.database import Database
from konnektus.jobs.scheduler import Job, every
from konnektus.services.outbox import DeliveryReport, deliver_pending, smtp_settings_from_env

OUTBOX_INTERVAL = timedelta(minutes=5)


def deliver_outbox(db: Database, now: datetime) -> DeliveryReport | None:
    """`python -m konnektus outbox send`, every few minutes, when SMTP is configured."""
    settings = smtp_settings_from_env()
    if settings is None:
        return None
    return deliver_pending(db, settings, now=now, role="scheduler")


def default_jobs() -> list[Job]:
    return [Job("outbox", deliver_outbox, every(OUTBOX_INTERVAL))]
