"""The retention journey in a real browser (O6): the DPO asks a person on the "due" list to
extend, records their yes on the profile, and sees the new expiry and state."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from konnektus.db.database import Database
from konnektus.domain.retention import extended_expiry
from konnektus.i18n import format_date
from tests.e2e.harness import (
    E2E_START,
    Server,
    choose,
    open_tab,
    screenshot,
    select_grid_row,
    sign_in_as_demo,
    start_streamlit,
    wait_for_app,
)
from tests.helpers import copy_database


@pytest.fixture
def own_server(demo_db_path: Path, tmp_path: Path) -> Iterator[tuple[Server, Path, dict[str, Any]]]:
    """A server on a private copy, and everyone's expiry before it started."""
    path = tmp_path / "retention.duckdb"
    copy_database(demo_db_path, path)
    db = Database.open(path, read_only=True)
    before = dict(db.query("SELECT reference, retention_expiry FROM person"))
    db.close()
    server = start_streamlit(path)
    yield server, path, before
    server.stop()


def metric(page: Any, label: str) -> Any:
    return page.locator('[data-testid="stMetric"]').filter(has=page.get_by_text(label, exact=True))


def test_a_dpo_asks_a_person_to_extend_records_yes_and_sees_the_new_expiry(
    own_server: tuple[Server, Path, dict[str, Any]], page: Any
) -> None:
    server, path, before = own_server
    sign_in_as_demo(page, server.url, "dpo")
    page.locator('[data-testid="stSidebarNavLink"]', has_text="Bewaartermijnen").click()
    wait_for_app(page)
    screenshot(page, "retention_1_page")

    # the first list is "due, not yet asked": tick its first row and ask that person
    select_grid_row(page, "ret_due_table_", 0)
    chosen = page.get_by_text(re.compile(r"^K\d{7} · "))
    expect(chosen).to_be_visible()
    reference = chosen.inner_text().split(" · ")[0]
    page.locator(".st-key-ret_due_send_selected button").click()
    expect(page.get_by_text("Verlengingsvraag klaar voor verzending: 1")).to_be_visible()
    screenshot(page, "retention_2_asked")

    # the yes comes in by e-mail: find the person by the reference on the letter
    page.locator('[data-testid="stSidebarNavLink"]', has_text="Personen").click()
    box = page.locator(".st-key-people_q input")
    expect(box).to_be_visible()
    box.fill(reference)
    box.press("Enter")
    wait_for_app(page)
    expect(page.get_by_text(f"Profiel {reference}")).to_be_visible()
    expect(metric(page, "Bewaartermijn")).to_contain_text("verlenging gevraagd")
    open_tab(page, "Acties")
    choose(page, "profile_extension_answer", "ja, verlengen")
    choose(page, "profile_extension_channel", "e-mail")
    page.locator(".st-key-profile_extension_save button").click()

    new_expiry = extended_expiry(before[reference], E2E_START.date())
    shown = format_date(new_expiry, "nl", "short")
    expect(page.get_by_text("Antwoord vastgelegd: ja, verlengen, via e-mail.")).to_be_visible()
    expect(metric(page, "Bewaartermijn")).to_contain_text("loopt")
    expect(metric(page, "Bewaartermijn loopt af")).to_contain_text(shown)
    screenshot(page, "retention_3_granted")
    server.stop()

    db = Database.open(path, read_only=True)
    state, expiry, extensions = db.query(
        "SELECT extension_state, retention_expiry, retention_extensions FROM person"
        " WHERE reference = ?",
        [reference],
    )[0]
    letters = db.query(
        "SELECT count(*) FROM letter l JOIN person p ON p.id = l.person_id"
        " WHERE p.reference = ? AND l.kind = 'retention_extension_request'"
        " AND l.body LIKE '%' || p.reference || '%'",
        [reference],
    )[0][0]
    db.close()
    assert (state, expiry) == ("none", new_expiry)
    assert extensions >= 1 and letters >= 1
