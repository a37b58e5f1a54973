"""SQL of the retention page (O6): counts, the chart, the action lists, the town filter.
The writes (asking, reminding, answers) are in db/retention_writes.py.

Every state comes from RETENTION_STATE_SQL, the SQL twin of the domain rule, so the counts,
the lists and the conditional updates agree with each other and with the home page. Only
constant SQL lives here; values go in as parameters.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Final

import pandas as pd

from konnektus.db.database import Cursor
from konnektus.db.retention_sql import RETENTION_STATE_SQL, state_params
from konnektus.domain.retention import (
    EMPLOYED_STAGES,
    RetentionPolicy,
    age_bounds,
)


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
