"""O5/O11: legal holds, the data we must keep after an employment ends, and until when.

GDPR Art. 17(3)(b): erasure does not reach data we must keep to meet a legal obligation. When
an employment ends, two holds follow from Dutch fiscal law:

- payroll records (BSN, IBAN, pay and insurance data, the payroll reference, name and date of
  birth) until 31 December of the seventh year after the year it ended (AWR art. 52);
- the ID copy and work permit until 31 December of the fifth year after that year
  (Wet LB 1964 art. 28).

A hold keeps exactly the items it covers, restricted; everything else is erased as usual, and
when the hold ends the held data goes too.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class HoldKind(StrEnum):
    """The `legal_hold.category` values; each names what it keeps."""

    PAYROLL_RECORDS = "payroll_records"
    IDENTITY_DOCUMENT = "identity_document"
    DISPUTE = "employment"  # a running legal dispute about the employment


class LegalGround(StrEnum):
    """The `legal_hold.legal_ground` codes; the catalogs name the law (legal_ground.*)."""

    AWR_52 = "awr_52"
    WET_LB_28 = "wet_lb_28"
    DISPUTE = "dispute"


# Which personal-data item categories each kind of hold keeps.
HELD_ITEM_CATEGORIES: dict[HoldKind, frozenset[str]] = {
    HoldKind.PAYROLL_RECORDS: frozenset({"bsn", "bank_account", "insurance_pension"}),
    HoldKind.IDENTITY_DOCUMENT: frozenset({"identity_document", "work_permit"}),
    HoldKind.DISPUTE: frozenset(),
}
# What the legal duties of an employer name, item category -> the duty: the payroll records of
# AWR art. 52, and the ID copy and work permit of Wet LB 1964 art. 28 (with Wav art. 15 for the
# permit). They apply while the employment runs as after it, so a partial erasure of a current
# employee keeps exactly these; no law names medical data, the criminal-record consent, the
# emergency contact, family members or a diploma, so those go like job-finding data.
DUTY_GROUNDS: dict[str, LegalGround] = {
    category: ground
    for kind, ground in (
        (HoldKind.PAYROLL_RECORDS, LegalGround.AWR_52),
        (HoldKind.IDENTITY_DOCUMENT, LegalGround.WET_LB_28),
    )
    for category in sorted(HELD_ITEM_CATEGORIES[kind])
}


def named_by_legal_duty(category: str) -> bool:
    """True for the categories an employer's legal duty names (DUTY_GROUNDS)."""
    return category in DUTY_GROUNDS


# Kinds of hold that also keep the person's name and date of birth and the employment rows
# (with their payroll reference).
KEEPS_PERSON_AND_EMPLOYMENT = frozenset({HoldKind.PAYROLL_RECORDS, HoldKind.DISPUTE})

PAYROLL_YEARS = 7
ID_COPY_YEARS = 5


@dataclass(frozen=True)
class NewHold:
    kind: HoldKind
    legal_ground: LegalGround
    until: date


def end_of_year_after(ended_on: date, years: int) -> date:
    """31 December of the `years`-th year after the year `ended_on` falls in."""
    return date(ended_on.year + years, 12, 31)


def holds_for_ended_employment(ended_on: date) -> list[NewHold]:
    """The holds an employment that ended on `ended_on` creates."""
    return [
        NewHold(
            HoldKind.PAYROLL_RECORDS, LegalGround.AWR_52, end_of_year_after(ended_on, PAYROLL_YEARS)
        ),
        NewHold(
            HoldKind.IDENTITY_DOCUMENT,
            LegalGround.WET_LB_28,
            end_of_year_after(ended_on, ID_COPY_YEARS),
        ),
    ]


@dataclass(frozen=True)
class RunningHold:
    kind: str
    legal_ground: str
    until: date


def running(holds: Iterable[RunningHold], today: date) -> list[RunningHold]:
    """Holds still in force on `today` (the `until` day itself included)."""
    return [hold for hold in holds if hold.until >= today]


def held_categories(holds: Iterable[RunningHold], today: date) -> dict[str, RunningHold]:
    """Item category -> the running hold that keeps it longest."""
    kept: dict[str, RunningHold] = {}
    for hold in running(holds, today):
        try:
            categories = HELD_ITEM_CATEGORIES[HoldKind(hold.kind)]
        except ValueError:
            continue
        for category in categories:
            if category not in kept or kept[category].until < hold.until:
                kept[category] = hold
    return kept


def person_kept_until(holds: Iterable[RunningHold], today: date) -> RunningHold | None:
    """The running hold that keeps the name, date of birth and employment rows longest."""
    keeping = [
        hold
        for hold in running(holds, today)
        if hold.kind in {kind.value for kind in KEEPS_PERSON_AND_EMPLOYMENT}
    ]
    return max(keeping, key=lambda hold: hold.until, default=None)


def is_current_employment(end_date: date | None, today: date) -> bool:
    """An employment without an end, or ending today or later, still runs."""
    return end_date is None or end_date >= today
