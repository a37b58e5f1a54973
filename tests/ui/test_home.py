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
from tests.personal_data import found_in, personal_values
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


def page_text(at: AppTest) -> str:
    """Every text the page rendered: markdown, captions, metrics and their help."""
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [f"{m.label} {m.value} {m.proto.help}" for m in at.metric]
    parts += [s.value for s in at.subheader] + [str(e.proto) for e in at.main]
    return "\n".join(str(p) for p in parts)


def charts(at: AppTest) -> list[object]:
    return [e for e in at.main if getattr(e, "type", "") == "vega_lite_chart"]


def drawn(chart: object) -> tuple[str, list[bytes]]:
    """What a chart element sends: its spec and its datasets (Streamlit moves the spec's
    named datasets out of it, as Arrow)."""
    proto = chart.proto  # type: ignore[attr-defined]
    return str(proto.spec), [d.data.data for d in proto.datasets]


def test_management_sees_every_promise_as_a_light_with_its_change_and_no_links(
    use_db: Path,
) -> None:
    at = app_test(HOME, staff_id=persona_id(use_db, Role.MANAGEMENT)).run()
    assert not at.exception
    text = page_text(at)
    assert "Stand per " in text
    for name in (
        "Afgehandelde verwijderverzoeken: deel op tijd klaar",
        "Personen langer bewaard dan beloofd",
        "Kennisgevingen van verstrekking: deel op tijd bezorgd",
        # a title says what its number counts (issue 20)
        "Verwerkers zonder geldige verwerkersovereenkomst",
        "Openstaande verzoeken over de uiterste datum",
    ):
        assert name in text
    assert "O11" in text and "O6" in text
    labels = [m.label for m in at.metric]
    assert "Te lang bewaard" in labels and "Zonder overeenkomst" in labels
    assert any(m.proto.delta for m in at.metric)  # a change against the period before
    assert "Naar de" not in text  # management acts on none of the lists
    assert len(charts(at)) == 5


def test_the_dpo_gets_a_link_to_the_list_behind_every_figure(use_db: Path) -> None:
    at = app_test(HOME, staff_id=persona_id(use_db, Role.DPO)).run()
    assert not at.exception
    links = [m.value for m in at.markdown if m.value.startswith("[Naar de")]
    assert "[Naar de verzoeken](/requests)" in links
    assert "[Naar de bewaartermijnen](/retention)" in links
    assert "[Naar de verstrekkingen](/sharing)" in links
    assert len(links) == 10


def test_a_recruiter_gets_links_only_where_the_role_may_act(use_db: Path) -> None:
    at = app_test(HOME, staff_id=persona_id(use_db, Role.RECRUITER)).run()
    links = [m.value for m in at.markdown if m.value.startswith("[Naar de")]
    assert links == ["[Naar de bewaartermijnen](/retention)"] * 2  # asking, not minimising


def test_back_office_gets_links_to_the_disclosures_it_may_notify_and_the_register(
    use_db: Path,
) -> None:
    at = app_test(HOME, staff_id=persona_id(use_db, Role.BACKOFFICE)).run()
    links = [m.value for m in at.markdown if m.value.startswith("[Naar de")]
    assert links == ["[Naar de verstrekkingen](/sharing)"] * 3


def test_the_period_selector_changes_the_months_the_charts_cover(use_db: Path) -> None:
    at = app_test(HOME, staff_id=persona_id(use_db, Role.MANAGEMENT)).run()
    before = [drawn(c) for c in charts(at)]
    at.segmented_control(key="ov_period").set_value(3).run()
    assert not at.exception
    after = [drawn(c) for c in charts(at)]
    assert len(after) == 5
    assert after[3] != before[3]  # the retention states over three months, not twelve


def test_management_builds_the_board_report_and_gets_three_downloads(use_db: Path) -> None:
    at = app_test(HOME, staff_id=persona_id(use_db, Role.MANAGEMENT)).run()
    at.button(key="ov_report_build").click().run()
    assert not at.exception
    assert any("Rapport over" in s.value for s in at.success)
    downloads = [e for e in at.main if getattr(e, "type", "") == "download_button"]
    assert len(downloads) == 3


def test_the_page_shows_no_name_email_or_bsn_of_anyone_in_the_database(use_db: Path) -> None:
    at = app_test(HOME, staff_id=persona_id(use_db, Role.DPO)).run()
    at.button(key="ov_report_build").click().run()
    db = Database.open(use_db)
    assert found_in(page_text(at), personal_values(db)) == []


def test_the_lights_and_the_report_section_read_in_english(use_db: Path) -> None:
    at = app_test(HOME, staff_id=persona_id(use_db, Role.MANAGEMENT), language="en").run()
    assert not at.exception
    text = page_text(at)
    assert "Are we keeping our promises?" in text
    assert "Erasure requests closed: share finished on time" in text
    assert "As of " in text
    assert at.button(key="ov_report_build").label == "Build the report"
