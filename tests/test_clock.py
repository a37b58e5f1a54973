"""The one clock: fixed for tests, shifted for a server under test, Amsterdam dates at the edges."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from konnektus import clock
from konnektus.clock import FixedClock, ShiftedClock, clock_from_environment, use_clock
from konnektus.domain.deadlines import AMSTERDAM


@pytest.mark.parametrize(
    ("utc_moment", "amsterdam_day", "this_minute"),
    [
        # 23:30 UTC in winter is already half past midnight the next day in Amsterdam
        (datetime(2026, 11, 26, 23, 30, 59), date(2026, 11, 27), datetime(2026, 11, 27, 0, 30)),
        # and in summer 22:30 UTC is too
        (datetime(2026, 7, 14, 22, 30, 5), date(2026, 7, 15), datetime(2026, 7, 15, 0, 30)),
        (datetime(2026, 7, 15, 21, 29, 0), date(2026, 7, 15), datetime(2026, 7, 15, 23, 29)),
        # the night the clocks go back: 01:30 UTC is 02:30 winter time
        (datetime(2026, 10, 25, 1, 30), date(2026, 10, 25), datetime(2026, 10, 25, 2, 30)),
    ],
)
def test_the_edges_read_amsterdam_dates_and_minutes_from_the_clock(
    utc_moment: datetime, amsterdam_day: date, this_minute: datetime
) -> None:
    with use_clock(FixedClock(utc_moment.replace(tzinfo=UTC))):
        assert clock.today_amsterdam() == amsterdam_day
        assert clock.this_minute_amsterdam() == this_minute
        assert clock.now_utc() == utc_moment  # stored as naive UTC


def test_use_clock_puts_the_previous_clock_back() -> None:
    before = clock.set_clock(FixedClock(datetime(2030, 1, 1, tzinfo=UTC)))
    clock.set_clock(before)
    with use_clock(FixedClock(datetime(2031, 1, 1, tzinfo=UTC))):
        assert clock.today_amsterdam() == date(2031, 1, 1)
    assert clock.today_amsterdam() != date(2031, 1, 1)


def test_a_fixed_clock_refuses_a_moment_without_a_timezone() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        FixedClock(datetime(2026, 1, 1))


def test_a_shifted_clock_starts_at_the_chosen_moment_and_keeps_running() -> None:
    start = datetime(2026, 1, 15, 0, 30, tzinfo=AMSTERDAM)
    shifted = ShiftedClock.starting_at(start)
    first = shifted.now()
    assert abs(first - start) < timedelta(seconds=5)
    assert shifted.now() >= first


def test_the_environment_names_a_start_in_amsterdam_time_or_leaves_the_system_clock() -> None:
    started = clock_from_environment("2026-07-15T23:30")
    assert abs(started.now() - datetime(2026, 7, 15, 21, 30, tzinfo=UTC)) < timedelta(seconds=5)
    system = clock_from_environment(None)
    assert abs(system.now() - datetime.now(UTC)) < timedelta(seconds=5)
