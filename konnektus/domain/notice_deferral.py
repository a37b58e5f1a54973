"""Telling the person of a disclosure (O8), and when the law lets the agency wait.

The privacy statement promises to tell the person of every request from an outside party. A
request made under a legal duty of confidentiality (a court, the FIOD, the police, the
immigration service in an investigation; UAVG art. 41) may be kept from the person while that
duty lasts: the notice is then *deferred*, on a named ground and until an end date, and it is
due again from the day after. Without a ground and an end nothing is deferred: staff would
otherwise have to choose between tipping someone off and breaking the promise.
"""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum
from typing import Final

from konnektus.domain.errors import CodedError

# UAVG art. 41(1): the grounds on which the duty to inform may give way, as the agency meets
# them. The catalogs name each with its article (deferral_ground.*).
DEFERRAL_GROUNDS: Final = (
    "court_order",  # a court forbade telling (criminal or civil proceedings)
    "criminal_investigation",  # the police or the public prosecutor, Wetboek van Strafvordering
    "tax_investigation",  # the FIOD or the Belastingdienst, AWR art. 43c
    "immigration_investigation",  # the IND in an investigation (Vreemdelingenwet)
)
# A deferral is looked at again at least once a year: a longer duty is entered as a new one.
LONGEST_DEFERRAL: Final = timedelta(days=366)


class NoticeState(StrEnum):
    """Where the notice of one disclosure stands on a day."""

    TOLD = "told"  # the person was told (a letter delivered or posted)
    DEFERRED = "deferred"  # kept from the person on a named ground until an end date
    DUE = "due"  # to be told


class DeferralRefused(CodedError, ValueError):
    codes = (
        "deferral_ground_required",
        "deferral_ground_unknown",
        "deferral_end_required",
        "deferral_end_not_after_today",
        "deferral_end_too_far",
        "deferral_already_told",
    )


def check_deferral(
    *, ground: str | None, until: date | None, told_on: date | None, today: date
) -> None:
    """Refuse a deferral without a known ground, without an end after today, with an end more
    than a year away, or of a disclosure the person was already told of."""
    if told_on is not None:
        raise DeferralRefused("deferral_already_told")
    if not ground:
        raise DeferralRefused("deferral_ground_required")
    if ground not in DEFERRAL_GROUNDS:
        raise DeferralRefused("deferral_ground_unknown")
    if until is None:
        raise DeferralRefused("deferral_end_required")
    if until <= today:
        raise DeferralRefused("deferral_end_not_after_today")
    if until - today > LONGEST_DEFERRAL:
        raise DeferralRefused("deferral_end_too_far")


def notice_state(told_on: date | None, deferred_until: date | None, today: date) -> NoticeState:
    """Told, deferred (through its last day), or due (from the day after a deferral ends)."""
    if told_on is not None:
        return NoticeState.TOLD
    if deferred_until is not None and today <= deferred_until:
        return NoticeState.DEFERRED
    return NoticeState.DUE
