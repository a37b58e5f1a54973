"""Carrying out an erasure request (O11): preview, confirm by reference, execute, prove.

The preview and the certificate come from the same plan (konnektus/domain/erasure.py). The
execution is one transaction: the request is completed conditionally on the status the DPO
saw (so it cannot run twice), the person is erased in every table, and the confirmation
letter, the certificate, the timeline event and the audit entry are written with it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import pandas as pd

from konnektus.db import audit, meta, person_data, search
from konnektus.db import erasure as erasure_rows
from konnektus.db import letters as letter_rows
from konnektus.db import people as people_rows
from konnektus.db import requests as request_rows
from konnektus.db.database import Cursor, Database
from konnektus.domain import deadlines
from konnektus.domain.erasure import Hold, PlanLine, Treatment, employment_is_held, erasure_plan
from konnektus.domain.letters import render_letter
from konnektus.domain.permissions import Action
from konnektus.domain.requests import RequestStatus
from konnektus.domain.staff import Actor, audit_identity
from konnektus.i18n import format_date, translate
from konnektus.services.access import requires
from konnektus.services.requests import AlreadyChanged, RequestError, amsterdam_today

EXECUTABLE_FROM = (RequestStatus.IN_PROGRESS.value, RequestStatus.EXTENDED.value)


class ConfirmationMismatch(RequestError):
    """The typed reference is not the person's: nothing was erased."""


@dataclass(frozen=True)
class ErasurePreview:
    request_id: int
    person_id: int
    reference: str
    lines: list[PlanLine]
    holds: list[Hold]
    recipients: pd.DataFrame  # Art. 19: who received the data and must be told


def _load(cur: Cursor, request_id: int) -> tuple[dict[str, Any], dict[str, Any]]:
    request = request_rows.get(cur, request_id)
    if request is None or request["type"] != "erasure":
        raise RequestError(f"Request {request_id} is not an erasure request.")
    if request["person_id"] is None:
        raise RequestError("Match the request to a person before carrying it out.")
    person = people_rows.get(cur, request["person_id"])
    if person is None or person["erased_at"] is not None:
        raise RequestError("This person has already been erased.")
    return request, person


def _holds(cur: Cursor, person_id: int, today: date) -> list[Hold]:
    return [Hold(*row) for row in person_data.active_holds(cur, person_id, today)]


@requires(Action.EXECUTE_ERASURE)
def erasure_preview(db: Database, actor: Actor, request_id: int, *, today: date) -> ErasurePreview:
    with db.cursor() as cur:
        _request, person = _load(cur, request_id)
        holds = _holds(cur, person["id"], today)
        lines = erasure_plan(person_data.counts_about(cur, person["id"]), holds, today)
        recipients = person_data.recipients_of(cur, person["id"])
    return ErasurePreview(
        request_id, int(person["id"]), str(person["reference"]), lines, holds, recipients
    )


@dataclass(frozen=True)
class ErasureResult:
    confirmation_letter_id: int
    certificate_letter_id: int
    affected: dict[str, tuple[int, int]]


@requires(Action.EXECUTE_ERASURE)
def execute_erasure(
    db: Database,
    actor: Actor,
    request_id: int,
    *,
    seen_status: str,
    typed_reference: str,
    now: datetime,
) -> ErasureResult:
    if seen_status not in EXECUTABLE_FROM:
        raise RequestError("Start the request (identity settled) before carrying it out.")
    staff_id, role = audit_identity(actor)
    today = amsterdam_today(now)
    with db.transaction() as cur:
        request = request_rows.get(cur, request_id)
        if request is not None and request["status"] != seen_status:
            raise AlreadyChanged(*request_rows.last_change(cur, request_id))
        request, person = _load(cur, request_id)
        if typed_reference.strip().upper() != str(person["reference"]).upper():
            raise ConfirmationMismatch(
                f"'{typed_reference}' is not this person's reference; nothing was erased."
            )
        holds = _holds(cur, person["id"], today)
        plan = erasure_plan(person_data.counts_about(cur, person["id"]), holds, today)
        recipients = person_data.recipients_of(cur, person["id"])
        language = str(person["language"])
        email = person["email"] or request["requester_email"]
        done = {"status": RequestStatus.COMPLETED.value, "closed_at": now, "outcome": "completed"}
        if not request_rows.update_if_status(cur, request_id, seen_status, done):
            raise AlreadyChanged(*request_rows.last_change(cur, request_id))
        affected = erasure_rows.erase_person(
            cur, person["id"], now, keep_employment=employment_is_held(holds, today)
        )
        search.refresh_keys(cur, [int(person["id"])])
        search.prune_vocabulary(cur)
        received = deadlines.received_on(request["received_at"].replace(tzinfo=UTC))
        confirmation_id = _confirmation_letter(
            cur, request, language, email, received, today, recipients, now
        )
        certificate_id = letter_rows.add(
            cur,
            person_id=person["id"],
            request_id=request_id,
            kind="erasure_certificate",
            language="nl",
            recipient_email=None,
            subject=f"Verklaring van verwijdering, verzoek {request_id}",
            body=certificate_text(
                request_id,
                str(person["reference"]),
                received,
                today,
                plan,
                holds,
                recipients,
                affected,
            ),
            at=now,
        )
        request_rows.add_event(
            cur,
            request_id,
            now,
            staff_id,
            seen_status,
            RequestStatus.COMPLETED.value,
            "erasure carried out",
        )
        audit.append(
            cur,
            at=now,
            staff_id=staff_id,
            role=role,
            action="erasure_executed",
            object_type="person",
            object_id=int(person["id"]),
            details={"request_id": request_id, "tables": {t: list(c) for t, c in affected.items()}},
        )
    return ErasureResult(confirmation_id, certificate_id, affected)


def _confirmation_letter(
    cur: Cursor,
    request: dict[str, Any],
    language: str,
    email: str | None,
    received: date,
    today: date,
    recipients: pd.DataFrame,
    now: datetime,
) -> int:
    names = sorted(set(recipients["recipient"])) if len(recipients) else []
    line = (
        translate("erasure.letter_recipients", language, names=", ".join(names))
        if names
        else translate("erasure.letter_no_recipients", language)
    )
    subject, body = render_letter(
        "erasure_confirmation",
        language,
        received=format_date(received, language),
        request=str(request["id"]),
        done=format_date(today, language),
        recipients_line=line,
        dpo=meta.dpo_contact(cur),
    )
    return letter_rows.add(
        cur,
        person_id=request["person_id"],
        request_id=request["id"],
        kind="erasure_confirmation",
        language=language,
        recipient_email=email,
        subject=subject,
        body=body,
        at=now,
    )


def _nl(key: str, **values: object) -> str:
    return translate(key, "nl", **values)


def certificate_text(
    request_id: int,
    reference: str,
    received: date,
    done: date,
    plan: list[PlanLine],
    holds: list[Hold],
    recipients: pd.DataFrame,
    affected: dict[str, tuple[int, int]],
) -> str:
    """The certificate for the file, in Dutch; it names the person only by reference."""
    lines = [
        _nl("erasure.cert_title"),
        "",
        _nl("erasure.cert_request", request=request_id, reference=reference),
        _nl("erasure.cert_dates", received=format_date(received), done=format_date(done)),
        "",
        _nl("erasure.cert_tables"),
    ]
    for line in plan:
        removed, anonymised = affected.get(line.table, (0, 0))
        lines.append(
            f"- {line.table}: {_nl('erasure.treatment.' + line.treatment.value)}"
            f" ({_nl('erasure.cert_counts', removed=removed, anonymised=anonymised)})"
            f" - {_nl('erasure.why.' + line.why)}"
        )
    lines += ["", _nl("erasure.cert_kept")]
    lines += [
        f"- {_nl('hold_kind.' + h.category)}: {_nl('legal_ground.' + h.legal_ground)},"
        f" {_nl('erasure.until', until=format_date(h.until))}"
        for h in holds
    ] or [f"- {_nl('erasure.cert_nothing_kept')}"]
    lines += ["", _nl("erasure.cert_recipients")]
    if len(recipients):
        grouped = recipients.groupby("recipient")["disclosed_at"].agg(["min", "max", "count"])
        for name, row in grouped.iterrows():
            lines.append(
                f"- {name}: {row['count']}x, {format_date(row['min'].date())} -"
                f" {format_date(row['max'].date())}"
            )
    else:
        lines.append(f"- {_nl('erasure.cert_no_recipients')}")
    kept = [line.table for line in plan if line.treatment is Treatment.KEEP]
    lines += ["", _nl("erasure.cert_footer", kept=", ".join(kept))]
    return "\n".join(lines) + "\n"
