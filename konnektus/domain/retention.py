"""O6: the two-year retention clock and its states.

Job-finding data is kept 24 calendar months from the term start; near the end the person is
asked to extend by another 24 months, counted from the current expiry date (deadlines.md,
"Retention terms"). The time-dependent part of the state is derived from the expiry date and
`today`; only the answer to the current question is stored.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from konnektus.domain.deadlines import add_calendar_months, retention_expiry

TERM_MONTHS = 24
# The extension question goes out this many months before expiry ("nearing expiry").
NOTICE_MONTHS = 2


class ExtensionAnswer(StrEnum):
    """What is stored on the person: where the current extension question stands."""

    NONE = "none"
    ASKED = "asked"
    GRANTED = "granted"
    DECLINED = "declined"
    NO_ANSWER = "no_answer"


class RetentionState(StrEnum):
    """What the dashboard shows; ordered from calm to needing action."""

    FRESH = "fresh"
    NEARING = "nearing"
    ASKED = "asked"
    EXPIRED = "expired"
    NO_ANSWER = "no_answer"
    DECLINED = "declined"


def nearing_until(today: date, notice_months: int = NOTICE_MONTHS) -> date:
    """Expiry dates on or before this day (and not yet past) count as nearing expiry."""
    return add_calendar_months(today, notice_months)


def retention_state(
    expiry: date,
    answer: ExtensionAnswer | str,
    today: date,
    notice_months: int = NOTICE_MONTHS,
) -> RetentionState:
    """The state of one person's retention clock on `today`.

    A stored answer wins over the dates: someone who declined stays "declined" until erased,
    and someone asked stays "asked" until they answer. On the expiry day itself the term has
    not yet ended; it is expired from the day after.
    """
    answer = ExtensionAnswer(answer)
    if answer is ExtensionAnswer.DECLINED:
        return RetentionState.DECLINED
    if answer is ExtensionAnswer.ASKED:
        return RetentionState.ASKED
    if today > expiry:
        if answer is ExtensionAnswer.NO_ANSWER:
            return RetentionState.NO_ANSWER
        return RetentionState.EXPIRED
    if expiry <= nearing_until(today, notice_months):
        return RetentionState.NEARING
    return RetentionState.FRESH


def extended_expiry(current_expiry: date) -> date:
    """An extension adds 24 months to the current expiry, not to the day the person said yes."""
    return retention_expiry(current_expiry, TERM_MONTHS)


# O5/O6: how long each category is kept, as a key of the retention_rule.* catalog texts.
_CATEGORY_RULES = {
    "cv": "job_finding",
    "correspondence": "job_finding",
    "survey_answer": "job_finding",
    "bsn": "fiscal",
    "bank_account": "fiscal",
    "insurance_pension": "fiscal",
    "identity_document": "id_copy",
    "work_permit": "id_copy",
    "medical": "placement",
    "criminal_record_consent": "placement",
    "emergency_contact": "employment",
    "family_member": "employment",
    "education_proof": "employment",
}


def retention_rule(category: str) -> str:
    """The retention rule that governs a data category (job-finding data by default)."""
    return _CATEGORY_RULES.get(category, "job_finding")
