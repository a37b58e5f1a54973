"""A stale click is refused, not applied (issue 13, break 6): two DPO sessions show the same
received request; the first starts it, the second clicks "Reject" on its screen that still
shows "received" and is told who was first, and the request stays started."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from konnektus.db.database import Database
from konnektus.domain.permissions import Role
from tests.ui.conftest import ROOT, app_test, error_texts, persona_id

PAGE = ROOT / "pages" / "requests.py"


def opened(path: Path, request_id: int) -> AppTest:
    at = app_test(PAGE, staff_id=persona_id(path, Role.DPO))
    at.session_state["open_request"] = request_id
    at.run()
    assert not at.exception
    return at


def status_of(path: Path, request_id: int) -> str:
    db = Database.open(path)
    try:
        return str(db.query("SELECT status FROM request WHERE id = ?", [request_id])[0][0])
    finally:
        db.close()


def test_a_reject_clicked_on_a_screen_that_showed_received_is_not_applied(use_db: Path) -> None:
    db = Database.open(use_db)
    request_id = int(db.query("SELECT min(id) FROM request WHERE status = 'received'")[0][0])
    db.close()
    first, second = opened(use_db, request_id), opened(use_db, request_id)

    first.button(key="to_start").click().run()
    assert not error_texts(first)
    assert status_of(use_db, request_id) == "in_progress"

    second.text_input(key=f"reason_{request_id}").input("geen grond")  # sent with the click
    second.button(key="to_reject").click().run()
    assert not second.exception
    refusals = error_texts(second)
    assert refusals and "Dit is al gedaan door" in refusals[0], refusals
    assert status_of(use_db, request_id) == "in_progress", "the stale click changed nothing"


def test_a_start_clicked_on_a_stale_screen_says_who_was_first_instead_of_vanishing(
    use_db: Path,
) -> None:
    db = Database.open(use_db)
    request_id = int(db.query("SELECT min(id) FROM request WHERE status = 'received'")[0][0])
    db.close()
    first, second = opened(use_db, request_id), opened(use_db, request_id)
    first.button(key="to_start").click().run()
    second.button(key="to_start").click().run()
    refusals = error_texts(second)
    assert refusals and "Dit is al gedaan door" in refusals[0], refusals
