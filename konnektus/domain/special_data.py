"""Special data with an end (Art. 5(1)(e), 9): medical and vaccination data last as long as the
placement needs them, plus a policy term, and then they go.

The privacy statement collects medical and vaccination data *for a placement*; once no
placement or employment needs it, nothing lets the agency keep it (no legal duty names it, so
no legal hold keeps it either). The term after the end is a policy setting of the DPO.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Final

from konnektus.domain.deadlines import add_calendar_months
from konnektus.domain.errors import CodedError

# Item categories that end with the placement (vaccinations are recorded as `medical`).
ENDS_WITH_PLACEMENT: Final = frozenset({"medical"})
DEFAULT_MONTHS_AFTER_PLACEMENT: Final = 3
MAX_MONTHS_AFTER_PLACEMENT: Final = 12


class InvalidSpecialDataTerm(CodedError, ValueError):
    codes = ("special_data_term_out_of_range",)

    def __init__(self, months: int) -> None:
        super().__init__(
            "special_data_term_out_of_range", months=months, most=MAX_MONTHS_AFTER_PLACEMENT
        )


def check_months_after_placement(months: int) -> int:
    """A policy term of 0..12 calendar months; anything else is refused."""
    if not 0 <= months <= MAX_MONTHS_AFTER_PLACEMENT:
        raise InvalidSpecialDataTerm(months)
    return months


def special_data_ends_on(
    *,
    collected_on: date,
    employment_ends: Iterable[date | None],
    months_after: int,
    today: date,
) -> date | None:
    """The last day medical data may be kept, or None while an employment still runs.

    The placement it was collected for is the person's employments: while one runs (no end, or
    an end today or later) the data is needed. After the last one ended, it may stay
    `months_after` calendar months. Someone who was never employed after all had it for a
    placement that did not happen: the term runs from the day it was collected.
    """
    ends = list(employment_ends)
    if any(end is None or end >= today for end in ends):
        return None
    start = max((end for end in ends if end is not None), default=collected_on)
    return add_calendar_months(max(start, collected_on), months_after)


def is_past_its_end(ends_on: date | None, today: date) -> bool:
    """Held past its last day: from the day after it."""
    return ends_on is not None and today > ends_on
