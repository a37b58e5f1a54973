"""Tables open a record by a click on its row (issue 11, point 4), never by position alone."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from konnektus.domain.permissions import Role
from konnektus.ui.row_pick import table_key
from tests.ui.conftest import ROOT, app_test, error_texts, persona_id

REQUESTS = ROOT / "pages" / "requests.py"


def click_row(at: AppTest, key: str, ids: list[int], row: int) -> AppTest:
    at.session_state[table_key(key, ids)] = {
        "selection": {"rows": [row], "columns": [], "cells": []}
    }
    return at.run()


def subheaders(at: AppTest) -> list[str]:
    return [h.value for h in at.subheader]


def test_a_request_opens_when_its_row_is_clicked(use_db: Path) -> None:
    at = app_test(REQUESTS, staff_id=persona_id(use_db, Role.DPO)).run()
    assert not at.exception and not error_texts(at)
    ids = [int(i) for i in at.dataframe[0].value["id"]]
    assert len(ids) > 2
    assert "Klik op een verzoek in de lijst om het te openen." in [i.value for i in at.info]
    assert not any(s.startswith("Verzoek ") for s in subheaders(at))

    at = click_row(at, "queue_table", ids, 2)
    assert not at.exception
    assert any(s.startswith(f"Verzoek {ids[2]}:") for s in subheaders(at))


def test_an_old_tick_does_not_take_back_a_request_opened_by_the_intake(use_db: Path) -> None:
    at = app_test(REQUESTS, staff_id=persona_id(use_db, Role.DPO)).run()
    ids = [int(i) for i in at.dataframe[0].value["id"]]
    at = click_row(at, "queue_table", ids, 0)
    assert any(s.startswith(f"Verzoek {ids[0]}:") for s in subheaders(at))
    # a request opened elsewhere (the intake sets it) stays open on the next runs, although
    # the tick on row 0 is still in the table's state
    at.session_state["open_request"] = ids[1]
    at.run()
    at.run()
    assert any(s.startswith(f"Verzoek {ids[1]}:") for s in subheaders(at))
    assert not any(s.startswith(f"Verzoek {ids[0]}:") for s in subheaders(at))
