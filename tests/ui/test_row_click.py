"""Tables open a record by a click on its row (issue 11, point 4), never by position alone."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from konnektus.domain.permissions import Role
from tests.ui.conftest import ROOT, app_test, error_texts, persona_id
from tests.ui.rows import click_row

REQUESTS = ROOT / "pages" / "requests.py"


def subheaders(at: AppTest) -> list[str]:
    return [h.value for h in at.subheader]


def test_a_request_opens_when_its_row_is_clicked(use_db: Path) -> None:
    at = app_test(REQUESTS, staff_id=persona_id(use_db, Role.DPO)).run()
    assert not at.exception and not error_texts(at)
    ids = [int(i) for i in at.dataframe[0].value["id"]]
    assert len(ids) > 2
    assert "Klik op een verzoek in de lijst om het te openen." in [i.value for i in at.info]
    assert not any(s.startswith("Verzoek ") for s in subheaders(at))

    at = click_row(at, "queue_table", 2)
    assert not at.exception
    assert any(s.startswith(f"Verzoek {ids[2]}:") for s in subheaders(at))


def test_an_old_tick_does_not_take_back_a_request_opened_by_the_intake(use_db: Path) -> None:
    at = app_test(REQUESTS, staff_id=persona_id(use_db, Role.DPO)).run()
    ids = [int(i) for i in at.dataframe[0].value["id"]]
    at = click_row(at, "queue_table", 0)
    assert any(s.startswith(f"Verzoek {ids[0]}:") for s in subheaders(at))
    # a request opened elsewhere (the intake sets it) stays open on the next runs, although
    # the tick on row 0 is still in the table's state
    at.session_state["open_request"] = ids[1]
    at.run()
    at.run()
    assert any(s.startswith(f"Verzoek {ids[1]}:") for s in subheaders(at))
    assert not any(s.startswith(f"Verzoek {ids[0]}:") for s in subheaders(at))


PEOPLE = ROOT / "pages" / "people.py"


def profile_headers(at: AppTest) -> list[str]:
    return [s for s in subheaders(at) if s.startswith("Profiel K")]


def test_a_person_opens_when_the_row_is_clicked_and_closes_with_another_search(
    use_db: Path,
) -> None:
    at = app_test(PEOPLE, staff_id=persona_id(use_db, Role.DPO)).run()
    at.text_input(key="people_q").input("jan").run()
    results = at.dataframe[0].value
    assert len(results) > 3 and not profile_headers(at)
    assert "Klik op een rij om het profiel te openen." in [c.value for c in at.caption]
    at = click_row(at, "people_results", 3)
    assert not at.exception and not error_texts(at)
    assert profile_headers(at) == [f"Profiel {results.iloc[3]['reference']}"]

    at.text_input(key="people_q").input("de vries").run()  # other rows: nothing open
    assert not profile_headers(at)


def test_the_only_hit_opens_by_itself(use_db: Path) -> None:
    at = app_test(PEOPLE, staff_id=persona_id(use_db, Role.RECRUITER)).run()
    at.text_input(key="people_q").input("K0000001").run()
    assert len(at.dataframe[0].value) == 1
    assert profile_headers(at) == ["Profiel K0000001"]


def test_the_queue_shows_a_page_of_requests_at_a_time(
    use_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At 200,000 requests the whole queue in one table overran Streamlit's styling limit;
    the browser gets one page, most urgent first."""
    from konnektus.ui import request_queue

    monkeypatch.setattr(request_queue, "QUEUE_PAGE", 2)
    at = app_test(REQUESTS, staff_id=persona_id(use_db, Role.DPO)).run()
    total = int(at.metric[0].value)
    assert total > 4
    first = [int(i) for i in at.dataframe[0].value["id"]]
    assert len(first) == 2
    assert f"2 van {total} openstaande verzoeken, de meest dringende eerst" in [
        c.value for c in at.caption
    ]
    at.number_input(key="q_page").set_value(2).run()
    second = [int(i) for i in at.dataframe[0].value["id"]]
    assert len(second) == 2 and not set(first) & set(second)
    at = click_row(at, "queue_table", 1)  # a row of the second page opens its own request
    assert any(s.startswith(f"Verzoek {second[1]}:") for s in subheaders(at))
