"""`python -m konnektus import`, run as a new process the way staff run it (issue 14)."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

from konnektus.bench_import import synthetic_files
from konnektus.db.database import Database
from tests.helpers import fingerprint

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = sorted(str(p) for p in (ROOT / "data" / "samples").glob("*.csv"))
CLOCK = {"KONNEKTUS_CLOCK": "2026-11-27T10:00+01:00"}


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "konnektus", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, **CLOCK},
    )


def test_init_then_import_then_the_same_files_again_change_nothing(tmp_path: Path) -> None:
    db = str(tmp_path / "real.duckdb")
    made = cli("init", "--db", db)
    assert made.returncode == 0 and "demo data will be refused" in made.stdout
    dry = cli("import", "--db", db, "--dry-run", *SAMPLES)
    assert dry.returncode == 0, dry.stderr
    assert "Dry run, nothing written: would add 46 rows" in dry.stdout
    first = cli("import", "--db", db, *SAMPLES)
    assert first.returncode == 0, first.stderr
    assert "added 46 rows, changed 0; 2 new legal holds." in first.stdout
    again = cli("import", "--db", db, *SAMPLES)
    assert "added 0 rows, changed 0; 0 new legal holds." in again.stdout
    demo = cli("demo", "--db", db, "--candidates", "10")
    assert demo.returncode == 1 and "Traceback" not in demo.stderr


def test_a_bad_file_is_refused_with_the_dutch_report_and_a_csv(tmp_path: Path) -> None:
    db = str(tmp_path / "real.duckdb")
    cli("init", "--db", db)
    people = tmp_path / "people.csv"
    people.write_text((ROOT / "data/samples/people.csv").read_text().replace("686307380", "1234"))
    report = tmp_path / "report.csv"
    result = cli("import", "--db", db, "--report", str(report), str(people))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "people.csv, regel 2, kolom bsn: 1234 is geen geldig BSN" in result.stderr
    assert "Er is niets geïmporteerd: de controle vond problemen (1)." in result.stderr
    assert report.read_text("utf-8-sig").splitlines()[1] == (
        "people.csv;2;bsn;1234 is geen geldig BSN"
    )


def test_a_demo_database_refuses_the_import_in_one_sentence(tmp_path: Path) -> None:
    db = str(tmp_path / "demo.duckdb")
    cli("demo", "--db", db, "--candidates", "50")
    result = cli("import", "--db", db, *SAMPLES)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert (
        result.stderr.strip()
        .splitlines()[-1]
        .startswith("Error: Deze database bevat demo-gegevens")
    )


def test_while_another_process_holds_the_file_the_import_refuses_in_one_sentence(
    tmp_path: Path,
) -> None:
    path = tmp_path / "held.duckdb"
    cli("init", "--db", str(path))
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import duckdb, time; c = duckdb.connect({str(path)!r}); print('ready', flush=True);"
            " time.sleep(30)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        result = cli("import", "--db", str(path), *SAMPLES)
        assert result.returncode == 1 and "Traceback" not in result.stderr
        assert "is in use by another program" in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
    finally:
        holder.kill()
        holder.wait()


def test_an_import_killed_half_way_leaves_the_database_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "real.duckdb"
    cli("init", "--db", str(path))
    cli("import", "--db", str(path), *SAMPLES)
    files = []
    for file in synthetic_files(40_000, date(2026, 11, 27)):
        target = tmp_path / file.name
        target.write_bytes(file.data)
        files.append(str(target))
    db = Database.open(path)
    before = fingerprint(db)
    db.close()
    log = tmp_path / "stderr.txt"
    with log.open("w") as err:
        process = subprocess.Popen(
            [sys.executable, "-m", "konnektus", "import", "--db", str(path), *files],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=err,
            env={**os.environ, **CLOCK},
        )
        deadline = time.monotonic() + 120
        # the bar has moved: the people are written, the items are being written
        while not re.search(r"Importing:\s+[1-9]\d?%", log.read_text()):
            assert process.poll() is None, log.read_text()
            assert time.monotonic() < deadline
            time.sleep(0.02)
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
    assert process.returncode == -signal.SIGKILL
    db = Database.open(path)  # replays what the log holds: nothing of the import
    try:
        assert fingerprint(db) == before
        assert db.query("SELECT count(*) FROM person") == [(6,)]
    finally:
        db.close()
