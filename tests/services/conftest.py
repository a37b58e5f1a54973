"""Fixtures shared by the service tests."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message

from konnektus.db.database import Database
from konnektus.domain.staff import CLI
from konnektus.services.importing import mark_real
from konnektus.services.outbox import SmtpSettings

MARKED_REAL_AT = datetime(2026, 11, 27, 9, 0)  # naive UTC, 10:00 in Amsterdam


@pytest.fixture
def real_db(tmp_path: Path) -> Iterator[Database]:
    """An empty database marked as the agency's real data (so it takes imports, not demos)."""
    db = Database.open(tmp_path / "real.duckdb")
    mark_real(db, CLI, now=MARKED_REAL_AT)
    yield db
    db.close()


class _Inbox(Message):
    """What a real SMTP server on localhost received."""

    def __init__(self) -> None:
        super().__init__()
        self.messages: list[object] = []

    def handle_message(self, message: object) -> None:
        self.messages.append(message)


@pytest.fixture
def smtp_server() -> Iterator[SmtpSettings]:
    """A real mail server on localhost that accepts every letter (aiosmtpd): delivering the
    outbox is the same code as in production, only the server is local."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    controller = Controller(_Inbox(), hostname="127.0.0.1", port=port)
    controller.start()
    yield SmtpSettings(host="127.0.0.1", port=controller.port, sender="fg@konnektus.nl")
    controller.stop()
