"""In Chromium (issue 20): /requests?id=N opens request N and still shows it after F5, and
after each action on a request only the buttons of its new state are on the screen."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, timedelta
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from konnektus.db.database import Database
from konnektus.domain.permissions import Role
from konnektus.services import requests as desk
from tests.e2e.harness import (
    E2E_START,
    Server,
    screenshot,
    sign_in_as_demo,
    start_streamlit,
    wait_for_app,
)
from tests.helpers import copy_database, demo_member

STATUS_BUTTONS = ("ask_identity", "start", "extend", "complete", "reject", "withdraw")


@pytest.fixture(scope="module")
def desk_server(demo_db_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    path = tmp_path_factory.mktemp("address") / "address.duckdb"
    copy_database(demo_db_path, path)
    db = Database.open(path)
    try:
        closed = int(db.query("SELECT max(id) FROM request WHERE status = 'completed'")[0][0])
        person, name = db.query(
            "SELECT id, given_name || ' ' || family_name FROM person WHERE erased_at IS NULL"
            " ORDER BY id LIMIT 1"
        )[0]
        fresh = desk.log_request(
            db,
            demo_member(db, Role.DPO),
            request_type="access",
            channel="email",
            received_at=E2E_START - timedelta(hours=1),
            requester_name=name,
            requester_email=None,
            free_text=None,
            person_id=int(person),
            now=(E2E_START - timedelta(minutes=30)).astimezone(UTC).replace(tzinfo=None),
        )
    finally:
        db.close()
    server = start_streamlit(path)
    yield server, closed, fresh
    server.stop()


def heading(tab: Any, request_id: int) -> Any:
    return tab.locator("h3").filter(has_text=f"Verzoek {request_id} ")


def status_buttons(tab: Any) -> set[str]:
    return {key for key in STATUS_BUTTONS if tab.locator(f".st-key-to_{key} button").count()}


def test_a_request_address_survives_a_reload(
    desk_server: tuple[Server, int, int], page: Any
) -> None:
    server, closed, _ = desk_server
    sign_in_as_demo(page, server.url, "dpo")
    page.goto(f"{server.url}/requests?id={closed}")
    wait_for_app(page)
    expect(heading(page, closed)).to_be_visible()
    page.reload()
    wait_for_app(page)
    expect(heading(page, closed)).to_be_visible()
    assert f"id={closed}" in page.url
    screenshot(page, "request_address_after_reload")
    # the language choice is in the address too, and survives the reload
    page.locator('[data-testid="stSidebar"]').get_by_text("English", exact=True).click()
    wait_for_app(page)
    expect(page.locator("h1").filter(has_text="Data-subject requests")).to_be_visible()
    page.reload()
    wait_for_app(page)
    expect(page.locator("h1").filter(has_text="Data-subject requests")).to_be_visible()
    assert "language=English" in page.url
    page.locator('[data-testid="stSidebar"]').get_by_text("Nederlands", exact=True).click()
    wait_for_app(page)
    page.locator(".st-key-close_request button").click()
    wait_for_app(page)
    expect(heading(page, closed)).to_have_count(0)
    assert "id=" not in page.url


def test_after_each_action_only_the_new_states_buttons_show(
    desk_server: tuple[Server, int, int], page: Any
) -> None:
    server, _, fresh = desk_server
    sign_in_as_demo(page, server.url, "dpo")
    page.goto(f"{server.url}/requests?id={fresh}")
    wait_for_app(page)
    expect(heading(page, fresh)).to_be_visible()
    assert status_buttons(page) == {"ask_identity", "start", "reject", "withdraw"}

    page.locator(".st-key-to_start button").click()
    expect(page.get_by_text(f"Verzoek {fresh} staat nu op ‘in behandeling’.")).to_be_visible()
    wait_for_app(page)
    assert status_buttons(page) == {"extend", "complete", "reject", "withdraw"}

    page.locator(".st-key-to_complete button").click()
    expect(page.get_by_text(f"Verzoek {fresh} staat nu op ‘afgerond’.")).to_be_visible()
    wait_for_app(page)
    assert status_buttons(page) == set(), "a completed request offers no step"
    screenshot(page, "request_completed_no_buttons")
