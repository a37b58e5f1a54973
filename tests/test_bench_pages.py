"""`bench pages` times each page per role in AppTest beside its queries, on a copy."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path

from click.testing import CliRunner

from konnektus.bench_pages import bench_pages
from konnektus.cli import main
from konnektus.db import query_timer
from konnektus.db.database import Database


def test_the_query_timer_counts_statements_only_while_it_runs(empty_db: Database) -> None:
    with query_timer.timing() as timer:
        assert empty_db.query("SELECT 42") == [(42,)]
        with empty_db.cursor() as cur:
            assert cur.execute("SELECT ?", [7]).fetchall() == [(7,)]
    assert timer.statements == 2 and timer.seconds > 0
    seen = timer.seconds
    empty_db.query("SELECT 1")  # after the block: nothing is wrapped, nothing counted
    assert (timer.statements, timer.seconds) == (2, seen)
    with empty_db.cursor() as cur:
        assert not isinstance(cur, query_timer.TimedCursor)


def test_bench_pages_times_a_page_per_role_and_leaves_the_file_alone(
    demo_template: Path, tmp_path: Path
) -> None:
    before = hashlib.sha256(demo_template.read_bytes()).hexdigest()
    figures = tmp_path / "pages.json"
    result = CliRunner().invoke(
        main,
        [
            "bench",
            "pages",
            "--db",
            str(demo_template),
            "--page",
            "home",
            "--role",
            "management",
            "--runs",
            "2",
            "--today",
            "2026-11-26",
            "--json",
            str(figures),
        ],
    )
    assert result.exit_code == 0, result.output
    assert result.output.startswith("home         management  p50")
    [row] = json.loads(figures.read_text())
    assert (row["page"], row["role"]) == ("home", "management")
    # a run draws the page and runs its queries, so it takes at least as long as they do
    assert row["statements"] > 0 and 0 < row["queries_p50_ms"] <= row["p50_ms"]
    assert hashlib.sha256(demo_template.read_bytes()).hexdigest() == before


def test_bench_pages_measures_the_floor_every_page_stands_on(demo_template: Path) -> None:
    """Streamlit running a one-line script, and a page that only signs in and draws the menu:
    the figures the pages' own drawing is read against."""
    timings = bench_pages(
        demo_template,
        today=date(2026, 11, 26),
        runs=2,
        only_pages=frozenset({"people"}),
        only_roles=frozenset({"dpo"}),
        floor=True,
    )
    by_page = {t.page: t for t in timings}
    assert set(by_page) == {"people", "(streamlit)", "(signed-in)"}
    assert by_page["(streamlit)"].statements == 0  # no database at all
    assert by_page["(signed-in)"].statements > 0  # the sign-in check reads the staff table
    assert by_page["(streamlit)"].p50_ms > 0
