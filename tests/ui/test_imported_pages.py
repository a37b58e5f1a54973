"""Issue 14, done when: a database made with `init` and filled from the sample files shows
those people, requests and disclosures on every page, for the DPO, without an error."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from konnektus.db.database import Database
from konnektus.domain.staff import CLI
from konnektus.services.import_read import UploadedFile
from konnektus.services.importing import check_files, import_checked, mark_real
from konnektus.services.staff import add_staff
from tests.ui.conftest import PAGE_FILES, ROOT, app_test, error_texts

DPO = "eva@konnektus.nl"
NOW = datetime(2026, 11, 27, 9)


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("imported") / "real.duckdb"
    db = Database.open(path)
    mark_real(db, CLI, now=NOW)
    add_staff(db, CLI, DPO, "Eva Smit", "dpo", now=NOW)
    files = [
        UploadedFile(p.name, p.read_bytes()) for p in sorted((ROOT / "data/samples").glob("*.csv"))
    ]
    import_checked(db, CLI, check_files(db, CLI, files, now=NOW), now=NOW)
    db.close()
    return path


@pytest.mark.parametrize("page", PAGE_FILES, ids=lambda p: p.stem)
def test_every_page_opens_on_the_imported_samples_for_the_dpo(
    imported: Path, page: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KONNEKTUS_DB", str(imported))
    monkeypatch.setenv("KONNEKTUS_CLOCK", "2026-11-27T10:00+01:00")
    at = app_test(page, oidc_email=DPO)
    at.user = {
        "is_logged_in": True,
        "email": DPO,
        "email_verified": True,
        "name": "Eva Smit",
        "sub": "eva",
    }
    at.run()
    assert not at.exception, at.exception
    assert not error_texts(at)
    assert at.title
    assert not at.warning or all("demo" not in w.value.lower() for w in at.warning)


def test_the_people_page_finds_an_imported_person(
    imported: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KONNEKTUS_DB", str(imported))
    at = app_test(ROOT / "pages" / "people.py", oidc_email=DPO)
    at.user = {"is_logged_in": True, "email": DPO, "email_verified": True, "sub": "eva"}
    at.run()
    at.text_input(key="people_q").input("Kuipers").run()
    assert not at.exception
    shown = [e.value for kind in (at.markdown, at.subheader, at.header, at.caption) for e in kind]
    assert "Profiel K0000002" in shown, shown  # Bram Kuipers, the second person imported
