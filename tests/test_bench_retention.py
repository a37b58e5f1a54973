"""`bench retention` prints its figures and leaves the measured database as it was.
(No timing is asserted: the figures are for the README and the closing note.)"""

from __future__ import annotations

import json
from pathlib import Path

from konnektus.db.database import Database
from tests.conftest import DEMO_TODAY
from tests.helpers import fingerprint
from tests.test_cli import cli


def test_the_retention_bench_prints_figures_and_changes_nothing(
    demo_path: Path, tmp_path: Path
) -> None:
    db = Database.open(demo_path)
    before = fingerprint(db)
    db.close()
    figures = tmp_path / "bench.json"
    done = cli(
        "bench",
        "retention",
        "--db",
        str(demo_path),
        "--people",
        "100",
        "--today",
        DEMO_TODAY.isoformat(),
        "--json",
        str(figures),
    )
    assert done.returncode == 0, done.stderr
    assert "asked 100 people" in done.stdout
    result = json.loads(figures.read_text())
    assert result["asked"] == 100 and result["people"] > 0
    db = Database.open(demo_path)
    assert fingerprint(db) == before
    db.close()
