"""The access answer kept with its request until delivered (migration 013)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from konnektus.db.database import Cursor, first_row


def put(
    cur: Cursor,
    *,
    request_id: int,
    at: datetime,
    delivery: str,
    filename: str,
    content: bytes,
    sha256: str,
    letter_id: int | None,
) -> bool:
    """Store (or replace) the export of a request not yet delivered; False when it was."""
    row = first_row(
        cur,
        "INSERT INTO request_export (request_id, created_at, delivery, filename, content,"
        " sha256, size_bytes, letter_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (request_id) DO UPDATE SET created_at = excluded.created_at,"
        " delivery = excluded.delivery, filename = excluded.filename,"
        " content = excluded.content, sha256 = excluded.sha256,"
        " size_bytes = excluded.size_bytes, letter_id = excluded.letter_id,"
        " password_channel = NULL, password_sent_at = NULL"
        " WHERE request_export.delivered_at IS NULL RETURNING request_id",
        [request_id, at, delivery, filename, content, sha256, len(content), letter_id],
    )
    return row is not None


def get(cur: Cursor, request_id: int) -> dict[str, Any] | None:
    rows = cur.execute("SELECT * FROM request_export WHERE request_id = ?", [request_id]).fetchall()
    if not rows:
        return None
    return dict(zip([d[0] for d in cur.description], rows[0], strict=True))


def attachment_for_letter(cur: Cursor, letter_id: int) -> tuple[str, bytes] | None:
    """(file name, encrypted ZIP) that goes with the access cover letter `letter_id`."""
    row = first_row(
        cur,
        "SELECT filename, content FROM request_export WHERE letter_id = ?"
        " AND delivery = 'encrypted_email' AND content IS NOT NULL",
        [letter_id],
    )
    return None if row is None else (str(row[0]), bytes(row[1]))


def record_password_sent(cur: Cursor, request_id: int, channel: str, at: datetime) -> bool:
    row = first_row(
        cur,
        "UPDATE request_export SET password_channel = ?, password_sent_at = ?"
        " WHERE request_id = ? AND delivery = 'encrypted_email' AND password_sent_at IS NULL"
        " RETURNING request_id",
        [channel, at, request_id],
    )
    return row is not None


def mark_delivered(cur: Cursor, request_id: int, at: datetime) -> bool:
    """Delivered: the content goes, the facts stay."""
    row = first_row(
        cur,
        "UPDATE request_export SET delivered_at = ?, content = NULL"
        " WHERE request_id = ? AND delivered_at IS NULL RETURNING request_id",
        [at, request_id],
    )
    return row is not None


def request_of_letter(cur: Cursor, letter_id: int) -> int | None:
    row = first_row(
        cur,
        "SELECT request_id FROM request_export WHERE letter_id = ? AND delivered_at IS NULL",
        [letter_id],
    )
    return None if row is None else int(row[0])


def forget_person(cur: Cursor, person_id: int) -> None:
    """An erasure drops any answer not yet delivered to the person."""
    cur.execute(
        "UPDATE request_export SET content = NULL WHERE request_id IN"
        " (SELECT id FROM request WHERE person_id = ?)",
        [person_id],
    )


COVER_KINDS = ("access_cover", "access_cover_post")


def waiting_cover_letter(cur: Cursor, request_id: int) -> int | None:
    """The request's cover letter while it has not gone out yet."""
    row = first_row(
        cur,
        "SELECT id FROM letter WHERE request_id = ? AND list_contains(?, kind)"
        " AND delivery_status IN ('pending', 'failed', 'not_applicable') AND sent_at IS NULL"
        " ORDER BY id DESC LIMIT 1",
        [request_id, list(COVER_KINDS)],
    )
    return None if row is None else int(row[0])


def rewrite_waiting(
    cur: Cursor, letter_id: int, *, kind: str, recipient_email: str | None, subject: str, body: str
) -> None:
    cur.execute(
        "UPDATE letter SET kind = ?, recipient_email = ?, subject = ?, body = ?,"
        " delivery_status = CASE WHEN ? IS NULL THEN 'not_applicable' ELSE 'pending' END"
        " WHERE id = ? AND sent_at IS NULL AND delivery_status <> 'sending'",
        [kind, recipient_email, subject, body, recipient_email, letter_id],
    )
