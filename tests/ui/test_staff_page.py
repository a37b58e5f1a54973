"""The DPO's staff page (issue 13, break 7): add, change role, withdraw access while the
dashboard runs; the member is out at their next click."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from konnektus.db.database import Database
from konnektus.domain.permissions import Role
from konnektus.i18n import translate
from konnektus.ui import staff_page as keys
from tests.ui.conftest import ROOT, app_test, persona_id

PAGE = ROOT / "pages" / "staff.py"
PEOPLE = ROOT / "pages" / "people.py"


def staff_row(path: Path, email: str) -> tuple[str, bool] | None:
    db = Database.open(path)
    try:
        rows = db.query("SELECT role, active FROM staff WHERE email = ?", [email])
    finally:
        db.close()
    return (str(rows[0][0]), bool(rows[0][1])) if rows else None


def open_as_dpo(path: Path) -> AppTest:
    at = app_test(PAGE, staff_id=persona_id(path, Role.DPO)).run()
    assert not at.exception, at.exception
    return at


def test_only_the_dpo_opens_the_staff_page(use_db: Path) -> None:
    for role in (Role.RECRUITER, Role.BACKOFFICE, Role.MANAGEMENT):
        at = app_test(PAGE, staff_id=persona_id(use_db, role)).run()
        assert [e.value for e in at.error] == [translate("guard.not_allowed", "nl")]
    at = open_as_dpo(use_db)
    assert at.title[0].value == translate("staff.title", "nl")
    assert len(at.dataframe[0].value) >= 4


def test_the_dpo_adds_a_member_and_bad_input_is_refused(use_db: Path) -> None:
    at = open_as_dpo(use_db)
    at.text_input(key=keys.ADD_EMAIL).input("<svg/onload=alert(1)>@x.nl")
    at.text_input(key=keys.ADD_NAME).input("Eva Smit")
    at.button(key="staff_add_submit").click().run()
    assert at.error and "geen geldig e-mailadres" in at.error[0].value
    at.text_input(key=keys.ADD_EMAIL).input("eva.smit@konnektus.nl")
    at.selectbox(key=keys.ADD_ROLE).select("backoffice")
    at.button(key="staff_add_submit").click().run()
    assert not at.exception and not at.error
    assert staff_row(use_db, "eva.smit@konnektus.nl") == ("backoffice", True)


def test_a_deactivated_recruiter_is_out_at_their_next_click(use_db: Path) -> None:
    recruiter_id = persona_id(use_db, Role.RECRUITER)
    db = Database.open(use_db)
    email = db.query("SELECT email FROM staff WHERE id = ?", [recruiter_id])[0][0]
    db.close()
    recruiter = app_test(PEOPLE, staff_id=recruiter_id).run()
    assert not recruiter.error, "the recruiter is working"

    at = open_as_dpo(use_db)
    at.selectbox(key=keys.CHOSEN).select(email).run()
    at.button(key="staff_deactivate").click().run()
    assert not at.exception
    assert at.success and email in at.success[0].value
    assert staff_row(use_db, email) == ("recruiter", False)

    recruiter.run()  # the recruiter's next click
    assert not recruiter.exception
    assert not recruiter.dataframe, "no data for a member whose access was withdrawn"
    assert [e.value for e in recruiter.error] == [translate("guard.signed_out", "nl")]


def test_the_dpo_changes_a_role_and_resets_a_sign_in_link(use_db: Path) -> None:
    recruiter_id = persona_id(use_db, Role.RECRUITER)
    db = Database.open(use_db)
    email = db.query("SELECT email FROM staff WHERE id = ?", [recruiter_id])[0][0]
    db.close()
    at = open_as_dpo(use_db)
    at.selectbox(key=keys.CHOSEN).select(email).run()
    at.selectbox(key=keys.NEW_ROLE).select("backoffice").run()
    at.button(key="staff_change_role").click().run()
    assert staff_row(use_db, email) == ("backoffice", True)
    at.selectbox(key=keys.CHOSEN).select(email).run()
    at.button(key="staff_reset_sign_in").click().run()
    assert at.error and "nog niet aan een SSO-account gekoppeld" in at.error[0].value


def test_the_dpo_cannot_change_their_own_access_on_the_page(use_db: Path) -> None:
    dpo_id = persona_id(use_db, Role.DPO)
    db = Database.open(use_db)
    email = db.query("SELECT email FROM staff WHERE id = ?", [dpo_id])[0][0]
    db.close()
    at = open_as_dpo(use_db)
    at.selectbox(key=keys.CHOSEN).select(email).run()
    assert "staff_deactivate" not in [b.key for b in at.button]
    assert [i.value for i in at.info] == [translate("errors.staff_own_access", "nl")]
