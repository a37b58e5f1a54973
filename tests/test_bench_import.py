"""`bench import` prints its figures (no timing is asserted: they are for the README)."""

from __future__ import annotations

import json
from pathlib import Path

from tests.test_cli import cli


def test_the_import_bench_checks_imports_and_reimports_synthetic_people(tmp_path: Path) -> None:
    figures = tmp_path / "bench.json"
    done = cli(
        "bench", "import", "--people", "300", "--today", "2026-11-27", "--json", str(figures)
    )
    assert done.returncode == 0, done.stderr
    assert "300 people, 1,000 items" in done.stdout and "the same files again" in done.stdout
    result = json.loads(figures.read_text())
    assert result["people"] == 300 and result["preview_s"] >= 0
