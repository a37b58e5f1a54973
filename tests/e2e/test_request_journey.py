"""The DPO's main journey in a real browser: log an erasure request, verify identity, carry it
out through the confirmation dialog, download the confirmation letter; afterwards the person
is nowhere in the database and the audit log still verifies."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from konnektus.db import audit
from konnektus.db.database import Database
from konnektus.domain.deadlines import one_month_mark, response_due_date
from konnektus.i18n import format_date
from tests.e2e.harness import (
    E2E_START,
    Server,
    choose,
    open_tab,
    screenshot,
    sign_in_as_demo,
    start_streamlit,
    wait_for_app,
)
from tests.helpers import copy_database


@pytest.fixture
def own_server(demo_db_path: Path, tmp_path: Path) -> Iterator[tuple[Server, Path, dict[str, Any]]]:
    """A server on a private copy: this journey changes data, and is checked afterwards. The
    person is picked before the server starts: from then on the server owns the file
    (architecture rule 10; it opens the database at start-up)."""
    path = tmp_path / "journey.duckdb"
    copy_database(demo_db_path, path)
    person = pick_person(path)
    server = start_streamlit(path)
    yield server, path, person
    server.stop()


def pick_person(path: Path) -> dict[str, Any]:
    db = Database.open(path, read_only=True)
    pid, reference, given, tv, family, email, phone = db.query(
        "SELECT id, reference, given_name, tussenvoegsel, family_name, email, phone FROM person p"
        " WHERE (SELECT count(*) FROM person q WHERE q.given_name = p.given_name"
        "        AND q.family_name = p.family_name) = 1 AND email IS NOT NULL ORDER BY id LIMIT 1"
    )[0]
    db.close()
    name = " ".join(p for p in (given, tv, family) if p)
    return {"id": pid, "reference": reference, "name": name, "email": email, "phone": phone}


def type_into(page: Any, key: str, text: str) -> None:
    field = page.locator(f".st-key-{key} input, .st-key-{key} textarea").first
    field.fill(text)
    field.press("Tab")
    wait_for_app(page)


def test_a_dpo_carries_out_an_erasure_request_end_to_end(own_server, page: Any) -> None:  # type: ignore[no-untyped-def]
    server, path, person = own_server
    sign_in_as_demo(page, server.url, "dpo")
    page.locator('[data-testid="stSidebarNavLink"]', has_text="Verzoeken").click()
    open_tab(page, "Nieuw verzoek")

    choose(page, "in_type", "verwijdering")
    type_into(page, "in_name", person["name"])
    type_into(page, "in_email", person["email"])
    type_into(page, "in_text", "Ik wil dat u al mijn gegevens verwijdert.")
    choose(page, "in_person", person["reference"], exact=False)
    screenshot(page, "journey_1_intake")
    page.locator(".st-key-log_request button").click()
    expect(page.get_by_text("is vastgelegd")).to_be_visible()

    # the new request opens with the dates of deadlines.md: received this minute, which on the
    # server's clock is 00:30 Amsterdam time, a time the intake once refused as "in the future"
    received = E2E_START.replace(tzinfo=None)
    mark = format_date(one_month_mark(received), "nl", "short")
    due = format_date(response_due_date("erasure", received), "nl", "short")
    metrics = page.locator('[data-testid="stMetric"]')
    expect(metrics.filter(has_text="Einde eerste maand")).to_contain_text(mark)
    expect(metrics.filter(has_text="Uiterste datum (oorspronkelijk)")).to_contain_text(due)

    wait_for_app(page)
    # the doubt is written down, or the clock does not stop (EDPB 01/2022)
    doubt = page.locator('[class*="st-key-reason_"] input').first
    doubt.fill("het verzoek kwam niet van het bekende e-mailadres")
    doubt.press("Tab")
    wait_for_app(page)
    page.locator(".st-key-to_ask_identity button").click()
    expect(metrics.filter(has_text="Status")).to_contain_text("wacht op identiteit")
    wait_for_app(page)
    expect(page.locator(".st-key-to_start button")).to_contain_text("Identiteit geverifieerd")
    page.locator(".st-key-to_start button").click()
    expect(page.locator(".st-key-open_erasure_dialog button")).to_be_visible()
    wait_for_app(page)
    screenshot(page, "journey_2_preview")

    page.locator(".st-key-open_erasure_dialog button").click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_be_visible()
    dialog.locator(".st-key-erasure_reference input").fill(person["reference"])
    dialog.locator(".st-key-erasure_reference input").press("Tab")
    screenshot(page, "journey_3_dialog")
    dialog.locator(".st-key-confirm_erasure button").click()
    expect(page.get_by_text("De verwijdering is uitgevoerd")).to_be_visible()

    open_tab(page, "Brieven")
    # the confirmation, not the identity request sent before it (whose text the erasure took)
    row = page.locator('[data-testid="stHorizontalBlock"]').filter(
        has_text="Uw gegevens zijn verwijderd"
    )
    confirmation = row.last.locator("[class*='st-key-letter_'] button")
    with page.expect_download() as download:
        confirmation.click()
    letter = Path(download.value.path()).read_text()
    assert "Uw gegevens zijn verwijderd" in letter and person["name"] not in letter
    screenshot(page, "journey_4_done")

    server.stop()
    db = Database.open(path, read_only=True)
    assert db.query("SELECT erased_at IS NOT NULL FROM person WHERE id = ?", [person["id"]]) == [
        (True,)
    ]
    for value in (person["name"], person["phone"]):
        hits = db.query(
            "SELECT count(*) FROM person WHERE concat_ws(' ', given_name, tussenvoegsel,"
            " family_name) = ? OR phone = ?",
            [value, value],
        )[0][0]
        assert hits == 0
    with db.cursor() as cur:
        assert audit.verify(cur).intact
    db.close()
