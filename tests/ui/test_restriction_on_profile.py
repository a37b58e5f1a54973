"""Art. 18 on screen: a restricted person carries a badge in search and on the profile, and
the DPO lifts the restriction there with a reason (a letter follows)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from konnektus.db.database import Database
from konnektus.domain.permissions import Role
from konnektus.services import request_outcomes as outcomes
from konnektus.services import requests as desk
from tests.helpers import demo_member
from tests.ui.conftest import ROOT, app_test, error_texts, persona_id

PAGE = ROOT / "pages" / "people.py"
NOW = datetime(2026, 11, 26, 9)


def restricted_person(db_path: Path) -> str:
    db = Database.open(db_path)
    person_id, reference = db.query(
        "SELECT id, reference FROM person WHERE stage = 'employed' ORDER BY id LIMIT 1"
    )[0]
    db.close()
    restrict(db_path, int(person_id))
    return str(reference)


def restrict(db_path: Path, person_id: int) -> int:
    """Log a restriction request for `person_id` and uphold it; returns the request id."""
    db = Database.open(db_path)
    dpo = demo_member(db, Role.DPO)
    request_id = desk.log_request(
        db,
        dpo,
        request_type="restriction",
        channel="email",
        received_at=datetime(2026, 11, 25, 12),
        requester_name="Verzoeker",
        requester_email=None,
        free_text=None,
        person_id=person_id,
        now=NOW,
    )
    desk.change_status(db, dpo, request_id, seen_status="received", target="in_progress", now=NOW)
    outcomes.restrict_processing(
        db,
        dpo,
        request_id,
        seen_status="in_progress",
        disputed_field="city",
        reason="u betwist uw woonplaats",
        now=NOW,
    )
    db.close()
    return request_id


def test_the_badge_shows_in_search_and_the_dpo_lifts_the_restriction(use_db: Path) -> None:
    reference = restricted_person(use_db)
    at = app_test(PAGE, staff_id=persona_id(use_db, Role.DPO)).run()
    at.text_input(key="people_q").input(reference).run()
    assert not at.exception and not error_texts(at)
    names = list(at.dataframe[0].value["name"])
    assert names and names[0].endswith("· verwerking beperkt")
    assert any("Verwerking beperkt sinds" in w.value for w in at.warning)
    at.text_input(key="lift_reason").input("woonplaats gecontroleerd")
    at.button(key="lift_restriction").click().run()
    assert not at.exception and not error_texts(at)
    db = Database.open(use_db)
    assert db.query("SELECT restricted_since FROM person WHERE reference = ?", [reference]) == [
        (None,)
    ]
    assert db.query("SELECT count(*) FROM letter WHERE kind = 'restriction_lifted'") == [(1,)]


def test_a_recruiter_does_not_find_a_restricted_person_and_cannot_lift(use_db: Path) -> None:
    """docs/lawful-bases.md: a restricted person is not shown in search to recruiters."""
    reference = restricted_person(use_db)
    at = app_test(PAGE, staff_id=persona_id(use_db, Role.RECRUITER)).run()
    at.text_input(key="people_q").input(reference).run()
    assert not at.exception and not error_texts(at)
    assert not at.dataframe or reference not in list(at.dataframe[0].value["reference"])
    assert not any("Verwerking beperkt sinds" in w.value for w in at.warning)
    assert "lift_restriction" not in [b.key for b in at.button]
