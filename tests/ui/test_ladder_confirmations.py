"""The safety ladder's newly confirmed buttons (issue 20 point 4), under AppTest: nothing
happens before Bevestigen, and Annuleren leaves everything as it was."""

from __future__ import annotations

from datetime import UTC, date, timedelta
from pathlib import Path

from konnektus.db.database import Database
from konnektus.domain.permissions import Role
from konnektus.i18n import translate
from konnektus.services import requests as desk
from tests.helpers import demo_member, fingerprint
from tests.ui.conftest import DEMO_MOMENT, ROOT, app_test, error_texts, persona_id
from tests.ui.test_sharing_page import page_as, vog_person_email

REQUESTS = ROOT / "pages" / "requests.py"
NOW = DEMO_MOMENT.astimezone(UTC).replace(tzinfo=None)


def snapshot(path: Path) -> dict[str, str]:
    db = Database.open(path)
    try:
        return fingerprint(db)
    finally:
        db.close()


def test_withdrawing_a_consent_names_its_effect_and_waits_for_bevestigen(use_db: Path) -> None:
    db = Database.open(use_db)
    person, consent, email = vog_person_email(db)
    db.close()
    at = page_as(use_db, Role.DPO)
    at.text_input(key="shc_query").input(email).run()
    at.selectbox(key=f"shc_consent_{person}").select(consent)
    at.date_input(key="shc_received").set_value(date(2026, 11, 23))
    before = snapshot(use_db)
    at.button(key="shc_withdraw").click().run()
    assert not at.exception and not error_texts(at)
    assert snapshot(use_db) == before  # the click only opens the confirmation
    assert any("kan niet ongedaan worden gemaakt" in w.value for w in at.warning)
    assert at.button(key="shc_withdraw_cancel").label == "Annuleren"

    at.button(key="shc_withdraw_cancel").click().run()
    assert not at.exception and not error_texts(at)
    assert snapshot(use_db) == before
    assert "shc_withdraw_confirm" not in {b.key for b in at.button}

    at.button(key="shc_withdraw").click().run()
    at.button(key="shc_withdraw_confirm").click().run()
    assert not at.exception and not error_texts(at)
    db = Database.open(use_db)
    try:
        assert db.query("SELECT withdrawn_on FROM consent WHERE id = ?", [consent]) == [
            (date(2026, 11, 23),)
        ]
    finally:
        db.close()


def _consent_request(path: Path) -> tuple[int, int]:
    """A consent-withdrawal request being handled, for a person with standing consents."""
    db = Database.open(path)
    try:
        dpo = demo_member(db, Role.DPO)
        (person,) = db.query(
            "SELECT p.id FROM person p WHERE p.erased_at IS NULL AND p.restricted_since IS NULL"
            " AND EXISTS (SELECT 1 FROM consent c WHERE c.person_id = p.id"
            "  AND c.withdrawn_on IS NULL)"
            " AND NOT EXISTS (SELECT 1 FROM request r WHERE r.person_id = p.id)"
            " ORDER BY p.id LIMIT 1"
        )[0]
        request_id = desk.log_request(
            db,
            dpo,
            request_type="consent_withdrawal",
            channel="email",
            received_at=NOW - timedelta(days=2),
            requester_name="Ineke Jansen",
            requester_email=None,
            free_text=None,
            person_id=int(person),
            now=NOW,
        )
        desk.change_status(
            db, dpo, request_id, seen_status="received", target="in_progress", now=NOW
        )
        return request_id, int(person)
    finally:
        db.close()


def _standing(path: Path, person: int) -> int:
    db = Database.open(path)
    try:
        return int(
            db.query(
                "SELECT count(*) FROM consent WHERE person_id = ? AND withdrawn_on IS NULL",
                [person],
            )[0][0]
        )
    finally:
        db.close()


def test_withdrawing_all_consents_of_a_request_waits_for_bevestigen(use_db: Path) -> None:
    request_id, person = _consent_request(use_db)
    count = _standing(use_db, person)
    at = app_test(REQUESTS, staff_id=persona_id(use_db, Role.DPO))
    at.session_state["open_request"] = request_id
    at.run()
    before = snapshot(use_db)
    at.button(key="withdraw_consents").click().run()
    assert not at.exception and not error_texts(at)
    assert snapshot(use_db) == before
    effect = translate("requests.withdraw_all_effect", "nl", count=count)
    assert effect in [w.value for w in at.warning]
    at.button(key="withdraw_consents_cancel").click().run()
    assert snapshot(use_db) == before
    assert "withdraw_consents_confirm" not in {b.key for b in at.button}
    at.button(key="withdraw_consents").click().run()
    at.button(key="withdraw_consents_confirm").click().run()
    assert not at.exception and not error_texts(at)
    assert _standing(use_db, person) == 0
    assert translate("requests.consents_withdrawn", "nl") in [s.value for s in at.success]
