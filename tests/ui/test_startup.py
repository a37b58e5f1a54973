"""What app.py's start-up hook does before any browser connects (konnektus/ui/startup.py).

The browser side (no raw page-file menu, no English dialog on a fresh server's first
request) is tested in tests/e2e/test_fresh_server.py.
"""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

import pytest
from streamlit.runtime.pages_manager import PagesManager

from konnektus.db.errors import DatabaseError
from konnektus.ui import startup
from konnektus.ui.connection import open_database


async def _start_and_stop() -> None:
    async with startup.lifespan(None):
        pass


def start_and_stop() -> None:
    """Run the hook as the server does, in a thread of its own: in the full suite the browser
    tests come first, and Playwright's event loop is still running in this thread."""
    failures: list[BaseException] = []

    def run() -> None:
        try:
            asyncio.run(_start_and_stop())
        except BaseException as error:  # handed to the test's thread below
            failures.append(error)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if failures:
        raise failures[0]


def test_start_up_switches_off_the_legacy_pages_path_and_opens_the_database(
    use_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KONNEKTUS_JOBS", "off")
    monkeypatch.setattr(PagesManager, "uses_pages_directory", None)
    open_database.clear()
    try:
        start_and_stop()
        assert PagesManager.uses_pages_directory is False
        # the sessions get the connection opened at start-up, not a second one
        db = open_database(str(use_db.resolve()))
        assert open_database(str(use_db.resolve())) is db
        assert db.query("SELECT count(*) > 0 FROM staff") == [(True,)]
    finally:
        open_database.clear()


def test_start_up_goes_on_when_the_database_cannot_open(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first session then shows the database message in words (connection.database)."""
    not_a_database = tmp_path / "notes.duckdb"
    not_a_database.write_text("not a database")
    monkeypatch.setenv("KONNEKTUS_DB", str(not_a_database))
    monkeypatch.setenv("KONNEKTUS_JOBS", "off")
    monkeypatch.setattr(PagesManager, "uses_pages_directory", None)
    open_database.clear()
    try:
        start_and_stop()
        assert PagesManager.uses_pages_directory is False
        with pytest.raises(DatabaseError):
            open_database(str(not_a_database.resolve()))
    finally:
        open_database.clear()
