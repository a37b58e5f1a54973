"""The promises management watches (issue 12): which figure tells whether each is kept, and
its traffic light. Pure rules: no I/O, the day passed in.

A promise's figure is either a *count* of records that break or await it (lower is better)
or a *share* in percent (higher is better). Thresholds come from one settings file
(`konnektus/settings/management.toml`, read by `konnektus.management_settings`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from konnektus.domain.permissions import Action


class Light(StrEnum):
    GREEN = "green"
    AMBER = "amber"
    RED = "red"
    NONE = "none"  # nothing to measure in the period (no request closed, no disclosure)


class Kind(StrEnum):
    COUNT = "count"  # lower is better
    SHARE = "share"  # percent, higher is better


@dataclass(frozen=True)
class Promise:
    key: str  # catalog key under [overview.promise.<key>] and key of its thresholds
    obligation: str  # O-number(s) of obligations.md, shown small as a reference
    kind: Kind
    page: str  # the page id of the list behind the figure (konnektus.ui.navigation)
    act: Action  # what a role must be allowed to act on that list; only then is it linked

    # The one definition of the figure (issue 20): every page, chart, report and export that
    # shows it names it by these catalog keys, and reads its number from the one computation
    # (konnektus.services.management.promise_figures).
    @property
    def title_key(self) -> str:
        """What the number counts ("Verwerkers zonder geldige verwerkersovereenkomst")."""
        return f"overview.promise.{self.key}.name"

    @property
    def explain_key(self) -> str:
        """The sentence that says exactly what is counted, over which period."""
        return f"overview.promise.{self.key}.explain"

    @property
    def figure_key(self) -> str:
        """The short label beside the number."""
        return f"overview.promise.{self.key}.figure"


A = Action
PROMISES: tuple[Promise, ...] = (
    Promise("erasure_on_time", "O11", Kind.SHARE, "requests", A.TRIAGE_REQUEST),
    Promise("requests_on_time", "O10, O12", Kind.SHARE, "requests", A.TRIAGE_REQUEST),
    Promise("requests_overdue", "O10-O12", Kind.COUNT, "requests", A.TRIAGE_REQUEST),
    Promise("missed_notice", "O12", Kind.COUNT, "requests", A.TRIAGE_REQUEST),
    Promise("retention_overdue", "O6", Kind.COUNT, "retention", A.ASK_EXTENSION),
    Promise("retention_asks_due", "O6", Kind.COUNT, "retention", A.ASK_EXTENSION),
    Promise("disclosures_told_in_time", "O8", Kind.SHARE, "sharing", A.NOTIFY_PERSON),
    Promise("disclosures_after_withdrawal", "O8", Kind.COUNT, "sharing", A.NOTIFY_PERSON),
    Promise("excess_data", "O1", Kind.COUNT, "retention", A.MINIMISE_DATA),
    Promise("processors_without_dpa", "O7", Kind.COUNT, "sharing", A.MANAGE_RECIPIENTS),
)
PROMISE_BY_KEY = {promise.key: promise for promise in PROMISES}


# "Told on time" (O8), the one definition. A disclosure's notice is due NOTIFY_WITHIN_DAYS
# days after its Amsterdam day, or after the day following the end of a deferral (UAVG art.
# 41). For a period, as of its last day (today for the running period):
# - told on time: the notice was delivered (`notified_on`) in the period, by its due day;
# - told late: delivered in the period, after its due day;
# - untold and late: not delivered by then and past its due day, WHENEVER it was made, so a
#   disclosure nobody was told of counts against every period until it is told;
# - deferred: not delivered and deferred through that day: counted apart, neither;
# - not yet due (untold, within the term) and blocked disclosures count in none.
# The share is told on time of told on time + told late + untold and late.
NOTICE_STANDINGS = ("on_time", "told_late", "untold_late", "deferred")


def notice_due(disclosed_on: date, deferred_until: date | None, within: int) -> date:
    """The last day a disclosure's notice is on time."""
    start = disclosed_on
    if deferred_until is not None:
        start = max(disclosed_on, deferred_until + timedelta(days=1))
    return start + timedelta(days=within)


def notice_standing(
    disclosed_on: date,
    deferred_until: date | None,
    notified_on: date | None,
    blocked: bool,
    period: Period,
    as_of: date,
    within: int,
) -> str | None:
    """Where one disclosure stands in the "told on time" figure of `period` as of `as_of`
    (the period's last day, or today while it runs): one of NOTICE_STANDINGS, or None when
    it counts in none (blocked, not made yet, not yet due, or told outside the period)."""
    if blocked or disclosed_on > as_of:
        return None
    due = notice_due(disclosed_on, deferred_until, within)
    if notified_on is not None and notified_on <= as_of:
        if notified_on < period.first:
            return None
        return "on_time" if notified_on <= due else "told_late"
    if deferred_until is not None and deferred_until >= as_of:
        return "deferred"
    return "untold_late" if due < as_of else None


@dataclass(frozen=True)
class NoticeCounts:
    """The "told on time" figure of one period, in its parts (see notice_standing)."""

    on_time: int
    told_late: int
    untold_late: int
    deferred: int

    @property
    def measured(self) -> int:
        return self.on_time + self.told_late + self.untold_late

    @property
    def share(self) -> float | None:
        return share(self.on_time, self.measured)


@dataclass(frozen=True)
class Threshold:
    green: float  # count: at most this is green; share: at least this is green
    amber: float  # count: at most this is amber; share: at least this is amber


def light(kind: Kind, value: float | None, threshold: Threshold) -> Light:
    """The colour of a figure: None (nothing measured) has no colour."""
    if value is None:
        return Light.NONE
    if kind is Kind.COUNT:
        if value <= threshold.green:
            return Light.GREEN
        return Light.AMBER if value <= threshold.amber else Light.RED
    if value >= threshold.green:
        return Light.GREEN
    return Light.AMBER if value >= threshold.amber else Light.RED


def share(part: int, whole: int) -> float | None:
    """`part` of `whole` in percent, one decimal; None when there is nothing to measure."""
    return None if whole == 0 else round(100.0 * part / whole, 1)


@dataclass(frozen=True)
class Period:
    """Amsterdam days from `first` to `last`, both included."""

    first: date
    last: date

    @property
    def end_exclusive(self) -> date:
        return self.last + timedelta(days=1)


def month_start(day: date) -> date:
    return day.replace(day=1)


def add_months(day: date, months: int) -> date:
    """The first day of the month `months` after the month of `day` (negative: before)."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def month_period(year: int, month: int) -> Period:
    first = date(year, month, 1)
    return Period(first, add_months(first, 1) - timedelta(days=1))


def parse_month(text: str) -> Period:
    """'2026-10' -> October 2026; ValueError for anything else."""
    year, _, month = text.partition("-")
    if len(year) != 4 or len(month) != 2 or not (year + month).isdigit():
        raise ValueError(f"not a month (YYYY-MM): {text!r}")
    return month_period(int(year), int(month))


def previous_month(period: Period) -> Period:
    before = add_months(period.first, -1)
    return month_period(before.year, before.month)


def last_complete_month(today: date) -> Period:
    """The month the monthly report is about on `today`: the one before today's month."""
    before = add_months(today, -1)
    return month_period(before.year, before.month)


def rolling_period(today: date, days: int = 30) -> tuple[Period, Period]:
    """The overview's period (the last `days` days, today included) and the one before it,
    so that the comparison means the same on the 1st of a month as on the 30th."""
    current = Period(today - timedelta(days=days - 1), today)
    return current, Period(current.first - timedelta(days=days), current.first - timedelta(days=1))


def trend_period(today: date, months: int) -> Period:
    """The last `months` calendar months up to today, this month included."""
    return Period(add_months(today, -(months - 1)), today)


def months_in(period: Period) -> list[date]:
    """The first day of every month the period touches, oldest first."""
    months, day = [], month_start(period.first)
    while day <= period.last:
        months.append(day)
        day = add_months(day, 1)
    return months


def snapshot_days(today: date, history_days: int) -> list[date]:
    """The days the demo fills backwards: every day of the last `history_days`, oldest first,
    today left out (the day's own retention run writes it)."""
    return [today - timedelta(days=n) for n in range(history_days, 0, -1)]


def deadline_standing(one_month_mark: date, due_date: date, extended: bool, today: date) -> str:
    """Where an open request stands on `today`: 'overdue' past its due date, 'past_mark' past
    the one-month mark without an extension notice, else 'in_time'."""
    if due_date < today:
        return "overdue"
    if one_month_mark < today and not extended:
        return "past_mark"
    return "in_time"
