"""The trends of the management overview and the board report, summed in SQL per month
(Amsterdam months), so a chart gets a few hundred rows whatever the size of the database."""

from __future__ import annotations

from datetime import date

import pandas as pd

from konnektus.db.database import Cursor
from konnektus.db.management import CLOSED_ON, LAWFUL_DUE, RECEIVED_ON, notice_counts
from konnektus.domain.promises import Period, month_period, months_in
from konnektus.domain.sharing import period_bounds


def request_months(cur: Cursor, period: Period) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Two frames from one statement over the requests: month, type, received, closed (requests
    received and closed per month, by type) and month, group ('erasure' or 'other'), closed,
    on_time (requests closed per month; on time: by their lawful due date, LAWFUL_DUE). A
    moment is compared with the period's UTC bounds as stored; only the moments inside it get
    an Amsterdam date."""
    start, end = period_bounds(period.first, period.last)
    frame = cur.execute(
        f"""
        SELECT CAST(month AS DATE) AS month, type, sum(received)::BIGINT AS received,
               sum(closed)::BIGINT AS closed, sum(on_time)::BIGINT AS on_time
        FROM (
            SELECT date_trunc('month', {RECEIVED_ON}) AS month, r.type, 1 AS received,
                   0 AS closed, 0 AS on_time
            FROM request r WHERE r.received_at >= $start AND r.received_at < $end
            UNION ALL
            SELECT date_trunc('month', {CLOSED_ON}), r.type, 0, 1,
                   CAST({CLOSED_ON} <= {LAWFUL_DUE} AS INTEGER)
            FROM request r WHERE r.closed_at >= $start AND r.closed_at < $end
        )
        GROUP BY ALL ORDER BY month, type
        """,  # noqa: S608 -- code constants only
        {"start": start, "end": end},
    ).df()
    requests = frame[["month", "type", "received", "closed"]]
    closed = frame[frame["closed"] > 0]
    on_time = (
        closed.assign(group=closed["type"].where(closed["type"] == "erasure", "other"))
        .groupby(["month", "group"], as_index=False)[["closed", "on_time"]]
        .sum()
    )
    return requests, on_time


def open_requests_timeline(cur: Cursor, period: Period, limit: int) -> tuple[pd.DataFrame, int]:
    """The requests open at the end of the period's last day: the `limit` with the nearest
    due dates (number, type, received, drawn_from, one-month mark, due date, extension notice
    sent by then) and how many there were in all. No requester. `drawn_from` is the day a
    request's bar starts: the day it was received, or the period's first day for one received
    before the period, so that the timeline covers the months the user chose (from
    `period_first`, the same on every row)."""
    _, end = period_bounds(period.first, period.last)
    open_then = "r.received_at < $end AND (r.closed_at IS NULL OR r.closed_at >= $end)"
    frame = cur.execute(
        f"""
        SELECT request, type, received_on, greatest(received_on, $first) AS drawn_from,
               one_month_mark, due_date, extended, $first::DATE AS period_first
        FROM (
            SELECT r.id AS request, r.type, {RECEIVED_ON} AS received_on,
                   r.one_month_mark, r.due_date,
                   coalesce(r.extension_notice_sent_at < $end, false) AS extended
            FROM request r WHERE {open_then}
            ORDER BY r.due_date, r.id LIMIT $limit
        )
        ORDER BY due_date, request
        """,  # noqa: S608 -- code constants only
        {"first": period.first, "end": end, "limit": limit},
    ).df()
    total = cur.execute(
        f"SELECT count(*) FROM request r WHERE {open_then}",  # noqa: S608
        {"end": end},
    ).fetchall()
    return frame, int(total[0][0])


def disclosures_per_category_month(cur: Cursor, period: Period, *, today: date) -> pd.DataFrame:
    """month, category, disclosures (made that month, from the per-day sums), on_time and
    measured: each month's "told on time" figure per recipient category, from the one
    definition (db.management.notice_counts), as of the month's last day or today."""
    made = cur.execute(
        """
        SELECT CAST(date_trunc('month', s.day) AS DATE) AS month, r.category,
               sum(s.disclosures)::BIGINT AS disclosures
        FROM disclosure_day s JOIN recipient r ON r.id = s.recipient_id
        WHERE s.day BETWEEN $first AND $last
        GROUP BY ALL
        """,
        {"first": period.first, "last": period.last},
    ).df()
    months = [month_period(m.year, m.month) for m in months_in(period)]
    months = [Period(max(m.first, period.first), min(m.last, period.last)) for m in months]
    told = notice_counts(cur, months, today=today, group="category") if months else []
    rows = [
        (m.first.replace(day=1), category, counts.on_time, counts.measured)
        for m, found in zip(months, told, strict=True)
        for category, counts in found.items()
        if counts.measured
    ]
    figure = pd.DataFrame(rows, columns=["month", "category", "on_time", "measured"])
    frame = made.merge(figure.astype({"month": made["month"].dtype}), how="outer")
    frame = frame.fillna({"disclosures": 0, "on_time": 0, "measured": 0})
    return frame.astype({"disclosures": "int64", "on_time": "int64", "measured": "int64"})[
        ["month", "category", "disclosures", "on_time", "measured"]
    ].sort_values(["month", "category"], ignore_index=True)


def retention_over_time(cur: Cursor, first: date, last: date) -> pd.DataFrame:
    """day, state, people: every daily snapshot in the period."""
    return cur.execute(
        "SELECT day, substr(measure, 11) AS state, value AS people FROM daily_snapshot"
        " WHERE day BETWEEN ? AND ? AND starts_with(measure, 'retention:') ORDER BY day, state",
        [first, last],
    ).df()
