"""Closing a request after its due date asks why (issue 20 point 4): the reason of the
lateness is kept with the request and shown in the archive.

Late means what the archive and the figures call late (konnektus.db.management.LAWFUL_DUE):
the extended due date counts only when the extension notice went out by the one-month mark;
otherwise the one-month mark is the date, whatever the type (shared/docs/deadlines.md). A
request is late from the day AFTER that date, judged on the Amsterdam `today` passed in.
"""

from __future__ import annotations

from datetime import date

from konnektus.domain.deadlines import is_overdue
from konnektus.domain.errors import CodedError


class LateReasonRequired(CodedError, ValueError):
    """A close after the lawful due date without the reason of the lateness."""

    codes = ("late_reason_required",)

    def __init__(self, due: date) -> None:
        self.due = due
        super().__init__("late_reason_required", due=due)


def lawful_due_date(one_month_mark: date, due_date: date, notice_sent_on: date | None) -> date:
    """The date the request had to be closed by in law: its (extended) due date when the
    extension notice went out by the one-month mark, else the one-month mark."""
    if notice_sent_on is not None and notice_sent_on <= one_month_mark:
        return due_date
    return one_month_mark


def late_reason_needed(lawful_due: date, today: date) -> bool:
    """True when closing on `today` would be late: from the day after the lawful due date."""
    return is_overdue(lawful_due, today)


def check_late_reason(lawful_due: date, today: date, reason: str | None) -> str | None:
    """The reason as it is kept (stripped), None when the close is on time; raises
    LateReasonRequired for a late close without one. An on-time close keeps no reason."""
    if not late_reason_needed(lawful_due, today):
        return None
    cleaned = (reason or "").strip()
    if not cleaned:
        raise LateReasonRequired(lawful_due)
    return cleaned
