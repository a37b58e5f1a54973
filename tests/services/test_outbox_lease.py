"""Outbox claims carry a time (issue 13, break 3): a delivery run killed after claiming a
letter leaves it in 'sending'; after the lease (10 minutes) the next run sends it."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

from konnektus.db import audit
from konnektus.db import letters as letter_rows
from konnektus.db.database import Database
from konnektus.services.outbox import SmtpSettings, deliver_pending, failure_text
from tests.services.test_outbox import Inbox, extension_letter, free_port

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 11, 26, 9, 0)

# A delivery run that talks to a mail server that accepts the connection and never answers:
# it claims the first letter, prints its id and hangs in the greeting until it is killed.
WORKER = """
import sys
from datetime import datetime
from konnektus.db.database import Database
from konnektus.services import outbox

db = Database.open(sys.argv[1])
claim = outbox.letter_rows.claim
def claim_and_say(cur, letter_id, now):
    taken = claim(cur, letter_id, now)
    if taken:
        print(letter_id, flush=True)
    return taken
outbox.letter_rows.claim = claim_and_say
settings = outbox.SmtpSettings(host="127.0.0.1", port=int(sys.argv[2]))
outbox.deliver_pending(db, settings, now=datetime(2026, 11, 26, 9, 0))
"""


@pytest.fixture
def silent_server() -> Iterator[int]:
    """Accepts connections and never says a word (a mail server that hangs)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(8)
        yield int(sock.getsockname()[1])


@pytest.fixture
def smtp() -> Iterator[tuple[SmtpSettings, Inbox]]:
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield SmtpSettings(host="127.0.0.1", port=controller.port, sender="fg@konnektus.nl"), inbox
    controller.stop()


def test_a_letter_claimed_by_a_killed_run_is_sent_after_the_lease(
    demo_db: Database, silent_server: int, smtp: tuple[SmtpSettings, Inbox]
) -> None:
    letter_id = extension_letter(demo_db)
    path = demo_db.path
    demo_db.close()
    worker = subprocess.Popen(
        [sys.executable, "-c", WORKER, str(path), str(silent_server)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert worker.stdout is not None
    claimed = int(worker.stdout.readline())
    time.sleep(0.3)
    os.kill(worker.pid, signal.SIGKILL)
    worker.wait(timeout=30)

    db = Database.open(path)
    try:
        assert db.query("SELECT delivery_status FROM letter WHERE id = ?", [claimed]) == [
            ("sending",)
        ]
        settings, inbox = smtp
        within_lease = NOW + timedelta(minutes=9)
        deliver_pending(db, settings, now=within_lease)
        assert db.query("SELECT delivery_status FROM letter WHERE id = ?", [claimed]) == [
            ("sending",)
        ], "a claim younger than the lease is left to its run"
        after_lease = NOW + letter_rows.CLAIM_LEASE + timedelta(seconds=1)
        deliver_pending(db, settings, now=after_lease)
        assert db.query(
            "SELECT delivery_status, claimed_at FROM letter WHERE id IN (?, ?)",
            [claimed, letter_id],
        ) == [("sent", None)] * len({claimed, letter_id})
        assert inbox.messages
        with db.cursor() as cur:
            assert audit.verify(cur).intact
    finally:
        db.close()


def test_a_failed_delivery_keeps_the_kind_of_error_and_never_the_address() -> None:
    import smtplib

    refused = smtplib.SMTPRecipientsRefused(
        {"jan.devries@ziggo.nl": (550, b"5.1.1 <jan.devries@ziggo.nl>: user unknown")}
    )
    assert failure_text(refused) == "SMTPRecipientsRefused (550)"
    rejected = smtplib.SMTPDataError(554, b"Message from sanne@gmail.com rejected")
    assert "sanne" not in failure_text(rejected) and "554" in failure_text(rejected)
    assert failure_text(ConnectionRefusedError(111, "refused")) == (
        "ConnectionRefusedError (errno 111)"
    )
