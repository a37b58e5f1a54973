"""The home page under AppTest, on a real demo database."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from konnektus.db.database import Database

ROOT = Path(__file__).resolve().parents[2]
HOME = str(ROOT / "pages" / "home.py")


@pytest.fixture
def home(demo_path: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("KONNEKTUS_DB", str(demo_path))
    return AppTest.from_file(HOME, default_timeout=30)


def metric_values(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_the_home_page_shows_the_size_of_the_database(home: AppTest, demo_path: Path) -> None:
    home.run()
    assert not home.exception
    db = Database.open(demo_path)  # same process as the page: same (writable) configuration
    people = db.query("SELECT count(*) FROM person")[0][0]
    disclosures = db.query("SELECT count(*) FROM disclosure")[0][0]
    db.close()
    values = metric_values(home)
    assert values["Personen"] == f"{people:,}".replace(",", ".")
    assert values["Verstrekkingen aan derden"] == f"{disclosures:,}".replace(",", ".")
    assert any("Demo-gegevens" in w.value for w in home.warning)


def test_the_language_switch_turns_the_page_english(home: AppTest) -> None:
    home.run()
    home.session_state["language"] = "en"
    home.run()
    assert home.title[0].value == "Overview"
    assert "People" in metric_values(home)


def test_a_database_without_demo_data_shows_no_demo_banner(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KONNEKTUS_DB", str(tmp_path / "real.duckdb"))
    at = AppTest.from_file(HOME, default_timeout=30).run()
    assert not at.exception
    assert not at.warning
    assert metric_values(at)["Personen"] == "0"


def test_a_file_that_is_not_a_database_shows_a_plain_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bogus = tmp_path / "notes.duckdb"
    bogus.write_text("not a database")
    monkeypatch.setenv("KONNEKTUS_DB", str(bogus))
    at = AppTest.from_file(HOME, default_timeout=30).run()
    assert not at.exception
    assert "is not a DuckDB database" in at.error[0].value
    assert not at.metric
    assert bogus.read_text() == "not a database"
