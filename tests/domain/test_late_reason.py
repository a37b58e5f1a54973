"""When closing a request needs the reason of its lateness (konnektus/domain/late_close.py):
late from the day after the lawful due date, which is the extended due date only when the
extension notice went out by the one-month mark (shared/docs/deadlines.md)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from konnektus.domain.deadlines import one_month_mark, response_due_date
from konnektus.domain.late_close import (
    LateReasonRequired,
    check_late_reason,
    late_reason_needed,
    lawful_due_date,
)

# received Wednesday 3 March 2027: one month ends Saturday 3 April -> due Monday 5 April;
# extended (erasure, two months) -> Monday 3 May 2027 (deadlines.md's worked example)
RECEIVED = datetime(2027, 3, 3, 9, 0, tzinfo=UTC)
MARK = one_month_mark(RECEIVED)
EXTENDED_DUE = response_due_date("erasure", RECEIVED, extended=True)


def test_the_worked_example_dates() -> None:
    assert date(2027, 4, 5) == MARK
    assert date(2027, 5, 3) == EXTENDED_DUE


def test_closing_on_the_due_date_is_not_late_the_day_after_is() -> None:
    due = lawful_due_date(MARK, MARK, None)
    assert not late_reason_needed(due, MARK)
    assert not late_reason_needed(due, MARK - timedelta(days=10))
    assert late_reason_needed(due, MARK + timedelta(days=1))


def test_an_extension_with_its_notice_in_time_moves_the_date() -> None:
    due = lawful_due_date(MARK, EXTENDED_DUE, MARK)  # notice on the mark itself: in time
    assert due == EXTENDED_DUE
    assert not late_reason_needed(due, MARK + timedelta(days=1))
    assert not late_reason_needed(due, EXTENDED_DUE)
    assert late_reason_needed(due, EXTENDED_DUE + timedelta(days=1))


@pytest.mark.parametrize("sent", [None, MARK + timedelta(days=1)])
def test_an_extension_without_a_notice_in_time_keeps_the_one_month_mark(sent: date | None) -> None:
    due = lawful_due_date(MARK, EXTENDED_DUE, sent)
    assert due == MARK
    assert late_reason_needed(due, MARK + timedelta(days=1))


def test_a_late_close_without_a_reason_is_refused() -> None:
    late = MARK + timedelta(days=3)
    for reason in (None, "", "   \n "):
        with pytest.raises(LateReasonRequired) as refused:
            check_late_reason(MARK, late, reason)
        assert refused.value.code == "late_reason_required"
        assert refused.value.params == {"due": MARK}
    assert check_late_reason(MARK, late, "  Ziekte van de FG. ") == "Ziekte van de FG."


def test_an_on_time_close_keeps_no_reason() -> None:
    assert check_late_reason(MARK, MARK, None) is None
    assert check_late_reason(MARK, MARK, "niet nodig") is None
