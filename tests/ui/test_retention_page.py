"""The retention page (O6) under AppTest: what each role sees, and asking, confirming and
recording answers through the page itself, on a copy of the demo database."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, time
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from konnektus.clock import FixedClock, use_clock
from konnektus.db.database import Database
from konnektus.db.retention import RetentionFilter
from konnektus.domain.deadlines import AMSTERDAM
from konnektus.domain.permissions import Role
from konnektus.domain.retention import RetentionState
from konnektus.domain.staff import CLI
from konnektus.i18n import format_date, translate
from konnektus.services import retention as retention_service
from tests.conftest import DEMO_TODAY
from tests.ui.conftest import ROOT, app_test, error_texts, persona_id
from tests.ui.test_restriction_on_profile import restrict

PAGE = ROOT / "pages" / "retention.py"
S = RetentionState


@pytest.fixture(autouse=True)
def demo_day() -> Iterator[None]:
    """The page reads the clock; the demo data was made for DEMO_TODAY."""
    with use_clock(FixedClock(datetime.combine(DEMO_TODAY, time(11), AMSTERDAM))):
        yield


def open_page(db_path: Path, role: Role) -> AppTest:
    at = app_test(PAGE, staff_id=persona_id(db_path, role)).run()
    assert not at.exception, at.exception
    return at


def select(at: AppTest, state: RetentionState, rows: list[int]) -> AppTest:
    at.session_state[f"ret_{state.value}_table_0_1"] = {
        "selection": {"rows": rows, "columns": [], "cells": []}
    }
    return at.run()


def first_rows(db_path: Path, state: RetentionState, **filters: Any) -> list[dict[str, Any]]:
    """The first page of a list as the page shows it (everyone's, or one recruiter's)."""
    db = Database.open(db_path)
    try:
        found = retention_service.action_lists(
            db, CLI, RetentionFilter(**filters), today=DEMO_TODAY
        )[state]
        return [{str(k): v for k, v in row.items()} for row in found.rows.to_dict("records")]
    finally:
        db.close()


@pytest.mark.parametrize("role", [Role.DPO, Role.RECRUITER])
def test_the_dpo_and_recruiters_see_counts_the_chart_and_the_five_lists(
    use_db: Path, role: Role
) -> None:
    at = open_page(use_db, role)
    assert not error_texts(at)
    assert at.title[0].value == translate("retention_page.title", "nl")
    states = at.metric[: len(RetentionState)]  # the DPO also sees the clean-up's figures
    assert [m.label for m in states] == [translate(f"retention.{s.value}", "nl") for s in S]
    assert len(at.tabs) == 5
    charts = [e for e in at.main if getattr(e, "type", None) == "vega_lite_chart"] or [
        e for e in at.get("vega_lite_chart")
    ]
    assert charts, "the records-by-age chart is drawn"
    assert at.dataframe


@pytest.mark.parametrize("role", [Role.MANAGEMENT, Role.BACKOFFICE])
def test_management_and_back_office_get_only_the_refusal(use_db: Path, role: Role) -> None:
    at = open_page(use_db, role)
    assert error_texts(at) == [translate("guard.not_allowed", "nl")]
    assert not at.title and not at.metric and not at.dataframe


def test_a_recruiter_sees_their_own_candidates_until_asking_for_everyones(use_db: Path) -> None:
    at = open_page(use_db, Role.RECRUITER)
    own = at.metric[len(S) - 1].value  # expired
    at.toggle(key="ret_everyone").set_value(True).run()
    assert not at.exception
    assert int(at.metric[len(S) - 1].value.replace(".", "")) > int(own.replace(".", ""))


def test_asking_a_selected_row_writes_a_letter_and_confirms(use_db: Path) -> None:
    person = first_rows(use_db, S.DUE)[0]
    at = select(open_page(use_db, Role.DPO), S.DUE, [0])
    at.button(key="ret_due_send_selected").click().run()
    assert not at.exception and not error_texts(at)
    assert at.success, "the page says what was sent"
    db = Database.open(use_db)
    assert db.query(
        "SELECT kind, delivery_status FROM letter WHERE person_id = ? ORDER BY id DESC LIMIT 1",
        [person["id"]],
    ) == [("retention_extension_request", "pending")]
    assert db.query("SELECT extension_state FROM person WHERE id = ?", [person["id"]]) == [
        ("asked",)
    ]


def test_the_whole_list_is_asked_only_after_a_confirmation(use_db: Path) -> None:
    at = open_page(use_db, Role.DPO)
    db = Database.open(use_db)
    letters = "SELECT count(*) FROM letter WHERE kind = 'retention_extension_request'"
    before = db.query(letters)[0][0]
    expired = db.query("SELECT count(*) FROM person WHERE erased_at IS NULL")[0][0]
    at.button(key="ret_expired_all").click().run()
    assert not at.exception
    assert at.warning, "a confirmation with the count"
    assert db.query(letters)[0][0] == before
    at.button(key="ret_expired_cancel").click().run()
    assert db.query(letters)[0][0] == before
    at.button(key="ret_expired_all").click().run()
    shown = int(at.session_state["ret_expired_confirming"])
    # a wrong number is refused, nothing sent, Annuleren still there (the ladder's third rung)
    at.text_input(key="ret_expired_typed").input(str(shown + 1))
    at.button(key="ret_expired_confirm").click().run()
    assert not at.exception and error_texts(at)
    assert db.query(letters)[0][0] == before
    assert at.button(key="ret_expired_cancel").label == "Annuleren"
    at.text_input(key="ret_expired_typed").input(str(shown))
    at.button(key="ret_expired_confirm").click().run()
    assert not at.exception and not error_texts(at)
    asked = db.query(letters)[0][0] - before
    assert 0 < asked < expired
    overview = retention_service.retention_overview(db, CLI, today=DEMO_TODAY)
    assert overview.counts[S.EXPIRED] == 0


def test_a_repeated_ask_from_a_second_screen_says_who_did_it_first(use_db: Path) -> None:
    first = select(open_page(use_db, Role.DPO), S.DUE, [0])
    second = select(open_page(use_db, Role.DPO), S.DUE, [0])
    first.button(key="ret_due_send_selected").click().run()
    db = Database.open(use_db)
    letters = db.query("SELECT count(*) FROM letter")[0][0]
    second.button(key="ret_due_send_selected").click().run()
    assert not second.exception
    name = db.query("SELECT name FROM staff WHERE id = ?", [persona_id(use_db, Role.DPO)])[0][0]
    [message] = error_texts(second)
    assert name in message.replace("\\", "")
    assert db.query("SELECT count(*) FROM letter")[0][0] == letters


def test_recording_an_answer_on_the_page_confirms_the_new_expiry_and_state(
    use_db: Path,
) -> None:
    recruiter = persona_id(use_db, Role.RECRUITER)
    person = first_rows(use_db, S.NO_ANSWER, recruiter_id=recruiter)[0]
    at = select(open_page(use_db, Role.RECRUITER), S.NO_ANSWER, [0])
    at.selectbox(key="ret_no_answer_extension_answer").set_value("granted")
    at.selectbox(key="ret_no_answer_extension_channel").set_value("meeting")
    at.button(key="ret_no_answer_extension_save").click().run()
    assert not at.exception and not error_texts(at)
    db = Database.open(use_db)
    expiry, state = db.query(
        "SELECT retention_expiry, extension_state FROM person WHERE id = ?", [person["id"]]
    )[0]
    assert state == "none" and expiry > DEMO_TODAY
    [message] = [s.value for s in at.success]
    assert format_date(expiry, "nl", "short") in message
    assert translate("retention.running", "nl") in message
    assert db.query(
        "SELECT channel, answer FROM retention_contact WHERE person_id = ? AND kind = 'answer'",
        [person["id"]],
    ) == [("meeting", "granted")]


def test_one_row_opens_the_profile_whose_answer_control_takes_a_channel(use_db: Path) -> None:
    person = first_rows(use_db, S.EXPIRED)[0]
    at = select(open_page(use_db, Role.DPO), S.EXPIRED, [0])
    assert any(str(person["reference"]) in t.value for t in at.text)
    at.button(key="ret_expired_open").click().run()
    assert not at.exception
    assert at.selectbox(key="profile_extension_channel")
    at.selectbox(key="profile_extension_answer").set_value("declined")
    at.selectbox(key="profile_extension_channel").set_value("letter")
    at.button(key="profile_extension_save").click().run()
    assert not at.exception and not error_texts(at)
    assert any(translate("retention.declined", "nl") in s.value for s in at.success)
    db = Database.open(use_db)
    assert db.query(
        "SELECT channel, answer FROM retention_contact WHERE person_id = ? AND kind = 'answer'",
        [person["id"]],
    ) == [("letter", "declined")]


def test_a_person_without_email_gets_a_print_file_to_download(use_db: Path) -> None:
    person = first_rows(use_db, S.DUE)[0]
    db = Database.open(use_db)
    db.query("UPDATE person SET email = NULL, given_name = '**Jan**' WHERE id = ?", [person["id"]])
    db.close()
    at = select(open_page(use_db, Role.DPO), S.DUE, [0])
    at.button(key="ret_due_send_selected").click().run()
    assert not at.exception and not error_texts(at)
    downloads = [e for e in at.main if getattr(e, "type", None) == "download_button"] or list(
        at.get("download_button")
    )
    assert downloads, "the print file is offered"


def test_the_dpo_cleans_up_expired_records_after_a_confirmation_and_gets_a_report(
    use_db: Path,
) -> None:
    at = open_page(use_db, Role.DPO)
    people = int(next(m for m in at.metric if m.label == "Te verwijderen personen").value)
    assert people > 0
    at.button(key="cleanup_start").click().run()
    assert at.button(key="cleanup_confirm")  # nothing happens before the confirmation
    db = Database.open(use_db)
    assert db.query("SELECT count(*) FROM audit_entry WHERE action = 'retention_cleanup'") == [(0,)]
    at.text_input(key="cleanup_typed_people").input(str(people))
    at.button(key="cleanup_confirm").click().run()
    assert not at.exception and not error_texts(at)
    assert any(f"{people} personen opgeschoond" in s.value for s in at.success)
    assert db.query(
        "SELECT count(*) FROM letter WHERE kind = 'erasure_certificate'"
        " AND created_at = (SELECT max(created_at) FROM letter)"
    ) == [(people,)]
    assert next(m for m in at.metric if m.label == "Te verwijderen personen").value == "0"


def cleanups(db_path: Path) -> list[tuple[int]]:
    return Database.open(db_path).query(
        "SELECT count(*) FROM audit_entry WHERE action = 'retention_cleanup'"
    ) + Database.open(db_path).query("SELECT count(erased_at) FROM person")


@pytest.mark.parametrize("typed", ["", "1", "zes", "{people}1", "{people},5"])
def test_a_clean_up_with_a_wrong_number_typed_is_refused_and_cancel_stays(
    use_db: Path, typed: str
) -> None:
    at = open_page(use_db, Role.DPO)
    people = int(next(m for m in at.metric if m.label == "Te verwijderen personen").value)
    before = cleanups(use_db)
    at.button(key="cleanup_start").click().run()
    at.text_input(key="cleanup_typed_people").input(typed.format(people=people))
    at.button(key="cleanup_confirm").click().run()
    assert not at.exception
    assert [e.value for e in at.error] == [
        f"Het getypte aantal klopt niet: typ {people}. Er is niets veranderd."
    ]
    assert cleanups(use_db) == before
    at.button(key="cleanup_cancel").click().run()  # Annuleren is still there and closes
    assert not at.exception and not error_texts(at)
    assert "cleanup_confirm" not in {b.key for b in at.button}
    assert cleanups(use_db) == before


def test_cancelling_the_clean_up_closes_it_without_a_change(use_db: Path) -> None:
    at = open_page(use_db, Role.DPO)
    before = cleanups(use_db)
    at.button(key="cleanup_start").click().run()
    assert at.text_input(key="cleanup_typed_people").label.startswith("Typ het aantal personen")
    at.button(key="cleanup_cancel").click().run()
    assert "cleanup_confirm" not in {b.key for b in at.button}
    assert cleanups(use_db) == before


def test_a_recruiter_sees_no_clean_up_and_no_minimisation(use_db: Path) -> None:
    at = open_page(use_db, Role.RECRUITER)
    keys = {b.key for b in at.button}
    assert "cleanup_start" not in keys
    assert not [m for m in at.metric if m.label == "Te verwijderen personen"]


def test_the_dpo_sees_when_the_daily_run_last_ran_and_what_it_did(use_db: Path) -> None:
    from konnektus.services.retention_run import retention_run

    at = open_page(use_db, Role.DPO)
    assert "De dagelijkse bewaartermijnrun heeft nog niet gedraaid." in [
        c.value for c in at.caption
    ]
    db = Database.open(use_db)
    report = retention_run(db, CLI, now=datetime(2026, 11, 25, 23, 30))  # 00:30 in Amsterdam
    at = open_page(use_db, Role.DPO)
    line = next(c.value for c in at.caption if c.value.startswith("Laatste dagelijkse run"))
    assert line.startswith("Laatste dagelijkse run: 26-11-2026 00:30.")
    assert f"Om verlenging gevraagd: {report.asked};" in line


def test_a_restricted_person_is_marked_on_the_list_with_the_request(use_db: Path) -> None:
    """Art. 18: a person whose processing is restricted stays on the list (the term still
    runs out) but is marked "niet vragen" with the request, so nobody wonders why the ask
    skipped them."""
    person = first_rows(use_db, S.DUE)[0]
    assert pd.isna(first_rows(use_db, S.DUE)[0]["not_to_ask"])  # nothing holds them yet
    request_id = restrict(use_db, int(person["id"]))
    assert first_rows(use_db, S.DUE)[0]["not_to_ask"] == request_id
    at = open_page(use_db, Role.DPO)
    shown = at.dataframe(key=f"ret_{S.DUE.value}_table_0_1").value
    row = shown[shown["reference"] == person["reference"]].iloc[0]
    assert row["not_to_ask"] == f"verzoek #{request_id}"
    others = shown[shown["reference"] != person["reference"]]
    assert set(others["not_to_ask"]) == {""}


def test_the_clean_up_lists_who_it_leaves_and_why(use_db: Path) -> None:
    """Art. 18 and open requests: expired people the clean-up may not erase now are listed by
    reference with the request they wait for, and are not counted among those to erase."""
    before = open_page(use_db, Role.DPO)
    people = int(next(m for m in before.metric if m.label == "Te verwijderen personen").value)
    expired = first_rows(use_db, S.EXPIRED)
    person = next(r for r in expired if pd.isna(r["not_to_ask"]))
    request_id = restrict(use_db, int(person["id"]))
    at = open_page(use_db, Role.DPO)
    assert next(m for m in at.metric if m.label == "Te verwijderen personen").value == str(
        people - 1
    )
    held = next(
        d.value for d in at.dataframe if list(d.value.columns) == ["reference", "state", "held"]
    )
    row = held[held["reference"] == person["reference"]].iloc[0]
    assert row["held"] == f"Niet opschonen: beperking (verzoek #{request_id})"
    # the demo's own open requests of expired people are there too, each with its number
    others = held[held["reference"] != person["reference"]]
    assert len(others) > 0
    assert all(text.startswith("Niet opschonen: verzoek #") for text in others["held"])
