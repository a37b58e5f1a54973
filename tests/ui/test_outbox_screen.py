"""The outbox page (Uitgaande post, issue 20) under AppTest on the demo: the DPO and the back
office see every waiting letter of the demo with its state in words; recruiters and management
only the refusal; letters for the post are marked posted only after a confirmation that names
their number, and only then count as sent and told."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from konnektus.clock import FixedClock, use_clock
from konnektus.db.database import Database
from konnektus.domain.deadlines import AMSTERDAM
from konnektus.domain.permissions import Role
from konnektus.i18n import translate
from konnektus.ui.outbox_page import TABLE
from tests.conftest import DEMO_TODAY
from tests.ui.conftest import ROOT, app_test, error_texts, persona_id

PAGE = ROOT / "pages" / "outbox.py"


@pytest.fixture(autouse=True)
def demo_day() -> Iterator[None]:
    with use_clock(FixedClock(datetime.combine(DEMO_TODAY, time(11), AMSTERDAM))):
        yield


def open_page(db_path: Path, role: Role) -> AppTest:
    at = app_test(PAGE, staff_id=persona_id(db_path, role)).run()
    assert not at.exception, at.exception
    return at


def waiting_ids(db_path: Path) -> set[int]:
    db = Database.open(db_path)
    try:
        rows = db.query(
            "SELECT id FROM letter WHERE delivery_status IN ('pending', 'failed',"
            " 'not_applicable') AND kind <> 'print_batch'"
        )
    finally:
        db.close()
    return {int(r[0]) for r in rows}


@pytest.mark.parametrize("role", [Role.DPO, Role.BACKOFFICE])
def test_every_waiting_letter_of_the_demo_is_listed_in_words(use_db: Path, role: Role) -> None:
    waiting = waiting_ids(use_db)
    assert waiting, "the demo has letters waiting (no mail server)"
    at = open_page(use_db, role)
    assert at.title[0].value == translate("outbox.title", "nl")
    table = at.dataframe[0].value
    assert waiting <= set(table["id"])
    states = set(table["state"])
    assert translate("outbox.state.waiting", "nl") in states
    assert translate("outbox.state.failed", "nl") in states
    assert set(table["kind"]) == {translate("letter_kind.disclosure_notice", "nl")} or (
        role is Role.DPO
    )
    shown = {m.label: m.value for m in at.metric}
    assert shown[translate("outbox.state.waiting", "nl")] == str(len(waiting) - 1)


@pytest.mark.parametrize("role", [Role.RECRUITER, Role.MANAGEMENT])
def test_recruiters_and_management_see_only_the_refusal(use_db: Path, role: Role) -> None:
    at = open_page(use_db, role)
    assert error_texts(at) == [translate("guard.not_allowed", "nl")]
    assert not at.dataframe


def test_letters_for_the_post_are_posted_only_after_the_confirmation(use_db: Path) -> None:
    db = Database.open(use_db)
    try:  # the demo's notices all have an address: one person lost it before the run
        letter_id, disclosures = db.query(
            "SELECT l.id, count(d.id) FROM letter l JOIN disclosure d ON d.notice_letter_id = l.id"
            " WHERE l.delivery_status = 'pending' GROUP BY l.id ORDER BY l.id LIMIT 1"
        )[0]
        with db.transaction() as cur:
            cur.execute(
                "UPDATE letter SET delivery_status = 'not_applicable', recipient_email = NULL"
                " WHERE id = ?",
                [letter_id],
            )
    finally:
        db.close()
    at = open_page(use_db, Role.DPO)
    table = at.dataframe[0].value
    row = int(table.index[table["id"] == letter_id][0])
    at.session_state[TABLE] = {"selection": {"rows": [row], "columns": [], "cells": []}}
    at.run()
    at.button(key="outbox_post").click().run()
    warnings = [w.value for w in at.warning]
    assert translate("outbox.confirm_post", "nl", count=1) in warnings  # names the number
    assert at.button(key="outbox_post_no")  # Annuleren is there
    db = Database.open(use_db)
    try:
        assert db.query("SELECT sent_at FROM letter WHERE id = ?", [letter_id]) == [(None,)]
    finally:
        db.close()
    at.button(key="outbox_post_yes").click().run()
    assert not at.exception, at.exception
    assert translate("outbox.posted", "nl", count=1) in [s.value for s in at.success]
    db = Database.open(use_db)
    try:
        assert db.query(
            "SELECT delivery_status, posted_at IS NOT NULL FROM letter WHERE id = ?", [letter_id]
        ) == [("sent", True)]
        assert db.query(
            "SELECT count(*) FROM disclosure WHERE notice_letter_id = ? AND notified_on = ?",
            [letter_id, DEMO_TODAY],
        ) == [(disclosures,)]
    finally:
        db.close()
