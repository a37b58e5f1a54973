"""`python -m konnektus bench cleanup`: clean up N expired records on a copy of a database
file (the copy keeps the measured file as it was) and print how long it took."""

from __future__ import annotations

import resource
import shutil
import tempfile
import time
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from konnektus.db.database import Database
from konnektus.domain.staff import CLI
from konnektus.services.retention_cleanup import clean_up_expired, cleanup_preview


@dataclass(frozen=True)
class CleanupBenchResult:
    people: int  # living people before the run
    cleanable: int  # of whom the clean-up could erase
    cleaned: int
    batches: int
    preview_ms: float
    cleanup_s: float
    people_per_s: float
    peak_rss_mb: int


def bench_cleanup(path: Path, *, today: date, now: datetime, people: int) -> CleanupBenchResult:
    with tempfile.TemporaryDirectory(prefix="konnektus-bench-") as folder:
        copy = Path(folder) / "bench.duckdb"
        shutil.copy(path, copy)
        wal = path.with_name(path.name + ".wal")
        if wal.exists():
            shutil.copy(wal, copy.with_name(copy.name + ".wal"))
        db = Database.open(copy)
        try:
            living = int(db.query("SELECT count(*) FROM person WHERE erased_at IS NULL")[0][0])
            started = time.perf_counter()
            preview = cleanup_preview(db, CLI, today=today)
            preview_ms = (time.perf_counter() - started) * 1000
            started = time.perf_counter()
            report = clean_up_expired(db, CLI, now=now, max_people=people)
            seconds = time.perf_counter() - started
        finally:
            db.close()
    return CleanupBenchResult(
        people=living,
        cleanable=preview.people,
        cleaned=report.people,
        batches=report.batches,
        preview_ms=round(preview_ms, 1),
        cleanup_s=round(seconds, 1),
        people_per_s=round(report.people / seconds) if seconds else 0,
        peak_rss_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
    )
