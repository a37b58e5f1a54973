"""The demo's past retention states come from the records' own dates as of each day: on the
day of the records they are today's states, and on past days they are what the retention rule
(konnektus.domain.retention) says of each person's records as they stood then."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

import pytest

from konnektus.db import management, meta, snapshots
from konnektus.db.database import Database
from konnektus.domain.deadlines import retention_expiry
from konnektus.domain.retention import Clock, retention_state
from tests.conftest import DEMO_TODAY


def backfilled(db: Database, day: date) -> dict[str, int]:
    with db.transaction() as cur:
        snapshots.backfill_demo(cur, [day], meta.retention_policy(cur))
    return {
        measure.removeprefix(snapshots.RETENTION_PREFIX): int(value)
        for measure, value in db.query(
            "SELECT measure, value FROM daily_snapshot WHERE day = ?", [day]
        )
        if measure.startswith(snapshots.RETENTION_PREFIX)
    }


def test_on_the_day_of_the_records_the_history_is_todays_states(demo_db: Database) -> None:
    with demo_db.cursor() as cur:
        live = management.live_retention_states(cur, DEMO_TODAY, meta.retention_policy(cur))
    assert backfilled(demo_db, DEMO_TODAY) == live


def states_by_the_rule(db: Database, day: date) -> Counter[str]:
    """Counted in Python from the raw records: who lived then, employed then, the last
    question asked by then and its answer by then, the term after the yeses by then."""
    with db.cursor() as cur:
        policy = meta.retention_policy(cur)
    jobs: dict[int, list[tuple[date, date | None]]] = {}
    for person, start, end in db.query("SELECT person_id, start_date, end_date FROM employment"):
        jobs.setdefault(person, []).append((start, end))
    asks: dict[int, list[tuple[date, str | None, date | None]]] = {}
    for person, asked, answer, answered in db.query(
        "SELECT person_id, contacted_on, answer, answered_on FROM retention_contact"
        " WHERE kind = 'ask' ORDER BY contacted_on"
    ):
        asks.setdefault(person, []).append((asked, answer, answered))
    counted: Counter[str] = Counter()
    for pid, created, erased, start, expiry, yeses_now, asked_now, reminded in db.query(
        "SELECT id, created_at, erased_at, retention_term_start, retention_expiry,"
        " retention_extensions, extension_asked_on, extension_reminded_on FROM person"
    ):
        if created.date() > day or (erased is not None and erased.date() <= day):
            continue
        employed = any(s <= day and (e is None or e >= day) for s, e in jobs.get(pid, []))
        mine = [a for a in asks.get(pid, []) if a[0] <= day]
        yeses = sum(1 for a in mine if a[1] == "granted" and a[2] is not None and a[2] <= day)
        term = expiry if yeses >= yeses_now else retention_expiry(start, 24 * (1 + yeses))
        answer, asked_on, reminded_on = "none", None, None
        if mine:
            last_asked, last_answer, answered = mine[-1]
            if answered is not None and answered <= day:
                answer = last_answer if last_answer in ("declined", "no_answer") else "none"
            else:
                answer, asked_on = "asked", last_asked
                if asked_now == last_asked and reminded is not None and reminded <= day:
                    reminded_on = reminded
        clock = Clock(term, answer, "employed" if employed else "applicant", asked_on, reminded_on)
        counted[str(retention_state(clock, day, policy))] += 1
    return counted


@pytest.mark.parametrize("days_ago", [1, 45, 200, 400, 700])
def test_a_past_day_shows_what_the_rule_says_of_the_records_then(
    demo_db: Database, days_ago: int
) -> None:
    day = DEMO_TODAY - timedelta(days=days_ago)
    expected = states_by_the_rule(demo_db, day)
    assert backfilled(demo_db, day) == dict(expected)


def test_the_past_differs_from_today_where_the_records_say_so(demo_db: Database) -> None:
    year_ago = DEMO_TODAY - timedelta(days=365)
    then, now = backfilled(demo_db, year_ago), backfilled(demo_db, DEMO_TODAY)
    assert sum(then.values()) < sum(now.values())  # fewer people a year ago
    # fewer employed then than are employed or placed now, each counted from their start
    started_since = demo_db.query(
        "SELECT count(DISTINCT person_id) FROM employment WHERE start_date > ?", [year_ago]
    )[0][0]
    assert started_since > 0
    assert then["employed"] < now["employed"]
