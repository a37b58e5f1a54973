"""The one clock of the process: every "now" and "today" the UI, the CLI and the jobs use.

Domain rules never read a clock (architecture rule 1); they take `today` or `now`. The edges
ask this module, and tests set it, so that nothing depends on the hour a test runs at
(architecture rule 11). `KONNEKTUS_CLOCK` (an ISO moment with an offset, for example
`2026-01-15T00:30+01:00`) starts a process's clock at that moment and lets it run on from
there, so a browser test can drive a real server at 00:30 Amsterdam time.

Moments are stored as naive UTC (the database convention); people read Amsterdam time.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Final, Protocol

from konnektus.domain.deadlines import AMSTERDAM

ENVIRONMENT_VARIABLE: Final = "KONNEKTUS_CLOCK"


class Clock(Protocol):
    def now(self) -> datetime:
        """The current moment, timezone-aware."""
        ...


@dataclass(frozen=True)
class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


@dataclass(frozen=True)
class FixedClock:
    """A clock that always reads the same moment (tests)."""

    moment: datetime

    def __post_init__(self) -> None:
        if self.moment.tzinfo is None:
            raise ValueError("a fixed clock needs a timezone-aware moment")

    def now(self) -> datetime:
        return self.moment


@dataclass(frozen=True)
class ShiftedClock:
    """Real time moved by a fixed offset: starts at a chosen moment and keeps running."""

    offset: timedelta

    @classmethod
    def starting_at(cls, start: datetime) -> ShiftedClock:
        if start.tzinfo is None:
            raise ValueError("a shifted clock needs a timezone-aware start")
        return cls(start - datetime.now(UTC))

    def now(self) -> datetime:
        return datetime.now(UTC) + self.offset


def clock_from_environment(value: str | None) -> Clock:
    """The clock a process starts with: the system clock unless KONNEKTUS_CLOCK names a start."""
    if not value:
        return SystemClock()
    start = datetime.fromisoformat(value)
    if start.tzinfo is None:
        start = start.replace(tzinfo=AMSTERDAM)
    return ShiftedClock.starting_at(start)


_clock: Clock = clock_from_environment(os.environ.get(ENVIRONMENT_VARIABLE))


def set_clock(clock: Clock) -> Clock:
    """Replace the process's clock; returns the one it replaced."""
    global _clock
    previous, _clock = _clock, clock
    return previous


@contextmanager
def use_clock(clock: Clock) -> Iterator[Clock]:
    previous = set_clock(clock)
    try:
        yield clock
    finally:
        set_clock(previous)


def now_aware() -> datetime:
    return _clock.now().astimezone(UTC)


def now_utc() -> datetime:
    """The current moment as naive UTC, the way the database stores moments."""
    return now_aware().replace(tzinfo=None)


def now_amsterdam() -> datetime:
    """The current Amsterdam wall-clock time, naive, for people and form defaults."""
    return now_aware().astimezone(AMSTERDAM).replace(tzinfo=None)


def today_amsterdam() -> date:
    """The calendar date staff live in; deadlines count in it (deadlines.md rule 1)."""
    return now_aware().astimezone(AMSTERDAM).date()


def this_minute_amsterdam() -> datetime:
    """Amsterdam time rounded down to the minute: a receipt default that is never in the future."""
    return now_amsterdam().replace(second=0, microsecond=0)
