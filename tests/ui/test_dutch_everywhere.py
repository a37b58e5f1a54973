"""Every page, for every role, in both languages: no ISO date, raw code, "None", English
Streamlit default, unlabelled column or number without separators (issue 11, point 2)."""

from __future__ import annotations

from pathlib import Path

import pytest

from konnektus.db.database import Database
from konnektus.domain.permissions import Role
from konnektus.i18n import catalog
from konnektus.ui.navigation import pages_for
from tests.ui.conftest import ROOT, app_test, persona_id
from tests.ui.edge_scan import findings
from tests.ui.rows import click_row

# catalog tables whose keys are codes stored in the database; each shows as its word
CODE_TABLES = (
    "role",
    "category",
    "source",
    "legal_basis",
    "request_type",
    "status",
    "channel",
    "delivery",
    "stage",
    "retention",
    "contact_channel",
    "extension_answer",
    "consent_purpose",
    "letter_kind",
    "audit.action",
    "sharing.recipient_category",
    "sharing.safeguard",
)


def known_codes() -> frozenset[str]:
    """Codes whose Dutch word differs from the code itself (a 'cv' is a 'cv')."""
    words = catalog("nl")
    found = set()
    for key, word in words.items():
        table, _, code = key.rpartition(".")
        if table in CODE_TABLES and str(word).strip().lower() != code.lower():
            found.add(code)
    return frozenset(found)


CASES = [
    (role, spec.id, spec.path, language)
    for role in Role
    for spec in pages_for(role)
    for language in ("nl", "en")
]


@pytest.mark.parametrize(
    ("role", "page_id", "path", "language"),
    CASES,
    ids=[f"{page}-{role.value}-{language}" for role, page, _, language in CASES],
)
def test_a_page_shows_words_and_dutch_formats_only(
    use_db: Path, role: Role, page_id: str, path: str, language: str
) -> None:
    app = app_test(ROOT / path, staff_id=persona_id(use_db, role), language=language).run()
    assert not app.exception, app.exception[0].message
    found = findings(app, known_codes())
    if language == "en":  # English words may equal their codes; formats and 'None' hold still
        found = [f for f in found if "English" not in f and ": code " not in f]
    assert found == [], "\n".join(found)


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_sign_in_page_too(use_db: Path, language: str) -> None:
    app = app_test(ROOT / "app.py", language=language).run()
    assert not app.exception
    found = findings(app, known_codes())
    if language == "en":
        found = [f for f in found if "English" not in f and ": code " not in f]
    assert found == [], "\n".join(found)


def clean(found: list[str], language: str) -> list[str]:
    if language == "en":
        return [f for f in found if "English" not in f and ": code " not in f]
    return found


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("role", [Role.RECRUITER, Role.BACKOFFICE, Role.DPO])
def test_an_open_profile_too(use_db: Path, role: Role, language: str) -> None:
    for row in (0, 1, 2):  # a candidate, someone placed or employed: different sections
        # a new session per profile (see the request test below for why)
        app = app_test(
            ROOT / "pages" / "people.py", staff_id=persona_id(use_db, role), language=language
        )
        app.run()
        app.text_input(key="people_q").input("jan").run()
        app = click_row(app, "people_results", row)
        assert not app.exception, app.exception[0].message
        assert clean(findings(app, known_codes()), language) == []


def one_open_request_per_type(db_path: Path) -> list[int]:
    db = Database.open(db_path)
    try:
        rows = db.query(
            "SELECT min(id) FROM request WHERE person_id IS NOT NULL GROUP BY type, status"
            " ORDER BY 1"
        )
    finally:
        db.close()
    return [int(r[0]) for r in rows]


@pytest.mark.parametrize("language", ["nl", "en"])
def test_an_open_request_of_every_type_and_status_too(use_db: Path, language: str) -> None:
    for request_id in one_open_request_per_type(use_db):
        # a new session per request: AppTest formats a radio's value outside the page's
        # session, in the default language, and trips over an English run's labels
        app = app_test(
            ROOT / "pages" / "requests.py", staff_id=persona_id(use_db, Role.DPO), language=language
        )
        app.session_state["open_request"] = request_id
        app.run()
        assert not app.exception, app.exception[0].message
        found = clean(findings(app, known_codes()), language)
        assert found == [], f"request {request_id}:\n" + "\n".join(found)
