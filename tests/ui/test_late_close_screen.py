"""The late close on the request page (issue 20 point 4), under AppTest: the reason field
shows only for a request past its due date, in a confirmation naming the effect with
Annuleren; nothing is closed before Bevestigen with a reason, and the archive shows it."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from streamlit.testing.v1 import AppTest

from konnektus.db.database import Database
from konnektus.domain.permissions import Role
from konnektus.i18n import translate
from konnektus.services import requests as desk_service
from tests.helpers import demo_member, fingerprint
from tests.ui.conftest import DEMO_MOMENT, ROOT, app_test, error_texts, persona_id

PAGE = ROOT / "pages" / "requests.py"
ARCHIVE = ROOT / "pages" / "archive.py"
NOW = DEMO_MOMENT.astimezone(UTC).replace(tzinfo=None)
LATE = datetime(2026, 10, 1, 10, 0)  # due Monday 2 November: 24 days late on 26 November
ON_TIME = datetime(2026, 11, 20, 10, 0)
REASON = "De payrollpartner leverde de gegevens later aan dan afgesproken."


def started(path: Path, received: datetime, kind: str = "access") -> int:
    db = Database.open(path)
    try:
        dpo = demo_member(db, Role.DPO)
        request_id = desk_service.log_request(
            db,
            dpo,
            request_type=kind,
            channel="email",
            received_at=received,
            requester_name="Ineke Jansen",
            requester_email=None,
            free_text=None,
            person_id=None,
            now=NOW,
        )
        desk_service.change_status(
            db, dpo, request_id, seen_status="received", target="in_progress", now=NOW
        )
        return request_id
    finally:
        db.close()


def row(path: Path, request_id: int) -> tuple[str, str | None]:
    db = Database.open(path)
    try:
        status, late = db.query(
            "SELECT status, late_reason FROM request WHERE id = ?", [request_id]
        )[0]
        return str(status), late
    finally:
        db.close()


def snapshot(path: Path) -> dict[str, str]:
    db = Database.open(path)
    try:
        return fingerprint(db)
    finally:
        db.close()


def opened(path: Path, request_id: int) -> AppTest:
    at = app_test(PAGE, staff_id=persona_id(path, Role.DPO))
    at.session_state["open_request"] = request_id
    at.run()
    assert not at.exception
    return at


def reason_fields(at: AppTest, request_id: int) -> list[str]:
    return [a.key for a in at.text_area if a.key == f"late_reason_{request_id}"]


def test_an_on_time_close_shows_no_reason_field_and_closes_at_once(use_db: Path) -> None:
    request_id = started(use_db, ON_TIME)
    at = opened(use_db, request_id)
    at.button(key="to_complete").click().run()
    assert not at.exception and not error_texts(at)
    assert reason_fields(at, request_id) == []
    assert row(use_db, request_id) == ("completed", None)


def test_a_late_close_asks_the_reason_naming_the_effect_and_closes_only_on_bevestigen(
    use_db: Path,
) -> None:
    request_id = started(use_db, LATE)
    at = opened(use_db, request_id)
    assert reason_fields(at, request_id) == []  # only once a closing step is clicked
    before = snapshot(use_db)
    at.button(key="to_complete").click().run()
    assert not at.exception
    assert reason_fields(at, request_id) == [f"late_reason_{request_id}"]
    effect = translate(
        "requests.late_close_effect",
        "nl",
        id=request_id,
        status=translate("status.completed", "nl"),
        days=24,
        due="02-11-2026",
    )
    assert effect in [w.value for w in at.warning]
    assert {"confirm_late_close", "cancel_late_close"} <= {b.key for b in at.button}
    assert at.button(key="cancel_late_close").label == "Annuleren"
    assert snapshot(use_db) == before  # nothing happened yet

    # Bevestigen without a reason: refused in a sentence, still open, Annuleren still there
    at.button(key="confirm_late_close").click().run()
    assert not at.exception
    assert row(use_db, request_id) == ("in_progress", None)
    assert any("te laat" in e for e in error_texts(at))
    assert reason_fields(at, request_id) and "cancel_late_close" in {b.key for b in at.button}

    at.text_area(key=f"late_reason_{request_id}").input(REASON)
    at.button(key="confirm_late_close").click().run()
    assert not at.exception and not error_texts(at)
    assert row(use_db, request_id) == ("completed", REASON)
    assert "confirm_late_close" not in {b.key for b in at.button}

    archive = app_test(ARCHIVE, staff_id=persona_id(use_db, Role.DPO))
    archive.run()
    listed = archive.dataframe[0].value
    assert REASON in set(listed["late_reason"])
    archive.session_state["archive_open"] = request_id
    archive.run()
    assert not archive.exception
    shown = [x.value for x in archive.text]
    assert translate("archive.late_reason", "nl", reason=REASON) in shown


def test_annuleren_leaves_the_late_request_as_it_was(use_db: Path) -> None:
    request_id = started(use_db, LATE)
    at = opened(use_db, request_id)
    before = snapshot(use_db)
    at.button(key="to_withdraw").click().run()
    at.text_area(key=f"late_reason_{request_id}").input(REASON)
    at.button(key="cancel_late_close").click().run()
    assert not at.exception and not error_texts(at)
    assert snapshot(use_db) == before
    assert reason_fields(at, request_id) == []
    assert "to_withdraw" in {b.key for b in at.button}  # the request is still open
