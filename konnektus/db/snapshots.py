"""The daily snapshot (table `daily_snapshot`, migration 010): counts kept once a day for what
cannot be recomputed later from the records, chiefly how many people were in each retention
state on a past day (O6) and how many held data they should not have (O1). Counts only.

The daily retention job writes the day's figures after its run (`take`); the demo generator
fills the past backwards (`backfill_demo`).
"""

from __future__ import annotations

from datetime import date
from typing import Final

from konnektus.db.database import Cursor
from konnektus.db.minimisation import EXCESS_ITEM_FROM, EXCESS_ITEM_WHERE
from konnektus.db.retention_sql import RETENTION_STATE_SQL, state_params
from konnektus.domain.retention import RetentionPolicy

RETENTION_PREFIX: Final = "retention:"
EXCESS_DATA: Final = "excess_data_people"

_STATES_OF_LIVING = (
    f"SELECT ? AS day, '{RETENTION_PREFIX}' || {RETENTION_STATE_SQL} AS measure, count(*)"  # noqa: S608
    " FROM person p WHERE p.erased_at IS NULL GROUP BY ALL"
)
_EXCESS = (
    f"SELECT ?, '{EXCESS_DATA}', count(DISTINCT i.person_id)"  # noqa: S608
    f" FROM {EXCESS_ITEM_FROM} WHERE {EXCESS_ITEM_WHERE}"
)


def take(cur: Cursor, day: date, policy: RetentionPolicy) -> None:
    """Write (or write again) the figures of `day`, as the records stand now."""
    cur.execute("DELETE FROM daily_snapshot WHERE day = ?", [day])
    cur.execute(
        f"INSERT INTO daily_snapshot {_STATES_OF_LIVING}", [day, *state_params(day, policy)]
    )
    cur.execute(f"INSERT INTO daily_snapshot {_EXCESS}", [day])


# The demo's past, approximated from the records of today: a person counts from the day they
# were created until the day they were erased; an extension question or reminder counts from
# the day it was sent. (Stages and granted extensions are taken as they stand today, and the
# excess-data count as it is today.) One set-based query over every day at once.
_PAST_PERSON: Final = """
    (SELECT d.day, q.stage, q.retention_expiry,
        CASE WHEN q.extension_asked_on > d.day THEN 'none' ELSE q.extension_state END
            AS extension_state,
        CASE WHEN q.extension_asked_on > d.day THEN NULL ELSE q.extension_asked_on END
            AS extension_asked_on,
        CASE WHEN q.extension_reminded_on > d.day THEN NULL ELSE q.extension_reminded_on END
            AS extension_reminded_on
     FROM (SELECT unnest($days::DATE[]) AS day) d
     JOIN person q ON CAST(q.created_at AS DATE) <= d.day
       AND (q.erased_at IS NULL OR CAST(q.erased_at AS DATE) > d.day)) p
"""


def _state_of_past_day() -> str:
    """RETENTION_STATE_SQL with its five dates (see state_params) taken from each row's day."""
    dates = ["p.day - $wait", "p.day + $reminder", "p.day - $wait", "p.day", "p.day + $lead"]
    sql = RETENTION_STATE_SQL
    for expression in dates:
        sql = sql.replace("?", f"({expression})", 1)
    assert "?" not in sql
    return sql


def backfill_demo(cur: Cursor, days: list[date], policy: RetentionPolicy) -> None:
    """Fill the snapshots of `days` for demo data (see _PAST_PERSON)."""
    if not days:
        return
    cur.execute("DELETE FROM daily_snapshot WHERE list_contains(?, day)", [days])
    cur.execute(
        f"INSERT INTO daily_snapshot SELECT p.day, '{RETENTION_PREFIX}' || {_state_of_past_day()},"  # noqa: S608
        f" count(*) FROM {_PAST_PERSON} GROUP BY ALL",
        {
            "days": days,
            "wait": policy.wait_days,
            "reminder": policy.reminder_days,
            "lead": policy.lead_days,
        },
    )
    cur.execute(
        f"INSERT INTO daily_snapshot SELECT unnest(?::DATE[]), '{EXCESS_DATA}',"  # noqa: S608
        f" (SELECT count(DISTINCT i.person_id) FROM {EXCESS_ITEM_FROM} WHERE {EXCESS_ITEM_WHERE})",
        [days],
    )


def on_or_before(cur: Cursor, day: date) -> dict[str, int]:
    """The latest snapshot taken on or before `day` (measure -> value); empty if none."""
    rows = cur.execute(
        "SELECT measure, value FROM daily_snapshot WHERE day = "
        "(SELECT max(day) FROM daily_snapshot WHERE day <= ?)",
        [day],
    ).fetchall()
    return {str(m): int(v) for m, v in rows}
