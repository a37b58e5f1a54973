"""Shared fixtures: real DuckDB files in temporary folders, never a mock."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import duckdb
import pytest

from konnektus import chart_locale
from konnektus.db import anchor, disclosure_days
from konnektus.db.database import Database
from konnektus.demo.generate import generate_demo

# The tests drive scheduled jobs themselves; no page run under AppTest and no server under test
# starts the dashboard's background scheduler (konnektus/ui/jobs.py).
os.environ["KONNEKTUS_JOBS"] = "off"
# The pages skip Altair's schema check on every rerun (konnektus/chart_locale.py); the tests
# do it, so every chart they draw is checked against the Vega-Lite schema.
chart_locale.VALIDATE = True

# Demo data is generated as of this day, so expectations do not drift with the calendar.
DEMO_TODAY = date(2026, 11, 26)
DEMO_PEOPLE = 3000
DEMO_SEED = 5


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "demo.duckdb"
    db = Database.open(path)
    generate_demo(db, candidates=DEMO_PEOPLE, seed=DEMO_SEED, today=DEMO_TODAY)
    db.close()
    return path


@pytest.fixture
def demo_path(demo_template: Path, tmp_path: Path) -> Path:
    """A private copy of the demo database, free to change."""
    target = tmp_path / "demo.duckdb"
    shutil.copy(demo_template, target)
    kept = anchor.path_for(demo_template)  # the audit chain's anchor goes with its database
    if kept.exists():
        shutil.copy(kept, anchor.path_for(target))
    return target


@pytest.fixture
def demo_db(demo_path: Path) -> Iterator[Database]:
    db = Database.open(demo_path)
    yield db
    # every writer of the disclosure log keeps its sums per day (db/disclosure_days.py)
    try:
        with db.cursor() as cur:
            stale = disclosure_days.stale_rows(cur)
    except duckdb.ConnectionException:  # the test closed the file itself
        return
    db.close()
    assert stale == 0, "disclosure_day is out of step with the disclosure log"


@pytest.fixture
def empty_db(tmp_path: Path) -> Iterator[Database]:
    db = Database.open(tmp_path / "empty.duckdb")
    yield db
    db.close()
