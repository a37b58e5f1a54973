"""SQL of the retention page (O6): counts, the action lists, the extension question.

Every state comes from RETENTION_STATE_SQL, the SQL twin of the domain rule, so the counts,
the lists and the conditional updates agree with each other and with the home page. Work on
many people is set-based: the people to act on go in as one registered frame, never as one
statement per person. Only constant SQL lives here; values go in as parameters.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Final

import pandas as pd

from konnektus.db import bulk
from konnektus.db import letters as letter_rows
from konnektus.db.database import Cursor, first_row
from konnektus.db.retention_sql import RETENTION_STATE_SQL, state_params
from konnektus.domain.retention import (
    ASKABLE,
    EMPLOYED_STAGES,
    REMINDABLE,
    RetentionPolicy,
    age_bounds,
)

PRINT_BATCH: Final = "print_batch"
# audit actions whose subject is a person's extension question ("already done by ...")
RETENTION_ACTIONS: Final = ("retention_asked", "retention_reminded", "extension_answer")
_TARGETS: Final = "_retention_targets"


@dataclass(frozen=True)
class RetentionFilter:
    """The page's filters; None or empty means everyone."""

    recruiter_id: int | None = None
    stages: tuple[str, ...] = ()
    city: str | None = None


def _conditions(where: RetentionFilter) -> tuple[str, list[Any]]:
    parts = ["p.erased_at IS NULL"]
    params: list[Any] = []
    if where.recruiter_id is not None:
        parts.append("p.recruiter_id = ?")
        params.append(where.recruiter_id)
    if where.stages:
        parts.append("list_contains(?, p.stage)")
        params.append(list(where.stages))
    if where.city:
        parts.append("p.city = ?")
        params.append(where.city)
    return " AND ".join(parts), params


# the index in AGE_BUCKETS, by the domain's bounds (age_bounds), oldest first
_AGE_SQL: Final = (
    "CASE WHEN p.retention_term_start <= ? THEN 4 WHEN p.retention_term_start <= ? THEN 3"
    " WHEN p.retention_term_start <= ? THEN 2 WHEN p.retention_term_start <= ? THEN 1"
    " ELSE 0 END"
)


def state_age_counts(
    cur: Cursor, where: RetentionFilter, today: date, policy: RetentionPolicy
) -> list[tuple[str, int, int]]:
    """(state, age bucket, people): the chart and the counts per state in one pass."""
    conditions, params = _conditions(where)
    rows = cur.execute(
        f"SELECT {RETENTION_STATE_SQL} AS state, {_AGE_SQL} AS age, count(*) AS people"  # noqa: S608
        f" FROM person p WHERE {conditions} GROUP BY ALL ORDER BY ALL",
        [*state_params(today, policy), *reversed(age_bounds(today)), *params],
    ).fetchall()
    return [(str(state), int(age), int(people)) for state, age, people in rows]


_LIST_COLUMNS: Final = (
    "p.id, p.reference, p.given_name, p.tussenvoegsel, p.family_name, p.email, p.city,"
    " p.stage, s.name AS recruiter, p.retention_expiry, p.extension_state,"
    " p.extension_asked_on, p.extension_reminded_on"
)


# A cheap superset of everyone on an action list, on plain columns the scan can filter:
# not employed, and either an answer or question on file or an expiry within the lead time.
# It spares the state rule and the sorting for the many whose clock simply runs.
_MAY_NEED_ACTION: Final = (
    "NOT list_contains(?, p.stage) AND (p.extension_state <> 'none' OR p.retention_expiry <= ?)"
)


def _may_need_action_params(today: date, policy: RetentionPolicy) -> list[Any]:
    return [sorted(EMPLOYED_STAGES), today + timedelta(days=policy.lead_days)]


def list_pages(
    cur: Cursor,
    where: RetentionFilter,
    today: date,
    policy: RetentionPolicy,
    windows: Sequence[tuple[str, int, int]],
    own_recruiter_id: int | None = None,
) -> pd.DataFrame:
    """One page of each action list in one query: `windows` holds (state, offset, limit).
    Soonest expiry first; `own_recruiter_id`'s candidates before everyone else's. Every
    list's total comes along; a list whose page is empty gives one row without an id.

    One pass over everyone: the state of each person once, and per list its first ids in
    order (a top-n aggregate), which is far cheaper than sorting or numbering every row."""
    conditions, params = _conditions(where)
    lists = [w[0] for w in windows]
    firsts = [w[1] for w in windows]
    lasts = [w[1] + w[2] for w in windows]
    return cur.execute(
        "WITH picked AS MATERIALIZED (SELECT state, count(*) AS total,"  # noqa: S608
        "  arg_min(id, (NOT own, retention_expiry, id), ?) AS ids"
        f" FROM (SELECT p.id, {RETENTION_STATE_SQL} AS state, p.retention_expiry,"
        f"  coalesce(p.recruiter_id = ?, FALSE) AS own FROM person p WHERE {conditions}"
        f"  AND {_MAY_NEED_ACTION})"
        # every state is grouped; the join with the windows picks the lists afterwards
        # (a filter on the state of each row would cost a join over everyone)
        " GROUP BY state),"
        " w AS (SELECT unnest(?::VARCHAR[]) AS state, unnest(?::BIGINT[]) AS first,"
        "  unnest(?::BIGINT[]) AS last),"
        " shown AS (SELECT k.state, list_slice(k.ids, w.first + 1, w.last) AS ids"
        "  FROM picked k JOIN w ON w.state = k.state),"
        " pg AS (SELECT state, unnest(ids) AS id, unnest(range(1, len(ids) + 1)) AS pos"
        "  FROM shown)"
        f" SELECT k.state, k.total, {_LIST_COLUMNS}"
        " FROM picked k JOIN w ON w.state = k.state LEFT JOIN pg ON pg.state = k.state"
        " LEFT JOIN person p ON p.id = pg.id"
        " LEFT JOIN staff s ON s.id = p.recruiter_id ORDER BY k.state, pg.pos",
        [
            max(lasts, default=0),
            *state_params(today, policy),
            own_recruiter_id,
            *params,
            *_may_need_action_params(today, policy),
            lists,
            firsts,
            lasts,
        ],
    ).df()


def list_members(
    cur: Cursor,
    state: str,
    where: RetentionFilter,
    today: date,
    policy: RetentionPolicy,
) -> list[tuple[int, date]]:
    """(person id, expiry) of everyone on the list of `state` under the filter: "the whole
    list", resolved here rather than from whatever page the screen happened to show."""
    conditions, params = _conditions(where)
    rows = cur.execute(
        f"SELECT p.id, p.retention_expiry FROM person p WHERE {conditions}"  # noqa: S608
        f" AND {RETENTION_STATE_SQL} = ? ORDER BY p.retention_expiry, p.id",
        [*params, *state_params(today, policy), state],
    ).fetchall()
    return [(int(person_id), expiry) for person_id, expiry in rows]


def towns(cur: Cursor, recruiter_id: int | None) -> list[str]:
    rows = cur.execute(
        "SELECT DISTINCT city FROM person WHERE erased_at IS NULL AND city IS NOT NULL"
        " AND (?::BIGINT IS NULL OR recruiter_id = ?) ORDER BY city",
        [recruiter_id, recruiter_id],
    ).fetchall()
    return [str(row[0]) for row in rows]


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
