"""The Import page (issue 14) under AppTest: upload, check, confirm, import, summary."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from konnektus.db.database import Database
from konnektus.domain.permissions import Role
from konnektus.domain.staff import CLI
from konnektus.i18n import translate
from konnektus.services.importing import mark_real
from konnektus.services.staff import add_staff
from tests.ui.conftest import ROOT, app_test, error_texts, persona_id

PAGE = ROOT / "pages" / "import_data.py"
SAMPLES = ROOT / "data" / "samples"
BACKOFFICE = "lotte@konnektus.nl"


@pytest.fixture
def real_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A database made for real records, with one back-office member who signs in by SSO."""
    path = tmp_path / "real.duckdb"
    db = Database.open(path)
    mark_real(db, CLI, now=datetime(2026, 11, 26, 9))
    add_staff(db, CLI, BACKOFFICE, "Lotte Jansen", "backoffice", now=datetime(2026, 11, 26, 9))
    db.close()
    monkeypatch.setenv("KONNEKTUS_DB", str(path))
    monkeypatch.setenv("KONNEKTUS_CLOCK", "2026-11-27T10:00+01:00")
    yield path


def samples(replace: tuple[str, str, str] | None = None) -> list[tuple[str, bytes, str]]:
    files = []
    for path in sorted(SAMPLES.glob("*.csv")):
        text = path.read_text("utf-8")
        if replace is not None and path.name == replace[0]:
            text = text.replace(replace[1], replace[2])
        files.append((path.name, text.encode(), "text/csv"))
    return files


def nl(key: str, **values: object) -> str:
    return translate(key, "nl", **values)


def signed_in_back_office() -> AppTest:
    """Back office through single sign-on (the provider's claims, its account id included)."""
    at = app_test(PAGE, oidc_email=BACKOFFICE)
    at.user = {
        "is_logged_in": True,
        "email": BACKOFFICE,
        "email_verified": True,
        "name": "Lotte Jansen",
        "sub": "lotte",
    }
    return at


def query(path: Path, sql: str) -> list[tuple[object, ...]]:
    db = Database.open(path)  # the page's connection is in this process too: same instance
    try:
        return db.query(sql)
    finally:
        db.close()


def test_back_office_uploads_the_samples_confirms_and_sees_the_summary(real_path: Path) -> None:
    at = signed_in_back_office().run()
    assert not at.exception and not error_texts(at)
    at.file_uploader(key="import_files").set_value(samples()).run()
    assert not at.exception, at.exception
    assert nl("import.all_clean") in [s.value for s in at.success]
    assert len(at.expander) == 10  # a preview per entity
    at.button(key="import_start").click().run()
    texts = [m.value for m in at.markdown]
    assert any("46 nieuwe regels" in text for text in texts), texts
    assert query(real_path, "SELECT count(*) FROM person") == [(0,)]  # the dry run wrote nothing
    at.button(key="import_confirm").click().run()
    assert not at.exception, at.exception
    assert any("Geïmporteerd: 46 nieuwe regels" in s.value for s in at.success)
    assert query(real_path, "SELECT count(*) FROM person") == [(6,)]
    assert query(real_path, "SELECT role FROM audit_entry WHERE action = 'data_imported'") == [
        ("backoffice",)
    ]


def test_a_bad_bsn_shows_the_report_with_a_download_and_offers_no_import(
    real_path: Path,
) -> None:
    at = signed_in_back_office().run()
    at.file_uploader(key="import_files").set_value(
        samples(("people.csv", "686307380", "123456789"))
    ).run()
    assert not at.exception, at.exception
    assert error_texts(at) == [nl("import.problems_found", count="1")]
    report = at.dataframe[-1].value
    assert report.iloc[0].tolist() == ["people.csv", 2, "bsn", "123456789 is geen geldig BSN"]
    assert at.get("download_button")
    assert "import_start" not in [b.key for b in at.button]
    assert query(real_path, "SELECT count(*) FROM person") == [(0,)]


def test_a_demo_database_shows_the_refusal_and_no_upload(use_db: Path) -> None:
    at = app_test(PAGE, staff_id=persona_id(use_db, Role.DPO)).run()
    assert not at.exception
    assert [i.value for i in at.info] == [nl("import.demo_refused")]
    assert not at.get("file_uploader")
