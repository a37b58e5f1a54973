"""Issue 10 on the request page under AppTest: the access answer is made for post and marked
posted, a restriction is granted with its disputed field, and an erasure is extended like
every type, to the privacy statement's two months."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from konnektus.db.database import Database
from konnektus.domain.permissions import Role
from konnektus.services import requests as desk_service
from tests.helpers import demo_member
from tests.ui.conftest import ROOT, app_test, error_texts, persona_id

PAGE = ROOT / "pages" / "requests.py"
NOW = datetime(2026, 11, 26, 9)


def started(db_path: Path, kind: str) -> tuple[int, int]:
    db = Database.open(db_path)
    person_id = int(
        db.query("SELECT min(id) FROM person WHERE stage = 'employed' AND email IS NOT NULL")[0][0]
    )
    dpo = demo_member(db, Role.DPO)
    request_id = desk_service.log_request(
        db,
        dpo,
        request_type=kind,
        channel="email",
        received_at=datetime(2026, 11, 25, 12),
        requester_name=f"Verzoeker {kind}",
        requester_email=None,
        free_text=None,
        person_id=person_id,
        now=NOW,
    )
    desk_service.change_status(
        db, dpo, request_id, seen_status="received", target="in_progress", now=NOW
    )
    db.close()
    return request_id, person_id


def opened(db_path: Path, request_id: int):  # type: ignore[no-untyped-def]
    at = app_test(PAGE, staff_id=persona_id(db_path, Role.DPO)).run()
    at.session_state["open_request"] = request_id
    return at.run()


def test_an_access_answer_by_post_is_made_and_marked_posted(use_db: Path) -> None:
    request_id, _ = started(use_db, "access")
    at = opened(use_db, request_id)
    at.radio(key=f"export_delivery_{request_id}").set_value("post").run()
    at.button(key="make_export").click().run()
    assert not at.exception and not error_texts(at)
    at.button(key="export_posted").click().run()
    assert not at.exception and not error_texts(at)
    db = Database.open(use_db)
    assert db.query(
        "SELECT delivery, delivered_at IS NOT NULL, content IS NULL FROM request_export"
        " WHERE request_id = ?",
        [request_id],
    ) == [("post", True, True)]


def test_a_restriction_is_granted_on_the_page(use_db: Path) -> None:
    request_id, person_id = started(use_db, "restriction")
    at = opened(use_db, request_id)
    assert not at.exception
    assert "to_complete" not in [b.key for b in at.button]
    at.selectbox(key=f"restrict_field_{request_id}").set_value("city")
    at.text_input(key=f"restrict_reason_{request_id}").input("u betwist uw woonplaats")
    at.button(key="apply_restriction").click().run()
    assert not at.exception and not error_texts(at)
    db = Database.open(use_db)
    assert db.query(
        "SELECT restriction_request_id, restriction_field FROM person WHERE id = ?", [person_id]
    ) == [(request_id, "city")]


def test_an_erasure_request_is_extended_on_the_page_to_the_statements_two_months(
    use_db: Path,
) -> None:
    request_id, _ = started(use_db, "erasure")
    at = opened(use_db, request_id)
    keys = [b.key for b in at.button]
    assert "to_extend" in keys and "to_reject" in keys and "to_complete" not in keys
    at.text_input(key=f"reason_{request_id}").input("gegevens bij drie payrollpartners").run()
    at.button(key="to_extend").click().run()
    assert not at.exception and not error_texts(at)
    db = Database.open(use_db)
    # received 25 November 2026: one month = Friday 25 December (Christmas) -> Monday 28
    # December; two months = Monday 25 January 2027
    assert db.query(
        "SELECT status, original_due_date, due_date FROM request WHERE id = ?", [request_id]
    ) == [("extended", date(2026, 12, 28), date(2027, 1, 25))]
    body = db.query(
        "SELECT body FROM letter WHERE request_id = ? AND kind = 'extension_notice'", [request_id]
    )[0][0]
    assert "25 januari 2027" in body
    db.close()
