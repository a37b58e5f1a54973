"""Addresses (issue 20, point 6): /requests?id=N and /people?ref=K... open that request or
profile for a role that may, the address follows what is open, the queue can be searched by
number or name, and the language choice is in the address too."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from konnektus.db.database import Database
from konnektus.domain.permissions import Role
from konnektus.i18n import translate
from tests.ui.conftest import ROOT, app_test, error_texts, persona_id

REQUESTS = ROOT / "pages" / "requests.py"
PEOPLE = ROOT / "pages" / "people.py"


def one(path: Path, sql: str) -> tuple:  # type: ignore[type-arg]
    db = Database.open(path)
    try:
        return tuple(db.query(sql)[0])
    finally:
        db.close()


def titles(at: AppTest) -> list[str]:
    return [h.value for h in at.subheader]


def test_a_request_address_opens_that_request_even_a_closed_one(use_db: Path) -> None:
    (request_id,) = one(use_db, "SELECT max(id) FROM request WHERE status = 'completed'")
    at = app_test(REQUESTS, staff_id=persona_id(use_db, Role.DPO))
    at.query_params["id"] = str(request_id)
    at.run()
    assert not at.exception and not error_texts(at)
    assert any(title.startswith(f"Verzoek {request_id}") for title in titles(at)), titles(at)
    assert at.query_params.get("id") == str(request_id)
    # closing it takes the number out of the address
    at.button(key="close_request").click().run()
    assert not any(title.startswith(f"Verzoek {request_id}") for title in titles(at))
    assert "id" not in at.query_params


def test_opening_a_request_puts_its_number_in_the_address(use_db: Path) -> None:
    (request_id,) = one(use_db, "SELECT min(id) FROM request WHERE status = 'received'")
    at = app_test(REQUESTS, staff_id=persona_id(use_db, Role.DPO))
    at.session_state["open_request"] = request_id
    at.run()
    assert at.query_params.get("id") == str(request_id)


def test_an_address_naming_no_request_says_so_and_opens_nothing(use_db: Path) -> None:
    at = app_test(REQUESTS, staff_id=persona_id(use_db, Role.DPO))
    at.query_params["id"] = "999999"
    at.run()
    assert not at.exception
    assert error_texts(at) == [translate("errors.request_unknown", "nl", id=999999)]
    assert "id" not in at.query_params


def test_a_role_that_may_not_open_the_desk_gets_the_refusal_from_the_address(
    use_db: Path,
) -> None:
    (request_id,) = one(use_db, "SELECT min(id) FROM request")
    at = app_test(REQUESTS, staff_id=persona_id(use_db, Role.RECRUITER))
    at.query_params["id"] = str(request_id)
    at.run()
    assert error_texts(at) == [translate("guard.not_allowed", "nl")]
    assert not any(title.startswith(f"Verzoek {request_id}") for title in titles(at))


def test_the_queue_is_searched_by_number_or_by_name(use_db: Path) -> None:
    (closed,) = one(use_db, "SELECT max(id) FROM request WHERE status = 'completed'")
    at = app_test(REQUESTS, staff_id=persona_id(use_db, Role.DPO)).run()
    at.text_input(key="q_search").input(f"#{closed}").run()
    assert list(at.dataframe[0].value["id"]) == [closed]
    # the matched person's name, typed in lower case and without its accents
    request_id, name = one(
        use_db,
        "SELECT r.id, p.family_name FROM request r JOIN person p ON p.id = r.person_id"
        " WHERE r.status = 'in_progress' ORDER BY r.id LIMIT 1",
    )
    at.text_input(key="q_search").input(name.lower()).run()
    shown = list(at.dataframe[0].value["id"])
    assert request_id in shown
    db = Database.open(use_db)
    for other in shown:
        [(names,)] = db.query(
            "SELECT strip_accents(lower(concat_ws(' ', r.requester_name, p.given_name,"
            " p.tussenvoegsel, p.family_name))) FROM request r LEFT JOIN person p"
            " ON p.id = r.person_id WHERE r.id = ?",
            [other],
        )
        assert name.lower() in names
    db.close()
    at.text_input(key="q_search").input("zzzgeenverzoeker").run()
    assert translate("requests.empty", "nl") in [i.value for i in at.info]


def test_a_profile_address_opens_that_profile_for_the_dpo(use_db: Path) -> None:
    (reference,) = one(use_db, "SELECT max(reference) FROM person WHERE erased_at IS NULL")
    at = app_test(PEOPLE, staff_id=persona_id(use_db, Role.DPO))
    at.query_params["ref"] = reference
    at.run()
    assert not at.exception and not error_texts(at)
    assert translate("people.profile_title", "nl", reference=reference) in titles(at)
    assert at.query_params.get("ref") == reference


def test_the_language_in_the_address_is_the_language_of_the_page(use_db: Path) -> None:
    at = app_test(REQUESTS, staff_id=persona_id(use_db, Role.DPO))
    at.query_params["language"] = "English"  # the switch's word, as the browser has it
    at.run()
    assert not at.exception
    assert at.title[0].value == translate("requests.title", "en")
    at = app_test(REQUESTS, staff_id=persona_id(use_db, Role.DPO)).run()
    assert at.title[0].value == translate("requests.title", "nl")
    assert "language" not in at.query_params  # Dutch, the default, stays out of the address


def test_a_correction_on_the_profile_is_drawn_again_with_what_changed(use_db: Path) -> None:
    reference, person_id = one(
        use_db, "SELECT reference, id FROM person WHERE erased_at IS NULL ORDER BY id LIMIT 1"
    )
    at = app_test(PEOPLE, staff_id=persona_id(use_db, Role.DPO))
    at.query_params["ref"] = reference
    at.run()
    form = [t for t in at.text_input if t.label == translate("statement.field.city", "nl")]
    form[-1].input("Zwolle")
    at.button[
        [b.label for b in at.button].index(translate("requests.save_rectification", "nl"))
    ].click().run()
    assert not at.exception and not error_texts(at)
    assert translate("requests.rectified", "nl", count=1) in [s.value for s in at.success]
    (city,) = one(use_db, f"SELECT city FROM person WHERE id = {int(person_id)}")
    assert city == "Zwolle"
