"""`bench browser` drives Chromium through the felt actions and prints a figure for each."""

from __future__ import annotations

import hashlib
from pathlib import Path

from konnektus.bench_browser import TARGETS_MS, bench_browser, report_line


def test_the_browser_benchmark_measures_each_action_on_a_copy(demo_template: Path) -> None:
    before = hashlib.sha256(demo_template.read_bytes()).hexdigest()
    felt = bench_browser(demo_template, runs=1)
    assert [f.action for f in felt] == list(TARGETS_MS)
    assert all(f.runs == 1 and 0 < f.p50_ms == f.p95_ms for f in felt)
    assert report_line(felt[0]).startswith("sign_in  p50")
    # where the sign-in page's time goes, the first visit, and a browser that was here before
    scripts, socket, first_message, shown = (
        float(step.rsplit(" ", 1)[1]) for step in felt[0].notes[0].split(": ")[1].split(", ")
    )
    assert 0 < scripts < socket < first_message < shown
    assert "first visit after the server started" in felt[0].notes[1]
    assert "cache warm" in felt[0].notes[2]
    assert all(not f.notes for f in felt[1:])
    assert hashlib.sha256(demo_template.read_bytes()).hexdigest() == before
