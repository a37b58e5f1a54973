"""The safety ladder's newly confirmed buttons (issue 20 point 4), under AppTest: nothing
happens before Bevestigen, and Annuleren leaves everything as it was."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from konnektus.db.database import Database
from konnektus.domain.permissions import Role
from tests.helpers import fingerprint
from tests.ui.conftest import error_texts
from tests.ui.test_sharing_page import page_as, vog_person_email


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
