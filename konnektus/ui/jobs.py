"""Starts the dashboard process's scheduler once, beside its one database connection.

`KONNEKTUS_JOBS=off` leaves it stopped: the tests drive jobs themselves, and an operator who
runs the jobs from the command line (while the dashboard is down) may want the same.
"""

from __future__ import annotations

import os

import streamlit as st

from konnektus.db.database import Database
from konnektus.jobs.registry import default_jobs
from konnektus.jobs.scheduler import Scheduler


def jobs_enabled() -> bool:
    return os.environ.get("KONNEKTUS_JOBS", "on").lower() not in {"off", "0", "false", "no"}


@st.cache_resource(show_spinner=False)
def _scheduler(path: str, _db: Database) -> Scheduler:
    scheduler = Scheduler(_db, default_jobs())
    scheduler.start()
    return scheduler


def start_scheduler(db: Database) -> None:
    """Start the jobs of this process (once per database file), unless switched off."""
    if jobs_enabled():
        _scheduler(str(db.path), db)
