"""Telling the recipients (Art. 19 GDPR): after a rectification, a restriction or an erasure,
each recipient that received the person's data gets a letter in the outbox (printed: the
register holds no addresses), ticked off when sent. One transaction each, with its audit entry;
a second click names who was first.

After a rectification or restriction the DPO queues the letters from the task list. An erasure
queues them itself (`erasure_letters_due` before the data goes, `queue_erasure_letters` after,
in the erasure's transaction): once a person is erased nothing is left to tell a recipient who
the letter is about. Ticking off such a letter empties its body, so the name stays no longer
than the telling needs.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any, Final

import pandas as pd

from konnektus.db import audit, meta
from konnektus.db import letters as letter_rows
from konnektus.db import people as people_rows
from konnektus.db import sharing_art19 as rows
from konnektus.db.database import Cursor, Database
from konnektus.domain.erasure import ErasureRecord, KeptPart
from konnektus.domain.permissions import Action
from konnektus.domain.recipient_notice import (
    CHANGES,
    ERASURE,
    KIND,
    PARTIAL_ERASURE,
    person_line,
    recipient_language,
    render_recipient_notice,
)
from konnektus.domain.staff import Actor, audit_identity
from konnektus.domain.text import full_name
from konnektus.i18n import catalog, format_date
from konnektus.services.access import requires
from konnektus.services.requests import AlreadyChanged, local_time, local_times
from konnektus.services.sharing_register import SharingError

TASK_LIMIT: Final = 500


@requires(Action.TRIAGE_REQUEST)
def recipient_tasks(db: Database, actor: Actor, *, open_only: bool = True) -> pd.DataFrame:
    """Per completed rectification or restriction, or erased person, and recipient: what went
    there, and whether the letter is queued (letter_id) or sent (sent_at)."""
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


@functools.lru_cache(maxsize=32_768)
def _date_words(day: date, language: str) -> str:
    """A day in words; the same few thousand days recur across a clean-up's batches."""
    return format_date(day, language)


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
            dpo=meta.privacy_contact(cur),
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
        rows.add_notice(
            cur,
            request_id,
            recipient_id,
            letter_id,
            now,
            staff_id,
            person_id=int(task["person_id"]),
            change=str(task["type"]),
        )
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
            raise AlreadyChanged(found["by"], found["at"])
        rows.forget_if_erased(cur, notice_id)
        request_id = found["request_id"]
        audit.append(
            cur,
            at=now,
            staff_id=staff_id,
            role=role,
            action="recipient_notice_sent",
            object_type="request" if request_id is not None else "person",
            object_id=request_id if request_id is not None else found["person_id"],
            details={"recipient_id": found["recipient_id"], "notice_id": notice_id},
        )


def erasure_letters_due(cur: Cursor, person_ids: list[int]) -> pd.DataFrame:
    """Inside an erasure's transaction, before the data goes: per person and recipient that
    actually received their data and has no erasure letter yet, who the person is and what
    went there (one query for a whole batch)."""
    return rows.erasure_recipients(cur, person_ids)


def _pairs(due: pd.DataFrame) -> list[tuple[int, list[str]]]:
    return list(zip(due["person_id"].astype(int), due["categories"].map(list), strict=True))


def _erased_for_recipient(record: ErasureRecord | None, categories: list[str]) -> list[str]:
    """Of the categories a recipient received, those this erasure removed: all of them for a
    whole erasure, none for a person it did not erase."""
    if record is None:
        return []
    if not record.partial:
        return sorted(categories)
    removed = {category for category, count in record.removed_items.items() if count}
    return sorted(removed.intersection(categories))


def queue_erasure_letters(
    cur: Cursor,
    due: pd.DataFrame,
    records: Mapping[int, ErasureRecord],
    *,
    request_ids: Mapping[int, int],
    now: datetime,
    staff_id: int | None,
) -> dict[int, list[str]]:
    """Inside the same transaction, after the erasure: one letter per row of `due` that the
    erasure concerns, in bulk, each with its notice. A whole erasure tells every recipient of
    the person's data; a partial one (a current employee) only those that received some of
    what it removed, naming just that. Returns, per person, the recipients a letter was
    queued for: exactly what the person's own letter may name."""
    if due.empty:
        return {}
    erased_now = [_erased_for_recipient(records.get(int(p)), c) for p, c in _pairs(due)]
    due = due.assign(erased_now=pd.Series(erased_now, index=due.index, dtype=object))
    due = due[[bool(found) for found in erased_now]]
    if due.empty:
        return {}
    dpo = meta.privacy_contact(cur)
    first_days = local_times(due["first_disclosed"]).dt.date.tolist()
    last_days = local_times(due["last_disclosed"]).dt.date.tolist()
    born_days = [None if pd.isna(b) else pd.Timestamp(b).date() for b in due["date_of_birth"]]
    letters: list[dict[str, Any]] = []
    columns = zip(
        due["person_id"].astype(int).tolist(),
        due["recipient_id"].astype(int).tolist(),
        due["recipient"].tolist(),
        due["country"].tolist(),
        due["given_name"].tolist(),
        due["tussenvoegsel"].tolist(),
        due["family_name"].tolist(),
        due["categories"].tolist(),
        due["erased_now"].tolist(),
        born_days,
        first_days,
        last_days,
        strict=True,
    )
    for person_id, recipient_id, recipient, country, given, tv, family, cats, *rest in columns:
        erased_now, born, first, last = rest  # what went, birth, first and last disclosure
        language = recipient_language(str(country))
        partial = records[person_id].partial
        change = PARTIAL_ERASURE if partial else ERASURE
        subject, body = render_recipient_notice(
            language,
            change,
            recipient=str(recipient),
            person=person_line(
                language,
                full_name(given, tv, family),
                None if born is None else _date_words(born, language),
            ),
            first=_date_words(first, language),
            last=_date_words(last, language),
            categories=", ".join(_word(language, "category", c) for c in cats),
            details=", ".join(_word(language, "category", c) for c in erased_now),
            dpo=dpo,
            held=not partial and any(k.part is KeptPart.ITEMS for k in records[person_id].kept),
        )
        letters.append(
            {
                "person_id": person_id,
                "request_id": request_ids.get(person_id),
                "recipient_id": recipient_id,
                "change": change,
                "language": language,
                "subject": subject,
                "body": body,
            }
        )
    rows.add_erasure_notices(cur, pd.DataFrame(letters), at=now, by=staff_id)
    told: dict[int, list[str]] = {}
    for letter, name in zip(letters, due["recipient"], strict=True):
        told.setdefault(int(letter["person_id"]), []).append(str(name))
    return {pid: sorted(set(names)) for pid, names in told.items()}
