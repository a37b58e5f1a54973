"""The promises' lights and periods, as tables."""

from __future__ import annotations

from datetime import date

import pytest

from konnektus.domain.promises import (
    PROMISES,
    Kind,
    Light,
    NoticeCounts,
    Period,
    Threshold,
    deadline_standing,
    last_complete_month,
    light,
    months_in,
    notice_standing,
    parse_month,
    previous_month,
    rolling_period,
    share,
    snapshot_days,
    trend_period,
)

COUNT = Threshold(green=0, amber=2)
SHARE = Threshold(green=98, amber=90)


@pytest.mark.parametrize(
    ("kind", "value", "threshold", "expected"),
    [
        (Kind.COUNT, 0, COUNT, Light.GREEN),
        (Kind.COUNT, 1, COUNT, Light.AMBER),
        (Kind.COUNT, 2, COUNT, Light.AMBER),
        (Kind.COUNT, 3, COUNT, Light.RED),
        (Kind.SHARE, 100.0, SHARE, Light.GREEN),
        (Kind.SHARE, 98.0, SHARE, Light.GREEN),
        (Kind.SHARE, 97.9, SHARE, Light.AMBER),
        (Kind.SHARE, 90.0, SHARE, Light.AMBER),
        (Kind.SHARE, 89.9, SHARE, Light.RED),
        (Kind.SHARE, None, SHARE, Light.NONE),
        (Kind.COUNT, None, COUNT, Light.NONE),
    ],
)
def test_a_figure_gets_its_light_from_its_thresholds(
    kind: Kind, value: float | None, threshold: Threshold, expected: Light
) -> None:
    assert light(kind, value, threshold) is expected


@pytest.mark.parametrize(
    ("part", "whole", "expected"), [(0, 0, None), (1, 3, 33.3), (2, 2, 100.0), (0, 5, 0.0)]
)
def test_a_share_is_a_percentage_with_one_decimal_or_nothing(
    part: int, whole: int, expected: float | None
) -> None:
    assert share(part, whole) == expected


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("2026-10", date(2026, 10, 1), date(2026, 10, 31)),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29)),
        ("2026-12", date(2026, 12, 1), date(2026, 12, 31)),
    ],
)
def test_a_month_runs_from_its_first_to_its_last_day(text: str, first: date, last: date) -> None:
    assert parse_month(text) == Period(first, last)


@pytest.mark.parametrize("text", ["2026-1", "2026/10", "oktober", "2026-13", ""])
def test_anything_but_yyyy_mm_is_not_a_month(text: str) -> None:
    with pytest.raises(ValueError):
        parse_month(text)


@pytest.mark.parametrize(
    ("today", "month"),
    [
        (date(2026, 11, 1), "2026-10"),
        (date(2026, 11, 30), "2026-10"),
        (date(2027, 1, 1), "2026-12"),
    ],
)
def test_the_monthly_report_is_about_the_month_before_today(today: date, month: str) -> None:
    assert last_complete_month(today) == parse_month(month)


def test_the_month_before_january_is_december_of_the_year_before() -> None:
    assert previous_month(parse_month("2027-01")) == parse_month("2026-12")


def test_the_rolling_period_is_thirty_days_and_the_one_before_joins_it() -> None:
    current, previous = rolling_period(date(2026, 3, 1))
    assert current == Period(date(2026, 1, 31), date(2026, 3, 1))
    assert previous.last == date(2026, 1, 30)
    assert (previous.last - previous.first).days == 29


def test_a_trend_period_counts_this_month_as_one_of_its_months() -> None:
    period = trend_period(date(2026, 11, 26), 12)
    assert period == Period(date(2025, 12, 1), date(2026, 11, 26))
    assert len(months_in(period)) == 12


def test_the_demo_history_ends_the_day_before_today() -> None:
    days = snapshot_days(date(2026, 11, 26), 3)
    assert days == [date(2026, 11, 23), date(2026, 11, 24), date(2026, 11, 25)]


@pytest.mark.parametrize(
    ("mark", "due", "extended", "standing"),
    [
        (date(2026, 12, 1), date(2026, 12, 1), False, "in_time"),
        (date(2026, 11, 20), date(2026, 12, 20), False, "past_mark"),
        (date(2026, 11, 20), date(2027, 1, 20), True, "in_time"),
        (date(2026, 10, 20), date(2026, 11, 20), True, "overdue"),
        (date(2026, 11, 26), date(2026, 11, 26), False, "in_time"),  # due today: still in time
    ],
)
def test_an_open_request_stands_against_its_deadlines_on_today(
    mark: date, due: date, extended: bool, standing: str
) -> None:
    assert deadline_standing(mark, due, extended, date(2026, 11, 26)) == standing


def test_every_promise_has_its_own_key_and_an_obligation_number() -> None:
    keys = [p.key for p in PROMISES]
    assert len(set(keys)) == len(keys)
    assert all(p.obligation.startswith("O") for p in PROMISES)


NOV = Period(date(2026, 11, 1), date(2026, 11, 30))
D = date


@pytest.mark.parametrize(
    ("made", "deferred", "told", "blocked", "as_of", "standing"),
    [
        (D(2026, 11, 2), None, D(2026, 11, 20), False, D(2026, 11, 26), "on_time"),
        # told on the 30th day: on time; on the 31st: late
        (D(2026, 10, 20), None, D(2026, 11, 19), False, D(2026, 11, 26), "on_time"),
        (D(2026, 10, 20), None, D(2026, 11, 20), False, D(2026, 11, 26), "told_late"),
        # told before the period: counted in its own period, not in this one
        (D(2026, 10, 1), None, D(2026, 10, 5), False, D(2026, 11, 26), None),
        # told after the day asked about: still untold then
        (D(2026, 9, 1), None, D(2026, 12, 3), False, D(2026, 11, 26), "untold_late"),
        # untold for years: late in every period until told, whenever it was made
        (D(2021, 3, 1), None, None, False, D(2026, 11, 26), "untold_late"),
        # untold, within its 30 days: not yet due, in no count
        (D(2026, 11, 10), None, None, False, D(2026, 11, 26), None),
        (D(2026, 10, 27), None, None, False, D(2026, 11, 26), None),  # the 30th day
        (D(2026, 10, 26), None, None, False, D(2026, 11, 26), "untold_late"),
        # deferred through the day asked about (UAVG art. 41): apart
        (D(2026, 1, 5), D(2026, 12, 31), None, False, D(2026, 11, 26), "deferred"),
        (D(2026, 1, 5), D(2026, 11, 26), None, False, D(2026, 11, 26), "deferred"),
        # the deferral ended: 30 days from the day after
        (D(2026, 1, 5), D(2026, 11, 1), None, False, D(2026, 11, 26), None),
        (D(2026, 1, 5), D(2026, 10, 1), None, False, D(2026, 11, 26), "untold_late"),
        (D(2026, 1, 5), D(2026, 10, 20), D(2026, 11, 20), False, D(2026, 11, 26), "on_time"),
        (D(2026, 1, 5), D(2026, 10, 20), D(2026, 11, 21), False, D(2026, 11, 26), "told_late"),
        # blocked, or made after the day asked about: in no count
        (D(2021, 3, 1), None, None, True, D(2026, 11, 26), None),
        (D(2026, 11, 27), None, None, False, D(2026, 11, 26), None),
    ],
)
def test_told_on_time_judges_each_disclosure_as_of_a_day(
    made: date,
    deferred: date | None,
    told: date | None,
    blocked: bool,
    as_of: date,
    standing: str | None,
) -> None:
    assert notice_standing(made, deferred, told, blocked, NOV, as_of, 30) == standing


def test_told_on_time_is_on_time_of_the_told_and_the_late_with_deferred_apart() -> None:
    counts = NoticeCounts(on_time=90, told_late=4, untold_late=6, deferred=50)
    assert counts.measured == 100 and counts.share == 90.0
    assert NoticeCounts(0, 0, 0, deferred=3).share is None


def test_every_promise_names_its_title_and_explanation_in_the_catalogs() -> None:
    from konnektus.i18n import catalog

    for language in ("nl", "en"):
        words = catalog(language)
        for promise in PROMISES:
            assert promise.title_key in words and promise.explain_key in words
            assert promise.figure_key in words
