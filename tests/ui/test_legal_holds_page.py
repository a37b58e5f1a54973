"""The legal-holds page (O5) under AppTest: back office and DPO see the figures and the list of
erased people whose data a hold keeps; recruiters and management only the refusal; a value is
masked until revealed, the reveal is audited, and signing out forgets it."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime, time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from konnektus.clock import FixedClock, use_clock
from konnektus.db.database import Database
from konnektus.domain.deadlines import AMSTERDAM
from konnektus.domain.permissions import Role
from konnektus.domain.staff import CLI
from konnektus.i18n import translate
from konnektus.services.profile import MASK
from konnektus.services.retention_cleanup import clean_up_expired
from konnektus.ui.held_data import revealed_key
from tests.conftest import DEMO_TODAY
from tests.ui.conftest import ROOT, app_test, error_texts, persona_id

PAGE = ROOT / "pages" / "legal_holds.py"
NOW = datetime(2026, 11, 26, 10)
TABLE = "held_table_0"


@pytest.fixture(autouse=True)
def demo_day() -> Iterator[None]:
    with use_clock(FixedClock(datetime.combine(DEMO_TODAY, time(11), AMSTERDAM))):
        yield


@pytest.fixture
def held_db(use_db: Path) -> Path:
    """The demo database after a clean-up that erased former employees under running holds."""
    db = Database.open(use_db)
    try:
        clean_up_expired(db, CLI, now=NOW)
    finally:
        db.close()
    return use_db


def open_page(db_path: Path, role: Role) -> AppTest:
    at = app_test(PAGE, staff_id=persona_id(db_path, role)).run()
    assert not at.exception, at.exception
    return at


def select_first_row(at: AppTest) -> AppTest:
    at.session_state[TABLE] = {"selection": {"rows": [0], "columns": [], "cells": []}}
    at.run()
    assert not at.exception, at.exception
    return at


def first_held_person(db_path: Path) -> tuple[int, str, int]:
    """(person id, reference, id of their held BSN item) of the first row of the list."""
    db = Database.open(db_path)
    try:
        pid, reference = db.query(
            "SELECT p.id, p.reference FROM person p WHERE p.erased_at IS NOT NULL AND EXISTS"
            " (SELECT 1 FROM personal_data_item i WHERE i.person_id = p.id"
            "  AND i.held_until IS NOT NULL) ORDER BY p.reference LIMIT 1"
        )[0]
        item = db.query(
            "SELECT id FROM personal_data_item WHERE person_id = ? AND category = 'bsn'", [pid]
        )[0][0]
        return int(pid), str(reference), int(item)
    finally:
        db.close()


def last_audit(db_path: Path) -> tuple[str, int, int, dict[str, object]]:
    db = Database.open(db_path)
    try:
        action, staff_id, object_id, details = db.query(
            "SELECT action, staff_id, object_id, details FROM audit_entry ORDER BY id DESC LIMIT 1"
        )[0]
        return str(action), int(staff_id), int(object_id), json.loads(details)
    finally:
        db.close()


def texts(at: AppTest) -> list[str]:
    return [str(e.value) for e in at.text]


@pytest.mark.parametrize("role", [Role.DPO, Role.BACKOFFICE])
def test_back_office_and_the_dpo_see_the_figures_and_the_list(held_db: Path, role: Role) -> None:
    at = open_page(held_db, role)
    assert not error_texts(at)
    assert at.title[0].value == translate("held_data.title", "nl")
    assert [m.label for m in at.metric] == [
        translate(f"held_data.{k}", "nl")
        for k in ("metric_people", "metric_items", "metric_identities", "metric_employments")
    ]
    assert int(at.metric[0].value) > 0
    frames = [d.value for d in at.dataframe]
    assert len(frames) == 3  # per category, endings, the list
    listed = frames[2]
    assert set(listed["name"]) <= {MASK, ""} and MASK in set(listed["name"])
    assert set(listed["date_of_birth"]) <= {MASK, ""}


@pytest.mark.parametrize("role", [Role.RECRUITER, Role.MANAGEMENT])
def test_recruiters_and_management_get_only_the_refusal(held_db: Path, role: Role) -> None:
    at = open_page(held_db, role)
    assert error_texts(at) == [translate("guard.not_allowed", "nl")]
    assert not at.title and not at.metric and not at.dataframe


def test_the_list_filters_on_the_reference(held_db: Path) -> None:
    _pid, reference, _item = first_held_person(held_db)
    at = open_page(held_db, Role.BACKOFFICE)
    at.text_input(key="held_reference").input(reference.lower()).run()
    assert not at.exception
    assert list(at.dataframe[2].value["reference"]) == [reference]
    at.text_input(key="held_reference").input("no-such-reference").run()
    assert len(at.dataframe) == 2
    assert [i.value for i in at.info] == [translate("held_data.no_match", "nl")]


def test_a_selected_person_shows_masked_values_with_date_and_ground(held_db: Path) -> None:
    pid, reference, item = first_held_person(held_db)
    at = select_first_row(open_page(held_db, Role.BACKOFFICE))
    shown = texts(at)
    assert reference in shown
    assert shown.count(MASK) >= 3  # the BSN, the name and the date of birth at least
    assert any(translate("held_data.kept_until", "nl", date="")[:20] in s for s in shown)
    keys = {b.key for b in at.button}
    assert {f"held_reveal_item_{item}", f"held_reveal_name_{pid}"} <= keys


def test_revealing_through_the_page_writes_the_audit_entry_first(held_db: Path) -> None:
    pid, _reference, item = first_held_person(held_db)
    at = select_first_row(open_page(held_db, Role.DPO))
    dpo = persona_id(held_db, Role.DPO)
    at.button(key=f"held_reveal_item_{item}").click().run()
    assert not at.exception and not error_texts(at)
    assert last_audit(held_db) == ("held_data_viewed", dpo, pid, {"item_id": item})
    db = Database.open(held_db)
    try:
        bsn = db.query("SELECT value FROM personal_data_item WHERE id = ?", [item])[0][0]
    finally:
        db.close()
    assert bsn in texts(at)
    assert f"held_reveal_item_{item}" not in {b.key for b in at.button}

    at.button(key=f"held_reveal_name_{pid}").click().run()
    assert last_audit(held_db) == ("held_data_viewed", dpo, pid, {"field": "name"})
    revealed = at.session_state[revealed_key(dpo)]
    assert set(revealed) == {f"item_{item}", f"name_{pid}"}

    at.button(key="sign_out").click().run()
    assert not at.exception
    assert revealed_key(dpo) not in at.session_state
