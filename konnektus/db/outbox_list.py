"""SQL for the outbox page (issue 20): the letters with their person's reference, their
states counted, a failed letter put back to wait, letters marked printed.

`kinds` limits the letters to those kinds (the back office's), None means every kind. The
person appears by reference only, never by name: the page is a list of post, not of people.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Final

import pandas as pd

from konnektus.db.database import Cursor

_WHERE: Final = (
    " WHERE l.kind NOT IN (SELECT unnest($not_letters::VARCHAR[]))"
    " AND ($kinds::VARCHAR[] IS NULL OR list_contains($kinds::VARCHAR[], l.kind))"
)


def _params(kinds: tuple[str, ...] | None, not_letters: frozenset[str]) -> dict[str, Any]:
    return {"kinds": None if kinds is None else list(kinds), "not_letters": sorted(not_letters)}


def listed(cur: Cursor, kinds: tuple[str, ...] | None, not_letters: frozenset[str]) -> pd.DataFrame:
    """Every letter, newest first, with what the page shows of it."""
    return cur.execute(
        "SELECT l.id, l.kind, l.delivery_status, l.printed_at, l.posted_at,"  # noqa: S608
        " l.created_at, l.sent_at, l.attempts, l.request_id, pe.reference"
        " FROM letter l LEFT JOIN person pe ON pe.id = l.person_id"
        + _WHERE
        + " ORDER BY l.created_at DESC, l.id DESC",
        _params(kinds, not_letters),
    ).df()


def for_post(
    cur: Cursor, ids: list[int], kinds: tuple[str, ...] | None, not_letters: frozenset[str]
) -> pd.DataFrame:
    """The chosen letters that go by post (no address, not posted), with the address block:
    the person's, else the requester's name (a request from someone not yet matched)."""
    return cur.execute(
        "SELECT l.id, l.language, l.subject, l.body, l.created_at,"  # noqa: S608
        " pe.given_name,"
        " pe.tussenvoegsel, pe.family_name, pe.street, pe.postcode, pe.city,"
        " coalesce(pe.reference, CAST(l.request_id AS VARCHAR)) AS reference,"
        " rq.requester_name"
        " FROM letter l LEFT JOIN person pe ON pe.id = l.person_id"
        " LEFT JOIN request rq ON rq.id = l.request_id"
        + _WHERE
        + " AND l.delivery_status = 'not_applicable'"
        " AND l.id IN (SELECT unnest($ids::BIGINT[])) ORDER BY l.id",
        {**_params(kinds, not_letters), "ids": ids},
    ).df()


def mark_printed(cur: Cursor, ids: list[int], at: datetime) -> int:
    """The letters went into a downloaded print file; the first print counts."""
    done = cur.execute(
        "UPDATE letter SET printed_at = coalesce(printed_at, $at)"
        " WHERE id IN (SELECT unnest($ids::BIGINT[])) AND delivery_status = 'not_applicable'"
        " RETURNING id",
        {"at": at, "ids": ids},
    ).fetchall()
    return len(done)


def retry(cur: Cursor, letter_id: int) -> bool:
    """A failed letter waits again, with its attempts counted afresh; only a failed one, so a
    second click (or a second screen) changes nothing."""
    done = cur.execute(
        "UPDATE letter SET delivery_status = 'pending', attempts = 0, last_error = NULL"
        " WHERE id = ? AND delivery_status = 'failed' RETURNING id",
        [letter_id],
    ).fetchall()
    return bool(done)


def kind_of(cur: Cursor, letter_id: int) -> str | None:
    rows = cur.execute("SELECT kind FROM letter WHERE id = ?", [letter_id]).fetchall()
    return str(rows[0][0]) if rows else None
