"""Mail that checks who it talks to (issue 21 point 3), against real SMTP servers on localhost.

An attacker's server with a self-signed certificate for "attacker.invalid" received the SMTP
login, the password and the letters, because STARTTLS took any certificate. Now STARTTLS and
SMTPS check the certificate and the host name against the system's roots, or against
KONNEKTUS_SMTP_CA_FILE; and a login over a plain connection to another machine is refused
before anything is sent.
"""

from __future__ import annotations

import socket
import ssl
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import trustme
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message
from aiosmtpd.smtp import AuthResult, LoginPassword

from konnektus.db.database import Database
from konnektus.domain.mail_security import is_loopback, login_allowed
from konnektus.i18n import error_text
from konnektus.services.outbox import SmtpLoginNeedsTls, SmtpSettings, deliver_pending
from tests.services.test_outbox import NOW, extension_letter

PASSWORD = "geheim-wachtwoord"


@dataclass
class Server(Message):
    """A mail server that keeps every message and every login it was offered."""

    messages: list[object] = field(default_factory=list)
    logins: list[tuple[str, str]] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__()

    def handle_message(self, message: object) -> None:
        self.messages.append(message)

    def authenticate(
        self, server: Any, session: Any, envelope: Any, mechanism: str, auth: Any
    ) -> AuthResult:
        if isinstance(auth, LoginPassword):
            self.logins.append((auth.login.decode(), auth.password.decode()))
        return AuthResult(success=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def server_context(ca: trustme.CA, *names: str) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert(*names).configure_cert(context)
    return context


@pytest.fixture
def start() -> Iterator[Any]:
    """Start a server (STARTTLS offered with `tls`, or SMTPS with `implicit`); stopped after."""
    running: list[Controller] = []

    def run(
        *,
        tls: ssl.SSLContext | None = None,
        implicit: ssl.SSLContext | None = None,
        plain_login: bool = False,
    ) -> tuple[Server, int]:
        handler = Server()
        controller = Controller(
            handler,
            hostname="127.0.0.1",
            port=free_port(),
            ssl_context=implicit,
            tls_context=tls,
            authenticator=handler.authenticate,
            auth_require_tls=not plain_login,
        )
        controller.start()
        running.append(controller)
        return handler, controller.port

    yield run
    for controller in running:
        controller.stop()


def letter_state(db: Database, letter_id: int) -> tuple[str, str | None]:
    status, error = db.query(
        "SELECT delivery_status, last_error FROM letter WHERE id = ?", [letter_id]
    )[0]
    return str(status), error


def test_starttls_to_a_server_with_a_self_signed_certificate_sends_no_password_and_no_letter(
    demo_db: Database, start: Any
) -> None:
    attacker = trustme.CA()  # a CA nobody trusts, signing "attacker.invalid"
    server, port = start(tls=server_context(attacker, "attacker.invalid"))
    letter_id = extension_letter(demo_db)
    settings = SmtpSettings(
        host="127.0.0.1",
        port=port,
        sender="fg@konnektus.nl",
        username="fg",
        password=PASSWORD,
        starttls=True,
    )
    report = deliver_pending(demo_db, settings, now=NOW)
    assert report.sent == 0 and report.failed >= 1
    assert server.logins == [] and server.messages == []
    status, error = letter_state(demo_db, letter_id)
    assert status == "failed"  # kept, to be tried again once the server is the right one
    assert error is not None and error.startswith("SSLCertVerificationError")


def test_a_certificate_for_another_name_is_refused_even_from_a_trusted_ca(
    demo_db: Database, start: Any, tmp_path: Path
) -> None:
    ca = trustme.CA()
    ca_file = tmp_path / "intern-ca.pem"
    ca.cert_pem.write_to_path(str(ca_file))
    server, port = start(tls=server_context(ca, "attacker.invalid"))
    extension_letter(demo_db)
    settings = SmtpSettings(
        host="127.0.0.1",
        port=port,
        sender="fg@konnektus.nl",
        username="fg",
        password=PASSWORD,
        starttls=True,
        ca_file=str(ca_file),
    )
    report = deliver_pending(demo_db, settings, now=NOW)
    assert report.sent == 0 and report.failed >= 1
    assert server.logins == [] and server.messages == []


def test_starttls_to_the_internal_server_of_the_ca_file_logs_in_and_delivers(
    demo_db: Database, start: Any, tmp_path: Path
) -> None:
    ca = trustme.CA()
    ca_file = tmp_path / "intern-ca.pem"
    ca.cert_pem.write_to_path(str(ca_file))
    server, port = start(tls=server_context(ca, "127.0.0.1"))
    letter_id = extension_letter(demo_db)
    settings = SmtpSettings(
        host="127.0.0.1",
        port=port,
        sender="fg@konnektus.nl",
        username="fg",
        password=PASSWORD,
        starttls=True,
        ca_file=str(ca_file),
    )
    report = deliver_pending(demo_db, settings, now=NOW)
    assert report.failed == 0 and report.sent >= 1
    assert ("fg", PASSWORD) in server.logins
    assert letter_state(demo_db, letter_id)[0] == "sent"


def test_smtps_checks_the_certificate_too(demo_db: Database, start: Any, tmp_path: Path) -> None:
    ca = trustme.CA()
    ca_file = tmp_path / "intern-ca.pem"
    ca.cert_pem.write_to_path(str(ca_file))
    good, good_port = start(implicit=server_context(ca, "127.0.0.1"))
    letter_id = extension_letter(demo_db)
    untrusted = SmtpSettings(
        host="127.0.0.1", port=good_port, sender="fg@konnektus.nl", implicit_tls=True
    )
    assert deliver_pending(demo_db, untrusted, now=NOW).sent == 0  # the system's roots: refused
    assert good.messages == []
    trusted = SmtpSettings(
        host="127.0.0.1",
        port=good_port,
        sender="fg@konnektus.nl",
        implicit_tls=True,
        ca_file=str(ca_file),
    )
    assert deliver_pending(demo_db, trusted, now=NOW).sent >= 1
    assert letter_state(demo_db, letter_id)[0] == "sent" and good.messages


def test_a_login_without_tls_to_another_machine_is_refused_before_any_letter_is_touched(
    demo_db: Database,
) -> None:
    letter_id = extension_letter(demo_db)
    before = demo_db.query("SELECT id, delivery_status, attempts FROM letter ORDER BY id")
    settings = SmtpSettings(
        host="smtp.konnektus.nl",
        port=587,
        sender="fg@konnektus.nl",
        username="fg",
        password=PASSWORD,
    )
    with pytest.raises(SmtpLoginNeedsTls) as refused:
        deliver_pending(demo_db, settings, now=NOW)
    assert demo_db.query("SELECT id, delivery_status, attempts FROM letter ORDER BY id") == before
    assert letter_state(demo_db, letter_id)[0] == "pending"
    sentence = error_text(refused.value, "nl")
    assert "smtp.konnektus.nl" in sentence and "KONNEKTUS_SMTP_STARTTLS=1" in sentence


def test_a_login_without_tls_to_a_relay_on_this_machine_is_allowed(
    demo_db: Database, start: Any
) -> None:
    server, port = start(plain_login=True)
    extension_letter(demo_db)
    settings = SmtpSettings(
        host="localhost", port=port, sender="fg@konnektus.nl", username="fg", password=PASSWORD
    )
    assert deliver_pending(demo_db, settings, now=NOW).sent >= 1
    assert ("fg", PASSWORD) in server.logins


@pytest.mark.parametrize(
    ("host", "local"),
    [
        ("localhost", True),
        ("LOCALHOST", True),
        ("127.0.0.1", True),
        ("127.8.9.10", True),
        ("::1", True),
        ("[::1]", True),
        ("smtp.konnektus.nl", False),
        ("10.0.0.5", False),
        ("localhost.konnektus.nl", False),
        ("", False),
    ],
)
def test_only_this_machine_counts_as_local(host: str, local: bool) -> None:
    assert is_loopback(host) is local
    assert login_allowed(host, logs_in=True, uses_tls=False) is local
    assert login_allowed(host, logs_in=True, uses_tls=True)
    assert login_allowed(host, logs_in=False, uses_tls=False)
