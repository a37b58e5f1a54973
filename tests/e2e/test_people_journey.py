"""A recruiter in a real browser: search "vries jan", open the profile, log a request for the
DPO; sensitive data shows only masked, and a name full of markup prints as typed."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from konnektus.db.database import Database
from konnektus.domain.permissions import Role
from konnektus.services.profile import MASK
from konnektus.services.rectification import rectify_person
from tests.e2e.harness import (
    Server,
    choose,
    open_tab,
    screenshot,
    select_grid_row,
    sign_in_as_demo,
    start_streamlit,
    wait_for_app,
)
from tests.helpers import copy_database, demo_member

MARKUP_NAME = "**Vet** <b>dik</b> <img src=x onerror=alert(1)>"


@pytest.fixture
def own_server(
    demo_db_path: Path, tmp_path: Path
) -> Iterator[tuple[Server, Path, tuple[str, str]]]:
    """A server on a private copy with a markup name, and the e-mail address and BSN of an
    employee, read before the server starts: from then on it owns the file (architecture
    rule 10; it opens the database at start-up)."""
    path = tmp_path / "people.duckdb"
    copy_database(demo_db_path, path)
    db = Database.open(path)
    email, bsn = db.query(
        "SELECT p.email, i.value FROM person p JOIN personal_data_item i ON i.person_id = p.id"
        " WHERE i.category = 'bsn' AND p.stage = 'employed' ORDER BY p.id LIMIT 1"
    )[0]
    sanne = int(
        db.query("SELECT id FROM person WHERE given_name = 'Sanne' AND family_name = 'Müller'")[0][
            0
        ]
    )
    rectify_person(
        db,
        demo_member(db, Role.DPO),
        sanne,
        {"given_name": MARKUP_NAME},
        now=datetime(2026, 11, 26, 9),
    )
    db.close()
    server = start_streamlit(path)
    yield server, path, (str(email), str(bsn))
    server.stop()


def search_for(page: Any, text: str) -> None:
    box = page.locator(".st-key-people_q input")
    box.fill(text)
    box.press("Enter")
    wait_for_app(page)


def test_a_recruiter_finds_jan_opens_his_profile_and_logs_a_request(own_server, page: Any) -> None:  # type: ignore[no-untyped-def]
    server, path, _ = own_server
    sign_in_as_demo(page, server.url, "recruiter")
    page.locator('[data-testid="stSidebarNavLink"]', has_text="Personen").click()
    expect(page.locator(".st-key-people_q input")).to_be_visible()
    search_for(page, "vries jan")  # one hit: its profile opens by itself
    expect(page.get_by_text("Profiel K0000001")).to_be_visible()
    # the profile's name line (the grid's own copy of the cell is hidden: it draws on a canvas)
    expect(
        page.locator('[data-testid="stText"]').filter(has_text="Jan de Vries").first
    ).to_be_visible()
    screenshot(page, "people_1_search")

    open_tab(page, "Acties")
    form = page.locator('[data-testid="stForm"]').filter(has_text="Verzoek doorgeven aan de FG")
    choose(page, "profile_request_type", "inzage")
    form.locator("textarea").fill("Belde: wil weten welke gegevens wij hebben.")
    wait_for_app(page)
    form.get_by_role("button", name="Verzoek vastleggen").click()
    expect(page.get_by_text("Het verzoek staat in de wachtrij van de FG.")).to_be_visible()
    screenshot(page, "people_2_request")

    server.stop()
    db = Database.open(path, read_only=True)
    row = db.query(
        "SELECT type, channel, person_id, status, free_text FROM request ORDER BY id DESC LIMIT 1"
    )[0]
    db.close()
    assert row == ("access", "phone", 1, "received", "Belde: wil weten welke gegevens wij hebben.")


def test_sensitive_data_shows_masked_and_markup_in_a_name_prints_as_typed(
    own_server, page: Any
) -> None:  # type: ignore[no-untyped-def]
    server, _, (email, bsn) = own_server
    sign_in_as_demo(page, server.url, "recruiter")
    page.locator('[data-testid="stSidebarNavLink"]', has_text="Personen").click()
    expect(page.locator(".st-key-people_q input")).to_be_visible()
    search_for(page, email)
    open_tab(page, "Vastgelegde gegevens")
    expect(page.get_by_text(MASK).first).to_be_visible()
    assert bsn not in page.locator("body").inner_text()
    screenshot(page, "people_3_masked")

    search_for(page, "sanne.muller@gmail.com")
    expect(page.get_by_text(f"{MARKUP_NAME} Müller").first).to_be_visible()
    assert page.locator("main img[src='x']").count() == 0
    assert page.locator("main b", has_text="dik").count() == 0
    screenshot(page, "people_4_markup")


def test_a_click_on_a_result_row_opens_that_profile(own_server, page: Any) -> None:  # type: ignore[no-untyped-def]
    server, _, _ = own_server
    sign_in_as_demo(page, server.url, "recruiter")
    page.locator('[data-testid="stSidebarNavLink"]', has_text="Personen").click()
    search_for(page, "jan")
    expect(page.get_by_text("Klik op een rij om het profiel te openen.")).to_be_visible()
    expect(page.get_by_text("Profiel K", exact=False)).to_have_count(0)
    select_grid_row(page, "people_results", 1)
    expect(page.get_by_role("heading", name="Profiel K")).to_be_visible()
    screenshot(page, "people_3_row_click")
