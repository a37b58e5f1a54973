"""`python -m konnektus bench management --db FILE`: what the management overview reads on a
cold cache (the promises against the period before, the five trends, the size of the
database), and how long the board report of last month takes to build, charts included.

A cold cache is what the first draw after a write finds: every figure is read again (the
page's caches are keyed by the data version, which every write raises). The medians are of
eleven rounds, because the machine is shared and single rounds vary by a factor of two. The
board report is built first, so the chart templates (built once per process and language,
konnektus/reporting/charts.py) are in place as they are on a page that has drawn once.

Only reads: the file is opened read-only, so it is left as it was.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from konnektus import management_settings
from konnektus.db.database import Database
from konnektus.db.overview import database_size
from konnektus.domain.promises import last_complete_month, rolling_period, trend_period
from konnektus.domain.staff import CLI
from konnektus.reporting.charts import trend_specs
from konnektus.services.board_report import build_board_report
from konnektus.services.management import promise_figures, trends

TREND_MONTHS = 12  # the page's default period


@dataclass(frozen=True)
class ManagementBenchResult:
    people: int
    requests: int
    disclosures: int
    lights_ms: float  # the ten promises, this period and the one before
    trends_ms: float  # the five charts' data over twelve months
    overview_ms: float  # what a cold render computes: the reads and the chart specs
    report_first_s: float  # the board report in a fresh process (chart renderer starting)
    report_s: float  # the board report again


def _median_ms(call: Callable[[], object], repeats: int) -> float:
    timings = []
    for _ in range(repeats):
        started = time.perf_counter()
        call()
        timings.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(timings), 1)


def bench_management(
    db: Database, *, today: date, now: datetime, repeats: int = 11
) -> ManagementBenchResult:
    thresholds = management_settings.load().thresholds
    current, previous = rolling_period(today)
    period = trend_period(today, TREND_MONTHS)

    def lights() -> object:
        return promise_figures(db, CLI, current, previous, today=today, thresholds=thresholds)

    def charts() -> object:
        return trends(db, CLI, period)

    def chart_specs() -> object:  # what the page draws, as Vega-Lite
        return trend_specs(trends(db, CLI, period), today, "nl")

    def size() -> object:
        with db.cursor() as cur:
            return database_size(cur)

    def page() -> None:
        size()
        lights()
        chart_specs()

    with db.cursor() as cur:
        counted = database_size(cur)
    month = last_complete_month(today)
    started = time.perf_counter()
    build_board_report(db, CLI, month, today=today, now=now, thresholds=thresholds)
    first = time.perf_counter() - started
    started = time.perf_counter()
    build_board_report(db, CLI, month, today=today, now=now, thresholds=thresholds)
    again = time.perf_counter() - started
    return ManagementBenchResult(
        people=counted.people,
        requests=counted.requests,
        disclosures=counted.disclosures,
        lights_ms=_median_ms(lights, repeats),
        trends_ms=_median_ms(charts, repeats),
        overview_ms=_median_ms(page, repeats),
        report_first_s=round(first, 2),
        report_s=round(again, 2),
    )
