"""Letters are delivered by a real SMTP server on localhost; failures stay in the outbox."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from datetime import datetime

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message

from konnektus.db.database import Database
from konnektus.domain.permissions import Role
from konnektus.services import erasure as erasure_service
from konnektus.services import requests as desk
from konnektus.services.outbox import SmtpSettings, deliver_pending
from tests.helpers import demo_member

NOW = datetime(2026, 11, 26, 9, 0)


class Inbox(Message):
    def __init__(self) -> None:
        super().__init__()
        self.messages: list[object] = []

    def handle_message(self, message: object) -> None:
        self.messages.append(message)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def smtp() -> Iterator[tuple[SmtpSettings, Inbox]]:
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield SmtpSettings(host="127.0.0.1", port=controller.port, sender="fg@konnektus.nl"), inbox
    controller.stop()


def extension_letter(db: Database) -> int:
    dpo = demo_member(db, Role.DPO)
    person = int(db.query("SELECT min(id) FROM person WHERE email IS NOT NULL")[0][0])
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
    desk.change_status(
        db,
        dpo,
        request_id,
        seen_status="in_progress",
        target="extended",
        reason="meerdere systemen",
        now=NOW,
    )
    return int(db.query("SELECT id FROM letter WHERE request_id = ?", [request_id])[0][0])


def test_a_pending_letter_is_delivered_and_marked_sent(demo_db: Database, smtp) -> None:  # type: ignore[no-untyped-def]
    settings, inbox = smtp
    letter_id = extension_letter(demo_db)
    report = deliver_pending(demo_db, settings, now=NOW)
    assert report.sent >= 1 and report.failed == 0
    subjects = [m["Subject"] for m in inbox.messages]  # type: ignore[index]
    assert (
        "Verlenging van de termijn voor uw verzoek" in subjects
        or "Extension of the period for your request" in subjects
    )
    assert demo_db.query(
        "SELECT delivery_status, attempts FROM letter WHERE id = ?", [letter_id]
    ) == [("sent", 1)]
    assert deliver_pending(demo_db, settings, now=NOW).sent == 0, "nothing is sent twice"


def test_a_failed_delivery_stays_in_the_outbox_with_its_error_and_is_retried(
    demo_db: Database,
    smtp,  # type: ignore[no-untyped-def]
) -> None:
    settings, _inbox = smtp
    letter_id = extension_letter(demo_db)
    dead = SmtpSettings(host="127.0.0.1", port=free_port())  # nothing listens here
    report = deliver_pending(demo_db, dead, now=NOW)
    assert report.failed >= 1
    status, attempts, error = demo_db.query(
        "SELECT delivery_status, attempts, last_error FROM letter WHERE id = ?", [letter_id]
    )[0]
    assert (status, attempts) == ("failed", 1) and "Connection" in error
    deliver_pending(demo_db, settings, now=NOW)
    assert demo_db.query(
        "SELECT delivery_status, last_error FROM letter WHERE id = ?", [letter_id]
    ) == [("sent", None)]


def test_the_erasure_confirmation_forgets_the_address_once_delivered(
    demo_db: Database, smtp
) -> None:  # type: ignore[no-untyped-def]
    settings, inbox = smtp
    dpo = demo_member(demo_db, Role.DPO)
    pid, reference, email = demo_db.query(
        "SELECT id, reference, email FROM person WHERE email IS NOT NULL ORDER BY id LIMIT 1"
    )[0]
    request_id = desk.log_request(
        demo_db,
        dpo,
        request_type="erasure",
        channel="email",
        received_at=datetime(2026, 11, 20, 9),
        requester_name="X",
        requester_email=None,
        free_text=None,
        person_id=pid,
        now=NOW,
    )
    desk.change_status(
        demo_db, dpo, request_id, seen_status="received", target="in_progress", now=NOW
    )
    erasure_service.execute_erasure(
        demo_db, dpo, request_id, seen_status="in_progress", typed_reference=reference, now=NOW
    )
    deliver_pending(demo_db, settings, now=NOW)
    assert any(m["To"] == email for m in inbox.messages)  # type: ignore[index]
    assert demo_db.query("SELECT count(*) FROM letter WHERE recipient_email = ?", [email]) == [(0,)]
    assert demo_db.query("SELECT count(*) FROM person WHERE email = ?", [email]) == [(0,)]


def test_two_delivery_runs_at_once_send_each_letter_once(demo_db: Database, smtp) -> None:  # type: ignore[no-untyped-def]
    import threading

    settings, inbox = smtp
    letter_id = extension_letter(demo_db)
    waiting = demo_db.query(
        "SELECT count(*) FROM letter WHERE delivery_status IN ('pending', 'failed')"
        " AND recipient_email IS NOT NULL AND attempts < 5"  # five failures: given up
    )[0][0]
    barrier = threading.Barrier(2)

    def run() -> None:
        barrier.wait()
        deliver_pending(demo_db, settings, now=NOW)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(inbox.messages) == waiting
    assert demo_db.query("SELECT attempts FROM letter WHERE id = ?", [letter_id]) == [(1,)]
