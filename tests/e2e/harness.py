"""Real-browser helpers: a `streamlit run` on a free port, an OIDC provider, screenshots."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from konnektus.clock import ENVIRONMENT_VARIABLE as CLOCK_VARIABLE
from konnektus.domain.deadlines import AMSTERDAM

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = ROOT / "test-artifacts" / "screenshots"
# Every server under test starts its clock here (KONNEKTUS_CLOCK) and runs on from it: half past
# midnight in Amsterdam, the hour that once broke the intake (architecture rule 11), and a day
# that does not move with the calendar.
E2E_START = datetime(2026, 11, 27, 0, 30, tzinfo=AMSTERDAM)
LAUNCH_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def browser_missing() -> str | None:
    """Why the browser tests cannot run here, or None."""
    try:
        import playwright  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install -r requirements-dev.txt)"
    if not Path(CHROMIUM).exists():
        return f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)"
    return None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until_answers(url: str, expected: bytes | None, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the process serving {url} exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=1) as reply:
                if expected is None or reply.read() == expected:
                    return
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError(f"{url} did not answer within 30 s")


@dataclass
class Server:
    url: str
    process: subprocess.Popen[bytes]

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def start_streamlit(
    db_path: Path, *, port: int | None = None, args: tuple[str, ...] = ()
) -> Server:
    """`streamlit run app.py` against `db_path`; returns once /_stcore/health says ok."""
    port = port or free_port()
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
        *args,
    ]
    env = {**os.environ, "KONNEKTUS_DB": str(db_path), CLOCK_VARIABLE: E2E_START.isoformat()}
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    url = f"http://127.0.0.1:{port}"
    wait_until_answers(f"{url}/_stcore/health", b"ok", process)
    return Server(url, process)


def start_oidc_provider(users: list[dict[str, Any]]) -> Server:
    """oidc-provider-mock on localhost, with predefined users (each needs a "sub")."""
    port = free_port()
    command = [sys.executable, "-m", "oidc_provider_mock", "--port", str(port)]
    for claims in users:
        command += ["--user-claims", json.dumps(claims)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    wait_until_answers(f"{url}/.well-known/openid-configuration", None, process)
    return Server(url, process)


def wait_for_app(tab: Any) -> None:
    """Wait until the script run is done and no skeleton is left."""
    tab.wait_for_selector(
        '[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=20_000
    )
    tab.wait_for_selector('[data-testid="stSkeleton"]', state="detached", timeout=20_000)


def screenshot(tab: Any, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    tab.wait_for_timeout(400)  # let grids and charts paint; the picture is for people
    target = ARTIFACTS / f"{name}.png"
    tab.screenshot(path=str(target), full_page=True)
    return target


def sign_in_as_demo(tab: Any, base_url: str, role: str) -> None:
    tab.goto(base_url)
    wait_for_app(tab)
    tab.locator(f".st-key-demo_{role} button").click()
    # the click's rerun may not have started yet when the app first reads "notRunning"
    tab.locator(".st-key-sign_out button").wait_for(timeout=20_000)
    wait_for_app(tab)


def choose(tab: Any, key: str, option: str, *, exact: bool = True) -> None:
    """Pick `option` in the selectbox with widget key `key` (a react-aria combobox in 1.67)."""
    field = tab.locator(f".st-key-{key} input[role='combobox']")
    field.click()
    field.press("ArrowDown")  # a click focuses the combobox; the arrow key opens the list
    tab.get_by_role("option", name=option, exact=exact).first.click()
    wait_for_app(tab)


def open_tab(tab: Any, name: str) -> None:
    """Click the st.tabs tab called `name`, once the rerun's stale copy of the page is gone."""
    from playwright.sync_api import expect

    wait_for_app(tab)
    target = tab.get_by_role("tab", name=name, exact=True)
    expect(target).to_have_count(1)
    target.click()


def select_grid_row(tab: Any, key_prefix: str, row: int) -> None:
    """Tick row `row` of the st.dataframe whose widget key starts with `key_prefix`, by clicking
    its row-marker column (the grid is a canvas; ~35 px header and rows, stack-notes.md)."""
    grid = tab.locator(f'[class*="st-key-{key_prefix}"] [data-testid="stDataFrame"]').first
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    assert box is not None
    tab.mouse.click(box["x"] + 15, box["y"] + 35 + 35 * row + 17)
    wait_for_app(tab)
