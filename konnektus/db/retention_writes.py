"""SQL of the extension question (O6): asking, reminding, print files, answers.

Work on many people is set-based: the people to act on go in as one registered frame, never
as one statement per person. Every change is conditional on the state the user saw. Only
constant SQL lives here; values go in as parameters.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any, Final

import pandas as pd

from konnektus.db import bulk
from konnektus.db import letters as letter_rows
from konnektus.db.database import Cursor, first_row
from konnektus.db.retention_sql import RETENTION_STATE_SQL, state_params
from konnektus.domain.retention import ASKABLE, REMINDABLE, RetentionPolicy

PRINT_BATCH: Final = "print_batch"
# audit actions whose subject is a person's extension question ("already done by ...")
RETENTION_ACTIONS: Final = ("retention_asked", "retention_reminded", "extension_answer")
_TARGETS: Final = "_retention_targets"

_ASKED_COLUMNS: Final = (
    "p.id, p.reference, p.given_name, p.tussenvoegsel, p.family_name, p.email, p.street,"
    " p.postcode, p.city, p.language, p.retention_expiry, p.extension_asked_on"
)


def _targets_frame(targets: Sequence[tuple[int, date]]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "id": pd.Series([t[0] for t in targets], dtype="int64"),
            "seen_expiry": pd.Series([t[1] for t in targets], dtype="datetime64[s]"),
        }
    )


def _mark(
    cur: Cursor,
    assignment: str,
    states: frozenset[Any],
    targets: Sequence[tuple[int, date]],
    today: date,
    policy: RetentionPolicy,
) -> pd.DataFrame:
    """Find who of `targets` is still in one of `states` with the expiry seen, change them
    with `assignment` (one parameter: today), and return what their letters need.

    Three statements instead of UPDATE ... RETURNING, which in DuckDB 2 costs about 0.35 ms
    per returned row at a million people (a plain UPDATE of 2,000 rows: about 10 ms). Inside
    the caller's transaction the three see the same rows; the UPDATE repeats the condition."""
    state_list = sorted(s.value for s in states)
    cur.register(_TARGETS, _targets_frame(targets))
    try:
        found = cur.execute(
            f"SELECT p.id FROM person p JOIN {_TARGETS} t ON t.id = p.id"  # noqa: S608
            " AND p.retention_expiry = t.seen_expiry::DATE"
            f" WHERE p.erased_at IS NULL AND list_contains(?, {RETENTION_STATE_SQL})",
            [state_list, *state_params(today, policy)],
        ).fetchall()
    finally:
        cur.unregister(_TARGETS)
    ids = sorted(int(row[0]) for row in found)
    if ids:
        changed = first_row(
            cur,
            f"UPDATE person AS p SET {assignment} WHERE p.id = ANY(?::BIGINT[])"  # noqa: S608
            f" AND p.erased_at IS NULL AND list_contains(?, {RETENTION_STATE_SQL})",
            [today, ids, state_list, *state_params(today, policy)],
        )
        if changed is None or int(changed[0]) != len(ids):
            raise RuntimeError("People changed while they were being asked; nothing was sent.")
    return cur.execute(
        f"SELECT {_ASKED_COLUMNS} FROM person p WHERE p.id = ANY(?::BIGINT[]) ORDER BY p.id",  # noqa: S608
        [ids],
    ).df()


def mark_asked(
    cur: Cursor, targets: Sequence[tuple[int, date]], today: date, policy: RetentionPolicy
) -> pd.DataFrame:
    """Put the question to everyone in `targets` (id, expiry seen) who may still be asked for
    this term: due or expired, not yet asked, same expiry. Returns those changed, with what
    their letter needs; the rest were changed by someone else in the meantime."""
    return _mark(
        cur,
        "extension_state = 'asked', extension_asked_on = ?, extension_reminded_on = NULL",
        ASKABLE,
        targets,
        today,
        policy,
    )


def mark_reminded(
    cur: Cursor, targets: Sequence[tuple[int, date]], today: date, policy: RetentionPolicy
) -> pd.DataFrame:
    """The reminder, once: only people whose reminder is due and not yet sent."""
    return _mark(cur, "extension_reminded_on = ?", REMINDABLE, targets, today, policy)


def bounced(cur: Cursor, person_ids: Sequence[int]) -> set[int]:
    """The people among `person_ids` whose last e-mailed letter failed to arrive."""
    if not person_ids:
        return set()
    cur.register(_TARGETS, pd.DataFrame({"id": pd.Series(person_ids, dtype="int64")}))
    try:
        rows = cur.execute(
            f"SELECT l.person_id FROM letter l JOIN {_TARGETS} t ON t.id = l.person_id"  # noqa: S608
            " WHERE l.recipient_email IS NOT NULL GROUP BY l.person_id"
            " HAVING arg_max(l.delivery_status, l.id) = 'failed'"
        ).fetchall()
    finally:
        cur.unregister(_TARGETS)
    return {int(row[0]) for row in rows}


def add_letters(cur: Cursor, letters: pd.DataFrame) -> None:
    """Letters into the outbox in one statement (person_id, kind, language, recipient_email,
    subject, body, created_at, delivery_status)."""
    bulk.insert_frame(cur, "letter", letters)


def add_contacts(cur: Cursor, contacts: pd.DataFrame) -> None:
    """Retention contacts in one statement (person_id, contacted_on, channel, kind)."""
    bulk.insert_frame(cur, "retention_contact", contacts)


def add_print_batch(cur: Cursor, *, language: str, subject: str, html: str, at: datetime) -> int:
    """The print file of one batch, kept as a letter without a person (nothing to deliver)."""
    return letter_rows.add(
        cur,
        person_id=None,
        request_id=None,
        kind=PRINT_BATCH,
        language=language,
        recipient_email=None,
        subject=subject,
        body=html,
        at=at,
    )


def print_batches(cur: Cursor, limit: int) -> pd.DataFrame:
    return cur.execute(
        "SELECT id, created_at, subject FROM letter WHERE kind = ? ORDER BY id DESC LIMIT ?",
        [PRINT_BATCH, limit],
    ).df()


def print_batch(cur: Cursor, letter_id: int) -> tuple[str, str] | None:
    row = first_row(
        cur, "SELECT subject, body FROM letter WHERE id = ? AND kind = ?", [letter_id, PRINT_BATCH]
    )
    return (str(row[0]), str(row[1])) if row else None


def last_change(cur: Cursor, person_id: int) -> tuple[str | None, datetime | None]:
    """Who last acted on this person's extension question, and when (for "already done")."""
    row = first_row(
        cur,
        "SELECT coalesce(s.name, a.role), a.occurred_at FROM audit_entry a"
        " LEFT JOIN staff s ON s.id = a.staff_id WHERE list_contains(?, a.action)"
        " AND (a.object_id = ? OR list_contains("
        "  coalesce(json_extract(a.details, '$.person_ids')::BIGINT[], []), ?))"
        " ORDER BY a.id DESC LIMIT 1",
        [list(RETENTION_ACTIONS), person_id, person_id],
    )
    return (row[0], row[1]) if row else (None, None)


def set_extension_answer(
    cur: Cursor,
    person_id: int,
    seen_state: str,
    seen_expiry: date,
    answer: str,
    new_expiry: date | None,
    add_extension: bool,
) -> bool:
    """Record the answer if the question still stands as the user saw it (same state and
    expiry), so a second click cannot extend twice."""
    row = first_row(
        cur,
        "UPDATE person SET extension_state = ?,"
        " retention_expiry = coalesce(?, retention_expiry),"
        " retention_extensions = retention_extensions + CASE WHEN ? THEN 1 ELSE 0 END,"
        # a yes settles the question: the next term gets its own ask and reminder
        " extension_asked_on = CASE WHEN ? THEN NULL ELSE extension_asked_on END,"
        " extension_reminded_on = CASE WHEN ? THEN NULL ELSE extension_reminded_on END"
        " WHERE id = ? AND extension_state = ? AND retention_expiry = ? AND erased_at IS NULL"
        " RETURNING id",
        [
            answer,
            new_expiry,
            add_extension,
            add_extension,
            add_extension,
            person_id,
            seen_state,
            seen_expiry,
        ],
    )
    return row is not None


def record_answer_contact(cur: Cursor, person_id: int, on: date, channel: str, answer: str) -> None:
    """The answer closes the open asks and reminders, and is itself a contact (its channel)."""
    cur.execute(
        "UPDATE retention_contact SET answer = ?, answered_on = ?"
        " WHERE person_id = ? AND answer IS NULL",
        [answer, on, person_id],
    )
    cur.execute(
        "INSERT INTO retention_contact (person_id, contacted_on, channel, answer, answered_on,"
        " kind) VALUES (?, ?, ?, ?, ?, 'answer')",
        [person_id, on, channel, answer, on],
    )
