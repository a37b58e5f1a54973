"""Access (Art. 15) and portability (Art. 20): everything held on one person, as a ZIP with
one JSON document, one CSV per table and a readable statement (statement.html).

The files speak for themselves: names beside ids, dates as dates, times in Amsterdam time with
their offset, the words of every code in `glossary`, and none of the dashboard's internal
search keys. The answer travels safely: by e-mail as an AES-256 encrypted ZIP whose password
goes by a second channel (phone or text message, never the same e-mail), or printed by post.
It is kept with the request until it has been delivered (db/request_exports.py).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import secrets
import zipfile
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pyzipper

from konnektus.db import access_answer, audit, meta
from konnektus.db import letters as letter_rows
from konnektus.db import people as people_rows
from konnektus.db import request_exports as export_rows
from konnektus.db import requests as request_rows
from konnektus.db.database import Database
from konnektus.domain import deadlines
from konnektus.domain.contact import PrivacyContact
from konnektus.domain.csv_cells import safe_cell
from konnektus.domain.letters import render_letter
from konnektus.domain.permissions import Action
from konnektus.domain.staff import Actor, audit_identity
from konnektus.i18n import catalog, format_date, translate
from konnektus.services.access import requires
from konnektus.services.requests import AlreadyChanged, RequestError, amsterdam_today
from konnektus.services.statement import AccessAnswer, render_statement

EXPORTABLE_TYPES = ("access", "portability")
DELIVERIES = ("encrypted_email", "post")
PASSWORD_CHANNELS = ("phone", "sms", "meeting")
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
# The code families whose words go into the glossary of data.json.
_GLOSSARY_SECTIONS = (
    "category",
    "legal_basis",
    "request_type",
    "status",
    "stage",
    "source",
    "channel",
    "proposal_outcome",
    "consent_purpose",
    "letter_kind",
    "delivery",
    "role",
    "legal_ground",
    "hold_kind",
    "sharing.recipient_category",
    "sharing.safeguard",
    "consultation_purpose",
    "item_source",
    "extension_answer",
)


@dataclass(frozen=True)
class ExportFile:
    filename: str
    content: bytes
    tables: dict[str, int]  # rows per table, for the page and the audit entry
    delivery: str = "encrypted_email"
    password: str | None = None  # shown once to the DPO; never stored

    @property
    def sha256(self) -> str:
        """The fingerprint kept with the request: what a screen names as the export it saw."""
        return hashlib.sha256(self.content).hexdigest()


def check_seen_export(
    cur: Any, request_id: int, stored: dict[str, Any] | None, seen_export: str | None
) -> None:
    """The answer kept with the request is the one the screen showed (by fingerprint), or
    both are none; otherwise someone was quicker, and the click is refused with who."""
    kept = None if stored is None else str(stored["sha256"])
    if kept != seen_export:
        raise AlreadyChanged(*request_rows.last_change(cur, request_id))


def _plain(value: Any) -> Any:
    """A JSON/CSV value: a date as YYYY-MM-DD, a stored UTC time in Amsterdam time."""
    if isinstance(value, datetime):
        return value.replace(tzinfo=UTC).astimezone(AMSTERDAM).isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, bytes):
        return None
    return value


def _plain_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: _plain(v) for k, v in row.items()} for row in rows]


def _csv(rows: list[dict[str, Any]], columns: list[str]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    for row in rows:
        writer.writerow(
            [
                safe_cell("; ".join(map(str, v)) if isinstance(v, list) else v)
                for v in map(row.get, columns)
            ]
        )
    return out.getvalue()


def _glossary(language: str) -> dict[str, dict[str, str]]:
    words = catalog(language)
    found: dict[str, dict[str, str]] = {}
    for section in _GLOSSARY_SECTIONS:
        prefix = section + "."
        found[section] = {
            key.removeprefix(prefix): text
            for key, text in words.items()
            if key.startswith(prefix) and "." not in key.removeprefix(prefix)
        }
    return found


def _data_document(answer: AccessAnswer, generated: datetime) -> dict[str, Any]:
    language = answer.language
    return {
        "about": {
            "title": translate("statement.title", language),
            "controller": "Konnektus B.V. / Konnektus Support B.V.",
            "contact": {
                "title": answer.contact.title(language),
                "name": answer.contact.name or None,
                "email": answer.contact.email,
                "phone": answer.contact.phone or None,
                "postal_address": answer.contact.postal_address or None,
            },
            "person_reference": answer.person["reference"],
            "generated_at": _plain(generated),
            "explanation": translate("statement.json_explanation", language),
        },
        "table_descriptions": {
            name: translate(f"statement.table.{name}", language) for name in answer.tables
        },
        "tables": {name: _plain_rows(rows) for name, rows in answer.tables.items()},
        "legal_holds": _plain_rows(answer.holds),
        "consultations": _plain_rows(answer.consultations),
        "glossary": _glossary(language),
    }


def build_zip(answer: AccessAnswer, statement: str, generated: datetime) -> bytes:
    """The plain ZIP: data.json, csv/<table>.csv, statement.html."""
    document = _data_document(answer, generated)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        _write_members(archive, document, statement)
    return buffer.getvalue()


def _write_members(archive: zipfile.ZipFile, document: dict[str, Any], statement: str) -> None:
    archive.writestr("data.json", json.dumps(document, ensure_ascii=False, indent=2))
    for name, rows in document["tables"].items():
        columns = list(rows[0]) if rows else []
        archive.writestr(f"csv/{name}.csv", _csv(rows, columns))
    for name in ("consultations", "legal_holds"):
        rows = document[name]
        archive.writestr(f"csv/{name}.csv", _csv(rows, list(rows[0]) if rows else []))
    archive.writestr("statement.html", statement)


def _encrypted_zip(
    answer: AccessAnswer, statement: str, generated: datetime, password: str
) -> bytes:
    """The same members in an AES-256 encrypted ZIP (WinZip AE-2, read by 7-Zip and others)."""
    document = _data_document(answer, generated)
    buffer = io.BytesIO()
    with pyzipper.AESZipFile(
        buffer, "w", compression=zipfile.ZIP_DEFLATED, encryption=pyzipper.WZ_AES
    ) as archive:
        archive.setpassword(password.encode())
        archive.setencryption(pyzipper.WZ_AES, nbits=256)
        _write_members(archive, document, statement)
    return buffer.getvalue()


def _new_password() -> str:
    """Five groups of four letters and digits, easy to read out on the phone."""
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    return "-".join("".join(secrets.choice(alphabet) for _ in range(4)) for _ in range(5))


def _gather(cur: Any, person: dict[str, Any], today: date, contact: PrivacyContact) -> AccessAnswer:
    person_id = int(person["id"])
    tables = access_answer.readable_rows_about(cur, person_id, today)
    return AccessAnswer(
        person=tables["person"][0],
        tables=tables,
        holds=access_answer.holds_of(cur, person_id),
        consultations=access_answer.consultations(cur, person_id, today),
        contact=contact,
        language=str(person["language"]),
        today=today,
        stopped_purposes=access_answer.stopped_purposes(cur, person_id),
    )


@requires(Action.TRIAGE_REQUEST)
def export_for_request(
    db: Database,
    actor: Actor,
    request_id: int,
    *,
    now: datetime,
    delivery: str = "encrypted_email",
    password_channel: str = "phone",
    seen_export: str | None = None,
) -> ExportFile:
    """Build the answer to an access or portability request, keep it with the request until
    delivered and queue the cover letter that says how it travels, in one transaction.

    `seen_export` is the fingerprint of the answer the screen showed (None: none yet). A
    screen that is behind, because someone else made or remade the answer meanwhile, is
    refused with who did it, instead of replacing their answer and queueing a second cover
    letter."""
    staff_id, role = audit_identity(actor)
    today = amsterdam_today(now)
    if delivery not in DELIVERIES:
        raise RequestError("export_delivery_unknown")
    if password_channel not in PASSWORD_CHANNELS:
        raise RequestError("export_password_channel_unknown")
    with db.transaction() as cur:
        request = request_rows.get(cur, request_id)
        if request is None or request["type"] not in EXPORTABLE_TYPES:
            raise RequestError("not_exportable", id=request_id)
        if request["status"] not in ("in_progress", "extended"):
            raise RequestError("export_before_start")
        if request["person_id"] is None:
            raise RequestError("export_without_person")
        person = people_rows.get(cur, request["person_id"])
        if person is None or person["erased_at"] is not None:
            raise RequestError("export_person_erased")
        email = person["email"] or request["requester_email"]
        if delivery == "encrypted_email" and not email:
            raise RequestError("export_needs_email")
        stored = export_rows.get(cur, request_id)
        if stored is not None and stored["delivered_at"] is not None:
            raise RequestError("export_already_delivered")
        check_seen_export(cur, request_id, stored, seen_export)
        contact = meta.privacy_contact(cur)
        filename = f"konnektus-{request['type']}-{person['reference']}-{today.isoformat()}.zip"
        letter_id = _cover_letter(
            cur, request, person, contact, (delivery, password_channel, filename), now
        )
        # recorded first, so the export contains its own trace and the cover letter
        request_rows.add_event(cur, request_id, now, staff_id, None, None, "export produced")
        audit.append(
            cur,
            at=now,
            staff_id=staff_id,
            role=role,
            action="person_exported",
            object_type="person",
            object_id=int(person["id"]),
            details={"request_id": request_id, "delivery": delivery},
        )
        answer = _gather(cur, person, today, contact)
        statement = render_statement(answer)
        password = None
        if delivery == "encrypted_email":
            password = _new_password()
            content = _encrypted_zip(answer, statement, now, password)
        else:
            filename = filename.removesuffix(".zip") + ".html"
            content = statement.encode()
        export_rows.put(
            cur,
            request_id=request_id,
            at=now,
            delivery=delivery,
            filename=filename,
            content=content,
            sha256=hashlib.sha256(content).hexdigest(),
            letter_id=letter_id,
        )
        counts = {name: len(rows) for name, rows in answer.tables.items()}
    return ExportFile(filename, content, counts, delivery, password)


_PASSWORD_CHANNEL_WORDS = {
    "nl": {"phone": "telefonisch", "sms": "per sms", "meeting": "in een gesprek"},
    "en": {"phone": "by phone", "sms": "by text message", "meeting": "in person"},
}


def _cover_letter(
    cur: Any,
    request: dict[str, Any],
    person: dict[str, Any],
    contact: PrivacyContact,
    how: tuple[str, str, str],
    now: datetime,
) -> int:
    """The one cover letter of this request's answer: queued once, rewritten while it waits
    (a new export, or another way of delivery) so it never says what is no longer true."""
    delivery, password_channel, filename = how
    language = str(person["language"])
    kind = "access_cover" if delivery == "encrypted_email" else "access_cover_post"
    received = deadlines.received_on(request["received_at"].replace(tzinfo=UTC))
    words = _PASSWORD_CHANNEL_WORDS["en" if language == "en" else "nl"]
    subject, body = render_letter(
        kind,
        language,
        received=format_date(received, language),
        request=str(request["id"]),
        filename=filename,
        password_channel=words[password_channel],
        dpo=contact,
    )
    email = person["email"] or request["requester_email"] if delivery == "encrypted_email" else None
    waiting = export_rows.waiting_cover_letter(cur, int(request["id"]))
    if waiting is not None:
        export_rows.rewrite_waiting(
            cur, waiting, kind=kind, recipient_email=email, subject=subject, body=body
        )
        return waiting
    return letter_rows.add(
        cur,
        person_id=person["id"],
        request_id=request["id"],
        kind=kind,
        language=language,
        recipient_email=email,
        subject=subject,
        body=body,
        at=now,
    )


@requires(Action.TRIAGE_REQUEST, command_line=True)
def statement_for_reference(db: Database, actor: Actor, reference: str, *, now: datetime) -> str:
    """The statement.html of one person without a request (the lawyer's Art. 15 checklist,
    README), recorded in the audit log like every export."""
    staff_id, role = audit_identity(actor)
    with db.transaction() as cur:
        person = people_rows.by_reference(cur, reference.strip())
        if person is None or person["erased_at"] is not None:
            raise RequestError("person_unknown")
        audit.append(
            cur,
            at=now,
            staff_id=staff_id,
            role=role,
            action="person_exported",
            object_type="person",
            object_id=int(person["id"]),
            details={"statement_only": True},
        )
        answer = _gather(cur, person, amsterdam_today(now), meta.privacy_contact(cur))
    return render_statement(answer)
