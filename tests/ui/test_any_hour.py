"""Nothing depends on the hour (architecture rule 11): the intake paths at night and late in
the evening, in winter and in summer time, with the process clock set to that moment."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from konnektus.clock import FixedClock, use_clock
from konnektus.db.database import Database
from konnektus.domain.deadlines import (
    AMSTERDAM,
    one_month_mark,
    received_on,
    response_due_date,
)
from konnektus.domain.permissions import Role
from tests.ui.conftest import ROOT, app_test, error_texts, persona_id
from tests.ui.rows import click_row

MOMENTS = {
    "winter, 00:30": datetime(2027, 1, 15, 0, 30, 42, tzinfo=AMSTERDAM),
    "winter, 23:30": datetime(2027, 1, 15, 23, 30, 42, tzinfo=AMSTERDAM),
    "summer, 00:30": datetime(2027, 7, 15, 0, 30, 42, tzinfo=AMSTERDAM),
    "summer, 23:30": datetime(2027, 7, 15, 23, 30, 42, tzinfo=AMSTERDAM),
}


@pytest.fixture(params=list(MOMENTS), ids=list(MOMENTS))
def moment(request: pytest.FixtureRequest) -> Iterator[datetime]:
    value = MOMENTS[request.param]
    with use_clock(FixedClock(value)):
        yield value


def stored(moment: datetime) -> datetime:
    """How the database keeps the moment: naive UTC, rounded down to the minute."""
    return moment.replace(second=0).astimezone(UTC).replace(tzinfo=None)


def test_the_intake_logs_a_request_received_this_minute_at_any_hour(
    use_db: Path, moment: datetime
) -> None:
    at = app_test(ROOT / "pages" / "requests.py", staff_id=persona_id(use_db, Role.DPO)).run()
    assert at.time_input(key="in_time").value == moment.time().replace(second=0)
    assert at.date_input(key="in_date").value == moment.date()
    at.selectbox(key="in_type").set_value("erasure")
    at.text_input(key="in_name").input("Noor Bakker")
    at.text_area(key="in_text").input("Verwijder mijn gegevens.")
    at.button(key="log_request").click().run()
    assert not at.exception and not error_texts(at)

    db = Database.open(use_db)
    received_at, mark, due = db.query(
        "SELECT received_at, one_month_mark, due_date FROM request"
        " WHERE requester_name = 'Noor Bakker'"
    )[0]
    local = moment.replace(second=0, tzinfo=None)
    assert received_at == stored(moment)
    # the period runs from the Amsterdam date, also at 00:30 and at 23:30
    assert received_on(received_at.replace(tzinfo=UTC)) == moment.date()
    assert mark == one_month_mark(local)
    assert due == response_due_date("erasure", local)


def open_jan(db_path: Path) -> AppTest:
    at = app_test(ROOT / "pages" / "people.py", staff_id=persona_id(db_path, Role.RECRUITER))
    at.run()
    at.text_input(key="people_q").input("vries jan").run()
    assert at.dataframe[0].value.iloc[0]["name"] == "Jan de Vries"
    at = click_row(at, "people_results", 0)
    assert not at.exception and not error_texts(at)
    return at


def test_a_request_passed_on_from_a_profile_is_logged_at_any_hour(
    use_db: Path, moment: datetime
) -> None:
    at = open_jan(use_db)
    assert at.time_input(key="profile_request_time").value == moment.time().replace(second=0)
    at.text_area(key="profile_request_text").input("Hij wil inzage.")
    at.button(key="profile_log_request").click().run()
    assert not at.exception and not error_texts(at)
    assert "Het verzoek staat in de wachtrij van de FG." in [s.value for s in at.success]
    # after a save the form starts empty again
    assert at.text_area(key="profile_request_text").value == ""

    db = Database.open(use_db)
    rows = db.query("SELECT received_at FROM request WHERE free_text = 'Hij wil inzage.'")
    assert rows == [(stored(moment),)]


def test_a_refused_request_on_a_profile_keeps_what_was_typed(use_db: Path) -> None:
    with use_clock(FixedClock(MOMENTS["winter, 00:30"])):
        at = open_jan(use_db)
        at.time_input(key="profile_request_time").set_value(time(23, 59))  # later tonight
        at.text_area(key="profile_request_text").input("Graag alles inzien.")
        at.button(key="profile_log_request").click().run()
    # the refusal in Dutch, naming the moment typed (15 January 2027, 23:59 Amsterdam time)
    assert error_texts(at) == ["Het moment van ontvangst (15-01-2027 23:59) ligt in de toekomst."]
    assert at.text_area(key="profile_request_text").value == "Graag alles inzien."
    db = Database.open(use_db)
    assert db.query("SELECT count(*) FROM request WHERE free_text = 'Graag alles inzien.'") == [
        (0,)
    ]
