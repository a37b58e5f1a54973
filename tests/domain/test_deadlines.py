"""Deadline rules from docs/deadlines.md, checked against dates verified by hand.

Every expected date below is a literal (weekdays checked with ``date.strftime('%A')``), never
recomputed with the code under test, so a wrong implementation makes these tests fail.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from konnektus.domain.deadlines import (
    AMSTERDAM,
    DEFAULT_ERASURE_EXTENDED_MONTHS,
    EXTENDED_PERIOD_MONTHS,
    PERIOD_MONTHS,
    REQUEST_TYPES,
    InvalidPeriodPolicy,
    UnknownRequestType,
    add_calendar_months,
    check_erasure_extended_months,
    days_left,
    is_overdue,
    is_working_day,
    next_working_day,
    one_month_mark,
    received_on,
    response_due_date,
    retention_expiry,
    termijnenwet_holidays,
    urgency,
)

OTHER_TYPES = [t for t in REQUEST_TYPES if t != "erasure"]


def at(day: date, hour: int = 10) -> datetime:
    """A naive (= Amsterdam local) moment on ``day``."""
    return datetime(day.year, day.month, day.day, hour)


# --- Rule 2: calendar months, clamped to month end ------------------------------------------


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        # the worked examples of rule 2
        (date(2025, 3, 5), 1, date(2025, 4, 5)),
        (date(2025, 8, 31), 1, date(2025, 9, 30)),
        (date(2025, 1, 31), 1, date(2025, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        # rule 5: two months, not 60 days
        (date(2026, 7, 1), 2, date(2026, 9, 1)),
        # leap years: 2024 and 2028 are, 2100 is not (century), 2000 is (400)
        (date(2028, 1, 31), 1, date(2028, 2, 29)),
        (date(2100, 1, 31), 1, date(2100, 2, 28)),
        (date(2000, 1, 31), 1, date(2000, 2, 29)),
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2024, 2, 29), 48, date(2028, 2, 29)),
        # across a year end and zero months
        (date(2025, 12, 31), 1, date(2026, 1, 31)),
        (date(2025, 11, 30), 3, date(2026, 2, 28)),
        (date(2025, 6, 15), 0, date(2025, 6, 15)),
    ],
)
def test_a_period_of_months_ends_on_the_same_day_number_or_the_last_day_of_the_month(
    start: date, months: int, expected: date
) -> None:
    assert add_calendar_months(start, months) == expected


def test_a_month_from_31_january_ends_on_the_last_day_of_february() -> None:
    assert add_calendar_months(date(2025, 1, 31), 1) == date(2025, 2, 28)
    assert add_calendar_months(date(2024, 1, 31), 1) == date(2024, 2, 29)


@pytest.mark.parametrize(
    ("months", "expected"),
    [
        (0, date(2025, 1, 31)),
        (1, date(2025, 2, 28)),
        (2, date(2025, 3, 31)),
        (3, date(2025, 4, 30)),
        (4, date(2025, 5, 31)),
        (5, date(2025, 6, 30)),
        (6, date(2025, 7, 31)),
        (7, date(2025, 8, 31)),
        (8, date(2025, 9, 30)),
        (9, date(2025, 10, 31)),
        (10, date(2025, 11, 30)),
        (11, date(2025, 12, 31)),
    ],
)
def test_counting_from_the_31st_lands_on_the_end_of_every_month(
    months: int, expected: date
) -> None:
    assert add_calendar_months(date(2025, 1, 31), months) == expected


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        (date(2025, 1, 31), date(2025, 2, 28)),
        (date(2025, 2, 28), date(2025, 3, 28)),
        (date(2025, 3, 31), date(2025, 4, 30)),
        (date(2025, 4, 30), date(2025, 5, 30)),
        (date(2025, 5, 31), date(2025, 6, 30)),
        (date(2025, 6, 30), date(2025, 7, 30)),
        (date(2025, 7, 31), date(2025, 8, 31)),
        (date(2025, 8, 31), date(2025, 9, 30)),
        (date(2025, 9, 30), date(2025, 10, 30)),
        (date(2025, 10, 31), date(2025, 11, 30)),
        (date(2025, 11, 30), date(2025, 12, 30)),
        (date(2025, 12, 31), date(2026, 1, 31)),
    ],
)
def test_a_month_from_the_last_day_of_each_month_keeps_the_day_number_where_it_exists(
    start: date, expected: date
) -> None:
    assert add_calendar_months(start, 1) == expected


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2026, 3, 31), -1, date(2026, 2, 28)),
        (date(2025, 5, 31), -3, date(2025, 2, 28)),
        (date(2026, 1, 15), -1, date(2025, 12, 15)),
        (date(2026, 2, 28), -24, date(2024, 2, 28)),
        (date(2024, 3, 31), -1, date(2024, 2, 29)),
    ],
)
def test_negative_months_count_backwards_and_clamp_to_month_end(
    start: date, months: int, expected: date
) -> None:
    assert add_calendar_months(start, months) == expected


# --- Rule 4: Algemene termijnenwet holidays -------------------------------------------------

HOLIDAYS = {
    2024: {
        date(2024, 1, 1),
        date(2024, 3, 29),  # Good Friday (Easter 31 March)
        date(2024, 4, 1),  # Easter Monday
        date(2024, 4, 27),  # King's Day, a Saturday but not a Sunday, so stays on the 27th
        date(2024, 5, 5),
        date(2024, 5, 9),  # Ascension
        date(2024, 5, 20),  # Whit Monday
        date(2024, 12, 25),
        date(2024, 12, 26),
    },
    2025: {
        date(2025, 1, 1),
        date(2025, 4, 18),  # Good Friday (Easter 20 April)
        date(2025, 4, 21),  # Easter Monday
        date(2025, 4, 26),  # King's Day: 27 April 2025 is a Sunday
        date(2025, 5, 5),
        date(2025, 5, 29),  # Ascension
        date(2025, 6, 9),  # Whit Monday
        date(2025, 12, 25),
        date(2025, 12, 26),
    },
    2026: {
        date(2026, 1, 1),
        date(2026, 4, 3),  # Good Friday (Easter 5 April)
        date(2026, 4, 6),  # Easter Monday
        date(2026, 4, 27),  # King's Day (Monday)
        date(2026, 5, 5),  # not a lustrum year, still a holiday for the termijnenwet
        date(2026, 5, 14),  # Ascension
        date(2026, 5, 25),  # Whit Monday
        date(2026, 12, 25),
        date(2026, 12, 26),
    },
    2027: {
        date(2027, 1, 1),
        date(2027, 3, 26),  # Good Friday (Easter 28 March)
        date(2027, 3, 29),  # Easter Monday
        date(2027, 4, 27),  # King's Day (Tuesday)
        date(2027, 5, 5),
        date(2027, 5, 6),  # Ascension
        date(2027, 5, 17),  # Whit Monday
        date(2027, 12, 25),
        date(2027, 12, 26),
    },
}


@pytest.mark.parametrize("year", sorted(HOLIDAYS))
def test_the_termijnenwet_holidays_of_a_year_are_exactly_the_nine_of_article_3(year: int) -> None:
    assert termijnenwet_holidays(year) == frozenset(HOLIDAYS[year])


@pytest.mark.parametrize(
    "holiday", sorted(day for days in HOLIDAYS.values() for day in days), ids=str
)
def test_no_termijnenwet_holiday_is_a_working_day(holiday: date) -> None:
    assert not is_working_day(holiday)


def test_kings_day_moves_to_26_april_only_when_the_27th_is_a_sunday() -> None:
    assert date(2031, 4, 26) in termijnenwet_holidays(2031)  # 27 April 2031 is a Sunday
    assert date(2031, 4, 27) not in termijnenwet_holidays(2031)
    assert date(2026, 4, 26) not in termijnenwet_holidays(2026)


@pytest.mark.parametrize(
    "day",
    [
        date(2026, 5, 4),  # Monday before 5 May
        date(2025, 5, 1),  # 1 May is not a termijnenwet holiday
        date(2026, 12, 24),  # Christmas Eve
        date(2026, 12, 31),  # New Year's Eve
        date(2026, 5, 15),  # Friday after Ascension, a working day unless decreed
        date(2025, 4, 22),  # Tuesday after Easter Monday
    ],
)
def test_an_ordinary_weekday_is_a_working_day(day: date) -> None:
    assert is_working_day(day)


@pytest.mark.parametrize("day", [date(2025, 4, 5), date(2025, 4, 6), date(2026, 2, 28)])
def test_saturdays_and_sundays_are_not_working_days(day: date) -> None:
    assert not is_working_day(day)


def test_a_bridge_day_only_counts_when_it_is_passed() -> None:
    bridge = date(2026, 5, 15)
    assert is_working_day(bridge)
    assert not is_working_day(bridge, [bridge])
    assert next_working_day(date(2026, 5, 14)) == bridge
    assert next_working_day(date(2026, 5, 14), (d for d in [bridge])) == date(2026, 5, 18)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2025, 4, 7), date(2025, 4, 7)),  # already a working day: unchanged
        (date(2025, 4, 5), date(2025, 4, 7)),  # Saturday -> Monday
        (date(2025, 4, 18), date(2025, 4, 22)),  # Good Friday, weekend, Easter Monday
        (date(2026, 4, 3), date(2026, 4, 7)),  # same in 2026
        (date(2025, 12, 25), date(2025, 12, 29)),  # Christmas, Boxing Day, weekend
        (date(2025, 4, 26), date(2025, 4, 28)),  # King's Day on a Saturday, then Sunday
        (date(2026, 5, 5), date(2026, 5, 6)),  # 5 May in a non-lustrum year
        (date(2026, 1, 1), date(2026, 1, 2)),
    ],
)
def test_the_next_working_day_skips_weekends_and_holidays(day: date, expected: date) -> None:
    assert next_working_day(day) == expected


# --- Rule 1: the receipt date is the Amsterdam date ------------------------------------------


@pytest.mark.parametrize(
    ("received_at", "expected"),
    [
        # rule 1's example: 22:30 UTC in summer time is 00:30 the next day in Amsterdam
        (datetime(2025, 3, 31, 22, 30, tzinfo=UTC), date(2025, 4, 1)),
        # a naive moment is already Amsterdam local time
        (datetime(2025, 3, 31, 22, 30), date(2025, 3, 31)),
        (datetime(2025, 3, 31, 23, 59), date(2025, 3, 31)),
        # winter time is UTC+1
        (datetime(2025, 1, 31, 23, 30, tzinfo=UTC), date(2025, 2, 1)),
        (datetime(2025, 1, 31, 22, 59, tzinfo=UTC), date(2025, 1, 31)),
        # the evening DST starts (30 March 2025) Amsterdam is already UTC+2
        (datetime(2025, 3, 30, 22, 30, tzinfo=UTC), date(2025, 3, 31)),
        # the evening DST ends (26 October 2025) Amsterdam is back on UTC+1
        (datetime(2025, 10, 26, 22, 30, tzinfo=UTC), date(2025, 10, 26)),
        (datetime(2025, 10, 25, 22, 30, tzinfo=UTC), date(2025, 10, 26)),
        # another zone is converted too: 19:00 in New York is 01:00 next day in Amsterdam
        (datetime(2025, 6, 2, 19, 0, tzinfo=ZoneInfo("America/New_York")), date(2025, 6, 3)),
        (datetime(2025, 6, 2, 23, 30, tzinfo=AMSTERDAM), date(2025, 6, 2)),
    ],
)
def test_a_request_is_received_on_its_amsterdam_date(received_at: datetime, expected: date) -> None:
    assert received_on(received_at) == expected


def test_a_mail_late_in_the_evening_utc_counts_from_the_next_amsterdam_day() -> None:
    # From 1 April: due 1 May (Thursday). Counting from 31 March would give 30 April.
    assert response_due_date("access", datetime(2025, 3, 31, 22, 30, tzinfo=UTC)) == date(
        2025, 5, 1
    )
    assert response_due_date("access", datetime(2025, 3, 31, 22, 30)) == date(2025, 4, 30)
    # Winter: 1 Feb + 1 month = Saturday 1 March -> Monday 3 March; naive 31 Jan -> Fri 28 Feb.
    assert one_month_mark(datetime(2025, 1, 31, 23, 30, tzinfo=UTC)) == date(2025, 3, 3)
    assert one_month_mark(datetime(2025, 1, 31, 23, 30)) == date(2025, 2, 28)


# --- Which period applies ---------------------------------------------------------------------


def test_the_request_types_and_their_periods_match_the_table() -> None:
    assert set(REQUEST_TYPES) == {
        "erasure",
        "access",
        "rectification",
        "portability",
        "objection",
        "restriction",
        "consent_withdrawal",
        "automated_decision",
    }
    # Art. 12(3): one month for every right, erasure included (the December 2026 ruling)
    assert dict(PERIOD_MONTHS) == dict.fromkeys(REQUEST_TYPES, 1)
    assert EXTENDED_PERIOD_MONTHS == 3
    assert DEFAULT_ERASURE_EXTENDED_MONTHS == 2


@pytest.mark.parametrize("request_type", REQUEST_TYPES)
def test_a_request_of_any_type_received_5_march_2025_is_due_monday_7_april(
    request_type: str,
) -> None:
    # 5 April 2025 is a Saturday (rule 3's example)
    assert response_due_date(request_type, at(date(2025, 3, 5))) == date(2025, 4, 7)


# The worked examples of "Which period applies" (erasure), and more erasure cases. Weekdays
# checked by hand: 3 April 2027 is a Saturday, 5 April 2027 a Monday, 3 May 2027 a Monday,
# 28 February 2027 a Sunday, 1 March 2027 a Monday, 31 March 2027 a Wednesday, 3 June 2027 a
# Thursday, 30 April 2027 a Friday, 5 May 2025 (a holiday) a Monday.
@pytest.mark.parametrize(
    ("received", "policy", "due", "extended"),
    [
        (date(2027, 3, 3), 2, date(2027, 4, 5), date(2027, 5, 3)),  # worked example 1
        (date(2027, 1, 31), 2, date(2027, 3, 1), date(2027, 3, 31)),  # worked example 2
        (date(2027, 3, 3), 3, date(2027, 4, 5), date(2027, 6, 3)),  # the policy at the GDPR's 3
        (date(2027, 1, 31), 3, date(2027, 3, 1), date(2027, 4, 30)),  # 30 April: month end
        (date(2027, 3, 3), 1, date(2027, 4, 5), date(2027, 4, 5)),  # a policy of no extension
        (date(2025, 3, 5), 2, date(2025, 4, 7), date(2025, 5, 6)),  # 5 May holiday -> 6 May
        (date(2026, 7, 1), 2, date(2026, 8, 3), date(2026, 9, 1)),  # 2 months, not 60 days
    ],
)
def test_an_erasure_is_due_in_one_month_and_an_extension_reaches_the_policys_months(
    received: date, policy: int, due: date, extended: date
) -> None:
    assert response_due_date("erasure", at(received)) == due
    assert one_month_mark(at(received)) == due
    assert (
        response_due_date("erasure", at(received), extended=True, erasure_extended_months=policy)
        == extended
    )


def test_an_erasure_extended_under_the_default_policy_gets_the_statements_two_months() -> None:
    assert response_due_date("erasure", at(date(2027, 3, 3)), extended=True) == date(2027, 5, 3)
    assert response_due_date("erasure", at(date(2026, 7, 1)), extended=True) != date(
        2026, 7, 1
    ) + timedelta(days=60)


@pytest.mark.parametrize("policy", [1, 2, 3])
@pytest.mark.parametrize("request_type", OTHER_TYPES)
def test_the_erasure_policy_never_changes_another_types_three_months(
    request_type: str, policy: int
) -> None:
    # 3 March 2027 + 3 months = Thursday 3 June 2027
    assert response_due_date(
        request_type, at(date(2027, 3, 3)), extended=True, erasure_extended_months=policy
    ) == date(2027, 6, 3)


@pytest.mark.parametrize("months", [1, 2, 3])
def test_an_erasure_policy_of_one_to_three_months_is_allowed(months: int) -> None:
    assert check_erasure_extended_months(months) == months


@pytest.mark.parametrize("months", [0, -1, 4, 12, 2.5, "2", True, None])
def test_an_erasure_policy_beyond_the_gdpr_or_not_a_whole_month_is_refused_with_a_code(
    months: object,
) -> None:
    with pytest.raises(InvalidPeriodPolicy) as refused:
        check_erasure_extended_months(months)
    assert refused.value.code == "erasure_extension_months_out_of_range"
    assert refused.value.params == {"months": months, "most": 3}
    with pytest.raises(InvalidPeriodPolicy):
        response_due_date(
            "erasure",
            at(date(2027, 3, 3)),
            extended=True,
            erasure_extended_months=months,  # type: ignore[arg-type]
        )


@pytest.mark.parametrize("request_type", REQUEST_TYPES)
def test_the_one_month_mark_is_7_april_and_never_after_the_final_due_date(
    request_type: str,
) -> None:
    received = at(date(2025, 3, 5))
    assert one_month_mark(received) == date(2025, 4, 7)
    assert response_due_date(request_type, received) >= one_month_mark(received)


@pytest.mark.parametrize("request_type", OTHER_TYPES)
def test_an_extended_request_is_due_three_months_after_receipt(request_type: str) -> None:
    # 5 March + 3 months = Thursday 5 June 2025
    assert response_due_date(request_type, at(date(2025, 3, 5)), extended=True) == date(2025, 6, 5)
    # 1 March 2026 + 3 months = Monday 1 June 2026
    assert response_due_date(request_type, at(date(2026, 3, 1)), extended=True) == date(2026, 6, 1)


@pytest.mark.parametrize(
    ("received", "expected"),
    [
        (date(2025, 3, 18), date(2025, 4, 22)),  # Good Friday 2025 + weekend + Easter Monday
        (date(2026, 3, 3), date(2026, 4, 7)),  # Good Friday 2026 + weekend + Easter Monday
        (date(2025, 11, 25), date(2025, 12, 29)),  # Christmas, Boxing Day, weekend
        (date(2026, 3, 27), date(2026, 4, 28)),  # King's Day 2026 (Monday)
        (date(2026, 4, 5), date(2026, 5, 6)),  # 5 May 2026 (Tuesday)
        (date(2026, 4, 14), date(2026, 5, 15)),  # Ascension; the bridge Friday is not off
        (date(2026, 4, 25), date(2026, 5, 26)),  # Whit Monday 2026
        (date(2025, 12, 1), date(2026, 1, 2)),  # New Year's Day
    ],
)
def test_a_due_date_on_a_holiday_rolls_to_the_next_working_day(
    received: date, expected: date
) -> None:
    assert response_due_date("access", at(received)) == expected
    assert one_month_mark(at(received)) == expected


def test_a_decreed_bridge_day_moves_the_due_date_only_when_configured() -> None:
    received = at(date(2026, 4, 14))  # + 1 month = Ascension, Thursday 14 May 2026
    bridge = [date(2026, 5, 15)]
    assert response_due_date("access", received) == date(2026, 5, 15)
    assert response_due_date("access", received, extra_holidays=bridge) == date(2026, 5, 18)
    assert one_month_mark(received, extra_holidays=bridge) == date(2026, 5, 18)


# --- Paused clock -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("paused_days", "expected"),
    [
        (0, date(2025, 4, 7)),  # Sat 5 April -> Mon 7 April
        (1, date(2025, 4, 7)),  # Sun 6 April -> Mon 7 April (pause first, then roll)
        (2, date(2025, 4, 7)),
        (3, date(2025, 4, 8)),  # rolling first and pausing after would give 10 April
        (10, date(2025, 4, 15)),
        (13, date(2025, 4, 22)),  # lands on Good Friday -> Tuesday after Easter
    ],
)
def test_paused_days_move_the_raw_end_date_before_the_working_day_roll(
    paused_days: int, expected: date
) -> None:
    received = at(date(2025, 3, 5))
    assert response_due_date("access", received, paused_days=paused_days) == expected
    assert one_month_mark(received, paused_days=paused_days) == expected


def test_paused_days_also_move_an_erasure_and_an_extended_due_date() -> None:
    received = at(date(2025, 3, 5))
    # 5 April + 4 = Wednesday 9 April; extended: 5 May + 4 = Friday 9 May 2025
    assert response_due_date("erasure", received, paused_days=4) == date(2025, 4, 9)
    assert response_due_date("erasure", received, extended=True, paused_days=4) == date(2025, 5, 9)
    assert response_due_date("access", received, extended=True, paused_days=1) == date(2025, 6, 6)


def test_negative_paused_days_are_rejected() -> None:
    with pytest.raises(ValueError, match="paused_days"):
        response_due_date("access", at(date(2025, 3, 5)), paused_days=-1)
    with pytest.raises(ValueError, match="paused_days"):
        one_month_mark(at(date(2025, 3, 5)), paused_days=-1)


@pytest.mark.parametrize("request_type", ["deletion", "Erasure", ""])
def test_an_unknown_request_type_raises_naming_the_allowed_types(request_type: str) -> None:
    with pytest.raises(UnknownRequestType) as excinfo:
        response_due_date(request_type, at(date(2025, 3, 5)))
    assert isinstance(excinfo.value, ValueError)
    assert excinfo.value.code == "request_type_without_period"
    assert excinfo.value.params["request_type"] == request_type
    allowed = excinfo.value.params["allowed"]
    assert isinstance(allowed, list) and "consent_withdrawal" in [term.code for term in allowed]


# --- Retention terms ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("term_start", "months", "expected"),
    [
        # the doc's example; 28 Feb 2026 is a Saturday and is NOT rolled to Monday
        (date(2024, 2, 29), 24, date(2026, 2, 28)),
        # an extension adds 24 months to the current expiry, not to the day consent was given
        (date(2026, 2, 28), 24, date(2028, 2, 28)),
        (date(2025, 8, 31), 6, date(2026, 2, 28)),
        (date(2025, 5, 5), 12, date(2026, 5, 5)),  # a holiday is fine for expiry
    ],
)
def test_a_retention_term_uses_month_arithmetic_without_the_working_day_rule(
    term_start: date, months: int, expected: date
) -> None:
    assert retention_expiry(term_start, months) == expected


def test_a_retention_term_runs_24_months_by_default() -> None:
    assert retention_expiry(date(2024, 2, 29)) == date(2026, 2, 28)


# --- Days left, overdue, urgency ------------------------------------------------------------

DUE = date(2025, 4, 7)


@pytest.mark.parametrize(
    ("today", "left", "overdue", "colour"),
    [
        (date(2025, 3, 27), 11, False, "green"),
        (date(2025, 3, 28), 10, False, "green"),
        (date(2025, 3, 29), 9, False, "amber"),
        (date(2025, 4, 2), 5, False, "amber"),
        (date(2025, 4, 3), 4, False, "red"),
        (date(2025, 4, 7), 0, False, "red"),  # due today, not late
        (date(2025, 4, 8), -1, True, "red"),  # overdue from the day after
        (date(2025, 5, 7), -30, True, "red"),
    ],
)
def test_days_left_overdue_and_urgency_change_exactly_at_their_boundaries(
    today: date, left: int, overdue: bool, colour: str
) -> None:
    assert days_left(DUE, today) == left
    assert is_overdue(DUE, today) is overdue
    assert urgency(DUE, today) == colour
