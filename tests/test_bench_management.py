"""The management benchmark measures on the file it is given and leaves it as it was."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from konnektus.bench_management import bench_management
from konnektus.db.database import Database
from tests.conftest import DEMO_PEOPLE, DEMO_TODAY


def test_the_benchmark_times_the_overview_and_the_board_report(demo_path: Path) -> None:
    before = demo_path.read_bytes()
    db = Database.open(demo_path, read_only=True)
    try:
        result = bench_management(db, today=DEMO_TODAY, now=datetime(2026, 11, 26, 10), repeats=1)
    finally:
        db.close()
    assert result.people == DEMO_PEOPLE
    assert result.overview_ms > 0 and result.lights_ms > 0 and result.trends_ms > 0
    assert result.report_s > 0 and result.report_first_s > 0
    assert demo_path.read_bytes() == before
