"""The very first request to a freshly started server shows only our Dutch menu (issue 11).

With a `pages/` folder next to app.py, Streamlit 1.67 used to answer a fresh server's first
request on its legacy multipage path: the sidebar listed the files in pages/ by their raw
names (app, legal holds, import data, ...) and an unknown address got Streamlit's English
"Page not found" dialog, before any code of ours ran (konnektus/ui/startup.py). A script in the
page records every menu entry and every dialog that appears while the page loads, so even a
moment's flash of either fails these tests.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from konnektus.db.database import Database
from konnektus.domain.permissions import Role
from konnektus.i18n import translate
from konnektus.services import auth
from konnektus.ui.identity import DEMO_COOKIE
from konnektus.ui.navigation import pages_for
from tests.e2e.harness import E2E_START, Server, screenshot, start_streamlit, wait_for_app
from tests.helpers import copy_database

RECORDER = """
window.__menus = [];
window.__dialogs = [];
new MutationObserver(() => {
  for (const link of document.querySelectorAll('[data-testid="stSidebarNavLink"]')) {
    const title = link.innerText.trim().split('\\n').pop();
    if (!window.__menus.includes(title)) window.__menus.push(title);
  }
  for (const dialog of document.querySelectorAll('[role="dialog"]')) {
    if (!window.__dialogs.includes(dialog.innerText)) window.__dialogs.push(dialog.innerText);
  }
}).observe(document, {subtree: true, childList: true, characterData: true});
"""


@pytest.fixture
def fresh_server(demo_db_path: Path, tmp_path: Path) -> Iterator[tuple[Server, str]]:
    """A server that has answered nobody yet, and a DPO's demo token for its database."""
    path = tmp_path / "fresh.duckdb"
    copy_database(demo_db_path, path)
    db = Database.open(path)
    try:
        dpo = next(m for m in auth.demo_personas(db) if m.role is Role.DPO)
        token = auth.issue_demo_token(db, dpo, now=E2E_START)
    finally:
        db.close()
    assert token is not None
    server = start_streamlit(path)
    yield server, token
    server.stop()


def recording_tab(browser: Any) -> Any:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    tab = context.new_page()
    tab.add_init_script(RECORDER)
    return tab


def test_a_page_address_first_on_a_fresh_server_shows_only_the_dutch_menu(
    fresh_server: tuple[Server, str], browser: Any
) -> None:
    server, token = fresh_server
    tab = recording_tab(browser)
    tab.context.add_cookies([{"name": DEMO_COOKIE, "value": token, "url": server.url}])
    try:
        tab.goto(f"{server.url}/requests")
        wait_for_app(tab)
        expect(tab.get_by_role("heading", name=translate("requests.title", "nl"))).to_have_count(1)
        menu = [translate(spec.title_key, "nl") for spec in pages_for(Role.DPO)]
        tab.locator('[data-testid="stSidebarNavLink"]').nth(len(menu) - 1).wait_for()
        tab.wait_for_timeout(500)  # anything Streamlit would still draw, drawn
        assert tab.evaluate("window.__menus") == menu
        assert tab.evaluate("window.__dialogs") == []
        screenshot(tab, "fresh_server_requests")
    finally:
        tab.context.close()


def test_an_unknown_address_first_on_a_fresh_server_shows_only_the_dutch_page(
    fresh_server: tuple[Server, str], browser: Any
) -> None:
    server, _ = fresh_server
    tab = recording_tab(browser)
    try:
        tab.goto(f"{server.url}/no_such_page")
        wait_for_app(tab)
        expect(
            tab.get_by_role("heading", name=translate("guard.not_found_title", "nl"))
        ).to_have_count(1)
        tab.wait_for_timeout(500)
        assert tab.evaluate("window.__dialogs") == []
        assert tab.evaluate("window.__menus") == []  # signed out: one page, no menu
        expect(tab.get_by_text("Page not found")).to_have_count(0)
        screenshot(tab, "fresh_server_unknown_address")
    finally:
        tab.context.close()
