"""Letters that go by post, and when an extension notice counts as sent (issue 10): only once
it has been delivered, by the outbox or by the DPO recording that it went in the post."""

from __future__ import annotations

from datetime import datetime

from konnektus.db.database import Cursor, first_row


def kind_and_request(cur: Cursor, letter_id: int) -> tuple[str, int | None] | None:
    row = first_row(cur, "SELECT kind, request_id FROM letter WHERE id = ?", [letter_id])
    return None if row is None else (str(row[0]), None if row[1] is None else int(row[1]))


def mark_posted(cur: Cursor, letter_id: int, at: datetime) -> bool:
    """A letter without an e-mail address went in the post: it counts as sent."""
    row = first_row(
        cur,
        "UPDATE letter SET delivery_status = 'sent', sent_at = ?, posted_at = ? WHERE id = ?"
        " AND delivery_status = 'not_applicable' AND sent_at IS NULL RETURNING id",
        [at, at, letter_id],
    )
    return row is not None


def mark_notice_sent(cur: Cursor, request_id: int, at: datetime) -> None:
    cur.execute(
        "UPDATE request SET extension_notice_sent_at = ? WHERE id = ?"
        " AND extension_notice_sent_at IS NULL",
        [at, request_id],
    )
