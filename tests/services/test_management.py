"""The management overview's figures, each against an independent count on the demo data."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from konnektus import management_settings
from konnektus.db import disclosure_days
from konnektus.db.database import Database
from konnektus.domain.permissions import NotPermitted, Role
from konnektus.domain.promises import (
    Light,
    Period,
    notice_standing,
    rolling_period,
    trend_period,
)
from konnektus.domain.staff import CLI
from konnektus.jobs.registry import take_daily_snapshot
from konnektus.services.management import PromiseFigure, promise_figures, trends
from tests.conftest import DEMO_TODAY
from tests.helpers import demo_member

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
THRESHOLDS = management_settings.load().thresholds


def local_day(moment: datetime | None) -> date | None:
    return None if moment is None else moment.replace(tzinfo=UTC).astimezone(AMSTERDAM).date()


def figures(db: Database, period: Period, previous: Period) -> dict[str, PromiseFigure]:
    found = promise_figures(
        db,
        demo_member(db, Role.MANAGEMENT),
        period,
        previous,
        today=DEMO_TODAY,
        thresholds=THRESHOLDS,
    )
    return {f.promise.key: f for f in found}


def request_rows(db: Database) -> list[tuple[str, date, date | None, date, date, date | None]]:
    rows = db.query(
        "SELECT type, received_at, closed_at, due_date, one_month_mark,"
        " extension_notice_sent_at FROM request"
    )
    return [
        (t, local_day(r), local_day(c), due, mark, local_day(n))  # type: ignore[misc]
        for t, r, c, due, mark, n in rows
    ]


def lawful_due(due: date, mark: date, notice_day: date | None) -> date:
    """deadlines.md: the extended due date counts only after a notice by the one-month mark."""
    return due if notice_day is not None and notice_day <= mark else mark


def expected_request_figures(db: Database, period: Period) -> dict[str, float | None]:
    """Counted in Python from the raw rows: dates converted one by one, no shared SQL."""
    rows = request_rows(db)
    closed = [r for r in rows if r[2] is not None and period.first <= r[2] <= period.last]
    erasures = [r for r in closed if r[0] == "erasure"]
    others = [r for r in closed if r[0] != "erasure"]

    def rate(group: list[tuple[str, date, date | None, date, date, date | None]]) -> float | None:
        if not group:
            return None
        on_time = sum(1 for r in group if r[2] <= lawful_due(r[3], r[4], r[5]))  # type: ignore[operator]
        return round(100 * on_time / len(group), 1)

    last = period.last
    open_then = [r for r in rows if r[1] <= last and (r[2] is None or r[2] > last)]
    return {
        "erasure_on_time": rate(erasures),
        "requests_on_time": rate(others),
        "requests_overdue": sum(1 for r in open_then if r[3] < last),
        "missed_notice": sum(1 for r in open_then if r[4] < last and (r[5] is None or r[5] > last)),
    }


def test_each_request_figure_equals_a_count_of_the_request_rows(demo_db: Database) -> None:
    current, previous = rolling_period(DEMO_TODAY)
    found = figures(demo_db, current, previous)
    for period, pick in ((current, "value"), (previous, "previous")):
        expected = expected_request_figures(demo_db, period)
        for key, value in expected.items():
            assert getattr(found[key], pick) == value, (key, pick)
    # today's open-and-overdue equals the status-based count of the request desk
    overdue_by_status = demo_db.query(
        "SELECT count(*) FROM request WHERE closed_at IS NULL AND due_date < ?", [DEMO_TODAY]
    )[0][0]
    assert found["requests_overdue"].value == overdue_by_status


def test_a_longer_period_finds_closed_requests_to_measure(demo_db: Database) -> None:
    year = Period(date(2025, 11, 27), DEMO_TODAY)
    before = Period(date(2024, 11, 27), date(2025, 11, 26))
    found = figures(demo_db, year, before)
    expected = expected_request_figures(demo_db, year)
    assert found["erasure_on_time"].value == expected["erasure_on_time"]
    assert found["erasure_on_time"].value is not None


def _closed_erasure(db: Database, notice: datetime | None, due: date) -> int:
    """An erasure received Monday 4 January 2027 (one month: Thursday 4 February; two:
    Thursday 4 March), finished on Saturday 20 February 2027, in its second month."""
    rows = db.query(
        "INSERT INTO request (type, channel, received_at, requester_name, status,"
        " extension_notice_sent_at, one_month_mark, due_date, original_due_date, closed_at,"
        " outcome) VALUES ('erasure', 'email', TIMESTAMP '2027-01-04 09:00', 'x', 'completed',"
        " ?, DATE '2027-02-04', ?, DATE '2027-02-04', TIMESTAMP '2027-02-20 10:00', 'completed')"
        " RETURNING id",
        [notice, due],
    )
    return int(rows[0][0])


@pytest.mark.parametrize(
    ("notice", "stored_due", "on_time"),
    [
        (None, date(2027, 2, 4), False),  # no notice: due at the month, so late
        (None, date(2027, 3, 4), False),  # the two months stored before 015: still late
        (datetime(2027, 1, 25, 9), date(2027, 3, 4), True),  # notice in the first month
        (datetime(2027, 2, 4, 22, 59), date(2027, 3, 4), True),  # 23:59 Amsterdam on the mark
        (datetime(2027, 2, 4, 23, 0), date(2027, 3, 4), False),  # midnight: after the mark
    ],
)
def test_an_erasure_done_in_month_two_is_on_time_only_after_a_notice_by_the_mark(
    demo_db: Database, notice: datetime | None, stored_due: date, on_time: bool
) -> None:
    from konnektus.domain.promises import month_period
    from konnektus.services import archive

    _closed_erasure(demo_db, notice, stored_due)
    february, january = month_period(2027, 2), month_period(2027, 1)
    found = promise_figures(
        demo_db,
        demo_member(demo_db, Role.MANAGEMENT),
        february,
        january,
        today=date(2027, 3, 1),
        thresholds=THRESHOLDS,
    )
    erasures = {f.promise.key: f for f in found}["erasure_on_time"]
    assert erasures.value == (100.0 if on_time else 0.0)
    shown = trends(demo_db, demo_member(demo_db, Role.MANAGEMENT), february).on_time
    assert shown[["group", "closed", "on_time"]].values.tolist() == [["erasure", 1, int(on_time)]]
    listed = archive.closed_requests(
        demo_db,
        demo_member(demo_db, Role.DPO),
        kinds=("erasure",),
        closed_from=date(2027, 2, 1),
        closed_to=date(2027, 2, 28),
    )
    assert listed[["on_time"]].values.tolist() == [[on_time]]
    assert listed["lawful_due"].dt.date.tolist() == [
        date(2027, 3, 4) if on_time else date(2027, 2, 4)
    ]


def test_retention_figures_count_people_by_their_state_today_and_never_employees_as_expired(
    demo_db: Database,
) -> None:
    current, previous = rolling_period(DEMO_TODAY)
    found = figures(demo_db, current, previous)
    # independently: the clock's dates compared with today, employees left out first
    overdue = demo_db.query(
        """
        SELECT count(*) FROM person
        WHERE erased_at IS NULL AND stage NOT IN ('placed', 'employed') AND (
            extension_state IN ('declined', 'no_answer')
            OR (extension_state = 'asked' AND extension_reminded_on < ?::DATE - 30)
            OR (extension_state NOT IN ('asked', 'declined', 'no_answer')
                AND retention_expiry < ?))
        """,
        [DEMO_TODAY, DEMO_TODAY],
    )[0][0]
    assert found["retention_overdue"].value == overdue
    employed_and_ended = demo_db.query(
        "SELECT count(*) FROM person WHERE erased_at IS NULL AND stage IN ('placed', 'employed')"
        " AND retention_expiry < ?",
        [DEMO_TODAY],
    )[0][0]
    assert employed_and_ended > 0  # the demo has employees whose candidate term ended...
    snapshot = dict(
        demo_db.query("SELECT measure, value FROM daily_snapshot WHERE day = ?", [DEMO_TODAY])
    )
    employees = demo_db.query(
        "SELECT count(*) FROM person WHERE erased_at IS NULL AND stage IN ('placed', 'employed')"
    )[0][0]
    assert snapshot["retention:employed"] == employees  # ...and they count as employed
    assert (
        sum(v for m, v in snapshot.items() if m.startswith("retention:"))
        == demo_db.query("SELECT count(*) FROM person WHERE erased_at IS NULL")[0][0]
    )


def test_the_previous_period_reads_retention_from_the_daily_snapshot(demo_db: Database) -> None:
    current, previous = rolling_period(DEMO_TODAY)
    found = figures(demo_db, current, previous)
    kept = dict(
        demo_db.query("SELECT measure, value FROM daily_snapshot WHERE day = ?", [previous.last])
    )
    assert found["retention_overdue"].previous == sum(
        kept.get(f"retention:{s}", 0) for s in ("expired", "no_answer", "declined")
    )
    assert found["excess_data"].previous == kept["excess_data_people"]


def test_disclosure_figures_equal_counts_of_the_disclosure_log(demo_db: Database) -> None:
    period = Period(date(2025, 11, 27), DEMO_TODAY)
    # one disclosure at 00:30 Amsterdam time on the day a consent was withdrawn (the evening
    # before in UTC): after the withdrawal by the Amsterdam day, so it counts
    consent_id, person_id, purpose, withdrawn = demo_db.query(
        "SELECT id, person_id, purpose, withdrawn_on FROM consent"
        " WHERE withdrawn_on IS NOT NULL ORDER BY withdrawn_on DESC, id LIMIT 1"
    )[0]
    early = datetime.combine(withdrawn, time(0, 30), tzinfo=AMSTERDAM).astimezone(UTC)
    with demo_db.transaction() as cur:
        added = cur.execute(
            "INSERT INTO disclosure (person_id, recipient_id, data_categories, purpose,"
            " legal_basis, consent_id, disclosed_at) VALUES (?, 17, ['cv'], ?, 'consent', ?, ?)"
            " RETURNING id",
            [person_id, purpose, consent_id, early.replace(tzinfo=None)],
        ).fetchall()
        disclosure_days.refresh(cur, [int(added[0][0])])
    found = figures(demo_db, period, Period(date(2024, 11, 27), date(2025, 11, 26)))
    # "told on time" (domain.promises.notice_standing), disclosure by disclosure in Python:
    # told in the period, or untold and late on its last day whenever made
    rows = demo_db.query(
        "SELECT disclosed_at, notice_deferred_until, notified_on, blocked FROM disclosure"
    )
    standings = Counter(
        notice_standing(
            local_day(at) or date.max, deferred, notified, blocked, period, DEMO_TODAY, 30
        )
        for at, deferred, notified, blocked in rows
    )
    measured = standings["on_time"] + standings["told_late"] + standings["untold_late"]
    assert standings["untold_late"] > 0  # the demo leaves old disclosures untold
    assert found["disclosures_told_in_time"].value == round(
        100 * standings["on_time"] / measured, 1
    )
    assert found["disclosures_told_in_time"].apart == standings["deferred"]
    after = sum(
        1
        for at, withdrawn_on in demo_db.query(
            "SELECT d.disclosed_at, c.withdrawn_on FROM disclosure d, consent c"
            " WHERE c.id = d.consent_id AND c.withdrawn_on IS NOT NULL AND NOT d.blocked"
        )
        if (local_day(at) or date.max) >= withdrawn_on
    )
    assert found["disclosures_after_withdrawal"].value == after


def test_excess_data_and_agreements_equal_direct_counts(demo_db: Database) -> None:
    current, previous = rolling_period(DEMO_TODAY)
    found = figures(demo_db, current, previous)
    excess = demo_db.query(
        "SELECT count(DISTINCT i.person_id) FROM personal_data_item i, person p"
        " WHERE p.id = i.person_id AND p.erased_at IS NULL AND i.held_until IS NULL"
        " AND p.stage IN ('applicant', 'proposed')"
        " AND i.category IN ('bsn', 'bank_account', 'identity_document', 'medical',"
        " 'criminal_record_consent', 'family_member')"
    )[0][0]
    assert found["excess_data"].value == excess
    no_agreement = demo_db.query(
        "SELECT count(*) FROM recipient WHERE kind = 'processor' AND active"
        " AND NOT coalesce(dpa_signed_on <= ? AND dpa_expires_on >= ?, false)",
        [DEMO_TODAY, DEMO_TODAY],
    )[0][0]
    assert found["processors_without_dpa"].value == no_agreement
    assert found["processors_without_dpa"].light is (Light.RED if no_agreement else Light.GREEN)


def test_the_trends_sum_to_the_counts_of_their_records(demo_db: Database) -> None:
    period = trend_period(DEMO_TODAY, 24)
    data = trends(demo_db, demo_member(demo_db, Role.MANAGEMENT), period)
    received = sum(1 for r in request_rows(demo_db) if period.first <= r[1] <= period.last)
    assert int(data.requests["received"].sum()) == received
    closed = sum(
        1 for r in request_rows(demo_db) if r[2] is not None and period.first <= r[2] <= period.last
    )
    assert int(data.requests["closed"].sum()) == closed == int(data.on_time["closed"].sum())
    open_total = demo_db.query("SELECT count(*) FROM request WHERE closed_at IS NULL")[0][0]
    assert data.open_total == open_total
    in_log = sum(
        1
        for (at,) in demo_db.query("SELECT disclosed_at FROM disclosure")
        if period.first <= local_day(at) <= period.last  # type: ignore[operator]
    )
    assert int(data.disclosures["disclosures"].sum()) == in_log
    assert set(data.retention["day"].dt.date) >= {DEMO_TODAY, DEMO_TODAY - timedelta(days=1)}
    assert "employed" in set(data.retention["state"])


def test_the_daily_snapshot_is_written_again_not_twice(demo_db: Database) -> None:
    before = demo_db.query("SELECT count(*) FROM daily_snapshot")[0][0]
    take_daily_snapshot(demo_db, today=DEMO_TODAY)
    assert demo_db.query("SELECT count(*) FROM daily_snapshot")[0][0] == before


def test_figures_are_for_aggregate_roles_and_the_command_line(demo_db: Database) -> None:
    current, previous = rolling_period(DEMO_TODAY)
    promise_figures(demo_db, CLI, current, previous, today=DEMO_TODAY, thresholds=THRESHOLDS)
    inactive = demo_member(demo_db, Role.MANAGEMENT)
    from dataclasses import replace

    with pytest.raises(NotPermitted):
        promise_figures(
            demo_db,
            replace(inactive, active=False),
            current,
            previous,
            today=DEMO_TODAY,
            thresholds=THRESHOLDS,
        )


def test_the_daily_retention_job_keeps_the_days_figures(demo_db: Database) -> None:
    from konnektus.jobs.registry import run_retention

    next_day = DEMO_TODAY + timedelta(days=1)
    assert not demo_db.query("SELECT count(*) FROM daily_snapshot WHERE day = ?", [next_day])[0][0]
    run_retention(demo_db, datetime(2026, 11, 27, 5, 0))  # 06:00 in Amsterdam
    kept = dict(
        demo_db.query("SELECT measure, value FROM daily_snapshot WHERE day = ?", [next_day])
    )
    living = demo_db.query("SELECT count(*) FROM person WHERE erased_at IS NULL")[0][0]
    assert sum(v for m, v in kept.items() if m.startswith("retention:")) == living
    assert "excess_data_people" in kept


def test_the_amsterdam_date_in_sql_agrees_with_the_time_zone_database(
    empty_db: Database,
) -> None:
    from konnektus.db.management import amsterdam_date

    differ = empty_db.query(
        f"SELECT count(*) FILTER ({amsterdam_date('t')}"
        " <> CAST(timezone('Europe/Amsterdam', timezone('UTC', t)) AS DATE)), count(*)"
        " FROM (SELECT unnest(generate_series(TIMESTAMP '2000-01-01 00:00',"
        " TIMESTAMP '2040-01-01 00:00', INTERVAL 30 MINUTE)) AS t)"
    )[0]
    assert differ[0] == 0 and differ[1] > 700_000


def test_retention_figures_equal_the_domain_rule_applied_to_every_person(
    demo_db: Database,
) -> None:
    from collections import Counter

    from konnektus.domain.retention import DEFAULT_POLICY, Clock, retention_state

    rows = demo_db.query(
        "SELECT retention_expiry, extension_state, stage, extension_asked_on,"
        " extension_reminded_on FROM person WHERE erased_at IS NULL"
    )
    states = Counter(
        str(retention_state(Clock(e, a, s, asked, reminded), DEMO_TODAY, DEFAULT_POLICY))
        for e, a, s, asked, reminded in rows
    )
    current, previous = rolling_period(DEMO_TODAY)
    found = figures(demo_db, current, previous)
    assert found["retention_overdue"].value == sum(
        states[s] for s in ("expired", "no_answer", "declined")
    )
    assert found["retention_asks_due"].value == states["due"] + states["reminder_due"]
    assert states["employed"] > 0
