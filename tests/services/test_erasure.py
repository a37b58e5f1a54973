"""Erasure end to end on a real database: afterwards the person is nowhere, the chain holds."""

from __future__ import annotations

from datetime import datetime

import pytest

from konnektus.db import audit
from konnektus.db.database import Database
from konnektus.domain.erasure import Treatment
from konnektus.domain.permissions import NotPermitted, Role
from konnektus.services import erasure as erasure_service
from konnektus.services import requests as desk
from tests.helpers import demo_member, fingerprint

NOW = datetime(2026, 11, 26, 9, 0)


def employee_with_holds(db: Database) -> dict:  # type: ignore[type-arg]
    """An employee with BSN and IBAN and a running legal hold, whose full name is unique."""
    rows = db.query(
        "SELECT p.id, p.reference, p.given_name, p.tussenvoegsel, p.family_name, p.email, p.phone"
        " FROM person p"
        " WHERE p.id IN (SELECT person_id FROM legal_hold WHERE until > DATE '2026-11-26')"
        " AND p.id IN (SELECT person_id FROM personal_data_item WHERE category = 'bank_account')"
        " AND p.id IN (SELECT person_id FROM disclosure)"
        " AND (SELECT count(*) FROM person q WHERE q.given_name = p.given_name"
        "      AND q.family_name = p.family_name) = 1 ORDER BY p.id LIMIT 1"
    )
    pid, reference, given, tv, family, email, phone = rows[0]
    secrets = {
        r[0]: r[1]
        for r in db.query(
            "SELECT category, value FROM personal_data_item WHERE person_id = ?"
            " AND category IN ('bsn', 'bank_account')",
            [pid],
        )
    }
    full = " ".join(p for p in (given, tv, family) if p)
    return {
        "id": pid,
        "reference": reference,
        "name": full,
        "email": email,
        "phone": phone,
        "bsn": secrets["bsn"],
        "iban": secrets["bank_account"],
    }


def ready_request(db: Database, dpo, person_id: int) -> int:  # type: ignore[no-untyped-def]
    request_id = desk.log_request(
        db,
        dpo,
        request_type="erasure",
        channel="email",
        received_at=datetime(2026, 11, 20, 8),
        requester_name="Verzoeker",
        requester_email=None,
        free_text="Verwijder alles van mij.",
        person_id=person_id,
        now=NOW,
    )
    desk.change_status(db, dpo, request_id, seen_status="received", target="in_progress", now=NOW)
    return request_id


def text_values_everywhere(db: Database) -> list[str]:
    """Every text value in every text column (and list of text) of every table."""
    values: list[str] = []
    columns = db.query(
        "SELECT table_name, column_name, data_type FROM information_schema.columns"
        " WHERE data_type IN ('VARCHAR', 'VARCHAR[]')"
    )
    for table, column, kind in columns:
        expr = f"array_to_string(\"{column}\", ' ')" if kind == "VARCHAR[]" else f'"{column}"'
        values += [
            v for (v,) in db.query(f'SELECT {expr} FROM "{table}" WHERE "{column}" IS NOT NULL')
        ]
    return values


def test_the_preview_shows_per_table_what_goes_what_stays_and_who_must_be_told(
    demo_db: Database,
) -> None:
    dpo = demo_member(demo_db, Role.DPO)
    person = employee_with_holds(demo_db)
    request_id = ready_request(demo_db, dpo, person["id"])
    before = fingerprint(demo_db)
    preview = erasure_service.erasure_preview(demo_db, dpo, request_id, today=NOW.date())
    assert fingerprint(demo_db) == before, "a preview changes nothing"
    treatments = {line.table: line.treatment for line in preview.lines}
    assert treatments["personal_data_item"] is Treatment.REMOVE
    assert treatments["employment"] is Treatment.KEEP  # a legal hold runs
    assert treatments["person"] is Treatment.ANONYMISE
    assert preview.holds and all(h.until >= NOW.date() for h in preview.holds)
    assert len(preview.recipients) > 0


def test_after_erasure_no_table_holds_the_name_email_phone_bsn_or_iban(demo_db: Database) -> None:
    dpo = demo_member(demo_db, Role.DPO)
    person = employee_with_holds(demo_db)
    request_id = ready_request(demo_db, dpo, person["id"])
    people_before = demo_db.query("SELECT count(*) FROM person")[0][0]
    disclosures_before = demo_db.query("SELECT count(*) FROM disclosure")[0][0]
    assert any(person["bsn"] in v for v in text_values_everywhere(demo_db))  # the scan can see it

    result = erasure_service.execute_erasure(
        demo_db,
        dpo,
        request_id,
        seen_status="in_progress",
        typed_reference=person["reference"],
        now=NOW,
    )

    values = text_values_everywhere(demo_db)
    for key in ("name", "phone", "bsn", "iban"):
        assert not any(person[key] in v for v in values), key
    # the person's address survives only on the confirmation letter until it is delivered
    holders = demo_db.query("SELECT id FROM letter WHERE recipient_email = ?", [person["email"]])
    assert holders == [(result.confirmation_letter_id,)]
    assert demo_db.query("SELECT count(*) FROM person")[0][0] == people_before
    assert demo_db.query("SELECT count(*) FROM disclosure")[0][0] == disclosures_before
    assert demo_db.query("SELECT status FROM request WHERE id = ?", [request_id]) == [
        ("completed",)
    ]
    with demo_db.cursor() as cur:
        assert audit.verify(cur).intact
    entry = demo_db.query("SELECT details FROM audit_entry WHERE action = 'erasure_executed'")[0][0]
    assert person["name"] not in entry and person["email"] not in entry


def test_the_certificate_names_the_person_only_by_reference(demo_db: Database) -> None:
    dpo = demo_member(demo_db, Role.DPO)
    person = employee_with_holds(demo_db)
    request_id = ready_request(demo_db, dpo, person["id"])
    result = erasure_service.execute_erasure(
        demo_db,
        dpo,
        request_id,
        seen_status="in_progress",
        typed_reference=person["reference"].lower(),
        now=NOW,
    )
    certificate = demo_db.query(
        "SELECT body FROM letter WHERE id = ?", [result.certificate_letter_id]
    )[0][0]
    assert person["reference"] in certificate
    assert "fiscale bewaarplicht" in certificate and "Belastingdienst" in certificate
    for key in ("name", "email", "bsn", "iban"):
        assert person[key] not in certificate


def test_a_wrong_reference_erases_nothing(demo_db: Database) -> None:
    dpo = demo_member(demo_db, Role.DPO)
    person = employee_with_holds(demo_db)
    request_id = ready_request(demo_db, dpo, person["id"])
    before = fingerprint(demo_db)
    with pytest.raises(erasure_service.ConfirmationMismatch):
        erasure_service.execute_erasure(
            demo_db, dpo, request_id, seen_status="in_progress", typed_reference="K9999999", now=NOW
        )
    assert fingerprint(demo_db) == before


def test_an_erasure_cannot_be_applied_twice(demo_db: Database) -> None:
    dpo = demo_member(demo_db, Role.DPO)
    person = employee_with_holds(demo_db)
    request_id = ready_request(demo_db, dpo, person["id"])
    erasure_service.execute_erasure(
        demo_db,
        dpo,
        request_id,
        seen_status="in_progress",
        typed_reference=person["reference"],
        now=NOW,
    )
    after_first = fingerprint(demo_db)
    with pytest.raises(desk.AlreadyChanged):
        erasure_service.execute_erasure(
            demo_db,
            dpo,
            request_id,
            seen_status="in_progress",
            typed_reference=person["reference"],
            now=NOW,
        )
    assert fingerprint(demo_db) == after_first


def test_a_recruiter_calling_the_erasure_gets_not_permitted_and_nothing_changes(
    demo_db: Database,
) -> None:
    dpo = demo_member(demo_db, Role.DPO)
    person = employee_with_holds(demo_db)
    request_id = ready_request(demo_db, dpo, person["id"])
    before = fingerprint(demo_db)
    with pytest.raises(NotPermitted):
        erasure_service.execute_erasure(
            demo_db,
            demo_member(demo_db, Role.RECRUITER),
            request_id,
            seen_status="in_progress",
            typed_reference=person["reference"],
            now=NOW,
        )
    assert fingerprint(demo_db) == before
