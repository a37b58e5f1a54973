"""Real-browser fixtures: a `streamlit run` on a free port and Debian's Chromium.

With CI set, a missing browser fails the run; elsewhere the browser tests skip with a reason.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = ROOT / "test-artifacts" / "screenshots"
LAUNCH_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def _browser_missing() -> str | None:
    try:
        import playwright  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install -r requirements-dev.txt)"
    if not Path(CHROMIUM).exists():
        return f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)"
    return None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    reason = _browser_missing()
    for item in items:
        if "e2e" in item.nodeid.split("/"):
            item.add_marker(pytest.mark.e2e)
            if reason and not os.environ.get("CI"):
                item.add_marker(pytest.mark.skip(reason=reason))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    url: str
    db_path: Path
    process: subprocess.Popen[bytes]


def start_server(
    db_path: Path,
    extra_env: dict[str, str] | None = None,
    cwd: Path = ROOT,
    port: int | None = None,
) -> Server:
    port = port or free_port()
    env = {**os.environ, "KONNEKTUS_DB": str(db_path), **(extra_env or {})}
    process = subprocess.Popen(
        [
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
        ],
        cwd=cwd,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as reply:
                if reply.read() == b"ok":
                    return Server(url, db_path, process)
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("streamlit did not answer /_stcore/health within 30 s")


def stop_server(server: Server) -> None:
    server.process.terminate()
    try:
        server.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.process.kill()


@pytest.fixture(scope="session")
def demo_db_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small demo database, made by the real CLI."""
    path = tmp_path_factory.mktemp("e2e") / "demo.duckdb"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "konnektus",
            "demo",
            "--db",
            str(path),
            "--candidates",
            "2000",
            "--seed",
            "11",
            "--today",
            date.today().isoformat(),
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    return path


@pytest.fixture(scope="session")
def server(demo_db_path: Path) -> Iterator[Server]:
    running = start_server(demo_db_path)
    yield running
    stop_server(running)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    reason = _browser_missing()
    if reason:
        pytest.fail(f"CI is set but the browser tests cannot run: {reason}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1400, "height": 900})  # type: ignore[attr-defined]
    tab = context.new_page()
    yield tab
    context.close()


def wait_for_app(tab: object) -> None:
    """Wait until the script run is done and no skeleton is left."""
    tab.wait_for_selector(  # type: ignore[attr-defined]
        '[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=20_000
    )
    tab.wait_for_selector('[data-testid="stSkeleton"]', state="detached", timeout=20_000)  # type: ignore[attr-defined]


def screenshot(tab: object, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    target = ARTIFACTS / f"{name}.png"
    tab.screenshot(path=str(target), full_page=True)  # type: ignore[attr-defined]
    return target
