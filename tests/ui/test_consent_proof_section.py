"""The DPO's check on consent with proof (issue 19 point 6) on the retention page, under
AppTest on a copy of the demo database: none on the demo, each planted item with its reason in
Dutch, and nothing of it for a recruiter."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from konnektus.db.database import Database
from konnektus.domain.permissions import Role
from tests.ui.conftest import ROOT, app_test, error_texts, persona_id

PAGE = ROOT / "pages" / "retention.py"
TITLE = "Toestemming zonder bewijs"


def open_page(db_path: Path, role: Role) -> AppTest:
    at = app_test(PAGE, staff_id=persona_id(db_path, role)).run()
    assert not at.exception, at.exception
    assert not error_texts(at)
    return at


def test_the_dpo_sees_that_every_item_on_consent_in_the_demo_has_its_proof(use_db: Path) -> None:
    at = open_page(use_db, Role.DPO)
    assert TITLE in [s.value for s in at.subheader]
    assert "Elk gegeven op grond van toestemming wijst naar een geldige toestemming." in [
        s.value for s in at.success
    ]


def test_the_dpo_sees_each_item_without_proof_with_its_reason(use_db: Path) -> None:
    db = Database.open(use_db)
    with db.transaction() as cur:
        # a CV whose consent link was lost, and survey answers on a consent withdrawn since
        cv_person = cur.execute(
            "UPDATE personal_data_item SET consent_id = NULL WHERE id ="
            " (SELECT min(id) FROM personal_data_item WHERE category = 'cv')"
            " RETURNING person_id"
        ).fetchall()[0][0]
        survey_person = cur.execute(
            "UPDATE consent SET withdrawn_on = DATE '2026-11-01', withdrawn_how = 'e-mail'"
            " WHERE id = (SELECT min(consent_id) FROM personal_data_item"
            " WHERE category = 'survey_answer') RETURNING person_id"
        ).fetchall()[0][0]
        references = dict(
            cur.execute(
                "SELECT id, reference FROM person WHERE id IN (?, ?)", [cv_person, survey_person]
            ).fetchall()
        )
    db.close()
    at = open_page(use_db, Role.DPO)
    warning = next(w.value for w in at.warning if "zonder geldig bewijs" in w.value)
    assert warning.startswith("2 gegevens op grond van toestemming zonder geldig bewijs")
    assert "geen toestemming vastgelegd (1)" in warning
    assert "de toestemming is ingetrokken (1)" in warning
    table = next(d.value for d in at.dataframe if "problem" in d.value.columns)
    shown = {(r["reference"], r["category"], r["problem"]) for _, r in table.iterrows()}
    assert shown == {
        (references[cv_person], "cv", "geen toestemming vastgelegd"),
        (references[survey_person], "antwoorden op enquêtes", "de toestemming is ingetrokken"),
    }
    assert "value" not in table.columns  # never the data itself


def test_a_recruiter_does_not_see_the_check(use_db: Path) -> None:
    at = open_page(use_db, Role.RECRUITER)
    assert TITLE not in [s.value for s in at.subheader]
