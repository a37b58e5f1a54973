"""The promises' request figures at the edges of their periods: moments a minute either side of
an Amsterdam midnight that begins or ends a period, in winter, in summer and across the change
of the clocks, counted against Python's own time-zone conversion."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from konnektus.db import management
from konnektus.db.database import Database
from konnektus.domain.promises import Period, rolling_period
from konnektus.domain.retention import DEFAULT_POLICY
from konnektus.domain.sharing import period_bounds

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
MINUTE = timedelta(minutes=1)


def local_day(moment: datetime | None) -> date | None:
    return None if moment is None else moment.replace(tzinfo=UTC).astimezone(AMSTERDAM).date()


def mark_ends(due: date) -> datetime:
    """The naive-UTC moment the Amsterdam day after the one-month mark (due - 3) begins."""
    local = datetime.combine(due - timedelta(days=2), datetime.min.time(), AMSTERDAM)
    return local.astimezone(UTC).replace(tzinfo=None)


def plant_requests(db: Database, periods: list[Period]) -> None:
    """Requests received, closed and sent an extension notice a minute before, at and after
    every midnight that begins or ends a period; due on the day they close, or the day
    before; erasures and others. The closed ones: without a notice (due by law on their
    one-month mark, 3 days before the stored due date), or with a notice sent a minute before
    the mark's day ends (counts) or at its end (too late: due on the mark)."""
    edges = [m for p in periods for m in period_bounds(p.first, p.last)]
    rows: list[tuple[str, datetime, datetime | None, datetime | None, date]] = []
    for edge in edges:
        for moment in (edge - MINUTE, edge, edge + MINUTE):
            day = local_day(moment)
            assert day is not None
            for kind in ("erasure", "access"):
                for due in (day, day - timedelta(days=1)):
                    # closed at the moment: no notice, a notice in time, a notice too late
                    rows.append((kind, moment - timedelta(days=40), moment, None, due))
                    for notice in (mark_ends(due) - MINUTE, mark_ends(due)):
                        rows.append((kind, moment - timedelta(days=40), moment, notice, due))
                    # received at the moment, still open (overdue or not at the period's end)
                    rows.append((kind, moment, None, None, due))
                    # open, past its one-month mark, the notice sent at the moment
                    rows.append((kind, moment - timedelta(days=45), None, moment, due))
    with db.cursor() as cur:
        for kind, received, closed, notice, due in rows:
            cur.execute(
                "INSERT INTO request (type, channel, received_at, requester_name, status,"
                " extension_notice_sent_at, one_month_mark, due_date, original_due_date,"
                " closed_at) VALUES (?, 'email', ?, 'x', ?, ?, ?, ?, ?, ?)",
                [
                    kind,
                    received,
                    "closed" if closed else "in_progress",
                    notice,
                    due - timedelta(days=3),
                    due,
                    due,
                    closed,
                ],
            )


def lawful_due(due: date, mark: date, notice_day: date | None) -> date:
    """deadlines.md, in Python: the extended due date only after a notice by the mark."""
    return due if notice_day is not None and notice_day <= mark else mark


def expected(db: Database, period: Period) -> list[int]:
    rows = [
        (t, local_day(r), local_day(c), due, mark, local_day(n))
        for t, r, c, due, mark, n in db.query(
            "SELECT type, received_at, closed_at, due_date, one_month_mark,"
            " extension_notice_sent_at FROM request"
        )
    ]
    closed = [r for r in rows if r[2] is not None and period.first <= r[2] <= period.last]
    last = period.last
    open_then = [
        r for r in rows if r[1] is not None and r[1] <= last and (r[2] is None or r[2] > last)
    ]
    return [
        sum(1 for r in closed if r[0] == "erasure"),
        sum(1 for r in closed if r[0] == "erasure" and r[2] <= lawful_due(r[3], r[4], r[5])),
        sum(1 for r in closed if r[0] != "erasure"),
        sum(1 for r in closed if r[0] != "erasure" and r[2] <= lawful_due(r[3], r[4], r[5])),
        sum(1 for r in open_then if r[3] < last),
        sum(1 for r in open_then if r[4] < last and (r[5] is None or r[5] > last)),
    ]


@pytest.mark.parametrize(
    "today",
    [date(2026, 1, 20), date(2026, 7, 20), date(2026, 4, 10), date(2026, 11, 12)],
    ids=["winter", "summer", "after-spring-change", "after-autumn-change"],
)
def test_request_figures_at_the_edges_of_the_periods(empty_db: Database, today: date) -> None:
    periods = list(rolling_period(today))
    plant_requests(empty_db, periods)
    with empty_db.cursor() as cur:
        found = management.period_figures(cur, periods, today=today, policy=DEFAULT_POLICY)
    for period, figures in zip(periods, found, strict=True):
        counted = [
            figures.erasures_closed,
            figures.erasures_on_time,
            figures.others_closed,
            figures.others_on_time,
            figures.requests_overdue,
            figures.missed_notice,
        ]
        want = expected(empty_db, period)
        assert counted == want, period
        assert all(want), want  # every figure has something at its edges to count


@pytest.mark.parametrize("offset", [0, 40, 400])
def test_live_retention_states_by_number_equal_the_states_by_name(
    demo_db: Database, offset: int
) -> None:
    from konnektus.db.retention_sql import RETENTION_STATE_SQL, state_params
    from tests.conftest import DEMO_TODAY

    today = DEMO_TODAY + timedelta(days=offset)
    with demo_db.cursor() as cur:
        by_number = management.live_retention_states(cur, today, DEFAULT_POLICY)
        by_name = dict(
            cur.execute(
                f"SELECT {RETENTION_STATE_SQL} AS s, count(*) FROM person p"
                " WHERE p.erased_at IS NULL GROUP BY s",
                state_params(today, DEFAULT_POLICY),
            ).fetchall()
        )
    assert by_number == by_name
    assert {"employed", "running", "declined", "no_answer", "expired"} <= set(by_number)


def test_requests_per_month_at_the_edges_of_months(empty_db: Database) -> None:
    from collections import Counter

    from konnektus.db.management_trends import request_months
    from konnektus.domain.promises import month_period

    months = [month_period(2026, m) for m in (2, 3, 4, 10, 11)]
    plant_requests(empty_db, months)
    chart = Period(date(2026, 3, 1), date(2026, 10, 31))  # cuts through the planted edges
    with empty_db.cursor() as cur:
        requests, on_time = request_months(cur, chart)
    received: Counter[tuple[date, str]] = Counter()
    closed: Counter[tuple[date, str]] = Counter()
    in_time: Counter[tuple[date, str]] = Counter()
    for kind, got, done, due, mark, notice in empty_db.query(
        "SELECT type, received_at, closed_at, due_date, one_month_mark, extension_notice_sent_at"
        " FROM request"
    ):
        day, end = local_day(got), local_day(done)
        assert day is not None
        if chart.first <= day <= chart.last:
            received[(day.replace(day=1), kind)] += 1
        if end is not None and chart.first <= end <= chart.last:
            closed[(end.replace(day=1), kind)] += 1
            group = "erasure" if kind == "erasure" else "other"
            in_time[(end.replace(day=1), group)] += int(
                end <= lawful_due(due, mark, local_day(notice))
            )
    found = {
        (m.date(), t): (r, c)
        for m, t, r, c in requests[["month", "type", "received", "closed"]].itertuples(index=False)
    }
    keys = set(received) | set(closed)
    assert found == {k: (received[k], closed[k]) for k in keys}
    assert {
        (m.date(), g): t
        for m, g, t in on_time[["month", "group", "on_time"]].itertuples(index=False)
    } == {k: in_time[k] for k in {(m, "erasure" if t == "erasure" else "other") for m, t in closed}}
    assert len(keys) > 4 and sum(in_time.values()) > 0
