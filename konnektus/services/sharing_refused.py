"""Refused requests from outside parties (O8: the person is told of every request) and
notices kept back on a confidentiality ground (UAVG art. 41).

The privacy statement promises to tell the person of *every* request from an outside party,
and lawful-bases.md counts a refused one among them: so recording a refused request writes
the person's letter into the outbox in the same transaction, unless the notice is deferred
on a named ground until an end date (then a DPO or the back office tells the person from the
day after it, with `tell_refused_request`). Each write is one transaction with its audit
entry, which names internal ids and codes only.
"""

from __future__ import annotations

from collections.abc import Hashable
from datetime import date, datetime, timedelta
from typing import Any

import pandas as pd

from konnektus.db import audit, meta
from konnektus.db import letters as letter_rows
from konnektus.db import people as people_rows
from konnektus.db import refused_requests as refused_rows
from konnektus.db import sharing_notify as notice_rows
from konnektus.db import sharing_register as register_rows
from konnektus.db.database import Cursor, Database
from konnektus.domain import disclosure_notice, input_limits
from konnektus.domain.disclosure_notice import NoticeLine, render_refused_notice
from konnektus.domain.notice_deferral import NoticeState, check_deferral, notice_state
from konnektus.domain.permissions import Action
from konnektus.domain.print_letters import text_or_none
from konnektus.domain.refused_request import STAFF_REASONS, check_refused_request
from konnektus.domain.sharing import DATA_CATEGORIES
from konnektus.domain.staff import Actor, audit_identity
from konnektus.i18n import format_date, translate
from konnektus.services.access import hidden_for, requires
from konnektus.services.requests import AlreadyChanged, RequestError, amsterdam_today
from konnektus.services.sharing_notify import _addressed_as, _word

DOUBLE_CLICK = timedelta(minutes=2)


class RefusedRequestError(RequestError):
    """A refused request that was already recorded, is still deferred, or is unknown."""

    section = "sharing"
    codes = ("refused_already_recorded", "refused_still_deferred", "refused_unknown")


def _clean(text: str, field: str) -> str:
    return " ".join((input_limits.checked(text, field) or "").split())


@requires(Action.REGISTER_DISCLOSURE)
def record_refused_request(
    db: Database,
    actor: Actor,
    person_id: int,
    recipient_id: int,
    categories: tuple[str, ...] | list[str],
    purpose: str,
    reason: str,
    *,
    received_on: date | None,
    now: datetime,
    note: str = "",
    purpose_note: str = "",
    deferral_ground: str | None = None,
    deferred_until: date | None = None,
) -> int:
    """Record that the party asked for `categories` of the person on `received_on` and was
    refused for `reason` (a rule's refusal code or a staff reason, with `note`), and tell
    the person by letter now, unless the notice is deferred on a ground until a day."""
    staff_id, role = audit_identity(actor)
    today = amsterdam_today(now)
    chosen = tuple(dict.fromkeys(categories))
    cleaned_note = _clean(note, "note")
    cleaned_purpose_note = _clean(purpose_note, "purpose")
    deferred = bool(deferral_ground) or deferred_until is not None
    with db.transaction() as cur:
        recipient = register_rows.recipient(cur, recipient_id)
        person = people_rows.get(cur, person_id)
        check_refused_request(
            person_known=person is not None,
            recipient_known=recipient is not None,
            categories=chosen,
            purpose=purpose.strip(),
            reason=reason,
            note=cleaned_note,
            received_on=received_on,
            today=today,
        )
        if deferred:
            check_deferral(ground=deferral_ground, until=deferred_until, told_on=None, today=today)
        values: dict[str, Any] = {
            "person_id": person_id,
            "recipient_id": recipient_id,
            "data_categories": [c for c in DATA_CATEGORIES if c in chosen],
            "purpose": purpose.strip(),
            "purpose_note": cleaned_purpose_note or None,
            "received_on": received_on,
            "reason": reason,
            "note": cleaned_note or None,
            "recorded_at": now,
            "recorded_by": staff_id,
            "notified_on": None,
            "notice_deferral_ground": deferral_ground if deferred else None,
            "notice_deferred_until": deferred_until if deferred else None,
        }
        if refused_rows.recent_same(cur, values, now - DOUBLE_CLICK) is not None:
            raise RefusedRequestError("refused_already_recorded")
        refused_id = refused_rows.insert(cur, values)
        letter_id = None if deferred else _tell(cur, refused_id, today, now)
        audit.append(
            cur,
            at=now,
            staff_id=staff_id,
            role=role,
            action="refused_request_recorded",
            object_type="refused_request",
            object_id=refused_id,
            details={
                "person_id": person_id,
                "recipient_id": recipient_id,
                "reason": reason,
                "letter_id": letter_id,
                "deferred_until": deferred_until.isoformat() if deferred_until else None,
            },
        )
    return refused_id


@requires(Action.NOTIFY_PERSON)
def tell_refused_request(db: Database, actor: Actor, refused_id: int, *, now: datetime) -> int:
    """Tell the person of a refused request whose deferral ended (or that was never told);
    returns the letter's id. Refused while deferred, or when someone told them already."""
    staff_id, role = audit_identity(actor)
    today = amsterdam_today(now)
    with db.transaction() as cur:
        row = refused_rows.get(cur, refused_id)
        if row is None:
            raise RefusedRequestError("refused_unknown")
        state = notice_state(row["notified_on"], row["notice_deferred_until"], today)
        # a letter already waiting in the outbox tells them: not a second one
        if state is NoticeState.TOLD or row["erased"] or row["notice_letter_id"] is not None:
            raise AlreadyChanged(None, None)
        if state is NoticeState.DEFERRED:
            raise RefusedRequestError("refused_still_deferred")
        letter_id = _tell(cur, refused_id, today, now)
        audit.append(
            cur,
            at=now,
            staff_id=staff_id,
            role=role,
            action="refused_request_told",
            object_type="refused_request",
            object_id=refused_id,
            details={"person_id": int(row["person_id"]), "letter_id": letter_id},
        )
    return letter_id


def refused_reason_text(reason: str, language: str) -> str:
    """A refusal's reason in words: a staff reason, or the lawful-basis rule's sentence."""
    section = "refused_reason" if reason in STAFF_REASONS else "sharing.refusal"
    return translate(f"{section}.{reason}", language)


def _tell(cur: Cursor, refused_id: int, today: date, now: datetime) -> int:
    """The person's letter about one refused request, into the outbox, linked to it: told
    once the letter is delivered or posted."""
    row = refused_rows.get(cur, refused_id)
    assert row is not None
    language = row["language"] if row["language"] in ("nl", "en") else "nl"
    addressed: dict[Hashable, Any] = {k: v for k, v in row.items()}
    purpose = _word(language, "disclosure_purpose", row["purpose"])
    if row["purpose_note"]:
        purpose += f" ({row['purpose_note']})"
    line = NoticeLine(
        date=format_date(row["received_on"], language),
        categories=", ".join(_word(language, "category", c) for c in row["data_categories"]),
        recipient=str(row["recipient"]),
        purpose=purpose,
        basis="",
        relies_on_consent=False,
    )
    reason = refused_reason_text(str(row["reason"]), language)
    subject, body = render_refused_notice(
        language,
        name=_addressed_as(addressed, language),
        line=line,
        reason=reason,
        dpo=meta.privacy_contact(cur),
    )
    letter_id = letter_rows.add(
        cur,
        person_id=int(row["person_id"]),
        request_id=None,
        kind=disclosure_notice.REFUSED_KIND,
        language=language,
        recipient_email=text_or_none(row["email"]),
        subject=subject,
        body=body,
        at=now,
    )
    if not refused_rows.mark_queued(cur, refused_id, letter_id):
        raise AlreadyChanged(None, None)
    return letter_id


@requires(Action.VIEW_PROFILE)
def refused_requests(
    db: Database, actor: Actor, *, first_day: date, last_day: date
) -> pd.DataFrame:
    """The refused requests received first..last, newest first, naming the person; a role
    that may not see a category asked for sees the others only (sharing.recipient_disclosures)."""
    with db.cursor() as cur:
        return refused_rows.listed(cur, first_day, last_day, hidden_for(actor))


@requires(Action.VIEW_AGGREGATES)
def refused_request_counts(
    db: Database, actor: Actor, *, first_day: date, last_day: date, today: date
) -> tuple[int, int, int]:
    """(refused, told, deferred on `today`) of the requests received first..last."""
    with db.cursor() as cur:
        return refused_rows.counts(cur, first_day, last_day, today)


@requires(Action.DEFER_NOTICE)
def defer_disclosure_notice(
    db: Database,
    actor: Actor,
    disclosure_id: int,
    *,
    ground: str | None,
    until: date | None,
    seen_until: date | None,
    now: datetime,
) -> None:
    """Keep the notice of one disclosure from the person on a named ground until `until`
    (UAVG art. 41); the notice run leaves it out through that day. `seen_until` is the
    deferral the user saw (None: none), so two screens cannot overwrite each other."""
    staff_id, role = audit_identity(actor)
    today = amsterdam_today(now)
    with db.transaction() as cur:
        found = notice_rows.disclosure_notice_state(cur, disclosure_id)
        if found is None:
            raise RefusedRequestError("refused_unknown")
        notified_on, _current, _erased = found
        check_deferral(ground=ground, until=until, told_on=notified_on, today=today)
        assert ground is not None and until is not None
        if not notice_rows.defer_notice(
            cur, disclosure_id, ground=ground, until=until, seen_until=seen_until, at=now,
            by=staff_id,
        ):  # fmt: skip
            raise AlreadyChanged(None, None)
        audit.append(
            cur,
            at=now,
            staff_id=staff_id,
            role=role,
            action="notice_deferred",
            object_type="disclosure",
            object_id=disclosure_id,
            details={"ground": ground, "until": until.isoformat()},
        )
