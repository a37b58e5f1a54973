"""Text in import files is stored as the services store typed text (issue 13): control
characters removed from free text, refused in ids and references (a second id that looks the
same), and a cell of nothing but them refused; each refusal is in the report by file, line and
column, and nothing is written."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from konnektus.db.database import Database
from konnektus.domain.staff import CLI
from konnektus.services.import_read import UploadedFile
from konnektus.services.import_report import problem_text
from konnektus.services.importing import ImportRefused, check_files, import_checked
from tests.helpers import fingerprint
from tests.services.test_import import sample_text as sample

SAMPLES = Path(__file__).resolve().parents[2] / "data" / "samples"
NOW = datetime(2026, 11, 27, 9, 0)


def files(**changed: str) -> list[UploadedFile]:
    texts = {p.stem: p.read_text("utf-8") for p in sorted(SAMPLES.glob("*.csv"))} | changed
    return [UploadedFile(f"{name}.csv", text.encode()) for name, text in sorted(texts.items())]


def test_control_characters_are_removed_from_free_text(real_db: Database) -> None:
    people = sample("people").replace("R-1001,Anouk,", "R-1001,An\x00ou\x1bk,")
    items = sample("items").replace("cv_anouk_vandermeer.pdf", "cv_anouk\u202e_vandermeer.pdf")
    checked = check_files(real_db, CLI, files(people=people, items=items), now=NOW)
    assert checked.problems == []
    import_checked(real_db, CLI, checked, now=NOW)
    assert real_db.query("SELECT given_name FROM person WHERE email LIKE 'anouk%'") == [("Anouk",)]
    assert real_db.query(
        "SELECT count(*) FROM personal_data_item WHERE value = 'cv_anouk_vandermeer.pdf'"
    ) == [(1,)]


@pytest.mark.parametrize(
    ("name", "old", "new", "where"),
    [
        ("people", "R-1001,Anouk,", "R-1001\x00,Anouk,", "people.csv, regel 2, kolom person_id"),
        ("items", "IT-1,R-1001,", "IT-1,R-1001\x1b,", "items.csv, regel 2, kolom person_id"),
        ("people", "R-1001,Anouk,", "R-1001,\x00\x07,", "people.csv, regel 2, kolom given_name"),
    ],
)
def test_a_control_character_in_an_id_or_a_cell_of_nothing_else_is_refused(
    real_db: Database, name: str, old: str, new: str, where: str
) -> None:
    text = sample(name)
    assert old in text
    uploads = files(**{name: text.replace(old, new, 1)})
    before = fingerprint(real_db)
    checked = check_files(real_db, CLI, uploads, now=NOW)
    found = [problem_text(p) for p in checked.problems]
    assert f"{where}: de cel bevat onzichtbare stuurtekens (zoals NUL of ESC);" in "\n".join(found)
    with pytest.raises(ImportRefused):
        import_checked(real_db, CLI, checked, now=NOW)
    assert fingerprint(real_db) == before
