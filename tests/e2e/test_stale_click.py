"""Two DPOs in two browsers on the same request (issue 13, break 6): the second clicks on a
screen that still shows the old status and is told who was first; nothing is applied twice."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from konnektus.db import audit
from konnektus.db.database import Database
from tests.e2e.harness import (
    Server,
    screenshot,
    select_grid_row,
    sign_in_as_demo,
    start_streamlit,
    wait_for_app,
)
from tests.helpers import copy_database


@pytest.fixture
def own_server(demo_db_path: Path, tmp_path: Path) -> Iterator[tuple[Server, Path]]:
    path = tmp_path / "stale.duckdb"
    copy_database(demo_db_path, path)
    server = start_streamlit(path)
    yield server, path
    server.stop()


def open_first_request(tab: Any, server: Server) -> None:
    sign_in_as_demo(tab, server.url, "dpo")
    tab.locator('[data-testid="stSidebarNavLink"]', has_text="Verzoeken").click()
    wait_for_app(tab)
    select_grid_row(tab, "queue_table", 0)
    expect(tab.locator(".st-key-to_withdraw button")).to_be_visible()
    wait_for_app(tab)


def withdraw_late(tab: Any) -> None:
    """'Ingetrokken' on the queue's most urgent request, which is past its due date: the
    confirmation asks the reason of the lateness first (issue 20 point 4), then Bevestigen."""
    tab.locator(".st-key-to_withdraw button").click()
    reason = tab.locator('[class*="st-key-late_reason_"] textarea')
    expect(reason).to_be_visible()
    reason.fill("Het verzoek lag onopgemerkt in de gedeelde mailbox.")
    reason.press("Control+Enter")
    wait_for_app(tab)
    screenshot(tab, "late_close_reason")
    tab.locator(".st-key-confirm_late_close button").click()


def test_the_second_of_two_sessions_is_told_who_was_first(own_server, browser: Any) -> None:  # type: ignore[no-untyped-def]
    server, path = own_server
    contexts = [browser.new_context(viewport={"width": 1400, "height": 900}) for _ in range(2)]
    try:
        first, second = (context.new_page() for context in contexts)
        open_first_request(first, server)
        open_first_request(second, server)
        heading = first.locator("h3").filter(has_text="Verzoek").first.inner_text()
        assert heading == second.locator("h3").filter(has_text="Verzoek").first.inner_text()

        withdraw_late(first)
        wait_for_app(first)
        expect(first.locator('[data-testid="stAlert"]').filter(has_text="al gedaan")).to_have_count(
            0
        )

        # its screen is stale: told who was first at once, no reason asked for nothing
        second.locator(".st-key-to_withdraw button").click()
        expect(second.get_by_text("Dit is al gedaan door")).to_be_visible()
        screenshot(second, "stale_click_already_done")
    finally:
        for context in contexts:
            context.close()
    server.stop()
    db = Database.open(path, read_only=True)
    try:
        withdrawn = db.query(
            "SELECT count(*) FROM request_event WHERE to_status = 'withdrawn'"
            " GROUP BY request_id ORDER BY 1 DESC LIMIT 1"
        )
        assert withdrawn == [(1,)], "applied once"
        with db.cursor() as cur:
            assert audit.verify(cur).intact
    finally:
        db.close()
