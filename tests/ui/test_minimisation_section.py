"""The O1 section under AppTest on a real demo database: the list, its confirmation and the
removal, for the DPO; nothing at all for the other roles."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from konnektus.db.database import Database
from konnektus.domain.permissions import Role
from konnektus.services import minimisation as service
from konnektus.ui.minimisation import (
    ALL_BUTTON,
    CANCEL_BUTTON,
    CONFIRM_BUTTON,
    NUMBER_FIELD,
    SELECTED_BUTTON,
    table_key,
)
from konnektus.ui.text import plain
from tests.helpers import demo_member
from tests.ui.conftest import ROOT, app_test, persona_id
from tests.ui.test_restriction_on_profile import restrict

PAGE = ROOT / "tests" / "ui" / "minimisation_page.py"


def excess_items(path: Path) -> int:
    db = Database.open(path)  # same process as the page: the same open database
    return int(
        db.query(
            "SELECT count(*) FROM personal_data_item i JOIN person p ON p.id = i.person_id"
            " WHERE p.stage IN ('applicant', 'proposed') AND p.erased_at IS NULL"
            " AND i.category IN ('bsn', 'bank_account', 'identity_document', 'medical',"
            " 'criminal_record_consent', 'family_member')"
            " AND p.id NOT IN (SELECT person_id FROM employment)"
        )[0][0]
    )


def add_applicant_with_markup(path: Path) -> str:
    """An applicant whose name is markup, holding a VOG consent and a medical item."""
    db = Database.open(path)
    person_id = db.query(
        "INSERT INTO person (reference, given_name, family_name, source, stage, created_at,"
        " retention_term_start, retention_expiry) VALUES ('K9999999', '**Vet**',"
        " '<img src=x onerror=alert(1)>', 'website', 'applicant', ?, ?, ?) RETURNING id",
        [datetime(2026, 1, 5), date(2026, 1, 5), date(2028, 1, 5)],
    )[0][0]
    for category in ("criminal_record_consent", "medical"):
        db.query(
            "INSERT INTO personal_data_item (person_id, category, value, collected_on, purpose,"
            " legal_basis) VALUES (?, ?, 'geheim', ?, 'test', 'consent')",
            [person_id, category, date(2026, 3, 5)],
        )
    return "K9999999"


def select_rows(at: AppTest, rows: list[int], generation: int = 0) -> AppTest:
    at.session_state[table_key(generation)] = {
        "selection": {"rows": rows, "columns": [], "cells": []}
    }
    return at.run()


def shown(at: AppTest) -> list[str]:
    """Every text the section put on screen, alerts included."""
    texts = [e.value for kind in ("success", "info", "warning", "error") for e in at.get(kind)]
    return texts + [c.value for c in at.caption]


def dpo_page(path: Path, language: str | None = None) -> AppTest:
    at = app_test(PAGE, staff_id=persona_id(path, Role.DPO), language=language).run()
    assert not at.exception
    return at


def test_the_dpo_sees_the_list_with_dutch_words_short_dates_and_literal_names(
    use_db: Path,
) -> None:
    reference = add_applicant_with_markup(use_db)
    at = dpo_page(use_db)
    assert at.subheader[0].value == "Overbodige gegevens (O1)"
    table = at.dataframe[0].value
    assert len(table) == 9
    assert any("9 personen met samen 10 overbodige gegevens." in c for c in shown(at))
    row = table[table["reference"] == reference].iloc[0]
    assert row["name"] == "**Vet** <img src=x onerror=alert(1)>"  # a cell, never Markdown
    assert row["stage"] == "kandidaat"
    assert row["categories"] == (
        "medische en vaccinatiegegevens, toestemming VOG / strafrechtelijke gegevens"
    )
    assert row["items"] == 2
    columns = json.loads(at.dataframe[0].proto.columns)
    assert columns["first_collected"]["type_config"]["format"] == "DD-MM-YYYY"
    assert columns["person_id"]["hidden"]
    assert at.button(key=SELECTED_BUTTON).disabled
    assert not at.button(key=ALL_BUTTON).disabled


def test_removing_selected_rows_asks_first_then_removes_only_theirs_and_says_what(
    use_db: Path,
) -> None:
    reference = add_applicant_with_markup(use_db)
    at = dpo_page(use_db)
    table = at.dataframe[0].value
    position = int(table.index[table["reference"] == reference][0])
    select_rows(at, [0, position])
    assert at.button(key=SELECTED_BUTTON).label == "Geselecteerde verwijderen (2)"

    at.button(key=SELECTED_BUTTON).click().run()
    assert not at.exception
    assert excess_items(use_db) == 10  # nothing happens before the confirmation
    [question] = at.warning
    assert question.value.startswith("U verwijdert 3 gegevens van 2 geselecteerde personen")
    assert "toestemming VOG / strafrechtelijke gegevens: 1" in question.value
    named = at.dataframe[1].value  # the confirmation names the people it will touch
    assert set(named["reference"]) == {table["reference"].iloc[0], reference}

    at.button(key=CONFIRM_BUTTON).click().run()
    assert not at.exception
    assert excess_items(use_db) == 7
    assert at.success[0].value == (
        "Verwijderd: 3 gegevens van 2 personen (burgerservicenummer (BSN): 1, medische en"
        " vaccinatiegegevens: 1, toestemming VOG / strafrechtelijke gegevens: 1)."
        " Vastgelegd in het auditlog."
    )
    after = at.dataframe[0].value
    assert len(after) == 7 and reference not in set(after["reference"])
    # a fresh selection: the rows that moved up do not inherit the removed rows' ticks
    assert at.button(key=SELECTED_BUTTON).disabled
    assert CONFIRM_BUTTON not in [b.key for b in at.button]  # the confirmation closed


def test_cancelling_the_confirmation_removes_nothing(use_db: Path) -> None:
    at = dpo_page(use_db)
    at.button(key=ALL_BUTTON).click().run()
    assert at.button(key=CONFIRM_BUTTON)
    at.button(key=CANCEL_BUTTON).click().run()
    assert not at.exception
    assert CONFIRM_BUTTON not in [b.key for b in at.button]
    assert excess_items(use_db) == 8
    assert len(at.dataframe[0].value) == 8


def test_removing_for_everyone_in_the_list_empties_it(use_db: Path) -> None:
    at = dpo_page(use_db)
    at.button(key=ALL_BUTTON).click().run()
    assert at.warning[0].value.startswith("U verwijdert 8 gegevens van alle 8 personen")
    at.text_input(key=NUMBER_FIELD).input("8")
    at.button(key=CONFIRM_BUTTON).click().run()
    assert not at.exception
    assert excess_items(use_db) == 0
    assert "Verwijderd: 8 gegevens van 8 personen" in at.success[0].value
    assert "Niemand heeft overbodige gegevens: er is niets te verwijderen." in shown(at)
    assert not at.dataframe and not at.button


def test_a_confirmation_overtaken_by_a_colleague_says_who_already_did_it(use_db: Path) -> None:
    at = dpo_page(use_db)
    at.button(key=ALL_BUTTON).click().run()
    db = Database.open(use_db)
    colleague = demo_member(db, Role.DPO)
    service.remove_all_excess_items(
        db, colleague, seen_people=8, seen_items=8, now=datetime(2026, 11, 26, 9, 0)
    )
    at.text_input(key=NUMBER_FIELD).input("8")
    at.button(key=CONFIRM_BUTTON).click().run()
    assert not at.exception
    # the staff member's name is escaped, so it prints literally
    assert f"Dit is al gedaan door {plain(colleague.name)} (26-11-2026)" in at.info[0].value
    assert not any("Verwijderd" in s.value for s in at.success)


@pytest.mark.parametrize("typed", ["", "7", "9", "acht", "8,5"])
def test_removing_for_everyone_with_a_wrong_number_typed_is_refused_and_cancel_stays(
    use_db: Path, typed: str
) -> None:
    at = dpo_page(use_db)
    at.button(key=ALL_BUTTON).click().run()
    assert at.text_input(key=NUMBER_FIELD).label == "Typ het aantal personen (8) om te bevestigen"
    at.text_input(key=NUMBER_FIELD).input(typed)
    at.button(key=CONFIRM_BUTTON).click().run()
    assert not at.exception
    assert [e.value for e in at.error] == [
        "Het getypte aantal klopt niet: typ 8. Er is niets veranderd."
    ]
    assert excess_items(use_db) == 8
    at.button(key=CANCEL_BUTTON).click().run()  # Annuleren is still there and closes it
    assert not at.exception and not at.error
    assert CONFIRM_BUTTON not in [b.key for b in at.button]
    assert excess_items(use_db) == 8


def test_the_section_speaks_english_when_the_session_does(use_db: Path) -> None:
    at = dpo_page(use_db, language="en")
    assert at.subheader[0].value == "Excess data (O1)"
    assert set(at.dataframe[0].value["categories"]) == {"citizen service number (BSN)"}
    assert at.button(key=ALL_BUTTON).label == "Remove for everyone in the list (8)"


@pytest.mark.parametrize("role", [Role.MANAGEMENT, Role.RECRUITER, Role.BACKOFFICE])
def test_other_roles_see_nothing_of_it(use_db: Path, role: Role) -> None:
    at = app_test(PAGE, staff_id=persona_id(use_db, role)).run()
    assert not at.exception
    assert not at.subheader and not at.dataframe and not at.button


def test_a_restricted_applicant_is_marked_not_to_clean_up_and_stays_out_of_the_removal(
    use_db: Path,
) -> None:
    reference = add_applicant_with_markup(use_db)
    db = Database.open(use_db)
    person_id = int(db.query("SELECT id FROM person WHERE reference = ?", [reference])[0][0])
    request_id = restrict(use_db, person_id)
    before = excess_items(use_db)
    at = dpo_page(use_db)
    table = at.dataframe[0].value
    row = table[table["reference"] == reference].iloc[0]
    assert row["held_reason"] == f"Niet opschonen: beperking (verzoek #{request_id})"
    assert set(table[table["reference"] != reference]["held_reason"]) == {""}
    assert any("Van hen wordt er 1 nu niet opgeschoond" in c.value for c in at.caption)
    # the whole list leaves them out: 8 demo people, not the 9th
    assert at.button(key=ALL_BUTTON).label == "Verwijderen voor iedereen in de lijst (8)"
    # choosing only them asks nothing and removes nothing
    at = select_rows(at, [int(table.index[table["reference"] == reference][0])])
    at.button(key=SELECTED_BUTTON).click().run()
    assert not at.exception and CONFIRM_BUTTON not in [b.key for b in at.button]
    assert any(
        "bij alle 1 gekozen" in w.value or "de gekozen persoon" in w.value for w in at.warning
    )
    assert excess_items(use_db) == before
