"""The list of medical data after the placement under AppTest, on the demo's own day: the DPO
sees it with dd-mm-jjjj dates, removes a selected person's, and the removal for everyone asks
for the number of people (a wrong number removes nothing)."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from konnektus.db.database import Database
from konnektus.domain.permissions import Role
from konnektus.ui.special_data import (
    ALL_BUTTON,
    CANCEL_BUTTON,
    CONFIRM_BUTTON,
    NUMBER_FIELD,
    SELECTED_BUTTON,
    table_key,
)
from tests.helpers import fingerprint
from tests.ui.conftest import ROOT, app_test, persona_id

PAGE = ROOT / "tests" / "ui" / "minimisation_page.py"


def medical_items(path: Path) -> int:
    db = Database.open(path)
    try:
        return int(
            db.query("SELECT count(*) FROM personal_data_item WHERE category = 'medical'")[0][0]
        )
    finally:
        db.close()


@pytest.fixture
def section(use_db: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("KONNEKTUS_TEST_SECTION", "special_data")
    at = app_test(PAGE, staff_id=persona_id(use_db, Role.DPO)).run()
    assert not at.exception
    return at


def test_the_dpo_sees_medical_data_past_its_end_and_removes_a_selected_persons(
    section: AppTest, use_db: Path
) -> None:
    at = section
    assert "Medische gegevens na de plaatsing" in [s.value for s in at.subheader]
    table = at.dataframe[0].value
    assert len(table) > 0 and (table["days_past"] > 0).all()
    before = medical_items(use_db)
    at.session_state[table_key(0)] = {"selection": {"rows": [0], "columns": [], "cells": []}}
    at.run()
    at.button(key=SELECTED_BUTTON).click().run()
    assert not at.exception and "U verwijdert" in at.warning[0].value
    at.button(key=CONFIRM_BUTTON).click().run()
    assert not at.exception
    assert any("Verwijderd:" in s.value for s in at.success)
    assert medical_items(use_db) == before - int(table["items"].iloc[0])


def test_the_removal_for_everyone_needs_the_number_of_people_typed(
    section: AppTest, use_db: Path
) -> None:
    at = section
    people = len(at.dataframe[0].value)
    at.button(key=ALL_BUTTON).click().run()
    at.text_input(key=NUMBER_FIELD).set_value(str(people + 1))
    db = Database.open(use_db)
    before = fingerprint(db)
    db.close()
    at.button(key=CONFIRM_BUTTON).click().run()
    assert not at.exception
    assert [e.value for e in at.error] == [
        f"Het getypte aantal klopt niet: typ {people}. Er is niets veranderd."
    ]
    db = Database.open(use_db)
    assert fingerprint(db) == before
    db.close()
    assert at.button(key=CANCEL_BUTTON)  # Annuleren stays after a wrong number
    at.text_input(key=NUMBER_FIELD).set_value(str(people))
    at.button(key=CONFIRM_BUTTON).click().run()
    assert not at.exception and any("Verwijderd:" in s.value for s in at.success)
    assert "Niemand heeft medische gegevens" in " ".join(s.value for s in at.success)


def test_cancelling_the_removal_for_everyone_after_a_wrong_number_changes_nothing(
    section: AppTest, use_db: Path
) -> None:
    at = section
    at.button(key=ALL_BUTTON).click().run()
    at.text_input(key=NUMBER_FIELD).set_value("0")
    db = Database.open(use_db)
    before = fingerprint(db)
    db.close()
    at.button(key=CONFIRM_BUTTON).click().run()
    at.button(key=CANCEL_BUTTON).click().run()
    assert not at.exception and not at.error
    assert CONFIRM_BUTTON not in [b.key for b in at.button]
    db = Database.open(use_db)
    assert fingerprint(db) == before
    db.close()
