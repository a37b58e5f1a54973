"""The outbox delivers an access answer as an encrypted attachment to its cover e-mail, and a
delivered extension notice is what makes the extension count as notified."""

from __future__ import annotations

import email
import io
from datetime import datetime

import pyzipper

from konnektus.db.database import Database
from konnektus.domain.permissions import Role
from konnektus.services import export as export_service
from konnektus.services import export_delivery
from konnektus.services import requests as desk
from konnektus.services.outbox import deliver_pending
from tests.helpers import demo_member
from tests.services.test_outbox import smtp  # noqa: F401  (the fixture)

NOW = datetime(2026, 11, 26, 9, 0)


def started(db: Database) -> int:
    dpo = demo_member(db, Role.DPO)
    person = int(db.query("SELECT min(id) FROM person WHERE email IS NOT NULL")[0][0])
    with db.transaction() as cur:  # only this test's letters wait in the outbox
        cur.execute("UPDATE letter SET delivery_status = 'not_applicable'")
    request_id = desk.log_request(
        db,
        dpo,
        request_type="access",
        channel="email",
        received_at=datetime(2026, 11, 20, 9),
        requester_name="X",
        requester_email=None,
        free_text=None,
        person_id=person,
        now=NOW,
    )
    desk.change_status(db, dpo, request_id, seen_status="received", target="in_progress", now=NOW)
    return request_id


def test_the_encrypted_answer_travels_with_its_cover_email_and_is_then_delivered(
    demo_db: Database,
    smtp,  # noqa: F811
) -> None:
    settings, inbox = smtp
    request_id = started(demo_db)
    dpo = demo_member(demo_db, Role.DPO)
    exported = export_service.export_for_request(demo_db, dpo, request_id, now=NOW)
    assert exported.password is not None
    export_delivery.record_password_sent(
        demo_db, dpo, request_id, "phone", seen_export=exported.sha256, now=NOW
    )
    assert deliver_pending(demo_db, settings, now=NOW).sent == 1
    message = email.message_from_bytes(inbox.messages[0].as_bytes())
    attached = [part for part in message.walk() if part.get_filename() == exported.filename]
    assert attached, "the ZIP is attached"
    archive = pyzipper.AESZipFile(io.BytesIO(attached[0].get_payload(decode=True)))
    archive.setpassword(exported.password.encode())
    assert b"Uw persoonsgegevens bij Konnektus" in archive.read("statement.html")
    assert exported.password not in message.as_string()
    kept = export_delivery.stored_export(demo_db, dpo, request_id)
    assert kept is not None and kept["delivered_at"] == NOW and kept["content"] is None


def test_a_delivered_extension_notice_marks_the_extension_notified(
    demo_db: Database,
    smtp,  # noqa: F811
) -> None:
    settings, _inbox = smtp
    request_id = started(demo_db)
    desk.change_status(
        demo_db,
        demo_member(demo_db, Role.DPO),
        request_id,
        seen_status="in_progress",
        target="extended",
        reason="meerdere systemen",
        now=NOW,
    )
    assert demo_db.query(
        "SELECT extension_notice_sent_at FROM request WHERE id = ?", [request_id]
    ) == [(None,)]
    sent_at = datetime(2026, 11, 26, 10)
    assert deliver_pending(demo_db, settings, now=sent_at).sent == 1
    assert demo_db.query(
        "SELECT extension_notice_sent_at FROM request WHERE id = ?", [request_id]
    ) == [(sent_at,)]
