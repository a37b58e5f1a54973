"""`python -m konnektus bench pages`: how long each page takes to draw, for each role.

Every page a role may open runs in Streamlit's AppTest, signed in as that role's demo staff
member: once to warm the caches, then `runs` full reruns, each timed whole and, through
`konnektus.db.query_timer`, for the time its queries took alone. The difference is what
drawing the page costs (widgets, data frames, charts, the script itself). Runs on a copy of
the file, so the original is never migrated or written.
"""

from __future__ import annotations

import logging
import os
import shutil
import statistics
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, Final

from konnektus import clock
from konnektus.db import query_timer
from konnektus.db.database import ENV_VAR, Database
from konnektus.domain.deadlines import AMSTERDAM
from konnektus.domain.permissions import Role
from konnektus.ui.navigation import pages_for
from konnektus.ui.state import StateKeys

ROOT: Final = Path(__file__).resolve().parents[1]
P50_TARGET_MS: Final = 150.0  # issue 11: every page's median under 150 ms ...
QUERY_FACTOR_TARGET: Final = 1.5  # ... and at most 1.5 times its queries


@dataclass(frozen=True)
class PageTiming:
    page: str
    role: str
    p50_ms: float
    p95_ms: float
    queries_p50_ms: float
    statements: int  # per run

    @property
    def factor(self) -> float:
        return self.p50_ms / self.queries_p50_ms if self.queries_p50_ms else float("inf")

    @property
    def on_target(self) -> bool:
        return self.p50_ms < P50_TARGET_MS and self.factor <= QUERY_FACTOR_TARGET


def _quiet() -> None:
    """Streamlit's loggers warn about bare mode (no `streamlit run`) while AppTest runs and
    formats widget values; the figures must not drown in it."""
    for name in list(logging.Logger.manager.loggerDict):
        if name.startswith("streamlit"):
            logging.getLogger(name).setLevel(logging.ERROR)


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


@contextmanager
def _on_copy(source: Path) -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.duckdb"
        shutil.copy(source, path)
        Database.open(path).close()  # migrate once, outside the measurement
        before = os.environ.get(ENV_VAR)
        os.environ[ENV_VAR] = str(path)
        try:
            yield path
        finally:
            if before is None:
                os.environ.pop(ENV_VAR, None)
            else:
                os.environ[ENV_VAR] = before


def _staff_per_role(path: Path) -> dict[Role, int]:
    db = Database.open(path, read_only=True)
    try:
        rows = db.query("SELECT role, min(id) FROM staff WHERE active GROUP BY role")
    finally:
        db.close()
    return {Role(role): int(staff_id) for role, staff_id in rows}


def bench_pages(
    source: Path,
    *,
    today: date,
    runs: int = 9,
    language: str = "nl",
    only_pages: frozenset[str] = frozenset(),
    only_roles: frozenset[str] = frozenset(),
    floor: bool | None = None,
) -> list[PageTiming]:
    """Median and 95th percentile of a warm full rerun of each page per role, beside the
    median of its queries alone."""
    from streamlit.logger import set_log_level
    from streamlit.testing.v1 import AppTest  # a test harness: loaded only to measure

    set_log_level("error")  # AppTest's warnings about bare mode would bury the figures
    os.environ["KONNEKTUS_JOBS"] = "off"  # no background job may run into the figures
    moment = datetime.combine(today, datetime.min.time().replace(hour=10), AMSTERDAM)
    results: list[PageTiming] = []
    with _on_copy(source) as path, clock.use_clock(clock.ShiftedClock.starting_at(moment)):
        staff = _staff_per_role(path)
        for role, staff_id in staff.items():
            if only_roles and role.value not in only_roles:
                continue
            for spec in pages_for(role):
                if only_pages and spec.id not in only_pages:
                    continue
                app = AppTest.from_file(str(ROOT / spec.path), default_timeout=600)
                results.append(_timed(app, spec.id, role, staff_id, language, runs))
        if floor if floor is not None else not only_pages:
            # What any page costs before it draws anything of its own, for scale: Streamlit
            # running a one-line script, and a page that only checks the sign-in and draws
            # the menu and language switch (every page does both).
            dpo = staff[Role.DPO]
            bare = AppTest.from_string(FLOOR_STREAMLIT, default_timeout=600)
            results.append(_timed(bare, "(streamlit)", Role.DPO, dpo, language, runs))
            chrome = AppTest.from_string(FLOOR_SIGNED_IN, default_timeout=600)
            results.append(_timed(chrome, "(signed-in)", Role.DPO, dpo, language, runs))
    return results


FLOOR_STREAMLIT: Final = "import streamlit as st\nst.title('.')\n"
FLOOR_SIGNED_IN: Final = (
    "import streamlit as st\n"
    "from konnektus.ui.guard import guard_page\n"
    "guard_page('people')\n"
    "st.title('.')\n"
)


def _timed(app: Any, page: str, role: Role, staff_id: int, language: str, runs: int) -> PageTiming:
    _quiet()  # AppTest resets Streamlit's loggers; keep their bare-mode chatter out
    app.session_state[StateKeys.DEMO_STAFF_ID] = staff_id
    app.session_state[StateKeys.LANGUAGE] = language
    app.run()  # cold: opens the file, fills the caches
    _quiet()  # ... and so does its first run
    if app.exception:
        raise SystemExit(f"{page} as {role.value}: {app.exception[0].message}")
    totals: list[float] = []
    queries: list[float] = []
    statements = 0
    for _ in range(runs):
        with query_timer.timing() as timer:
            started = time.perf_counter()
            app.run()
            totals.append((time.perf_counter() - started) * 1000)
        queries.append(timer.seconds * 1000)
        statements = timer.statements
    return PageTiming(
        page=page,
        role=role.value,
        p50_ms=round(statistics.median(totals), 1),
        p95_ms=round(_p95(totals), 1),
        queries_p50_ms=round(statistics.median(queries), 1),
        statements=statements,
    )


def report_line(timing: PageTiming) -> str:
    mark = "" if timing.on_target else "  over target"
    return (
        f"{timing.page:<12} {timing.role:<11} p50 {timing.p50_ms:7.1f} ms  p95 "
        f"{timing.p95_ms:7.1f} ms  queries {timing.queries_p50_ms:7.1f} ms "
        f"({timing.statements} statements)  x{timing.factor:.1f}{mark}"
    )
