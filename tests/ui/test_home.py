"""The home page under AppTest, on a real demo database."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from konnektus.db.database import Database
from konnektus.domain.permissions import Role
from konnektus.domain.staff import CLI
from konnektus.services.staff import add_staff
from tests.ui.conftest import ROOT, app_test, persona_id

HOME = ROOT / "pages" / "home.py"


def metric_values(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_the_home_page_shows_the_size_of_the_database(use_db: Path) -> None:
    at = app_test(HOME, staff_id=persona_id(use_db, Role.MANAGEMENT)).run()
    assert not at.exception
    db = Database.open(use_db)  # same process as the page: same (writable) configuration
    people = db.query("SELECT count(*) FROM person")[0][0]
    disclosures = db.query("SELECT count(*) FROM disclosure")[0][0]
    values = metric_values(at)
    assert values["Personen"] == f"{people:,}".replace(",", ".")
    assert values["Verstrekkingen aan derden"] == f"{disclosures:,}".replace(",", ".")
    assert any("Demo-gegevens" in w.value for w in at.warning)


def test_the_language_switch_turns_the_page_english(use_db: Path) -> None:
    at = app_test(HOME, staff_id=persona_id(use_db, Role.RECRUITER)).run()
    at.session_state["language"] = "en"
    at.run()
    assert at.title[0].value == "Overview"
    assert "People" in metric_values(at)


def test_a_database_without_demo_data_shows_no_demo_banner(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "real.duckdb"
    db = Database.open(path)
    add_staff(db, CLI, "eva@konnektus.nl", "Eva", "management", now=datetime(2026, 11, 26))
    db.close()
    monkeypatch.setenv("KONNEKTUS_DB", str(path))
    at = app_test(HOME, oidc_email="eva@konnektus.nl").run()
    assert not at.exception
    assert not at.warning
    assert metric_values(at)["Personen"] == "0"


def test_a_file_that_is_not_a_database_shows_a_plain_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bogus = tmp_path / "notes.duckdb"
    bogus.write_text("not a database")
    monkeypatch.setenv("KONNEKTUS_DB", str(bogus))
    at = app_test(HOME).run()
    assert not at.exception
    assert "is not a DuckDB database" in at.error[0].value
    assert not at.metric
    assert bogus.read_text() == "not a database"


def test_management_sees_the_promises_and_the_retention_chart_but_no_person(use_db: Path) -> None:
    at = app_test(HOME, staff_id=persona_id(use_db, Role.MANAGEMENT)).run()
    assert not at.exception
    promises = at.dataframe[0].value
    assert list(promises["obligation"]) == [
        "O6",
        "O6",
        "O6",
        "O6",
        "O6",
        "O10-O12",
        "O12",
        "O8",
        "O8",
        "O1",
        "O7",
    ]
    assert "actie nodig" in set(promises["status"])
    charts = [e for e in at.main if getattr(e, "type", "") == "vega_lite_chart"]
    assert len(charts) == 1
    db = Database.open(use_db)
    names = {
        f"{g} {f}" for g, f in db.query("SELECT given_name, family_name FROM person LIMIT 300")
    }
    shown = " ".join(str(v) for v in promises.to_numpy().ravel())
    assert not any(name in shown for name in names)
