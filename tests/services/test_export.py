"""Access export: everything the database holds on the person is in the ZIP, readably."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import datetime

import pytest
import pyzipper

from konnektus.db.database import Database
from konnektus.db.person_data import ROWS_ABOUT
from konnektus.domain.permissions import Role
from konnektus.services import export as export_service
from konnektus.services import export_delivery
from konnektus.services import requests as desk
from konnektus.services.rectification import rectify_person
from konnektus.services.requests import AlreadyChanged
from tests.helpers import demo_member

NOW = datetime(2026, 11, 26, 9, 0)


def busiest_person(db: Database) -> int:
    """The person with the most rows across tables, so the round trip has much to carry."""
    return int(
        db.query(
            "SELECT person_id FROM disclosure GROUP BY person_id"
            " ORDER BY count(*) DESC, person_id LIMIT 1"
        )[0][0]
    )


def export_of(db: Database, person_id: int) -> tuple[zipfile.ZipFile, int]:
    dpo = demo_member(db, Role.DPO)
    request_id = desk.log_request(
        db,
        dpo,
        request_type="access",
        channel="web_form",
        received_at=datetime(2026, 11, 25, 12),
        requester_name="Verzoeker",
        requester_email=None,
        free_text=None,
        person_id=person_id,
        now=NOW,
    )
    desk.change_status(db, dpo, request_id, seen_status="received", target="in_progress", now=NOW)
    exported = export_service.export_for_request(db, dpo, request_id, now=NOW)
    assert exported.password is not None
    archive = pyzipper.AESZipFile(io.BytesIO(exported.content))
    archive.setpassword(exported.password.encode())
    return archive, request_id


def test_every_table_that_refers_to_a_person_is_part_of_the_export(demo_db: Database) -> None:
    with_person_id = {
        t
        for (t,) in demo_db.query(
            "SELECT table_name FROM information_schema.columns WHERE column_name = 'person_id'"
        )
    }
    assert with_person_id | {"person", "request_event"} == set(ROWS_ABOUT)


def test_the_export_round_trips_every_row_about_the_person(demo_db: Database) -> None:
    person_id = busiest_person(demo_db)
    archive, _ = export_of(demo_db, person_id)
    document = json.loads(archive.read("data.json"))
    for table, where in ROWS_ABOUT.items():
        expected = demo_db.query(
            f"SELECT id FROM {table} WHERE {where} ORDER BY id", {"person": person_id}
        )  # type: ignore[arg-type]
        exported = [row["id"] for row in document["tables"][table]]
        assert exported == [r[0] for r in expected], table
        with archive.open(f"csv/{table}.csv") as handle:
            text = handle.read().decode()
        rows = list(csv.DictReader(io.StringIO(text))) if text.strip() else []
        assert [int(r["id"]) for r in rows] == [r[0] for r in expected], table
    person = demo_db.query("SELECT email, family_name FROM person WHERE id = ?", [person_id])[0]
    assert document["tables"]["person"][0]["email"] == person[0]
    assert document["about"]["contact"]["email"] == "privacy@konnektus.nl"


def test_the_statement_answers_article_15_in_dutch(demo_db: Database) -> None:
    person_id = busiest_person(demo_db)
    archive, _ = export_of(demo_db, person_id)
    html = archive.read("statement.html").decode()
    recipients = {
        r
        for (r,) in demo_db.query(
            "SELECT DISTINCT r.name FROM disclosure d JOIN recipient r ON r.id = d.recipient_id"
            " WHERE d.person_id = ?",
            [person_id],
        )
    }
    assert recipients and all(name.replace("&", "&amp;") in html for name in recipients)
    for heading in (
        "Waarvoor wij uw gegevens gebruiken",
        "Aan wie wij uw gegevens hebben verstrekt",
        "Hoe lang wij uw gegevens bewaren",
        "Waar uw gegevens vandaan komen",
        "Autoriteit Persoonsgegevens",
        "Uw rechten",
    ):
        assert heading in html, heading
    assert "@media print" in html and "<script" not in html


def test_a_name_with_html_prints_literally_in_the_statement(demo_db: Database) -> None:
    person_id = busiest_person(demo_db)
    dpo = demo_member(demo_db, Role.DPO)
    rectify_person(demo_db, dpo, person_id, {"given_name": "<script>alert('x')</script>"}, now=NOW)
    archive, _ = export_of(demo_db, person_id)
    html = archive.read("statement.html").decode()
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html


def test_exporting_is_recorded_with_a_cover_letter(demo_db: Database) -> None:
    person_id = busiest_person(demo_db)
    _, request_id = export_of(demo_db, person_id)
    assert demo_db.query("SELECT kind FROM letter WHERE request_id = ?", [request_id]) == [
        ("access_cover",)
    ]
    action = demo_db.query("SELECT action FROM audit_entry ORDER BY id DESC LIMIT 1")[0][0]
    assert action == "person_exported"


def test_an_erasure_request_cannot_be_exported(demo_db: Database) -> None:
    dpo = demo_member(demo_db, Role.DPO)
    request_id = int(demo_db.query("SELECT min(id) FROM request WHERE type = 'erasure'")[0][0])
    with pytest.raises(desk.RequestError) as refused:
        export_service.export_for_request(demo_db, dpo, request_id, now=NOW)
    assert (refused.value.code, refused.value.params) == ("not_exportable", {"id": request_id})


def test_an_export_before_the_request_is_started_is_refused(demo_db: Database) -> None:
    dpo = demo_member(demo_db, Role.DPO)
    request_id = desk.log_request(
        demo_db,
        dpo,
        request_type="access",
        channel="email",
        received_at=datetime(2026, 11, 25),
        requester_name="X",
        requester_email=None,
        free_text=None,
        person_id=busiest_person(demo_db),
        now=NOW,
    )
    with pytest.raises(desk.RequestError) as refused:
        export_service.export_for_request(demo_db, dpo, request_id, now=NOW)
    assert refused.value.code == "export_before_start"


def _kept_fingerprint(db: Database, request_id: int) -> str:
    return str(
        db.query("SELECT sha256 FROM request_export WHERE request_id = ?", [request_id])[0][0]
    )


def test_exporting_twice_queues_one_cover_letter(demo_db: Database) -> None:
    _, request_id = export_of(demo_db, busiest_person(demo_db))
    export_service.export_for_request(
        demo_db,
        demo_member(demo_db, Role.DPO),
        request_id,
        seen_export=_kept_fingerprint(demo_db, request_id),  # remade on purpose
        now=NOW,
    )
    letters = demo_db.query("SELECT count(*) FROM letter WHERE request_id = ?", [request_id])
    assert letters == [(1,)]


def test_a_screen_that_saw_no_answer_does_not_replace_one_made_meanwhile(
    demo_db: Database,
) -> None:
    """Two screens on one request: the second still shows "make the answer"; its click is
    refused with who made it, and the first answer, its password and letter stay."""
    _, request_id = export_of(demo_db, busiest_person(demo_db))
    kept = _kept_fingerprint(demo_db, request_id)
    audit_before = demo_db.query("SELECT count(*) FROM audit_entry")
    with pytest.raises(AlreadyChanged) as refused:
        export_service.export_for_request(
            demo_db, demo_member(demo_db, Role.DPO), request_id, seen_export=None, now=NOW
        )
    assert refused.value.by is not None  # "already done by <name> at <time>"
    assert _kept_fingerprint(demo_db, request_id) == kept
    assert demo_db.query("SELECT count(*) FROM audit_entry") == audit_before
    with pytest.raises(AlreadyChanged):
        export_delivery.record_password_sent(
            demo_db,
            demo_member(demo_db, Role.DPO),
            request_id,
            "phone",
            seen_export="0" * 64,
            now=NOW,
        )
