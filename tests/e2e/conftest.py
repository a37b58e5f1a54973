"""Real-browser fixtures. With CI set a missing browser fails the run; elsewhere the browser
tests skip with a one-line reason."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.harness import (
    CHROMIUM,
    CLOCK_VARIABLE,
    E2E_START,
    LAUNCH_ARGS,
    ROOT,
    Server,
    browser_missing,
    start_streamlit,
)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    reason = browser_missing()
    for item in items:
        if "/e2e/" in str(item.path).replace(os.sep, "/"):
            item.add_marker(pytest.mark.e2e)
            if reason and not os.environ.get("CI"):
                item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(scope="session")
def demo_db_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small demo database, made by the real command line."""
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
            E2E_START.date().isoformat(),
        ],
        cwd=ROOT,
        env={**os.environ, CLOCK_VARIABLE: E2E_START.isoformat()},
        check=True,
        capture_output=True,
    )
    return path


@pytest.fixture(scope="session")
def server(demo_db_path: Path) -> Iterator[Server]:
    running = start_streamlit(demo_db_path)
    yield running
    running.stop()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    reason = browser_missing()
    if reason:
        pytest.fail(f"CI is set but the browser tests cannot run: {reason}")
    from playwright.sync_api import expect, sync_playwright

    # two busy cores: give each rerun time before an assertion gives up
    expect.set_options(timeout=15_000)

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    tab = context.new_page()
    yield tab
    context.close()
