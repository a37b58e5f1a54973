"""The open-requests timeline follows the chosen period: it shows the requests open at the end
of the period's last day, and draws each bar from the period's first day at the earliest."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from konnektus.db.database import Database
from konnektus.domain.permissions import Role
from konnektus.domain.promises import Period, month_period, trend_period
from konnektus.reporting import charts
from konnektus.services.management import OPEN_TIMELINE_LIMIT, trends
from tests.conftest import DEMO_TODAY
from tests.helpers import demo_member

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def local_day(moment: datetime | None) -> date | None:
    return None if moment is None else moment.replace(tzinfo=UTC).astimezone(AMSTERDAM).date()


def open_at_end(db: Database, period: Period) -> list[tuple[int, date, date, bool]]:
    """Counted in Python: (request, received, due date, notice sent by then) of every request
    received by the end of the period's last day and not closed by then."""
    found = []
    for rid, received, closed, due, notice in db.query(
        "SELECT id, received_at, closed_at, due_date, extension_notice_sent_at FROM request"
    ):
        got, done, told = local_day(received), local_day(closed), local_day(notice)
        assert got is not None
        if got <= period.last and (done is None or done > period.last):
            found.append((rid, got, due, told is not None and told <= period.last))
    return sorted(found, key=lambda r: (r[2], r[0]))


def test_a_past_period_shows_the_requests_open_at_its_end(demo_db: Database) -> None:
    member = demo_member(demo_db, Role.MANAGEMENT)
    september = month_period(2026, 9)
    data = trends(demo_db, member, Period(date(2026, 7, 1), september.last))
    expected = open_at_end(demo_db, september)
    assert data.open_total == len(expected)
    shown = list(
        zip(
            data.open_requests["request"],
            data.open_requests["received_on"].dt.date,
            data.open_requests["due_date"].dt.date,
            data.open_requests["extended"],
            strict=True,
        )
    )
    assert shown == expected[:OPEN_TIMELINE_LIMIT]
    # some of them were closed since: the timeline of today would not show them
    closed_since = demo_db.query(
        "SELECT count(*) FROM request WHERE list_contains(?, id) AND closed_at IS NOT NULL",
        [[r[0] for r in expected]],
    )[0][0]
    assert closed_since > 0
    today = trends(demo_db, member, trend_period(DEMO_TODAY, 3))
    assert today.open_total == len(open_at_end(demo_db, Period(DEMO_TODAY, DEMO_TODAY)))
    assert today.open_total != data.open_total


def test_the_timeline_covers_the_months_chosen(demo_db: Database) -> None:
    member = demo_member(demo_db, Role.MANAGEMENT)
    short, long = trend_period(DEMO_TODAY, 3), trend_period(DEMO_TODAY, 24)
    three, twenty_four = trends(demo_db, member, short), trends(demo_db, member, long)
    for frame, period in ((three.open_requests, short), (twenty_four.open_requests, long)):
        received = frame["received_on"].dt.date
        drawn = frame["drawn_from"].dt.date
        assert all(d == max(r, period.first) for r, d in zip(received, drawn, strict=True))
    # the chart the page draws differs with the period: its axis starts at the period's
    # first day (an invisible rule there), today marked
    spec_three = charts.trend_specs(three, DEMO_TODAY, "nl")["open_requests"]
    spec_long = charts.trend_specs(twenty_four, DEMO_TODAY, "nl")["open_requests"]
    assert spec_three["datasets"] != spec_long["datasets"]
    for spec, period in ((spec_three, short), (spec_long, long)):
        (today_row,) = spec["datasets"]["today"]
        assert today_row == {
            "today": f"{DEMO_TODAY.isoformat()}T00:00:00",
            "period_first": f"{period.first.isoformat()}T00:00:00",
        }
        starts = [layer["encoding"]["x"] for layer in spec["layer"]]
        assert {"field": "period_first", "type": "temporal"} in starts


def test_a_request_received_before_the_period_is_drawn_from_its_first_day(
    demo_db: Database,
) -> None:
    member = demo_member(demo_db, Role.MANAGEMENT)
    oldest = demo_db.query("SELECT min(received_at) FROM request WHERE closed_at IS NULL")[0][0]
    received = local_day(oldest)
    assert received is not None
    period = Period(received + timedelta(days=1), DEMO_TODAY)
    data = trends(demo_db, member, period)
    frame = data.open_requests
    row = frame[frame["received_on"].dt.date == received].iloc[0]
    assert row["drawn_from"].date() == period.first
    assert data.open_total == len(open_at_end(demo_db, period))
