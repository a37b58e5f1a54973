"""app.py: the sign-in screen, and navigation built from the role."""

from __future__ import annotations

from pathlib import Path

import pytest

from konnektus.domain.permissions import Role
from konnektus.ui.navigation import PAGES, pages_for
from tests.ui.conftest import ROOT, app_test

APP = ROOT / "app.py"


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (Role.MANAGEMENT, ["home", "sharing"]),
        (
            Role.DPO,
            [
                "home",
                "people",
                "retention",
                "requests",
                "outbox",
                "sharing",
                "legal_holds",
                "import_data",
                "staff",
                "archive",
                "settings",
                "audit_log",
            ],
        ),
        (Role.RECRUITER, ["home", "people", "retention", "sharing"]),
        (Role.BACKOFFICE, ["home", "people", "outbox", "sharing", "legal_holds", "import_data"]),
    ],
)
def test_each_role_is_offered_exactly_its_pages(role: Role, expected: list[str]) -> None:
    assert [page.id for page in pages_for(role)] == expected


def test_every_registered_page_file_exists() -> None:
    assert all((ROOT / page.path).is_file() for page in PAGES)


def test_signed_out_the_app_offers_one_demo_persona_per_role(use_db: Path) -> None:
    at = app_test(APP).run()
    assert not at.exception
    keys = {b.key for b in at.button}
    assert {f"demo_{role.value}" for role in Role} <= keys
    assert not at.metric


def test_choosing_a_persona_signs_in_and_the_sign_in_is_audited(use_db: Path) -> None:
    from konnektus.db.database import Database

    at = app_test(APP).run()
    at.button(key="demo_management").click().run()
    assert not at.exception
    assert at.metric, "the management home page shows its figures"
    db = Database.open(use_db)
    row = db.query("SELECT action, role FROM audit_entry ORDER BY id DESC LIMIT 1")[0]
    assert row == ("sign_in", "management")
    at.button(key="sign_out").click().run()
    assert not at.metric
    assert db.query("SELECT action FROM audit_entry ORDER BY id DESC LIMIT 1")[0][0] == "sign_out"


def test_the_sign_in_screen_speaks_english_on_request(use_db: Path) -> None:
    at = app_test(APP, language="en").run()
    assert at.title[0].value == "Sign in"
