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


# The demo's past, from the records' own dates as of each day (`$days`), in one set-based
# query over every day at once. The records change on a few days per person (created,
# employed, asked, answered, reminded), so the rule's inputs are worked out once per span
# between two such days and each day is matched to its span:
# - a person counts from the day they were created until the day they were erased;
# - they are employed on a day inside one of their employments (start, end), else a
#   candidate (their stage today says nothing of the days before they were placed);
# - their extension question on a day is the last one asked by then (retention_contact):
#   none; asked (not answered yet then; the reminder recorded for it counts from its day);
#   or answered by then: declined, no answer, or a yes, after which the clock runs again;
# - their term ends 24 months after its start, 24 months later for each yes by then; after
#   the last yes it is the expiry stored today. (Between two yeses the demo's own rule, 24
#   months on the expiry before; the retention rule takes the later of that and the day of
#   the yes, which the records do not keep.)
# For the day of the records themselves this gives exactly today's states (tested). The
# excess-data count is taken as it is today: the records do not say when an item came.
_PAST_PERSON: Final = """
    (WITH asks AS (
        SELECT person_id, contacted_on, answer, answered_on
        FROM retention_contact WHERE kind = 'ask'
     ),
     yeses AS (
        SELECT person_id, answered_on,
               row_number() OVER (PARTITION BY person_id ORDER BY answered_on) AS yeses
        FROM asks WHERE answer = 'granted'
     ),
     -- the days a person's records change: inputs of the rule stay the same until the next
     bounds AS (
        SELECT id AS person_id, CAST(created_at AS DATE) AS since FROM person
        UNION SELECT person_id, start_date FROM employment
        UNION SELECT person_id, end_date + 1 FROM employment WHERE end_date IS NOT NULL
        UNION SELECT person_id, contacted_on FROM asks
        UNION SELECT person_id, answered_on FROM asks WHERE answered_on IS NOT NULL
        UNION SELECT id, extension_reminded_on FROM person
              WHERE extension_reminded_on IS NOT NULL
     ),
     spans AS (
        SELECT person_id, since,
               lead(since) OVER (PARTITION BY person_id ORDER BY since) AS until
        FROM bounds
     ),
     -- each span's inputs, as the records stood on its first day
     inputs AS (
        SELECT s.since, s.until, CAST(q.created_at AS DATE) AS created_on,
               CAST(q.erased_at AS DATE) AS erased_on,
               CASE WHEN e.start_date IS NOT NULL
                         AND (e.end_date IS NULL OR e.end_date >= s.since)
                    THEN 'employed' ELSE 'applicant' END AS stage,
               CASE WHEN coalesce(g.yeses, 0) >= q.retention_extensions THEN q.retention_expiry
                    ELSE CAST(q.retention_term_start + INTERVAL 24 MONTH
                              + to_months(24 * coalesce(g.yeses, 0)) AS DATE)
                    END AS retention_expiry,
               CASE WHEN a.contacted_on IS NULL THEN 'none'
                    WHEN a.answered_on <= s.since THEN
                        CASE WHEN a.answer IN ('declined', 'no_answer') THEN a.answer
                             ELSE 'none' END
                    ELSE 'asked' END AS extension_state,
               CASE WHEN a.answered_on IS NULL OR a.answered_on > s.since
                    THEN a.contacted_on END AS extension_asked_on,
               CASE WHEN (a.answered_on IS NULL OR a.answered_on > s.since)
                         AND q.extension_asked_on = a.contacted_on
                         AND q.extension_reminded_on <= s.since
                    THEN q.extension_reminded_on END AS extension_reminded_on
        FROM spans s JOIN person q ON q.id = s.person_id
        ASOF LEFT JOIN employment e ON e.person_id = s.person_id AND e.start_date <= s.since
        ASOF LEFT JOIN asks a ON a.person_id = s.person_id AND a.contacted_on <= s.since
        ASOF LEFT JOIN yeses g ON g.person_id = s.person_id AND g.answered_on <= s.since
     )
     SELECT d.day, i.stage, i.retention_expiry, i.extension_state, i.extension_asked_on,
            i.extension_reminded_on
     FROM (SELECT unnest($days::DATE[]) AS day) d
     JOIN inputs i ON i.since <= d.day AND (i.until IS NULL OR d.day < i.until)
       AND i.created_on <= d.day AND (i.erased_on IS NULL OR i.erased_on > d.day)) p
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
    """Fill the snapshots of `days` for demo data: each day's retention states from the
    records' own dates as of that day (see _PAST_PERSON)."""
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
