"""Telling the recipients (Art. 19 GDPR): after a rectification or a restriction, each
recipient that received the person's data gets a letter in the outbox (printed: the register
holds no addresses), ticked off when sent. One transaction each, with its audit entry; a
second click names who was first.

Erasure is not handled here: once a person is erased, nothing is left to tell a recipient who
the letter is about, so the erasure itself must queue these letters before it removes the data.
"""

from __future__ import annotations

from datetime import datetime
from typing import Final

import pandas as pd

from konnektus.db import audit, meta
from konnektus.db import letters as letter_rows
from konnektus.db import people as people_rows
from konnektus.db import sharing_art19 as rows
from konnektus.db.database import Database
from konnektus.domain.permissions import Action
from konnektus.domain.recipient_notice import (
    CHANGES,
    KIND,
    person_line,
    recipient_language,
    render_recipient_notice,
)
from konnektus.domain.staff import Actor, audit_identity
from konnektus.i18n import catalog, format_date
from konnektus.services.access import requires
from konnektus.services.requests import AlreadyChanged, local_time
from konnektus.services.sharing_register import SharingError

TASK_LIMIT: Final = 500


@requires(Action.TRIAGE_REQUEST)
def recipient_tasks(db: Database, actor: Actor, *, open_only: bool = True) -> pd.DataFrame:
    """Per completed rectification or restriction and recipient: what went there, and whether
    the letter is queued (letter_id) or sent (sent_at)."""
    with db.cursor() as cur:
        return rows.tasks(cur, list(CHANGES), open_only=open_only, limit=TASK_LIMIT)


def _word(language: str, prefix: str, code: object) -> str:
    return catalog(language).get(f"{prefix}.{code}", str(code))


def _details(language: str, changes: list[tuple[str, str | None]]) -> str:
    if not changes:
        return "-"
    return "\n".join(
        f"- {_word(language, 'statement.field', field)}: {value if value is not None else '-'}"
        for field, value in changes
    )


def _day(moment: datetime, language: str) -> str:
    return format_date(local_time(moment).date(), language)


@requires(Action.TRIAGE_REQUEST)
def queue_recipient_letter(
    db: Database, actor: Actor, request_id: int, recipient_id: int, *, now: datetime
) -> int:
    """Put the Art. 19 letter for this request and recipient in the outbox; returns its id."""
    staff_id, role = audit_identity(actor)
    with db.transaction() as cur:
        task = rows.task(cur, list(CHANGES), request_id, recipient_id)
        if task is None:
            raise SharingError("no_recipient_task")
        if task["letter_id"] is not None and not pd.isna(task["letter_id"]):
            raise AlreadyChanged(*rows.last_change(cur, request_id, recipient_id))
        person = people_rows.get(cur, int(task["person_id"]))
        assert person is not None
        language = recipient_language(str(task["country"]))
        born = person.get("date_of_birth")
        who = person_line(
            language,
            people_rows.display_name(person),
            format_date(born, language) if born is not None else None,
        )
        subject, body = render_recipient_notice(
            language,
            str(task["type"]),
            recipient=str(task["recipient"]),
            person=who,
            first=_day(task["first_disclosed"], language),
            last=_day(task["last_disclosed"], language),
            categories=", ".join(_word(language, "category", c) for c in task["categories"]),
            details=_details(language, rows.changed_fields(cur, request_id)),
            dpo=meta.dpo_contact(cur),
        )
        letter_id = letter_rows.add(
            cur,
            person_id=int(task["person_id"]),
            request_id=request_id,
            kind=KIND,
            language=language,
            recipient_email=None,
            subject=subject,
            body=body,
            at=now,
        )
        rows.add_notice(cur, request_id, recipient_id, letter_id, now, staff_id)
        audit.append(
            cur,
            at=now,
            staff_id=staff_id,
            role=role,
            action="recipient_notice_queued",
            object_type="request",
            object_id=request_id,
            details={"recipient_id": recipient_id, "letter_id": letter_id},
        )
    return letter_id


@requires(Action.TRIAGE_REQUEST)
def tick_off_recipient_letter(db: Database, actor: Actor, notice_id: int, *, now: datetime) -> None:
    """Record that the letter to the recipient went out."""
    staff_id, role = audit_identity(actor)
    with db.transaction() as cur:
        found = rows.notice(cur, notice_id)
        if found is None:
            raise SharingError("no_recipient_task")
        if not rows.mark_sent(cur, notice_id, now, staff_id):
            raise AlreadyChanged(*rows.last_change(cur, *found))
        audit.append(
            cur,
            at=now,
            staff_id=staff_id,
            role=role,
            action="recipient_notice_sent",
            object_type="request",
            object_id=found[0],
            details={"recipient_id": found[1], "notice_id": notice_id},
        )
