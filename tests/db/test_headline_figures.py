"""Every headline figure of the overview, computed a second way (issue 20 point 1): in SQL
written here, on the demo database, with the Amsterdam day taken from the time-zone database
(not the code's own DST rule), and compared with what the service returns for the rolling
period, the one before it, and the last complete month. And "told on time" is the same on the
overview, in the board report (HTML and CSV) and on the sharing page for the same period."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime

import pytest

from konnektus import management_settings
from konnektus.db import disclosure_days, meta
from konnektus.db.database import Cursor, Database
from konnektus.domain.minimisation import EMPLOYMENT_ONLY, NEVER_PLACED_STAGES
from konnektus.domain.permissions import Role
from konnektus.domain.promises import (
    PROMISE_BY_KEY,
    PROMISES,
    Period,
    last_complete_month,
    previous_month,
    rolling_period,
)
from konnektus.domain.retention import EMPLOYED_STAGES
from konnektus.domain.sharing import NOTIFY_WITHIN_DAYS
from konnektus.i18n import translate
from konnektus.services import sharing
from konnektus.services.board_report import build_board_report
from konnektus.services.management import promise_figures
from konnektus.services.overview import compliance
from tests.conftest import DEMO_TODAY
from tests.helpers import demo_member

THRESHOLDS = management_settings.load().thresholds
NOW = datetime(2026, 11, 26, 10, 0)  # naive UTC: 11:00 in Amsterdam on the demo day
ROLLING, BEFORE_ROLLING = rolling_period(DEMO_TODAY)
MONTH = last_complete_month(DEMO_TODAY)
PERIODS = {
    "the last 30 days": (ROLLING, BEFORE_ROLLING),
    "the last complete month": (MONTH, previous_month(MONTH)),
}


def amsterdam(column: str) -> str:
    return f"CAST(timezone('Europe/Amsterdam', timezone('UTC', {column})) AS DATE)"


def in_list(values: object) -> list[str]:
    return sorted(str(v) for v in values)  # type: ignore[attr-defined]


def share(part: int, whole: int) -> float | None:
    return None if whole == 0 else round(part * 100 / whole, 1)


def requests_figures(cur: Cursor, period: Period) -> dict[str, float | None]:
    row = cur.execute(
        f"""
        WITH r AS (
            SELECT type, due_date, one_month_mark, {amsterdam("received_at")} AS received_on,
                   {amsterdam("closed_at")} AS closed_on,
                   {amsterdam("extension_notice_sent_at")} AS notice_on
            FROM request
        ),
        judged AS (
            SELECT *, closed_on <= CASE WHEN notice_on <= one_month_mark THEN due_date
                                        ELSE one_month_mark END AS in_time,
                   received_on <= $last AND (closed_on IS NULL OR closed_on > $last) AS open_then
            FROM r
        )
        SELECT
            count(*) FILTER (type = 'erasure' AND closed_on BETWEEN $first AND $last),
            count(*) FILTER (type = 'erasure' AND closed_on BETWEEN $first AND $last
                             AND in_time),
            count(*) FILTER (type <> 'erasure' AND closed_on BETWEEN $first AND $last),
            count(*) FILTER (type <> 'erasure' AND closed_on BETWEEN $first AND $last
                             AND in_time),
            count(*) FILTER (open_then AND due_date < $last),
            count(*) FILTER (open_then AND one_month_mark < $last
                             AND (notice_on IS NULL OR notice_on > $last))
        FROM judged
        """,
        {"first": period.first, "last": period.last},
    ).fetchall()[0]
    erasures, erasures_in_time, others, others_in_time, overdue, missed = (int(v) for v in row)
    return {
        "erasure_on_time": share(erasures_in_time, erasures),
        "requests_on_time": share(others_in_time, others),
        "requests_overdue": overdue,
        "missed_notice": missed,
    }


def notice_parts(cur: Cursor, period: Period, today: date) -> dict[str, int]:
    """'Told on time' as the README states it, written out here."""
    row = cur.execute(
        f"""
        WITH d AS (
            SELECT {amsterdam("disclosed_at")} AS day, notified_on,
                   notice_deferred_until AS deferred, blocked
            FROM disclosure
        ),
        s AS (
            SELECT *, (notified_on IS NULL OR notified_on > $asof) AS untold,
                   coalesce(deferred >= $asof, false) AS deferred_now,
                   CASE WHEN deferred IS NULL THEN day + $within
                        ELSE greatest(day, deferred + 1) + $within END AS due
            FROM d WHERE NOT blocked AND day <= $asof
        )
        SELECT
            count(*) FILTER (NOT untold AND notified_on >= $first AND notified_on <= due),
            count(*) FILTER (NOT untold AND notified_on >= $first AND notified_on > due),
            count(*) FILTER (untold AND NOT deferred_now AND due < $asof),
            count(*) FILTER (untold AND deferred_now)
        FROM s
        """,
        {"first": period.first, "asof": min(period.last, today), "within": NOTIFY_WITHIN_DAYS},
    ).fetchall()[0]
    return dict(
        zip(("on_time", "told_late", "untold_late", "deferred"), map(int, row), strict=True)
    )


def told_share(parts: dict[str, int]) -> float | None:
    return share(parts["on_time"], parts["on_time"] + parts["told_late"] + parts["untold_late"])


def other_figures(cur: Cursor, period: Period, today: date) -> dict[str, float | None]:
    after, processors = cur.execute(
        f"""
        SELECT
            (SELECT count(*) FROM disclosure d JOIN consent c ON c.id = d.consent_id
             WHERE NOT d.blocked AND c.withdrawn_on IS NOT NULL
               AND {amsterdam("d.disclosed_at")} >= c.withdrawn_on
               AND {amsterdam("d.disclosed_at")} <= $last),
            (SELECT count(*) FROM recipient WHERE kind = 'processor' AND active
               AND (dpa_signed_on IS NULL OR dpa_signed_on > $last OR dpa_expires_on < $last))
        """,
        {"last": period.last},
    ).fetchall()[0]
    found: dict[str, float | None] = {
        "disclosures_after_withdrawal": int(after),
        "processors_without_dpa": int(processors),
        "disclosures_told_in_time": told_share(notice_parts(cur, period, today)),
    }
    if period.last >= today:
        found |= live_retention_and_excess(cur, today)
    else:  # kept by the daily snapshot of the period's last day (or the latest before it)
        kept = dict(
            cur.execute(
                "SELECT measure, value FROM daily_snapshot WHERE day ="
                " (SELECT max(day) FROM daily_snapshot WHERE day <= ?)",
                [period.last],
            ).fetchall()
        )
        found |= {
            "retention_overdue": sum(
                kept.get(f"retention:{s}", 0) for s in ("expired", "no_answer", "declined")
            ),
            "retention_asks_due": sum(
                kept.get(f"retention:{s}", 0) for s in ("due", "reminder_due")
            ),
            "excess_data": kept.get("excess_data_people"),
        }
    return found


def live_retention_and_excess(cur: Cursor, today: date) -> dict[str, float | None]:
    policy = meta.retention_policy(cur)
    overdue, asks, excess = cur.execute(
        """
        WITH p AS (
            SELECT *, today - wait_days AS waited FROM person,
                (SELECT $today::DATE AS today, $wait::INTEGER AS wait_days)
            WHERE erased_at IS NULL AND NOT list_contains($employed, stage)
        )
        SELECT
            count(*) FILTER (extension_state IN ('declined', 'no_answer')
                OR (extension_state = 'asked' AND extension_reminded_on < waited)
                OR (coalesce(extension_state, '') NOT IN ('declined', 'no_answer', 'asked')
                    AND retention_expiry < today)),
            count(*) FILTER (
                (extension_state = 'asked' AND NOT coalesce(extension_reminded_on < waited, false)
                 AND extension_reminded_on IS NULL AND retention_expiry <= today + $reminder
                 AND extension_asked_on <= waited)
                OR (coalesce(extension_state, '') NOT IN ('declined', 'no_answer', 'asked')
                    AND retention_expiry >= today AND retention_expiry <= today + $lead)),
            (SELECT count(DISTINCT i.person_id) FROM personal_data_item i
             JOIN person q ON q.id = i.person_id
             WHERE list_contains($employment_only, i.category) AND i.held_until IS NULL
               AND q.erased_at IS NULL AND list_contains($never_placed, q.stage)
               AND q.id NOT IN (SELECT person_id FROM employment))
        FROM p
        """,
        {
            "today": today,
            "wait": policy.wait_days,
            "reminder": policy.reminder_days,
            "lead": policy.lead_days,
            "employed": in_list(EMPLOYED_STAGES),
            "employment_only": in_list(EMPLOYMENT_ONLY),
            "never_placed": in_list(NEVER_PLACED_STAGES),
        },
    ).fetchall()[0]
    return {"retention_overdue": overdue, "retention_asks_due": asks, "excess_data": excess}


def second_computation(db: Database, period: Period) -> dict[str, float | None]:
    with db.cursor() as cur:
        return requests_figures(cur, period) | other_figures(cur, period, DEMO_TODAY)


@pytest.fixture
def varied_db(demo_db: Database) -> Database:
    """The demo tells everyone on time or not at all; here some notices also went out late
    and some are deferred (UAVG art. 41), through today or ended, so every part counts."""
    with demo_db.transaction() as cur:
        late = cur.execute(
            "UPDATE disclosure SET notified_on = CAST(disclosed_at AS DATE) + 40"
            " WHERE id IN (SELECT id FROM disclosure WHERE notified_on IS NOT NULL"
            "  AND NOT blocked AND disclosed_at >= ? ORDER BY id LIMIT 25) RETURNING id",
            [datetime(2026, 8, 1)],
        ).fetchall()
        deferred = cur.execute(
            "UPDATE disclosure SET notice_deferred_until = CASE WHEN id % 2 = 0"
            "  THEN DATE '2026-12-31' ELSE DATE '2026-10-10' END"
            " WHERE id IN (SELECT id FROM disclosure WHERE notified_on IS NULL AND NOT blocked"
            "  ORDER BY id DESC LIMIT 12) RETURNING id",
        ).fetchall()
        # the edges: told on the 30th day; deferred through the day judged on; a deferral
        # whose 30 days end on the day judged on
        day = amsterdam("disclosed_at")
        edges = cur.execute(
            f"UPDATE disclosure SET notified_on = {day} + 30"
            " WHERE id IN (SELECT id FROM disclosure WHERE notified_on IS NOT NULL"
            f"  AND NOT blocked AND ({day} BETWEEN DATE '2026-09-02' AND DATE '2026-10-01'"
            f"   OR {day} BETWEEN DATE '2026-10-01' AND DATE '2026-10-27')"
            "  AND NOT list_contains(?, id) ORDER BY id LIMIT 40) RETURNING id",
            [[int(r[0]) for r in late]],
        ).fetchall()
        edges += cur.execute(
            "UPDATE disclosure SET notice_deferred_until = CASE id % 3"
            " WHEN 0 THEN $today WHEN 1 THEN DATE '2026-10-31' ELSE $today - 31 END"
            " WHERE id IN (SELECT id FROM disclosure WHERE notified_on IS NULL AND NOT blocked"
            "  AND notice_deferred_until IS NULL AND disclosed_at < DATE '2026-09-01'"
            "  ORDER BY id LIMIT 9) RETURNING id",
            {"today": DEMO_TODAY},
        ).fetchall()
        disclosure_days.refresh(cur, [int(r[0]) for r in late + deferred + edges])
        # open requests due on the last day of a period, and past the one-month mark on it
        for last in (DEMO_TODAY, BEFORE_ROLLING.last, MONTH.last):
            moved = cur.execute(
                "UPDATE request SET due_date = ?, one_month_mark = ?,"
                " received_at = CAST(? AS TIMESTAMP) - INTERVAL 20 DAY"
                " WHERE id = (SELECT min(id) FROM request WHERE closed_at IS NULL"
                "  AND extension_notice_sent_at IS NULL AND due_date > ?) RETURNING id",
                [last, last, last, DEMO_TODAY],
            ).fetchall()
            assert moved
    return demo_db


@pytest.mark.parametrize("periods", PERIODS.values(), ids=PERIODS.keys())
def test_every_headline_figure_equals_its_second_computation_on_the_demo(
    varied_db: Database, periods: tuple[Period, Period]
) -> None:
    demo_db = varied_db
    with demo_db.cursor() as cur:
        parts = notice_parts(cur, periods[0], DEMO_TODAY)
    assert parts["told_late"] > 0 and parts["deferred"] > 0 and parts["untold_late"] > 0
    # every part of "told on time" exactly, as the sharing page reads it
    counted = sharing.told_on_time(
        demo_db,
        demo_member(demo_db, Role.MANAGEMENT),
        first_day=periods[0].first,
        last_day=periods[0].last,
        today=DEMO_TODAY,
    )
    assert {part: getattr(counted, part) for part in parts} == parts
    current, previous = periods
    found = promise_figures(
        demo_db,
        demo_member(demo_db, Role.MANAGEMENT),
        current,
        previous,
        today=DEMO_TODAY,
        thresholds=THRESHOLDS,
    )
    assert [f.promise.key for f in found] == [p.key for p in PROMISES]
    now, before = second_computation(demo_db, current), second_computation(demo_db, previous)
    assert {f.promise.key: f.value for f in found} == {p.key: now[p.key] for p in PROMISES}
    assert {f.promise.key: f.previous for f in found} == {p.key: before[p.key] for p in PROMISES}
    assert {f.promise.key: f.apart for f in found if f.apart is not None} == {
        "disclosures_told_in_time": parts["deferred"]
    }
    # the figures measure something on the demo: not a comparison of zeros and dashes
    assert sum(1 for f in found if f.value) >= 8


def test_an_untold_disclosure_counts_as_late_whenever_it_was_made(demo_db: Database) -> None:
    with demo_db.cursor() as cur:
        parts = notice_parts(cur, ROLLING, DEMO_TODAY)
        old_untold = cur.execute(
            f"SELECT count(*) FROM disclosure WHERE NOT blocked AND notified_on IS NULL"
            f" AND notice_deferred_until IS NULL AND {amsterdam('disclosed_at')} + 30 < ?",
            [DEMO_TODAY],
        ).fetchall()[0][0]
    figure = next(
        f
        for f in promise_figures(
            demo_db,
            demo_member(demo_db, Role.MANAGEMENT),
            ROLLING,
            BEFORE_ROLLING,
            today=DEMO_TODAY,
            thresholds=THRESHOLDS,
        )
        if f.promise.key == "disclosures_told_in_time"
    )
    # disclosures made before the 30 days and never told weigh on today's figure
    assert old_untold > 0 and parts["untold_late"] == old_untold
    assert figure.value is not None and figure.value < 100
    assert figure.apart == parts["deferred"]


def csv_figure(data: bytes, key: str) -> str:
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    title = translate(PROMISE_BY_KEY[key].title_key, "nl")
    column = rows[0].index(translate("report.col_month", "nl"))
    return next(row[column] for row in rows[1:] if title in row)


def test_overview_board_report_and_sharing_page_show_the_same_told_on_time(
    varied_db: Database,
) -> None:
    demo_db = varied_db
    member = demo_member(demo_db, Role.MANAGEMENT)
    key = "disclosures_told_in_time"
    with demo_db.cursor() as cur:
        expected = told_share(notice_parts(cur, MONTH, DEMO_TODAY))
    assert expected is not None and expected < 100
    overview = next(
        f
        for f in promise_figures(
            demo_db,
            member,
            MONTH,
            previous_month(MONTH),
            today=DEMO_TODAY,
            thresholds=THRESHOLDS,
        )
        if f.promise.key == key
    )
    report = build_board_report(
        demo_db, member, MONTH, today=DEMO_TODAY, now=NOW, thresholds=THRESHOLDS
    )
    page = sharing.told_on_time(
        demo_db, member, first_day=MONTH.first, last_day=MONTH.last, today=DEMO_TODAY
    )
    shown = f"{expected:.1f}".replace(".", ",")
    assert overview.value == expected
    assert csv_figure(report.csv, key) == shown
    assert f"{shown}%" in report.html
    assert page.share == expected
    # and for the overview's own 30 days
    rolling = sharing.told_on_time(
        demo_db, member, first_day=ROLLING.first, last_day=ROLLING.last, today=DEMO_TODAY
    )
    with demo_db.cursor() as cur:
        assert rolling.share == told_share(notice_parts(cur, ROLLING, DEMO_TODAY))


def test_the_counts_of_today_agree_with_the_overview_figures(demo_db: Database) -> None:
    """The overview's counts of today (services.overview.compliance) and the promise figures
    of the period ending today say the same of the same records."""
    counts = compliance(demo_db, demo_member(demo_db, Role.DPO), today=DEMO_TODAY)
    found = {
        f.promise.key: f
        for f in promise_figures(
            demo_db,
            demo_member(demo_db, Role.MANAGEMENT),
            ROLLING,
            BEFORE_ROLLING,
            today=DEMO_TODAY,
            thresholds=THRESHOLDS,
        )
    }
    assert found["requests_overdue"].value == counts.requests_overdue > 0
    assert found["missed_notice"].value == counts.requests_missed_notice
    assert found["excess_data"].value == counts.excess_data_people
    assert found["processors_without_dpa"].value == counts.processors_without_valid_dpa
    assert found["disclosures_after_withdrawal"].value == counts.disclosures_after_withdrawal
    assert found["disclosures_told_in_time"].apart == counts.disclosures_deferred
