"""`bench cleanup` prints its figures and leaves the measured database as it was.
(No timing is asserted: the figures are for the README and the closing note.)"""

from __future__ import annotations

from pathlib import Path

from konnektus.db.database import Database
from tests.conftest import DEMO_TODAY
from tests.helpers import fingerprint
from tests.test_cli import cli


def test_the_cleanup_bench_prints_figures_and_changes_nothing(demo_path: Path) -> None:
    db = Database.open(demo_path)
    before = fingerprint(db)
    db.close()
    done = cli(
        "bench",
        "cleanup",
        "--db",
        str(demo_path),
        "--people",
        "200",
        "--today",
        DEMO_TODAY.isoformat(),
    )
    assert done.returncode == 0, done.stderr
    assert "cleaned up 200 in " in done.stdout and "3,000 people" in done.stdout
    db = Database.open(demo_path)
    assert fingerprint(db) == before
    db.close()
