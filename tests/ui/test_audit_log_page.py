"""The audit log page under AppTest: words instead of codes, filters by person reference,
request number, staff member and period, a CSV download; only the DPO gets in."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from konnektus.clock import FixedClock, use_clock
from konnektus.db import audit
from konnektus.db.database import Database
from konnektus.domain.deadlines import AMSTERDAM
from konnektus.domain.permissions import Role
from konnektus.i18n import translate
from konnektus.ui import audit_log as keys
from tests.conftest import DEMO_TODAY
from tests.ui.conftest import ROOT, app_test, persona_id

PAGE = ROOT / "pages" / "audit_log.py"
NOW = datetime(2026, 11, 26, 10)  # UTC, the demo day


@pytest.fixture(autouse=True)
def demo_day() -> Iterator[None]:
    with use_clock(FixedClock(datetime.combine(DEMO_TODAY, time(11), AMSTERDAM))):
        yield


@pytest.fixture
def logged(use_db: Path) -> tuple[Path, str, int]:
    """Entries about one person, one request, and the DPO's own sign-in; (path, ref, request)."""
    db = Database.open(use_db)
    try:
        person_id, reference = db.query("SELECT id, reference FROM person ORDER BY id LIMIT 1")[0]
        other = db.query("SELECT id FROM person ORDER BY id LIMIT 1 OFFSET 1")[0][0]
        dpo = persona_id(use_db, Role.DPO)
        with db.transaction() as cur:
            for at, object_id, channel in ((NOW, person_id, "phone"), (NOW, other, "email")):
                audit.append(cur, at=at, staff_id=dpo, role="dpo", action="contact_logged",
                             object_type="person", object_id=object_id,
                             details={"channel": channel})  # fmt: skip
            audit.append(cur, at=NOW, staff_id=None, role="cli", action="request_assigned",
                         object_type="request", object_id=77,
                         details={"assignee_id": dpo})  # fmt: skip
            audit.append(cur, at=datetime(2026, 9, 1), staff_id=None, role="cli",
                         action="sign_in")  # fmt: skip
    finally:
        db.close()
    return use_db, str(reference), 77


def open_page(path: Path, language: str | None = None) -> AppTest:
    at = app_test(PAGE, staff_id=persona_id(path, Role.DPO), language=language).run()
    assert not at.exception, at.exception
    return at


def shown(at: AppTest) -> list[dict[str, object]]:
    frames = [d.value for d in at.dataframe]
    assert len(frames) == 1
    return frames[0].to_dict("records")  # type: ignore[no-any-return]


def test_the_dpo_reads_actions_and_details_in_words(logged: tuple[Path, str, int]) -> None:
    path, reference, _ = logged
    rows = shown(open_page(path))
    actions = {str(r["action"]) for r in rows}
    assert "contactmoment vastgelegd" in actions and "verzoek toegewezen" in actions
    assert not any("_" in a for a in actions), actions
    mine = next(r for r in rows if r["object"] == f"persoon {reference}")
    assert mine["details"] == "kanaal: telefoon"
    assert mine["when"] == "26-11-2026 11:00"
    assert not any("{" in str(r["details"]) for r in rows)


def test_the_page_speaks_english_when_asked(logged: tuple[Path, str, int]) -> None:
    path, reference, _ = logged
    rows = shown(open_page(path, "en"))
    mine = next(r for r in rows if r["object"] == f"person {reference}")
    assert (mine["action"], mine["details"]) == ("contact logged", "channel: phone")


def test_filtering_by_person_reference_shows_only_that_person(
    logged: tuple[Path, str, int],
) -> None:
    path, reference, _ = logged
    at = open_page(path)
    at.text_input(key=keys.PERSON).input(reference.lower()).run()
    assert not at.exception, at.exception
    assert [r["object"] for r in shown(at)] == [f"persoon {reference}"]


def test_filtering_by_request_number(logged: tuple[Path, str, int]) -> None:
    path, _, request_id = logged
    at = open_page(path)
    at.number_input(key=keys.REQUEST).set_value(request_id).run()
    rows = shown(at)
    assert [r["object"] for r in rows] == [f"verzoek {request_id}"]
    assert str(rows[0]["details"]).startswith("toegewezen aan: ")


def test_filtering_by_staff_member_offers_names(logged: tuple[Path, str, int]) -> None:
    path, _, _ = logged
    at = open_page(path)
    dpo = persona_id(path, Role.DPO)
    box = at.selectbox(key=keys.STAFF)
    assert box.value is None
    at = box.select(dpo).run()
    rows = shown(at)
    # the DPO's contacts and the page's own demo sign-in; not the command line's assignment
    assert {r["action"] for r in rows} == {"contactmoment vastgelegd", "aangemeld"}
    assert {r["who"] for r in rows} == {box.format_func(dpo)}  # type: ignore[misc]


def test_the_period_filters_by_amsterdam_days_and_a_reversed_period_is_explained(
    logged: tuple[Path, str, int],
) -> None:
    path, _, _ = logged
    at = open_page(path)
    assert all(r["when"] != "01-09-2026 02:00" for r in shown(at))  # older than 30 days
    at.date_input(key=keys.SINCE).set_value(date(2026, 9, 1)).run()
    assert any(r["when"] == "01-09-2026 02:00" for r in shown(at))
    at.date_input(key=keys.UNTIL).set_value(date(2026, 8, 31)).run()
    assert translate("audit.period_reversed") in [w.value for w in at.warning]
    assert not at.dataframe


def test_no_match_says_so_and_the_download_is_offered_for_matches(
    logged: tuple[Path, str, int],
) -> None:
    path, _, _ = logged
    at = open_page(path)
    assert any(
        e.proto.label == translate("audit.download")  # type: ignore[attr-defined]
        for e in at.get("download_button")
    )
    at.text_input(key=keys.PERSON).input("K9999999").run()
    assert [i.value for i in at.info] == [translate("audit.none")]


@pytest.mark.parametrize("role", [Role.RECRUITER, Role.BACKOFFICE, Role.MANAGEMENT])
def test_other_roles_see_no_entries(logged: tuple[Path, str, int], role: Role) -> None:
    path, _, _ = logged
    at = app_test(PAGE, staff_id=persona_id(path, role)).run()
    assert not at.dataframe
    assert not at.get("download_button")


def test_a_keyed_chain_without_its_anchor_file_is_shown_as_tampering(
    logged: tuple[Path, str, int],
) -> None:
    """Issue 21: a deleted anchor file was shown as "intact"; the DPO now reads what broke,
    although opening the page writes an entry, which starts a new anchor file."""
    path, _, _ = logged
    assert open_page(path).success and not open_page(path).error  # the anchor is there
    anchor_file = path.with_name(path.name + ".anchor")
    anchor_file.unlink()
    at = open_page(path)
    assert [e.value for e in at.error] == [translate("audit.chain_anchor_missing", "nl")]
    assert not [s for s in at.success if "intact" in s.value]
