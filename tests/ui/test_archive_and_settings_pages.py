"""The archive and settings pages under AppTest: the DPO reopens a finished erasure with its
certificate, and edits the privacy contact; other roles get the refusal."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, time
from pathlib import Path

import pytest

from konnektus.clock import FixedClock, use_clock
from konnektus.db.database import Database
from konnektus.domain.deadlines import AMSTERDAM
from konnektus.domain.permissions import Role
from konnektus.i18n import translate
from tests.conftest import DEMO_TODAY
from tests.services.test_settings_and_archive import finished_erasure
from tests.ui.conftest import ROOT, app_test, persona_id

ARCHIVE = ROOT / "pages" / "archive.py"
SETTINGS = ROOT / "pages" / "settings.py"


@pytest.fixture(autouse=True)
def demo_day() -> Iterator[None]:
    with use_clock(FixedClock(datetime.combine(DEMO_TODAY, time(11), AMSTERDAM))):
        yield


def test_the_archive_reopens_a_finished_erasure_with_its_certificate(use_db: Path) -> None:
    db = Database.open(use_db)
    request_id, reference = finished_erasure(db)
    db.close()
    at = app_test(ARCHIVE, staff_id=persona_id(use_db, Role.DPO))
    at.run()
    at.text_input(key="archive_reference").set_value(reference).run()
    assert not at.exception
    at.session_state["archive_open"] = request_id
    at.run()
    shown = "\n".join(c.value for c in at.code)
    assert "VERKLARING VAN VERWIJDERING" in shown and reference in shown


def test_the_archive_is_the_dpos(use_db: Path) -> None:
    at = app_test(ARCHIVE, staff_id=persona_id(use_db, Role.RECRUITER))
    at.run()
    assert not at.dataframe and not at.exception


def test_the_dpo_edits_the_privacy_contact(use_db: Path) -> None:
    at = app_test(SETTINGS, staff_id=persona_id(use_db, Role.DPO))
    at.run()
    assert translate("settings.dpo_yes", "nl") in [c.value for c in at.caption]
    gaps = translate("settings.gap_personal_mailbox", "nl")
    assert gaps not in [w.value for w in at.warning]  # the demo's: function mailbox, phone, post
    at.text_input(key="contact_name").set_value("S. Jansen")
    at.text_input(key="contact_email").set_value("sallyann@konnektus.nl")
    at.button(key="save_contact").click().run()
    assert not at.exception and at.success
    db = Database.open(use_db)
    assert db.query("SELECT value FROM meta WHERE key = 'privacy_contact.name'") == [("S. Jansen",)]
    db.close()
    at.run()
    assert gaps in [w.value for w in at.warning]


def test_the_dpo_sets_the_erasure_extension_cap_and_the_periods_table_follows(
    use_db: Path,
) -> None:
    at = app_test(SETTINGS, staff_id=persona_id(use_db, Role.DPO))
    at.run()
    field = at.number_input(key="erasure_extension_months")
    assert field.value == 2 and field.max == 3 and field.min == 1
    field.set_value(3)
    at.button(key="save_erasure_extension").click().run()
    assert not at.exception and at.success
    db = Database.open(use_db)
    assert db.query("SELECT value FROM meta WHERE key = 'erasure_extended_months'") == [("3",)]
    db.close()
    at.run()
    periods = at.dataframe[0].value
    erasure = periods[periods.iloc[:, 0] == "verwijdering"].iloc[0].tolist()
    assert erasure[1:] == ["1 kalendermaand", "3 kalendermaanden"]


def test_the_dpo_sets_the_term_of_medical_data_after_the_placement(use_db: Path) -> None:
    at = app_test(SETTINGS, staff_id=persona_id(use_db, Role.DPO))
    at.run()
    field = at.number_input(key="medical_months_after_placement")
    assert field.value == 3 and field.min == 0 and field.max == 12
    field.set_value(6)
    at.button(key="save_medical_term").click().run()
    assert not at.exception and at.success
    db = Database.open(use_db)
    assert db.query("SELECT value FROM meta WHERE key = 'medical_months_after_placement'") == [
        ("6",)
    ]
    db.close()


def test_the_archive_says_whether_a_request_was_on_time(use_db: Path) -> None:
    db = Database.open(use_db)
    finished_erasure(db)
    db.close()
    at = app_test(ARCHIVE, staff_id=persona_id(use_db, Role.DPO))
    at.run()
    listed = at.dataframe[0].value
    assert {"lawful_due", "on_time"} <= set(listed.columns)
    assert set(listed["on_time"]) <= {"op tijd", "te laat"} and "te laat" in set(listed["on_time"])
