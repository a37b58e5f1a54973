"""Letters that answer a request, queued in the transaction of the action that makes them
true: the identity question when the desk asks for it, the refusal with its reasons when the
desk refuses, and the outcome letters of rectification, restriction, objection and review."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any, Final

from konnektus.db import audit, letter_posting, meta, refused_requests, sharing_notify
from konnektus.db import letters as letter_rows
from konnektus.db import people as people_rows
from konnektus.db.database import Cursor
from konnektus.domain import deadlines, disclosure_notice
from konnektus.domain.letters import render_letter
from konnektus.domain.requests import RequestStatus
from konnektus.i18n import format_date, translate

# The status change that queues a letter by itself (the others come from their own action).
ANSWER_LETTERS: Final = {
    RequestStatus.AWAITING_IDENTITY: "identity_request",
    RequestStatus.REJECTED: "request_refusal",
}


def letter_addressee(cur: Cursor, request: dict[str, Any]) -> tuple[str, str | None]:
    """(language, e-mail) to write to: the matched person, else the requester."""
    person = people_rows.get(cur, request["person_id"]) if request["person_id"] else None
    if person is not None:
        return str(person["language"]), person["email"] or request["requester_email"]
    return "nl", request["requester_email"]


def queue_request_letter(
    cur: Cursor,
    request: dict[str, Any],
    kind: str,
    now: datetime,
    *,
    reason: str | None = None,
    **values: str,
) -> int:
    """Render `kind` for this request in the person's language and put it in the outbox."""
    language, email = letter_addressee(cur, request)
    received = deadlines.received_on(request["received_at"].replace(tzinfo=UTC))
    subject, body = render_letter(
        kind,
        language,
        received=format_date(received, language),
        request=str(request["id"]),
        done=format_date(deadlines.received_on(now.replace(tzinfo=UTC)), language),
        reason=(reason or "").strip(),
        dpo=meta.privacy_contact(cur),
        **values,
    )
    return letter_rows.add(
        cur,
        person_id=request["person_id"],
        request_id=request["id"],
        kind=kind,
        language=language,
        recipient_email=email,
        subject=subject,
        body=body,
        at=now,
    )


def queue_rectification_letter(cur: Cursor, request: dict[str, Any], now: datetime) -> None:
    """Rectification done (Art. 16): the letter lists exactly the fields changed under this
    request, with their new values; with nothing changed there is nothing to confirm."""
    rows = cur.execute(
        "SELECT field, new_value FROM person_change WHERE request_id = ? ORDER BY id",
        [request["id"]],
    ).fetchall()
    if not rows:
        return
    language, _ = letter_addressee(cur, request)
    lines = "\n".join(
        f"- {translate('statement.field.' + str(field), language)}: {value or '-'}"
        for field, value in rows
    )
    queue_request_letter(cur, request, "rectification_done", now, changes=lines)


def notice_delivered(cur: Cursor, letter_id: int, now: datetime) -> None:
    """In the transaction that marks a letter sent (delivered by SMTP or marked posted):
    what the letter tells becomes true now, not at the click that queued it (issue 20). A
    delivered extension notice makes the extension count as notified (deadlines.md); a
    disclosure notice tells its disclosures, a refused-request notice its refused request,
    on the Amsterdam day of delivery."""
    found = letter_posting.kind_and_request(cur, letter_id)
    if found is None:
        return
    kind, request_id = found
    if kind == "extension_notice" and request_id is not None:
        letter_posting.mark_notice_sent(cur, request_id, now)
    elif kind == disclosure_notice.KIND:
        sharing_notify.told_by(cur, letter_id, _amsterdam_day(now))
    elif kind == disclosure_notice.REFUSED_KIND:
        refused_requests.told_by(cur, letter_id, _amsterdam_day(now))


def posted(cur: Cursor, letter_id: int, now: datetime, staff_id: int | None, role: str) -> bool:
    """A letter without an e-mail address went in the post: marked sent, what it tells made
    true (`notice_delivered`) and audited, in the caller's transaction. False when the letter
    is not one for the post or was already posted (nothing changed)."""
    if not letter_posting.mark_posted(cur, letter_id, now):
        return False
    notice_delivered(cur, letter_id, now)
    audit.append(
        cur,
        at=now,
        staff_id=staff_id,
        role=role,
        action="letter_posted",
        object_type="letter",
        object_id=letter_id,
    )
    return True


def _amsterdam_day(now: datetime) -> date:
    """Stored moments are naive UTC; the told day is the Amsterdam one."""
    return deadlines.received_on(now if now.tzinfo else now.replace(tzinfo=UTC))
