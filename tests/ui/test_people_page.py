"""The People page under AppTest: search, profile, masking, and literal rendering."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from streamlit.testing.v1 import AppTest

from konnektus.db.database import Database
from konnektus.domain.permissions import Role
from konnektus.services.profile import MASK
from konnektus.services.rectification import rectify_person
from tests.helpers import demo_member
from tests.ui.conftest import ROOT, app_test, error_texts, persona_id
from tests.ui.rows import click_row

PAGE = ROOT / "pages" / "people.py"
NASTY = "**Vet** <b>dik</b> [klik](http://kwaad.example) <script>alert(1)</script> 🙂 שלום"


def search(db_path: Path, role: Role, query: str) -> AppTest:
    at = app_test(PAGE, staff_id=persona_id(db_path, role)).run()
    at.text_input(key="people_q").input(query).run()
    assert not at.exception and not error_texts(at)
    return at


def all_text(at: AppTest) -> list[str]:
    return [t.value for t in at.text]


def test_a_recruiter_finds_jan_de_vries_and_opens_his_profile(use_db: Path) -> None:
    at = search(use_db, Role.RECRUITER, "vries jan")
    results = at.dataframe[0].value
    assert results.iloc[0]["name"] == "Jan de Vries"
    at = click_row(at, "people_results", 0)
    assert "Jan de Vries" in all_text(at)  # the opened profile, shown as plain text
    assert any(s.value == "Profiel K0000001" for s in at.subheader)


def test_a_recruiter_sees_bsn_and_medical_data_only_as_masked(use_db: Path) -> None:
    db = Database.open(use_db)
    email = db.query(
        "SELECT p.email FROM person p WHERE p.id IN (SELECT person_id FROM personal_data_item"
        " WHERE category = 'bsn') AND p.id IN (SELECT person_id FROM personal_data_item"
        " WHERE category = 'medical') ORDER BY p.id LIMIT 1"
    )[0][0]
    bsn = db.query(
        "SELECT value FROM personal_data_item i JOIN person p ON p.id = i.person_id"
        " WHERE p.email = ? AND i.category = 'bsn'",
        [email],
    )[0][0]
    at = search(use_db, Role.RECRUITER, email)
    texts = all_text(at)
    assert MASK in texts and bsn not in " ".join(texts)
    assert not [b for b in at.button if b.key and b.key.startswith("reveal_")]
    back_office = search(use_db, Role.BACKOFFICE, email)
    reveal = [b for b in back_office.button if b.key and b.key.startswith("reveal_")]
    assert reveal, "back office may reveal payroll data"


def test_a_name_full_of_markdown_and_html_is_shown_literally(use_db: Path) -> None:
    db = Database.open(use_db)
    person_id = int(
        db.query("SELECT id FROM person WHERE given_name = 'Sanne' AND family_name = 'Müller'")[0][
            0
        ]
    )
    rectify_person(
        db,
        demo_member(db, Role.DPO),
        person_id,
        {"given_name": NASTY},
        now=datetime(2026, 11, 26, 9),
    )
    at = search(use_db, Role.DPO, "sanne.muller@gmail.com")
    assert f"{NASTY} Müller" in all_text(at)
    rendered = [m.value for m in at.markdown] + [c.value for c in at.caption]
    assert not any("kwaad.example" in value or "<script>" in value for value in rendered)


def test_narrowing_a_search_from_a_later_page_starts_again_at_page_one(use_db: Path) -> None:
    at = search(use_db, Role.RECRUITER, "Vries")
    at.number_input(key="people_page").set_value(3).run()
    assert not at.exception
    at.text_input(key="people_q").input("vries jan").run()
    assert not at.exception and not error_texts(at)
    assert at.number_input(key="people_page").value == 1
    assert at.dataframe[0].value.iloc[0]["name"] == "Jan de Vries"


def test_the_rectification_form_shows_and_takes_the_date_of_birth_as_dd_mm_jjjj(
    use_db: Path,
) -> None:
    """Issue 20: the form showed 1967-12-11 and refused the Dutch 11-12-1967; the language
    showed as "nl"."""
    at = click_row(search(use_db, Role.DPO, "vries jan"), "people_results", 0)
    born = at.text_input(key="profile_rect_date_of_birth")
    assert born.value is not None and born.value[2] == "-" and born.value[5] == "-"
    language = at.selectbox(key="profile_rect_language")
    assert language.options == ["Nederlands", "Engels"]
    details = at.dataframe  # the details table names the language, no code
    assert not any("nl" in frame.value.astype(str).to_numpy().ravel() for frame in details)
    born.input("11-12-1967")
    save = next(b for b in at.button if b.label == "Correcties opslaan")
    at = save.click().run()
    assert not at.exception and not error_texts(at)
    db = Database.open(use_db)
    reference = at.subheader[0].value.removeprefix("Profiel ")
    assert db.query("SELECT date_of_birth FROM person WHERE reference = ?", [reference]) == [
        (date(1967, 12, 11),)
    ]
