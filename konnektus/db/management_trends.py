"""The trends of the management overview and the board report, summed in SQL per month
(Amsterdam months), so a chart gets a few hundred rows whatever the size of the database."""

from __future__ import annotations

from datetime import date

import pandas as pd

from konnektus.db.database import Cursor, first_row
from konnektus.db.management import CLOSED_ON, RECEIVED_ON
from konnektus.domain.promises import Period
from konnektus.domain.requests import OPEN_STATUSES


def requests_per_month(cur: Cursor, period: Period) -> pd.DataFrame:
    """month, type, received, closed: requests received and closed per month, by type."""
    return cur.execute(
        f"""
        WITH events AS (
            SELECT date_trunc('month', {RECEIVED_ON}) AS month, r.type,
                   1 AS received, 0 AS closed
            FROM request r WHERE {RECEIVED_ON} BETWEEN $first AND $last
            UNION ALL
            SELECT date_trunc('month', {CLOSED_ON}), r.type, 0, 1
            FROM request r
            WHERE r.closed_at IS NOT NULL AND {CLOSED_ON} BETWEEN $first AND $last
        )
        SELECT CAST(month AS DATE) AS month, type, sum(received)::BIGINT AS received,
               sum(closed)::BIGINT AS closed
        FROM events GROUP BY ALL ORDER BY month, type
        """,  # noqa: S608 -- code constants only
        {"first": period.first, "last": period.last},
    ).df()


def on_time_per_month(cur: Cursor, period: Period) -> pd.DataFrame:
    """month, group ('erasure' or 'other'), closed, on_time: requests closed per month."""
    return cur.execute(
        f"""
        SELECT CAST(date_trunc('month', {CLOSED_ON}) AS DATE) AS month,
               CASE WHEN r.type = 'erasure' THEN 'erasure' ELSE 'other' END AS "group",
               count(*) AS closed,
               count(*) FILTER ({CLOSED_ON} <= r.due_date) AS on_time
        FROM request r
        WHERE r.closed_at IS NOT NULL AND {CLOSED_ON} BETWEEN $first AND $last
        GROUP BY ALL ORDER BY month, "group"
        """,  # noqa: S608 -- code constants only
        {"first": period.first, "last": period.last},
    ).df()


def open_requests_timeline(cur: Cursor, limit: int) -> tuple[pd.DataFrame, int]:
    """The `limit` open requests with the nearest due dates (number, type, received, one-month
    mark, due date, extension notice sent) and how many are open in all. No requester."""
    open_statuses = sorted(OPEN_STATUSES)
    frame = cur.execute(
        f"""
        SELECT r.id AS request, r.type, {RECEIVED_ON} AS received_on,
               r.one_month_mark, r.due_date,
               r.extension_notice_sent_at IS NOT NULL AS extended
        FROM request r WHERE list_contains($open, r.status)
        ORDER BY r.due_date, r.id LIMIT $limit
        """,  # noqa: S608 -- code constants only
        {"open": open_statuses, "limit": limit},
    ).df()
    row = first_row(
        cur, "SELECT count(*) FROM request WHERE list_contains(?, status)", [open_statuses]
    )
    return frame, int(row[0]) if row else 0


def disclosures_per_category_month(cur: Cursor, period: Period) -> pd.DataFrame:
    """month, category, disclosures, notified: from the per-day sums (disclosure_day)."""
    return cur.execute(
        """
        SELECT CAST(date_trunc('month', s.day) AS DATE) AS month, r.category,
               sum(s.disclosures)::BIGINT AS disclosures,
               coalesce(sum(s.disclosures) FILTER (s.status IN ('on_time', 'late')), 0)::BIGINT
                   AS notified
        FROM disclosure_day s JOIN recipient r ON r.id = s.recipient_id
        WHERE s.day BETWEEN $first AND $last
        GROUP BY ALL ORDER BY month, r.category
        """,
        {"first": period.first, "last": period.last},
    ).df()


def retention_over_time(cur: Cursor, first: date, last: date) -> pd.DataFrame:
    """day, state, people: every daily snapshot in the period."""
    return cur.execute(
        "SELECT day, substr(measure, 11) AS state, value AS people FROM daily_snapshot"
        " WHERE day BETWEEN ? AND ? AND starts_with(measure, 'retention:') ORDER BY day, state",
        [first, last],
    ).df()
