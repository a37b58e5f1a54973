"""Deadline arithmetic for privacy requests and retention terms.

Every rule here follows the shared docs/deadlines.md ("Deadlines: how the dashboard counts time");
rule numbers in comments refer to that document. The module is pure: no I/O, no clock, so
callers pass "today" and the receipt moment in, and every date can be tested exactly.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta
from functools import lru_cache
from types import MappingProxyType
from typing import Final, Literal
from zoneinfo import ZoneInfo

from dateutil.easter import easter
from dateutil.relativedelta import relativedelta

from konnektus.domain.errors import CodedError, Term

__all__ = [
    "AMSTERDAM",
    "DEFAULT_ERASURE_EXTENDED_MONTHS",
    "EXTENDED_PERIOD_MONTHS",
    "PERIOD_MONTHS",
    "REQUEST_TYPES",
    "InvalidPeriodPolicy",
    "UnknownRequestType",
    "Urgency",
    "add_calendar_months",
    "check_erasure_extended_months",
    "days_left",
    "extended_period_months",
    "is_overdue",
    "is_working_day",
    "next_working_day",
    "one_month_mark",
    "received_on",
    "response_due_date",
    "retention_expiry",
    "termijnenwet_holidays",
    "urgency",
]

# Rule 1: the period runs from the receipt date as seen in the Netherlands, not in UTC.
AMSTERDAM: Final = ZoneInfo("Europe/Amsterdam")

REQUEST_TYPES: Final[tuple[str, ...]] = (
    "erasure",
    "access",
    "rectification",
    "portability",
    "objection",
    "restriction",
    "consent_withdrawal",
    "automated_decision",
)
# "Which period applies": Art. 12(3) GDPR gives every right the same month, erasure included.
# Read-only so no caller can quietly change a legal period.
PERIOD_MONTHS: Final[Mapping[str, int]] = MappingProxyType({kind: 1 for kind in REQUEST_TYPES})
# An extension (notified with reasons by the one-month mark) gives at most 3 months from
# receipt: the GDPR's ceiling, and the period of every type but erasure.
EXTENDED_PERIOD_MONTHS: Final = 3
# Erasure's extension is capped by the privacy statement's "binnen 2 kalendermaanden": a policy
# setting (konnektus.db.meta), 2 unless the DPO changes it, never more than the GDPR's 3.
DEFAULT_ERASURE_EXTENDED_MONTHS: Final = 2

Urgency = Literal["green", "amber", "red"]


class UnknownRequestType(CodedError, ValueError):
    """Raised for a request type without a known legal period (guessing one would be unsafe)."""


class InvalidPeriodPolicy(CodedError, ValueError):
    """An erasure extension that the GDPR does not allow (0 or less, or more than 3 months)."""

    codes = ("erasure_extension_months_out_of_range",)

    def __init__(self, months: object) -> None:
        self.months = months
        super().__init__(
            "erasure_extension_months_out_of_range", months=months, most=EXTENDED_PERIOD_MONTHS
        )


def check_erasure_extended_months(months: object) -> int:
    """The policy's erasure extension in whole months, 1 to 3; InvalidPeriodPolicy otherwise."""
    if isinstance(months, bool) or not isinstance(months, int):
        raise InvalidPeriodPolicy(months)
    if not 1 <= months <= EXTENDED_PERIOD_MONTHS:
        raise InvalidPeriodPolicy(months)
    return months


def extended_period_months(
    request_type: str, erasure_extended_months: int = DEFAULT_ERASURE_EXTENDED_MONTHS
) -> int:
    """Months from receipt once extended: the policy's cap for erasure, 3 for every other type."""
    if request_type == "erasure":
        return check_erasure_extended_months(erasure_extended_months)
    return EXTENDED_PERIOD_MONTHS


def add_calendar_months(start: date, months: int) -> date:
    """Same day-number ``months`` later, clamped to the month's last day (rule 2).

    Negative ``months`` counts backwards (e.g. "N months before expiry"). Never a day-count:
    rule 5 shows why 60 days is not 2 months.
    """
    return start + relativedelta(months=months)


@lru_cache(maxsize=256)  # bounded: a few years are ever in use at once
def termijnenwet_holidays(year: int) -> frozenset[date]:
    """Public holidays of the Algemene termijnenwet art. 3 for ``year`` (rule 4).

    Deliberately not a general-purpose holiday package: those differ from this list (e.g. they
    treat 5 May as a holiday only every fifth year). King's Day is the post-2014 rule, which is
    all this dashboard ever needs.
    """
    easter_sunday = easter(year)
    kings_day = date(year, 4, 27)
    if kings_day.weekday() == 6:  # the 27th is a Sunday -> celebrated on Saturday the 26th
        kings_day = date(year, 4, 26)
    return frozenset(
        {
            date(year, 1, 1),  # New Year's Day
            easter_sunday - timedelta(days=2),  # Good Friday
            easter_sunday + timedelta(days=1),  # Easter Monday
            kings_day,
            date(year, 5, 5),  # Liberation Day, in EVERY year for the termijnenwet
            easter_sunday + timedelta(days=39),  # Ascension Day
            easter_sunday + timedelta(days=50),  # Whit Monday
            date(year, 12, 25),  # Christmas Day
            date(year, 12, 26),  # Boxing Day
        }
    )


def _is_working_day(day: date, extra: frozenset[date]) -> bool:
    return day.weekday() < 5 and day not in termijnenwet_holidays(day.year) and day not in extra


def is_working_day(day: date, extra_holidays: Iterable[date] = ()) -> bool:
    """False on Saturdays, Sundays, termijnenwet holidays and any decreed bridge days (rule 3-4).

    Bridge days are only counted when the caller passes them: they are off by default.
    """
    return _is_working_day(day, frozenset(extra_holidays))


def next_working_day(day: date, extra_holidays: Iterable[date] = ()) -> date:
    """``day`` itself if it is a working day, else the first working day after it (rule 3)."""
    extra = frozenset(extra_holidays)  # materialise once: the argument may be a generator
    while not _is_working_day(day, extra):
        day += timedelta(days=1)
    return day


def received_on(received_at: datetime) -> date:
    """The Amsterdam calendar date of the moment of receipt (rule 1).

    A naive datetime is taken to be Amsterdam local time already; an aware one is converted,
    so a mail at 2025-03-31 22:30 UTC counts as received on 1 April.
    """
    if received_at.tzinfo is None or received_at.utcoffset() is None:
        return received_at.date()
    return received_at.astimezone(AMSTERDAM).date()


def _due(
    received_at: datetime, months: int, paused_days: int, extra_holidays: Iterable[date]
) -> date:
    if paused_days < 0:
        raise ValueError(f"paused_days must be 0 or more, got {paused_days}")
    raw_end = add_calendar_months(received_on(received_at), months)
    # "Paused clock": the date moves later by the number of days the request waited. We add
    # those days to the raw (rule 2) end date and only THEN apply the working-day roll (rule 3),
    # so the result is always a working day. Pausing after the roll could land on a weekend.
    return next_working_day(raw_end + timedelta(days=paused_days), extra_holidays)


def one_month_mark(
    received_at: datetime,
    *,
    paused_days: int = 0,
    extra_holidays: Iterable[date] = (),
) -> date:
    """The date by which the request is done or an extension notice has been sent.

    One calendar month from the Amsterdam receipt date, paused days added, then rolled to the
    next working day (rules 1-3, "Paused clock"), whatever the request type.
    """
    return _due(received_at, 1, paused_days, extra_holidays)


def response_due_date(
    request_type: str,
    received_at: datetime,
    *,
    extended: bool = False,
    paused_days: int = 0,
    extra_holidays: Iterable[date] = (),
    erasure_extended_months: int = DEFAULT_ERASURE_EXTENDED_MONTHS,
) -> date:
    """The final due date: one month, or once extended the type's extended period (erasure:
    the policy's `erasure_extended_months`, others 3), paused days added, then the roll."""
    if request_type not in PERIOD_MONTHS:
        raise UnknownRequestType(
            "request_type_without_period",
            request_type=request_type,
            allowed=[Term("request_type", kind) for kind in REQUEST_TYPES],
        )
    months = (
        extended_period_months(request_type, erasure_extended_months)
        if extended
        else PERIOD_MONTHS[request_type]
    )
    return _due(received_at, months, paused_days, extra_holidays)


def retention_expiry(term_start: date, months: int = 24) -> date:
    """Expiry of a retention term: month arithmetic WITHOUT the working-day rule.

    An extension passes the current expiry as ``term_start`` ("Retention terms"), never the
    date the person agreed.
    """
    return add_calendar_months(term_start, months)


def days_left(due: date, today: date) -> int:
    """Due date minus today (Amsterdam); 0 on the due day, negative once overdue."""
    return (due - today).days


def is_overdue(due: date, today: date) -> bool:
    """Overdue from the day AFTER the due date; on the due day itself it is still on time."""
    return today > due


def urgency(due: date, today: date) -> Urgency:
    """Green at 10+ days left, amber below 10, red below 5 (overdue included, as it is < 0)."""
    left = days_left(due, today)
    if left >= 10:
        return "green"
    if left >= 5:
        return "amber"
    return "red"
