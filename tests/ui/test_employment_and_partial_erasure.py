"""Under AppTest on the demo database: back office records the end of an employment on the
profile; a recruiter gets no such form; the erasure preview of a current employee says in
advance that the erasure will be partial and lists what stays."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from konnektus.clock import FixedClock, use_clock
from konnektus.db.database import Database
from konnektus.domain.deadlines import AMSTERDAM
from konnektus.domain.permissions import Role
from konnektus.services import requests as desk
from tests.helpers import demo_member, fingerprint
from tests.ui.conftest import ROOT, app_test, error_texts, persona_id

PEOPLE = ROOT / "pages" / "people.py"
REQUESTS = ROOT / "pages" / "requests.py"


@pytest.fixture(
    autouse=True,
    params=[datetime(2026, 11, 26, 0, 30), datetime(2026, 11, 26, 23, 30)],
    ids=["00:30", "23:30"],
)
def amsterdam_moment(request: pytest.FixtureRequest) -> Iterator[datetime]:
    """Demo day, just after midnight and late in the evening (architecture rule 11)."""
    moment = request.param.replace(tzinfo=AMSTERDAM)
    with use_clock(FixedClock(moment)):
        yield moment


def employed_person(db: Database) -> tuple[int, str, int]:
    """(person, e-mail, running employment) of someone employed now."""
    row = db.query(
        "SELECT p.id, p.email, e.id FROM person p JOIN employment e ON e.person_id = p.id"
        " WHERE p.stage = 'employed' AND e.end_date IS NULL AND p.email IS NOT NULL"
        " AND e.start_date < DATE '2026-01-01'"
        " AND (SELECT count(*) FROM person q WHERE q.email = p.email) = 1 ORDER BY p.id LIMIT 1"
    )[0]
    return int(row[0]), str(row[1]), int(row[2])


def profile(db_path: Path, role: Role, query: str) -> AppTest:
    at = app_test(PEOPLE, staff_id=persona_id(db_path, role)).run()
    at.text_input(key="people_q").input(query).run()
    assert not at.exception and not error_texts(at)
    return at


def test_back_office_records_the_end_of_an_employment_and_sees_the_hold_dates(
    use_db: Path,
) -> None:
    db = Database.open(use_db)
    person_id, email, employment_id = employed_person(db)
    at = profile(use_db, Role.BACKOFFICE, email)
    assert at.selectbox(key="employment_end_choice").value == employment_id
    assert at.date_input(key="employment_end_date").value == date(2026, 11, 26)  # any hour
    at.button(key="save_employment_end").click().run()
    # nothing yet: the confirmation names the effect and says it cannot be undone
    assert db.query("SELECT end_date FROM employment WHERE id = ?", [employment_id]) == [(None,)]
    assert next(w.value for w in at.warning if "26-11-2026" in w.value).endswith(
        "Dit kan niet ongedaan worden gemaakt."
    )
    assert at.button(key="cancel_employment_end").label == "Annuleren"
    at.button(key="confirm_employment_end").click().run()
    assert not at.exception and not error_texts(at)
    assert db.query("SELECT count(*) FROM legal_hold WHERE employment_id = ?", [employment_id]) == [
        (2,)
    ]
    assert any("31-12-2033" in s.value for s in at.success)
    assert db.query("SELECT stage FROM person WHERE id = ?", [person_id]) == [("former_employee",)]


def test_an_end_before_the_start_is_refused_and_the_choice_stays(use_db: Path) -> None:
    db = Database.open(use_db)
    _person_id, email, employment_id = employed_person(db)
    second = db.query(
        "INSERT INTO employment (person_id, client_id, start_date, payroll_reference)"
        " SELECT person_id, client_id, DATE '2026-10-01', 'PR-SECOND' FROM employment"
        " WHERE id = ? RETURNING id",
        [employment_id],
    )[0][0]
    at = profile(use_db, Role.BACKOFFICE, email)
    at.selectbox(key="employment_end_choice").set_value(second)
    at.date_input(key="employment_end_date").set_value(date(2026, 1, 2))
    at.button(key="save_employment_end").click().run()
    at.button(key="confirm_employment_end").click().run()
    assert error_texts(at) == ["De einddatum ligt vóór de begindatum van het dienstverband."]
    assert at.selectbox(key="employment_end_choice").value == second
    assert at.date_input(key="employment_end_date").value == date(2026, 1, 2)
    assert db.query(
        "SELECT count(*) FROM employment WHERE end_date IS NOT NULL AND id = ?", [second]
    ) == [(0,)]


def test_cancelling_the_end_of_an_employment_records_nothing(use_db: Path) -> None:
    db = Database.open(use_db)
    person_id, email, employment_id = employed_person(db)
    at = profile(use_db, Role.BACKOFFICE, email)
    before = fingerprint(db)
    at.button(key="save_employment_end").click().run()
    assert at.button(key="confirm_employment_end").label == "Bevestigen"
    at.button(key="cancel_employment_end").click().run()
    assert not at.exception and not error_texts(at)
    assert "confirm_employment_end" not in [b.key for b in at.button]
    assert fingerprint(db) == before
    assert db.query("SELECT stage FROM person WHERE id = ?", [person_id]) != [("former_employee",)]
    assert at.selectbox(key="employment_end_choice").value == employment_id


def test_a_recruiter_gets_no_form_to_end_an_employment(use_db: Path) -> None:
    db = Database.open(use_db)
    _person_id, email, _employment_id = employed_person(db)
    at = profile(use_db, Role.RECRUITER, email)
    assert not [b for b in at.button if b.key == "save_employment_end"]


def test_the_preview_of_a_current_employee_says_the_erasure_will_be_partial(
    use_db: Path,
) -> None:
    db = Database.open(use_db)
    person_id, _email, _employment_id = employed_person(db)
    dpo = demo_member(db, Role.DPO)
    now = datetime(2026, 11, 26, 9)
    request_id = desk.log_request(
        db,
        dpo,
        request_type="erasure",
        channel="email",
        received_at=datetime(2026, 11, 25, 9),
        requester_name="Verzoeker",
        requester_email=None,
        free_text=None,
        person_id=person_id,
        now=now,
    )
    desk.change_status(db, dpo, request_id, seen_status="received", target="in_progress", now=now)
    db.close()
    at = app_test(REQUESTS, staff_id=persona_id(use_db, Role.DPO))
    at.session_state["open_request"] = request_id
    at.run()
    assert not at.exception and not error_texts(at)
    assert any("Gedeeltelijke verwijdering" in w.value for w in at.warning)
    assert "**Wat blijft**" in [m.value for m in at.markdown]
    kept = next(d.value for d in at.dataframe if "Bewaard tot en met" in d.value.columns)
    assert "persoonsgegevens (naam, adres, contactgegevens, geboortedatum)" in set(kept["Wat"])
    assert set(kept["Bewaard tot en met"]) == {"zolang het dienstverband loopt"}
