"""Delivering the outbox by SMTP: each letter is tried, and a failure stays in the outbox
with its error to be tried again (up to MAX_ATTEMPTS), never lost.

SMTP is configured by environment variables; without KONNEKTUS_SMTP_HOST letters simply wait
in the outbox (and can be downloaded from the page). STARTTLS and SMTPS check the server's
certificate and name against the system's trusted roots, or against KONNEKTUS_SMTP_CA_FILE for
an internal mail server (issue 21 point 3): an unchecked TLS connection hands the login and
the letters to whoever answers.
"""

from __future__ import annotations

import os
import smtplib
import ssl
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage

from konnektus.db import audit, meta, request_exports
from konnektus.db import letters as letter_rows
from konnektus.db.database import Database
from konnektus.domain.errors import CodedError
from konnektus.domain.mail_security import login_allowed
from konnektus.domain.permissions import Action
from konnektus.domain.staff import Actor, audit_identity
from konnektus.services import export_delivery, request_letters
from konnektus.services.access import requires

# The erasure confirmation carries the last copy of the person's address; once it is
# delivered the address is forgotten.
FORGET_ADDRESS_AFTER_SENDING = frozenset({"erasure_confirmation"})


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int = 25
    sender: str | None = None
    username: str | None = None
    password: str | None = None
    starttls: bool = False
    implicit_tls: bool = False  # SMTPS (port 465): TLS from the first byte
    ca_file: str | None = None  # the CA of an internal mail server, instead of the system's

    @property
    def uses_tls(self) -> bool:
        return self.starttls or self.implicit_tls


class SmtpLoginNeedsTls(CodedError):
    """The password would cross the network in the clear: nothing is sent, nothing changes."""

    codes = ("smtp_login_needs_tls",)

    def __init__(self, host: str) -> None:
        super().__init__("smtp_login_needs_tls", host=host)


def _tls_context(settings: SmtpSettings) -> ssl.SSLContext:
    """Certificate and host name checked (the defaults of `create_default_context`)."""
    return ssl.create_default_context(cafile=settings.ca_file)


def smtp_settings_from_env() -> SmtpSettings | None:
    host = os.environ.get("KONNEKTUS_SMTP_HOST")
    if not host:
        return None
    return SmtpSettings(
        host=host,
        port=int(os.environ.get("KONNEKTUS_SMTP_PORT", "25")),
        sender=os.environ.get("KONNEKTUS_SMTP_FROM"),
        username=os.environ.get("KONNEKTUS_SMTP_USER"),
        password=os.environ.get("KONNEKTUS_SMTP_PASSWORD"),
        starttls=os.environ.get("KONNEKTUS_SMTP_STARTTLS", "") == "1",
        implicit_tls=os.environ.get("KONNEKTUS_SMTP_SSL", "") == "1",
        ca_file=os.environ.get("KONNEKTUS_SMTP_CA_FILE") or None,
    )


@dataclass(frozen=True)
class DeliveryReport:
    sent: int
    failed: int


def _send(
    settings: SmtpSettings,
    sender: str,
    to: str,
    subject: str,
    body: str,
    attachment: tuple[str, str | bytes] | None = None,
) -> None:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)
    if attachment is not None:  # the board report's HTML, or an access answer's encrypted ZIP
        name, content = attachment
        if isinstance(content, bytes):
            message.add_attachment(content, maintype="application", subtype="zip", filename=name)
        else:
            message.add_attachment(content, subtype="html", filename=name)
    smtp: smtplib.SMTP
    if settings.implicit_tls:
        smtp = smtplib.SMTP_SSL(
            settings.host, settings.port, timeout=10, context=_tls_context(settings)
        )
    else:
        smtp = smtplib.SMTP(settings.host, settings.port, timeout=10)
    with smtp:
        if settings.starttls and not settings.implicit_tls:
            smtp.starttls(context=_tls_context(settings))
        if settings.username:
            smtp.login(settings.username, settings.password or "")
        smtp.send_message(message)


def failure_text(error: BaseException) -> str:
    """What the outbox keeps of a failed delivery: the kind of error and the mail server's
    codes, never its message, which quotes the recipient's address (issue 13)."""
    codes: list[str] = []
    if isinstance(error, ssl.SSLCertVerificationError):  # whose certificate it was, not the address
        return f"{type(error).__name__} ({error.verify_message})"
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = sorted({str(code) for code, _ in error.recipients.values()})
    elif isinstance(error, smtplib.SMTPResponseException):
        codes = [str(error.smtp_code)]
    elif isinstance(error, OSError) and error.errno is not None:
        codes = [f"errno {error.errno}"]
    return type(error).__name__ + (f" ({', '.join(codes)})" if codes else "")


def deliver_pending(
    db: Database,
    settings: SmtpSettings,
    *,
    now: datetime,
    staff_id: int | None = None,
    role: str = "system",
) -> DeliveryReport:
    """Try every waiting or failed letter once. Each letter is claimed before it is sent, so
    two runs at once never send it twice; each outcome is its own transaction.

    A system job (the `outbox send` command) with no staff member behind it; the page goes
    through `send_outbox`, which checks the role and records who pressed the button.

    A login that would go over a plain connection to another machine is refused before any
    letter is claimed (SmtpLoginNeedsTls), so every letter stays where it was.
    """
    if not login_allowed(
        settings.host, logs_in=bool(settings.username), uses_tls=settings.uses_tls
    ):
        raise SmtpLoginNeedsTls(settings.host)
    with db.cursor() as cur:
        due = letter_rows.due_for_delivery(cur, now)
        sender = settings.sender or meta.dpo_contact(cur)
    sent = failed = 0
    for letter_id, address, subject, body in due:
        with db.transaction() as cur:
            if not letter_rows.claim(cur, letter_id, now):
                continue
            attachment: tuple[str, str | bytes] | None = letter_rows.attachment_of(
                cur, letter_id
            ) or request_exports.attachment_for_letter(cur, letter_id)
        try:
            _send(settings, sender, address, subject, body, attachment)
        except (OSError, smtplib.SMTPException) as error:
            failed += 1
            with db.transaction() as cur:
                letter_rows.mark_failed(cur, letter_id, failure_text(error))
                audit.append(
                    cur,
                    at=now,
                    staff_id=staff_id,
                    role=role,
                    action="letter_delivery_failed",
                    object_type="letter",
                    object_id=letter_id,
                )
            continue
        sent += 1
        with db.transaction() as cur:
            kind = letter_rows.kind_of(cur, letter_id)
            letter_rows.mark_sent(
                cur, letter_id, now, forget_address=kind in FORGET_ADDRESS_AFTER_SENDING
            )
            export_delivery.after_letter_sent(cur, letter_id, now, role)
            request_letters.notice_delivered(cur, letter_id, now)
            audit.append(
                cur,
                at=now,
                staff_id=staff_id,
                role=role,
                action="letter_sent",
                object_type="letter",
                object_id=letter_id,
            )
    return DeliveryReport(sent, failed)


@requires(Action.TRIAGE_REQUEST)
def send_outbox(
    db: Database, actor: Actor, settings: SmtpSettings, *, now: datetime
) -> DeliveryReport:
    """The DPO's "send now" button: the same delivery, recorded under the DPO's name."""
    staff_id, role = audit_identity(actor)
    return deliver_pending(db, settings, now=now, staff_id=staff_id, role=role)
