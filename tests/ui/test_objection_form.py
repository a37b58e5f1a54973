"""Upholding an objection on the request desk under AppTest: no purpose is chosen for the
DPO, the reason is required, and a confirmation step names what stops and what is erased
before anything changes."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from streamlit.testing.v1 import AppTest

from konnektus.db.database import Database
from konnektus.domain.permissions import Role
from konnektus.i18n import translate
from konnektus.services import requests as desk
from tests.helpers import demo_member
from tests.ui.conftest import ROOT, app_test, error_texts, persona_id

PAGE = ROOT / "pages" / "requests.py"
NOW = datetime(2026, 11, 26, 9)


def objection_of_someone_with_a_cv(db_path: Path) -> tuple[int, int]:
    """An objection in progress of a living person with a CV: (request, person)."""
    db = Database.open(db_path)
    person_id = int(
        db.query(
            "SELECT min(person_id) FROM personal_data_item i JOIN person p ON p.id = i.person_id"
            " WHERE i.category = 'cv' AND p.erased_at IS NULL AND p.restricted_since IS NULL"
        )[0][0]
    )
    dpo = demo_member(db, Role.DPO)
    request_id = desk.log_request(
        db, dpo, request_type="objection", channel="email",
        received_at=datetime(2026, 11, 25, 12), requester_name="Verzoeker",
        requester_email=None, free_text=None, person_id=person_id, now=NOW,
    )  # fmt: skip
    desk.change_status(db, dpo, request_id, seen_status="received", target="in_progress", now=NOW)
    db.close()
    return request_id, person_id


def opened(db_path: Path, request_id: int) -> AppTest:
    at = app_test(PAGE, staff_id=persona_id(db_path, Role.DPO)).run()
    at.session_state["open_request"] = request_id
    return at.run()


def state(db_path: Path, request_id: int, person_id: int) -> tuple[object, ...]:
    db = Database.open(db_path)
    found = (
        db.query("SELECT status FROM request WHERE id = ?", [request_id]),
        db.query("SELECT count(*) FROM processing_stop WHERE request_id = ?", [request_id]),
        db.query(
            "SELECT count(*) FROM personal_data_item WHERE person_id = ? AND category = 'cv'",
            [person_id],
        ),
    )
    db.close()
    return found


def test_no_purpose_is_preselected_and_none_is_refused(use_db: Path) -> None:
    request_id, person_id = objection_of_someone_with_a_cv(use_db)
    before = state(use_db, request_id, person_id)
    at = opened(use_db, request_id)
    assert at.selectbox(key=f"objection_purpose_{request_id}").value is None
    at.text_input(key=f"objection_reason_{request_id}").input("uw belang weegt zwaarder").run()
    at.button(key="uphold_objection").click().run()
    assert error_texts(at) == [translate("errors.purpose_required", "nl")]
    assert not _has(at, "confirm_objection")
    assert state(use_db, request_id, person_id) == before


def test_an_empty_reason_is_refused(use_db: Path) -> None:
    request_id, person_id = objection_of_someone_with_a_cv(use_db)
    before = state(use_db, request_id, person_id)
    at = opened(use_db, request_id)
    at.selectbox(key=f"objection_purpose_{request_id}").set_value("job_finding").run()
    at.button(key="uphold_objection").click().run()
    assert error_texts(at) == [translate("errors.reason_missing", "nl")]
    assert not _has(at, "confirm_objection")
    assert state(use_db, request_id, person_id) == before


def test_the_confirmation_names_the_effect_and_only_its_button_upholds(use_db: Path) -> None:
    request_id, person_id = objection_of_someone_with_a_cv(use_db)
    before = state(use_db, request_id, person_id)
    at = opened(use_db, request_id)
    at.selectbox(key=f"objection_purpose_{request_id}").set_value("job_finding")
    at.text_input(key=f"objection_reason_{request_id}").input("uw belang weegt zwaarder").run()
    at.button(key="uphold_objection").click().run()
    assert not at.exception and not error_texts(at)
    warning = [w.value for w in at.warning]
    assert any(
        w.startswith("Bemiddeling naar werk stopt: uit de zoekresultaten, geen voordrachten,")
        and "cv (" in w
        and w.endswith("worden verwijderd")
        for w in warning
    ), warning
    assert state(use_db, request_id, person_id) == before  # nothing yet
    assert at.button(key="objection_back").label == "Annuleren"  # the ladder's own button
    at.button(key="objection_back").click().run()
    assert not _has(at, "confirm_objection")
    assert state(use_db, request_id, person_id) == before
    at.button(key="uphold_objection").click().run()
    at.button(key="confirm_objection").click().run()
    assert not at.exception and not error_texts(at)
    assert state(use_db, request_id, person_id) == ([("completed",)], [(1,)], [(0,)])


def _has(at: AppTest, key: str) -> bool:
    return any(getattr(b, "key", None) == key for b in at.button)
