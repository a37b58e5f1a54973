"""The sharing benchmark runs end to end on a copy and leaves the measured file alone."""

from __future__ import annotations

import hashlib
from datetime import datetime
from pathlib import Path

from konnektus.bench_sharing import bench_sharing
from tests.conftest import DEMO_TODAY


def test_the_sharing_benchmark_grows_a_copy_and_notifies_the_people_asked_for(
    demo_template: Path,
) -> None:
    before = hashlib.sha256(demo_template.read_bytes()).hexdigest()
    result = bench_sharing(
        demo_template,
        disclosures=20_000,
        notify=50,
        today=DEMO_TODAY,
        now=datetime(2026, 11, 26, 9, 0),
        repeats=1,
    )
    assert result.disclosures == 20_000
    assert result.notified_people == result.notified_disclosures == 50
    assert result.page_ms > 0 and result.notify_s >= 0
    assert hashlib.sha256(demo_template.read_bytes()).hexdigest() == before
