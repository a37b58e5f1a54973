"""`python -m konnektus report --month YYYY-MM`: the board report into the current folder, run
as a new process the way staff run it; refused in one sentence while another process (the
dashboard) holds the file."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from konnektus.db.database import Database
from tests.helpers import copy_database

ROOT = Path(__file__).resolve().parents[1]


def report(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "konnektus", "report", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=env,
    )


def test_the_report_command_writes_html_csv_and_xlsx_to_the_current_folder(
    demo_template: Path, tmp_path: Path
) -> None:
    db = tmp_path / "demo.duckdb"
    copy_database(demo_template, db)
    out = tmp_path / "out"
    out.mkdir()
    done = report(out, "--month", "2026-10", "--db", str(db))
    assert done.returncode == 0, done.stderr
    stem = "konnektus-bestuursrapportage-2026-10"
    assert sorted(p.name for p in out.iterdir()) == [f"{stem}.csv", f"{stem}.html", f"{stem}.xlsx"]
    assert "oktober 2026" in (out / f"{stem}.html").read_text("utf-8")


def test_a_month_that_is_not_yyyy_mm_is_refused_in_one_sentence(tmp_path: Path) -> None:
    done = report(tmp_path, "--month", "10-2026", "--db", str(tmp_path / "x.duckdb"))
    assert done.returncode != 0
    assert done.stderr.strip() == "Error: --month '10-2026' is not a month (YYYY-MM)."
    assert list(tmp_path.iterdir()) == []


def test_the_report_command_refuses_while_the_dashboard_holds_the_file(
    demo_template: Path, tmp_path: Path
) -> None:
    path = tmp_path / "held.duckdb"
    copy_database(demo_template, path)
    holder = Database.open(path)  # this test process plays the running dashboard
    try:
        done = report(tmp_path, "--month", "2026-10", "--db", str(path))
    finally:
        holder.close()
    assert done.returncode != 0
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "is in use by another program" in lines[0]
    assert "Traceback" not in done.stderr
    assert not list(tmp_path.glob("konnektus-bestuursrapportage-*"))
