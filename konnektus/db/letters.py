"""The outbox: letters stored with the action that caused them, delivered afterwards."""

from __future__ import annotations

from datetime import datetime, timedelta

import pandas as pd

from konnektus.db.database import Cursor, first_row
from konnektus.db.erasure import ERASED

MAX_ATTEMPTS = 5
# A delivery run claims a letter ('sending', claimed_at) before it talks to the mail server;
# a run that died after claiming leaves the claim behind. After the lease another run may
# claim the letter again: at worst a letter goes out twice, never not at all.
CLAIM_LEASE = timedelta(minutes=10)


def add(
    cur: Cursor,
    *,
    person_id: int | None,
    request_id: int | None,
    kind: str,
    language: str,
    recipient_email: str | None,
    subject: str,
    body: str,
    at: datetime,
) -> int:
    """Store a letter; one with an address waits for delivery, one without is for the file."""
    status = "pending" if recipient_email else "not_applicable"
    row = first_row(
        cur,
        "INSERT INTO letter (person_id, request_id, kind, language, recipient_email, subject,"
        " body, created_at, delivery_status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        [person_id, request_id, kind, language, recipient_email, subject, body, at, status],
    )
    assert row is not None
    return int(row[0])


def get(cur: Cursor, letter_id: int) -> dict[str, object] | None:
    rows = cur.execute("SELECT * FROM letter WHERE id = ?", [letter_id]).fetchall()
    if not rows:
        return None
    return dict(zip([d[0] for d in cur.description], rows[0], strict=True))


def for_request(cur: Cursor, request_id: int) -> pd.DataFrame:
    return cur.execute(
        "SELECT id, kind, language, subject, created_at, delivery_status, sent_at, attempts,"
        " last_error FROM letter WHERE request_id = ? ORDER BY id",
        [request_id],
    ).df()


_CLAIMABLE = (
    "(delivery_status IN ('pending', 'failed') OR (delivery_status = 'sending'"
    " AND (claimed_at IS NULL OR claimed_at < $expired)))"
)


def due_for_delivery(cur: Cursor, now: datetime) -> list[tuple[int, str, str, str]]:
    """(id, address, subject, body) of letters waiting, failed fewer than MAX times, or
    claimed by a run that has not finished within the lease."""
    rows = cur.execute(
        "SELECT id, recipient_email, subject, body FROM letter"  # noqa: S608
        f" WHERE {_CLAIMABLE} AND recipient_email IS NOT NULL AND attempts < $max ORDER BY id",
        {"expired": now - CLAIM_LEASE, "max": MAX_ATTEMPTS},
    ).fetchall()
    return [(int(r[0]), str(r[1]), str(r[2]), str(r[3])) for r in rows]


def attach(cur: Cursor, letter_id: int, name: str, text: str) -> None:
    """Give a letter a file to carry (the board report's HTML)."""
    cur.execute(
        "UPDATE letter SET attachment_name = ?, attachment = ? WHERE id = ?",
        [name, text, letter_id],
    )


def attachment_of(cur: Cursor, letter_id: int) -> tuple[str, str] | None:
    """(file name, HTML text) of a letter that carries a file (the board report), else None."""
    row = first_row(cur, "SELECT attachment_name, attachment FROM letter WHERE id = ?", [letter_id])
    if row is None or row[0] is None or row[1] is None:
        return None
    return str(row[0]), str(row[1])


def claim(cur: Cursor, letter_id: int, now: datetime) -> bool:
    """Take a waiting letter (or one whose claim outlived the lease) for sending, marked with
    `now`; False when another run holds it."""
    rows = cur.execute(
        "UPDATE letter SET delivery_status = 'sending', claimed_at = $now"  # noqa: S608
        f" WHERE id = $id AND {_CLAIMABLE} RETURNING id",
        {"now": now, "id": letter_id, "expired": now - CLAIM_LEASE},
    ).fetchall()
    return bool(rows)


def mark_sent(cur: Cursor, letter_id: int, at: datetime, *, forget_address: bool) -> bool:
    """Sent; an erasure confirmation also forgets the address, the last trace of the person."""
    row = first_row(
        cur,
        "UPDATE letter SET delivery_status = 'sent', sent_at = ?, attempts = attempts + 1,"  # noqa: S608
        " last_error = NULL, claimed_at = NULL,"
        " recipient_email = CASE WHEN ? THEN NULL ELSE recipient_email END,"
        f" body = CASE WHEN {_ABOUT_AN_ERASED_PERSON} THEN ? ELSE body END"
        " WHERE id = ? AND delivery_status = 'sending' RETURNING id",
        [at, forget_address, ERASED, letter_id],
    )
    return row is not None


# A letter to a recipient about a person erased since (Art. 19) must name them; once it is
# delivered its text goes, like the person (issue 13). Subject, recipient and dates stay.
_ABOUT_AN_ERASED_PERSON = (
    "kind = 'recipient_notice' AND EXISTS (SELECT 1 FROM person p WHERE p.erased_at IS NOT NULL"
    " AND (p.id = letter.person_id OR p.id IN"
    " (SELECT n.person_id FROM recipient_notice n WHERE n.letter_id = letter.id)))"
)


def mark_failed(cur: Cursor, letter_id: int, error: str) -> None:
    """`error` must name no person: a mail server's refusal quotes the address, so the caller
    passes only the kind of error and its SMTP code (services/outbox.py)."""
    cur.execute(
        "UPDATE letter SET delivery_status = 'failed', attempts = attempts + 1, last_error = ?,"
        " claimed_at = NULL WHERE id = ? AND delivery_status = 'sending'",
        [error[:200], letter_id],
    )


def link_to_person(cur: Cursor, request_id: int, person_id: int) -> int:
    """Give the request's letters written before it was matched their person."""
    rows = cur.execute(
        "UPDATE letter SET person_id = ? WHERE request_id = ? AND person_id IS NULL RETURNING id",
        [person_id, request_id],
    ).fetchall()
    return len(rows)


def exists_for_request(cur: Cursor, request_id: int, kind: str) -> bool:
    return (
        first_row(cur, "SELECT 1 FROM letter WHERE request_id = ? AND kind = ?", [request_id, kind])
        is not None
    )


def kind_of(cur: Cursor, letter_id: int) -> str | None:
    row = first_row(cur, "SELECT kind FROM letter WHERE id = ?", [letter_id])
    return str(row[0]) if row else None
