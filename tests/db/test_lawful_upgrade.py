"""Migration 016 on a file of before it (issue 19): old free-text purposes become codes with
the text kept as the note, clients become recipients and proposals their disclosures."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from konnektus.db import bulk, client_recipients
from konnektus.db.database import Database
from konnektus.db.migrations import MIGRATIONS_DIR, discover
from konnektus.demo import waiting_letters
from konnektus.demo.generate import generate_demo


@pytest.fixture
def file_before_016(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    older = tmp_path / "before016"
    older.mkdir()
    for migration in discover():
        if migration.version < 16:
            shutil.copy(MIGRATIONS_DIR / f"{migration.name}.sql", older)
    strict_insert = bulk.insert_frame

    def insert_known_columns(cur: Any, table: str, frame: pd.DataFrame) -> int:
        known = {row[0] for row in cur.execute(f"DESCRIBE {table}").fetchall()}
        return strict_insert(cur, table, frame[[c for c in frame.columns if c in known]])

    with monkeypatch.context() as patch:  # the generator of today, on the schema of then
        patch.setattr(bulk, "insert_frame", insert_known_columns)
        patch.setattr(client_recipients, "link_clients", lambda cur, now: 0)
        patch.setattr(client_recipients, "disclose_proposals", lambda cur, now: [])
        patch.setattr(waiting_letters, "queue_notices", lambda *args: 0)  # migration 020's
        path = tmp_path / "old.duckdb"
        db = Database.open(path, migrations_dir=older)
        generate_demo(db, candidates=300, seed=2, today=date(2026, 11, 26))
    with db.transaction() as cur:  # the free texts that file held
        for code, text in (
            ("tax_return", "loonaangifte"),
            ("pension", "Pensioenopbouw"),
            ("payroll", "loonbetaling"),
            ("audit", "Iets heel anders"),
        ):
            cur.execute("UPDATE disclosure SET purpose = ? WHERE purpose = ?", [text, code])
        cur.execute(
            "UPDATE disclosure SET purpose = 'aanvraag VOG' WHERE purpose = 'criminal_record_check'"
        )
        cur.execute(  # a consent no disclosure cites, as the offshore registration's was named
            "UPDATE consent SET purpose = 'offshore_registration' WHERE id = (SELECT max(id)"
            " FROM consent WHERE id NOT IN (SELECT consent_id FROM disclosure"
            " WHERE consent_id IS NOT NULL))"
        )
    db.close()
    return path


def test_old_purposes_become_codes_and_keep_their_text_as_the_note(file_before_016: Path) -> None:
    db = Database.open(file_before_016)
    found = dict(
        db.query(
            "SELECT purpose_note, list_sort(list(DISTINCT purpose)) FROM disclosure"
            " WHERE purpose_note IN ('loonaangifte', 'Pensioenopbouw', 'loonbetaling',"
            " 'Iets heel anders', 'aanvraag VOG') GROUP BY purpose_note"
        )
    )
    assert found == {
        "loonaangifte": ["tax_return"],
        "Pensioenopbouw": ["pension"],
        "loonbetaling": ["payroll"],
        "Iets heel anders": ["unspecified"],  # nothing to read it as: the text stays the note
        "aanvraag VOG": ["criminal_record_check"],  # the purpose of the consent it cites
    }
    assert db.query("SELECT count(*) FROM consent WHERE purpose = 'offshore_registration'") == [
        (0,)
    ]
    db.close()


def test_old_clients_become_recipients_and_proposals_their_disclosures(
    file_before_016: Path,
) -> None:
    db = Database.open(file_before_016)
    assert db.query(
        "SELECT count(*), count(r.id) FILTER (WHERE r.category = 'client' AND r.name = c.name)"
        " FROM client c LEFT JOIN recipient r ON r.id = c.recipient_id"
    ) == [(db.query("SELECT count(*) FROM client")[0][0],) * 2]
    rows = db.query(
        "SELECT count(*), count(d.id) FILTER (WHERE d.person_id = p.person_id"
        " AND d.disclosed_at::DATE = p.proposed_on AND d.notified_on = p.proposed_on"
        " AND d.legal_basis = 'contract' AND d.purpose = 'job_finding')"
        " FROM proposal p JOIN person pe ON pe.id = p.person_id AND pe.erased_at IS NULL"
        " LEFT JOIN disclosure d ON d.id = p.disclosure_id"
    )
    assert rows[0][0] == rows[0][1] > 0
    summed = db.query("SELECT sum(disclosures) FROM disclosure_day")[0][0]
    assert summed == db.query("SELECT count(*) FROM disclosure")[0][0]
    db.close()
