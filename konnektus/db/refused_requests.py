"""SQL for refused requests from outside parties (O8: every request is recorded)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pandas as pd

from konnektus.db.database import Cursor
from konnektus.db.sharing import any_shown, withheld_columns


def _one(cur: Cursor, sql: str, params: dict[str, Any]) -> tuple[Any, ...] | None:
    rows = cur.execute(sql, params).fetchall()
    return tuple(rows[0]) if rows else None


def insert(cur: Cursor, values: dict[str, Any]) -> int:
    row = _one(
        cur,
        "INSERT INTO refused_request (person_id, recipient_id, data_categories, purpose,"
        " purpose_note, received_on, reason, note, recorded_at, recorded_by, notified_on,"
        " notice_deferral_ground, notice_deferred_until) VALUES ($person_id, $recipient_id,"
        " $data_categories, $purpose, $purpose_note, $received_on, $reason, $note,"
        " $recorded_at, $recorded_by, $notified_on, $notice_deferral_ground,"
        " $notice_deferred_until) RETURNING id",
        values,
    )
    assert row is not None
    return int(row[0])


def recent_same(cur: Cursor, values: dict[str, Any], since: datetime) -> int | None:
    """An identical record made since `since` (a double click), or None."""
    row = _one(
        cur,
        "SELECT id FROM refused_request WHERE person_id = $person_id"
        " AND recipient_id = $recipient_id AND received_on = $received_on"
        " AND reason = $reason AND purpose = $purpose AND recorded_at >= $since"
        " ORDER BY id DESC LIMIT 1",
        {k: values[k] for k in ("person_id", "recipient_id", "received_on", "reason", "purpose")}
        | {"since": since},
    )
    return None if row is None else int(row[0])


def get(cur: Cursor, refused_id: int) -> dict[str, Any] | None:
    """One record with what its letter needs: the party, the person's name and address."""
    rows = cur.execute(
        "SELECT q.*, r.name AS recipient, pe.given_name, pe.tussenvoegsel, pe.family_name,"
        " pe.email, pe.language, pe.reference, pe.street, pe.postcode, pe.city,"
        " pe.erased_at IS NOT NULL AS erased FROM refused_request q"
        " JOIN recipient r ON r.id = q.recipient_id JOIN person pe ON pe.id = q.person_id"
        " WHERE q.id = ?",
        [refused_id],
    ).fetchall()
    if not rows:
        return None
    return dict(zip([d[0] for d in cur.description], rows[0], strict=True))


def mark_queued(cur: Cursor, refused_id: int, letter_id: int) -> bool:
    """Link one record to the letter that tells of it, only while untold and unqueued; True
    when it was changed. It counts as told only when the letter goes (`told_by`)."""
    done = cur.execute(
        "UPDATE refused_request SET notice_letter_id = ? WHERE id = ? AND notified_on IS NULL"
        " AND notice_letter_id IS NULL RETURNING id",
        [letter_id, refused_id],
    ).fetchall()
    return bool(done)


def told_by(cur: Cursor, letter_id: int, on: date) -> int:
    """The letter was delivered or posted on `on`: the refused request it tells of is told."""
    done = cur.execute(
        "UPDATE refused_request SET notified_on = ? WHERE notice_letter_id = ?"
        " AND notified_on IS NULL RETURNING id",
        [on, letter_id],
    ).fetchall()
    return len(done)


def listed(cur: Cursor, first_day: date, last_day: date, hidden: list[str]) -> pd.DataFrame:
    """The refused requests received on the Amsterdam days first..last, newest first, with
    the party's name and the person's reference and name (the service decides who sees).
    Categories in `hidden` are left out, a request for nothing else is not listed, and the
    purpose of one that asked for them is withheld (sharing.withheld_columns)."""
    sql = f"""
        SELECT q.id, q.received_on, q.person_id, pe.reference, pe.given_name,
            pe.tussenvoegsel, pe.family_name, pe.erased_at IS NOT NULL AS erased,
            q.recipient_id, r.name AS recipient, {withheld_columns("q")},
            q.reason, q.note, q.notified_on, q.notice_deferral_ground, q.notice_deferred_until,
            q.notice_letter_id
        FROM refused_request q JOIN recipient r ON r.id = q.recipient_id
        JOIN person pe ON pe.id = q.person_id
        WHERE q.received_on BETWEEN $first AND $last AND {any_shown("q")}
        ORDER BY q.received_on DESC, q.id DESC
    """  # noqa: S608 -- fragments are code constants
    return cur.execute(
        sql,
        {"first": first_day, "last": last_day, "hidden": hidden},
    ).df()


def counts(cur: Cursor, first_day: date, last_day: date, today: date) -> tuple[int, int, int]:
    """(refused, told, deferred on `today`) of the requests received first..last."""
    row = _one(
        cur,
        "SELECT count(*), count(*) FILTER (notified_on IS NOT NULL),"
        " count(*) FILTER (notified_on IS NULL AND notice_deferred_until >= $today)"
        " FROM refused_request WHERE received_on BETWEEN $first AND $last",
        {"first": first_day, "last": last_day, "today": today},
    )
    assert row is not None
    return int(row[0]), int(row[1]), int(row[2])
