"""Deferring a disclosure notice on a named confidentiality ground (O8, UAVG art. 41)."""

from __future__ import annotations

from datetime import date

import pytest

from konnektus.domain.notice_deferral import (
    DeferralRefused,
    NoticeState,
    check_deferral,
    notice_state,
)

TODAY = date(2026, 11, 26)


@pytest.mark.parametrize(
    ("ground", "until", "told_on", "code"),
    [
        (None, date(2027, 1, 1), None, "deferral_ground_required"),
        ("", date(2027, 1, 1), None, "deferral_ground_required"),
        ("because", date(2027, 1, 1), None, "deferral_ground_unknown"),
        ("court_order", None, None, "deferral_end_required"),
        ("court_order", TODAY, None, "deferral_end_not_after_today"),
        ("court_order", date(2026, 11, 1), None, "deferral_end_not_after_today"),
        ("court_order", date(2027, 11, 28), None, "deferral_end_too_far"),
        ("court_order", date(2027, 1, 1), date(2026, 11, 20), "deferral_already_told"),
    ],
)
def test_a_deferral_is_refused_without_a_ground_an_end_or_once_told(
    ground: str | None, until: date | None, told_on: date | None, code: str
) -> None:
    with pytest.raises(DeferralRefused) as refused:
        check_deferral(ground=ground, until=until, told_on=told_on, today=TODAY)
    assert refused.value.code == code


@pytest.mark.parametrize(
    ("ground", "until"),
    [
        ("court_order", date(2026, 11, 27)),
        ("criminal_investigation", date(2027, 6, 1)),
        ("tax_investigation", date(2027, 11, 27)),  # 366 days: the longest
        ("immigration_investigation", date(2027, 2, 28)),
    ],
)
def test_a_deferral_on_a_named_ground_with_an_end_within_a_year_is_allowed(
    ground: str, until: date
) -> None:
    check_deferral(ground=ground, until=until, told_on=None, today=TODAY)


@pytest.mark.parametrize(
    ("told_on", "deferred_until", "today", "state"),
    [
        (None, None, TODAY, NoticeState.DUE),
        (date(2026, 11, 1), None, TODAY, NoticeState.TOLD),
        (date(2026, 11, 1), date(2027, 1, 1), TODAY, NoticeState.TOLD),
        (None, date(2027, 1, 1), TODAY, NoticeState.DEFERRED),
        (None, TODAY, TODAY, NoticeState.DEFERRED),  # through its last day
        (None, date(2026, 11, 25), TODAY, NoticeState.DUE),  # due from the day after
    ],
)
def test_a_notice_is_told_deferred_through_its_last_day_or_due(
    told_on: date | None, deferred_until: date | None, today: date, state: NoticeState
) -> None:
    assert notice_state(told_on, deferred_until, today) is state
