"""`python -m konnektus bench browser`: the dashboard as felt, in Chromium (issue 11, point 8).

Starts `streamlit run` on a copy of the file and drives Debian's Chromium through Playwright
(both installed for the browser tests: requirements-dev.txt, `apt-get install chromium`).
Measures, from the user's action to the moment the answer is on screen and the app is idle:
the sign-in page from a fresh tab, a search, a filter change, and opening a profile by a
click on its row. Targets: the sign-in page within 2 s, the others within 1 s.
"""

from __future__ import annotations

import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from konnektus.db.database import Database

ROOT: Final = Path(__file__).resolve().parents[1]
CHROMIUM: Final = "/usr/bin/chromium"
TARGETS_MS: Final = {"sign_in": 2000.0, "search": 1000.0, "filter": 1000.0, "profile": 1000.0}
SEARCHES: Final = ("bakker", "de jong", "van dijk", "jansen", "mohamed", "visser")
IDLE: Final = '[data-testid="stApp"][data-test-script-state="notRunning"]'


@dataclass(frozen=True)
class Felt:
    action: str
    p50_ms: float
    p95_ms: float
    runs: int

    @property
    def on_target(self) -> bool:
        return self.p50_ms <= TARGETS_MS[self.action]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def _server(path: Path) -> Iterator[str]:
    port = _free_port()
    env = {**os.environ, "KONNEKTUS_DB": str(path), "KONNEKTUS_JOBS": "off"}
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(ROOT / "app.py"),
        "--server.headless",
        "true",
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--browser.gatherUsageStats",
        "false",
    ]
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as reply:
                    if reply.read() == b"ok":
                        break
            except OSError:
                time.sleep(0.2)
        else:
            raise SystemExit("The dashboard did not start within 60 s.")
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)


def _idle(tab: Any) -> None:
    tab.wait_for_selector(IDLE, timeout=60_000)
    tab.wait_for_selector('[data-testid="stSkeleton"]', state="detached", timeout=60_000)


def _timed(action: Callable[[], None], done: Callable[[], None]) -> float:
    started = time.perf_counter()
    action()
    done()
    return (time.perf_counter() - started) * 1000


def _summary(action: str, timings: list[float]) -> Felt:
    ordered = sorted(timings)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return Felt(action, round(statistics.median(timings), 1), round(p95, 1), len(timings))


def bench_browser(source: Path, *, runs: int = 5) -> list[Felt]:
    """Median and 95th percentile of each felt action on a copy of `source`."""
    from playwright.sync_api import sync_playwright  # dev dependency: the browser tests'

    if not Path(CHROMIUM).exists():
        raise SystemExit(f"Chromium is not installed at {CHROMIUM} (apt-get install chromium).")
    timings: dict[str, list[float]] = {name: [] for name in TARGETS_MS}
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.duckdb"
        shutil.copy(source, path)
        Database.open(path).close()  # migrate once, outside the measurement
        with _server(path) as url, sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, args=["--headless=new", "--no-sandbox"]
            )
            for run in range(runs + 1):  # the first round warms the server's caches
                felt = _one_round(browser, url, run)
                if run:
                    for name, value in zip(TARGETS_MS, felt, strict=True):
                        timings[name].append(value)
            browser.close()
    return [_summary(name, values) for name, values in timings.items()]


def _one_round(browser: Any, url: str, run: int) -> tuple[float, float, float, float]:
    """One visit in a fresh browser context: sign-in page, search, filter, profile."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    context = browser.new_context(viewport={"width": 1400, "height": 900})
    tab = context.new_page()
    try:
        sign_in = _timed(
            lambda: tab.goto(url),
            lambda: tab.locator(".st-key-demo_recruiter button").wait_for(timeout=60_000),
        )
        _idle(tab)
        tab.locator(".st-key-demo_recruiter button").click()
        tab.locator(".st-key-sign_out button").wait_for(timeout=60_000)
        _idle(tab)
        tab.locator('[data-testid="stSidebarNavLink"]').nth(1).click()
        box = tab.locator(".st-key-people_q input")
        box.wait_for(timeout=60_000)
        _idle(tab)
        box.fill(SEARCHES[run % len(SEARCHES)])
        search = _timed(lambda: box.press("Enter"), lambda: _results_shown(tab))
        stages = tab.locator(".st-key-people_stages input").first
        if not stages.is_visible():  # the filters sit in a closed expander
            tab.locator('[data-testid="stExpander"] summary').first.click()
        stages.wait_for(state="visible", timeout=60_000)
        option = tab.get_by_role("option").nth(run % 2)  # kandidaat or voorgedragen: many
        for _ in range(20):  # a click focuses the box; the arrow key opens the list
            stages.click()
            stages.press("ArrowDown")
            try:
                option.wait_for(state="visible", timeout=2_000)
                break
            except PlaywrightTimeout:
                _idle(tab)  # a rerun redrew the box under the click: try again
        filtered = _timed(option.click, lambda: _results_shown(tab))
        tab.keyboard.press("Escape")
        _idle(tab)
        profile = _timed(
            lambda: _click_first_row(tab),
            lambda: tab.get_by_role("heading", name="Profiel K").wait_for(timeout=60_000),
        )
        return sign_in, search, filtered, profile
    finally:
        context.close()


def _results_shown(tab: Any) -> None:
    tab.wait_for_timeout(50)  # the rerun starts after the event reaches the server
    _idle(tab)
    tab.locator('[class*="st-key-people_results"] [data-testid="stDataFrame"]').first.wait_for(
        timeout=60_000
    )


def _click_first_row(tab: Any) -> None:
    grid = tab.locator('[class*="st-key-people_results"] [data-testid="stDataFrame"]').first
    box = grid.bounding_box()
    assert box is not None
    tab.mouse.click(box["x"] + 15, box["y"] + 35 + 17)  # the first row's tick box


def report_line(felt: Felt) -> str:
    mark = "" if felt.on_target else "  over target"
    return (
        f"{felt.action:<8} p50 {felt.p50_ms:7.1f} ms  p95 {felt.p95_ms:7.1f} ms  "
        f"({felt.runs} runs, target {TARGETS_MS[felt.action]:.0f} ms){mark}"
    )
