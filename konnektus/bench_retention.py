"""`python -m konnektus bench retention`: time what the retention page asks of the database,
and asking ten thousand people to extend, on a copy of a given database file.

The copy keeps the measured file as it was: asking writes letters, contacts and audit
entries. Figures are medians of a few runs; the ask runs once (it cannot run twice).
"""

from __future__ import annotations

import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from konnektus.db.database import Database
from konnektus.domain.retention import RetentionState
from konnektus.domain.staff import CLI
from konnektus.services.retention import (
    EVERYONE,
    action_lists,
    list_targets,
    retention_overview,
    town_choices,
)
from konnektus.services.retention_letters import ask_to_extend


@dataclass(frozen=True)
class RetentionBenchResult:
    people: int
    overview_ms: float  # counts per state and the chart
    lists_ms: float  # one page of each of the five lists
    page_ms: float  # both, and the town filter: what one run of the page reads
    whole_list_ms: float  # resolving "the whole list" of expired people
    asked: int
    ask_s: float  # asking `asked` people: letters, contacts, audit
    ask_batches: int
    letters_per_s: float


def _median_ms(call: Callable[[], object], repeats: int) -> float:
    timings = []
    for _ in range(repeats):
        started = time.perf_counter()
        call()
        timings.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(timings), 1)


def bench_retention(
    path: Path, *, today: date, now: datetime, ask: int = 10_000, repeats: int = 5
) -> RetentionBenchResult:
    with tempfile.TemporaryDirectory(prefix="konnektus-bench-") as folder:
        copy = Path(folder) / "bench.duckdb"
        shutil.copy(path, copy)
        wal = path.with_name(path.name + ".wal")
        if wal.exists():
            shutil.copy(wal, copy.with_name(copy.name + ".wal"))
        db = Database.open(copy)
        try:
            return _measure(db, today, now, ask, repeats)
        finally:
            db.close()


def _measure(
    db: Database, today: date, now: datetime, ask: int, repeats: int
) -> RetentionBenchResult:
    def overview() -> object:
        return retention_overview(db, CLI, today=today)

    def lists() -> object:
        return action_lists(db, CLI, today=today)

    def page() -> object:
        return overview(), lists(), town_choices(db, CLI)

    overview()  # warm up
    overview_ms = _median_ms(overview, repeats)
    lists_ms = _median_ms(lists, repeats)
    page_ms = _median_ms(page, repeats)
    whole_list_ms = _median_ms(
        lambda: list_targets(db, CLI, RetentionState.EXPIRED, EVERYONE, today=today), repeats
    )
    targets = list_targets(db, CLI, RetentionState.EXPIRED, EVERYONE, today=today)
    if len(targets) < ask:
        targets |= list_targets(db, CLI, RetentionState.DUE, EVERYONE, today=today)
    chosen = dict(list(targets.items())[:ask])
    batches = 0

    def progress(done: int, total: int) -> None:
        nonlocal batches
        batches += 1

    started = time.perf_counter()
    report = ask_to_extend(db, CLI, chosen, now=now, on_progress=progress)
    ask_s = time.perf_counter() - started
    people = int(db.query("SELECT count(*) FROM person WHERE erased_at IS NULL")[0][0])
    return RetentionBenchResult(
        people=people,
        overview_ms=overview_ms,
        lists_ms=lists_ms,
        page_ms=page_ms,
        whole_list_ms=whole_list_ms,
        asked=report.sent,
        ask_s=round(ask_s, 2),
        ask_batches=batches,
        letters_per_s=round(report.sent / ask_s) if ask_s else 0.0,
    )
