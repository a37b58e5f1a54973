"""The monthly board-report job sends only reports of months the database covered whole."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from konnektus.clock import FixedClock, use_clock
from konnektus.db import audit
from konnektus.db.database import Database
from konnektus.domain.deadlines import AMSTERDAM
from konnektus.domain.promises import month_period
from konnektus.jobs.registry import (
    BOARD_REPORT_JOB,
    board_report_month,
    default_jobs,
    send_board_report,
)
from konnektus.jobs.scheduler import Scheduler


@pytest.mark.parametrize(
    ("today", "held_since", "month"),
    [
        (date(2026, 12, 1), None, None),  # nothing ever written
        (date(2026, 12, 1), date(2026, 11, 20), None),  # began during November
        (date(2026, 12, 1), date(2026, 12, 1), None),  # began today
        (date(2026, 12, 1), date(2026, 11, 1), (2026, 11)),  # held data all of November
        (date(2026, 12, 17), date(2024, 3, 5), (2026, 11)),
        (date(2027, 1, 1), date(2026, 11, 20), (2026, 12)),  # its first whole month
    ],
)
def test_the_month_to_report_is_last_month_if_the_database_covered_all_of_it(
    today: date, held_since: date | None, month: tuple[int, int] | None
) -> None:
    expected = None if month is None else month_period(*month)
    assert board_report_month(today, held_since) == expected


def board_letters(db: Database) -> list[tuple[str, str]]:
    return [
        (str(subject), str(action))
        for subject, action in db.query(
            "SELECT l.subject, a.action FROM letter l, audit_entry a"
            " WHERE l.kind = 'board_report' AND a.action = 'board_report_queued'"
        )
    ]


def test_a_new_database_sends_its_first_report_for_its_first_whole_month(
    empty_db: Database,
) -> None:
    # the database begins on 20 November (its first write), in the evening, Amsterdam time
    with empty_db.transaction() as cur:
        audit.append(
            cur, at=datetime(2026, 11, 20, 19, 0), staff_id=None, role="cli", action="imported"
        )
    jobs = [job for job in default_jobs() if job.name == BOARD_REPORT_JOB]

    def tick(year: int, month: int, day: int, hour: int, minute: int) -> list[str]:
        moment = datetime(year, month, day, hour, minute, tzinfo=AMSTERDAM)
        with use_clock(FixedClock(moment)):
            return Scheduler(empty_db, jobs).run_due()

    assert tick(2026, 11, 20, 21, 0) == [BOARD_REPORT_JOB]  # first start: October? no
    assert tick(2026, 12, 1, 0, 5) == [BOARD_REPORT_JOB]  # November, only partly held: no
    assert board_letters(empty_db) == []
    # a skipped month leaves no audit entry of a run that did nothing
    assert not empty_db.query("SELECT count(*) FROM audit_entry WHERE action = 'job_ran'")[0][0]
    assert tick(2027, 1, 1, 0, 5) == [BOARD_REPORT_JOB]
    letters = board_letters(empty_db)
    assert letters and all("december 2026" in subject for subject, _ in letters)
    assert (
        empty_db.query(
            "SELECT count(*) FROM audit_entry WHERE action = 'job_ran'"
            " AND json_extract_string(details, '$.job') = ?",
            [BOARD_REPORT_JOB],
        )[0][0]
        == 1
    )


def test_the_demo_covers_its_history_and_sends_last_months_report(demo_db: Database) -> None:
    # generated "today", but its daily snapshots go back two years
    report = send_board_report(demo_db, datetime(2026, 11, 26, 9, 0))
    assert report is not None
    assert report.month == month_period(2026, 10)


def test_an_untouched_database_sends_nothing(empty_db: Database) -> None:
    assert send_board_report(empty_db, datetime(2026, 12, 1, 9, 0)) is None
    assert board_letters(empty_db) == []
