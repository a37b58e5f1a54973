"""Every file in pages/, run directly (as Streamlit may), shows its content or only a refusal.

The files are discovered, so a new page without the guard or a registration fails here.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from konnektus.domain.permissions import Role, can
from konnektus.i18n import translate
from konnektus.ui.navigation import PAGE_BY_ID
from tests.ui.conftest import PAGE_FILES, app_test, error_texts, persona_id

SIGNED_OUT = translate("guard.signed_out", "nl")
NOT_ALLOWED = translate("guard.not_allowed", "nl")


def test_every_page_file_is_registered_with_the_action_that_opens_it() -> None:
    assert PAGE_FILES
    assert {p.stem for p in PAGE_FILES} == set(PAGE_BY_ID)


def assert_only_refusal(at, message: str) -> None:  # type: ignore[no-untyped-def]
    assert not at.exception
    assert error_texts(at) == [message]
    assert not at.title and not at.metric and not at.dataframe and not at.text_input


@pytest.mark.parametrize("page", PAGE_FILES, ids=lambda p: p.stem)
def test_a_signed_out_visitor_sees_only_the_refusal(use_db: Path, page: Path) -> None:
    assert_only_refusal(app_test(page).run(), SIGNED_OUT)


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("page", PAGE_FILES, ids=lambda p: p.stem)
def test_each_role_sees_the_page_or_only_the_refusal(use_db: Path, page: Path, role: Role) -> None:
    at = app_test(page, staff_id=persona_id(use_db, role)).run()
    if can(role, PAGE_BY_ID[page.stem].action):
        assert not at.exception
        assert not error_texts(at)
        assert at.title, f"{page.stem} shows no title for {role}"
    else:
        assert_only_refusal(at, NOT_ALLOWED)


def test_an_oidc_identity_gets_its_role_from_the_staff_table(use_db: Path) -> None:
    at = app_test(PAGE_FILES[0].parent / "audit_log.py", oidc_email="SallyAnn@konnektus.nl").run()
    assert not at.exception and not error_texts(at)
    at = app_test(PAGE_FILES[0].parent / "audit_log.py", oidc_email="daan.dewit@konnektus.nl").run()
    assert_only_refusal(at, NOT_ALLOWED)


def test_an_unknown_oidc_email_is_refused_everywhere(use_db: Path) -> None:
    for page in PAGE_FILES:
        at = app_test(page, oidc_email="someone@elsewhere.org").run()
        assert not at.exception
        assert error_texts(at) == [translate("guard.unknown_identity", "nl")]
        assert not at.title and not at.metric


def test_a_browser_claim_without_oidc_configured_signs_nobody_in(use_db: Path) -> None:
    at = app_test(PAGE_FILES[0].parent / "home.py")
    at.user = {"is_logged_in": True, "email": "sallyann@konnektus.nl"}
    assert_only_refusal(at.run(), SIGNED_OUT)


def test_the_demo_sign_in_is_ignored_on_a_database_with_real_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from datetime import datetime

    from konnektus.db.database import Database
    from konnektus.domain.staff import CLI
    from konnektus.services.staff import add_staff

    path = tmp_path / "real.duckdb"
    db = Database.open(path)
    member = add_staff(db, CLI, "eva@konnektus.nl", "Eva", "dpo", now=datetime(2026, 11, 26))
    db.close()
    monkeypatch.setenv("KONNEKTUS_DB", str(path))
    at = app_test(PAGE_FILES[0].parent / "home.py", staff_id=member.id).run()
    assert_only_refusal(at, SIGNED_OUT)
