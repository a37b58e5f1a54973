"""A request from an outside party that the agency refused (O8: "every request").

The privacy statement promises to tell the person of every request from an outside party, so
a refused one is recorded too: who asked (a party of the register), about whom, which data,
the purpose they gave, the day it came in, and why it was refused. The reason is a code: one
of the lawful-basis rule's refusals (konnektus/domain/sharing.Refusal), when the register
form refused the disclosure, or one of STAFF_REASONS, when staff refused it themselves; a
reason of their own needs a note saying why. Pure rules: the service loads the facts.
"""

from __future__ import annotations

from datetime import date
from typing import Final

from konnektus.domain.errors import CodedError
from konnektus.domain.lawful_bases import DISCLOSURE_PURPOSES
from konnektus.domain.sharing import DATA_CATEGORIES, Refusal

# Reasons staff give when they refuse a request themselves (before any rule was asked).
STAFF_REASONS: Final = (
    "no_ground_given",  # the party named no legal ground or purpose the agency accepts
    "requester_not_verified",  # who asked could not be verified
    "more_than_needed",  # the request asked for more than its purpose needs (Art. 5(1)(c))
    "other",
)
RULE_REASONS: Final = tuple(str(r) for r in Refusal)
REASONS: Final = STAFF_REASONS + RULE_REASONS


class RefusedRequestInvalid(CodedError, ValueError):
    """A refused request that cannot be recorded as entered; nothing was written."""

    codes = (
        "refused_person_unknown",
        "refused_recipient_unknown",
        "refused_categories_required",
        "refused_category_unknown",
        "refused_purpose_required",
        "refused_purpose_unknown",
        "refused_reason_unknown",
        "refused_note_required",
        "refused_received_missing",
        "refused_received_in_future",
    )


def check_refused_request(
    *,
    person_known: bool,
    recipient_known: bool,
    categories: tuple[str, ...] | list[str],
    purpose: str,
    reason: str,
    note: str,
    received_on: date | None,
    today: date,
) -> None:
    """Refuse a record without a known person or party, without known data categories or
    purpose, with an unknown reason, a reason of the staff's own without a note, or without a
    day of receipt on or before today. An erased person's request can still be recorded: the
    record names them by reference only."""
    if not person_known:
        raise RefusedRequestInvalid("refused_person_unknown")
    if not recipient_known:
        raise RefusedRequestInvalid("refused_recipient_unknown")
    if not categories:
        raise RefusedRequestInvalid("refused_categories_required")
    if any(c not in DATA_CATEGORIES for c in categories):
        raise RefusedRequestInvalid("refused_category_unknown")
    if not purpose:
        raise RefusedRequestInvalid("refused_purpose_required")
    if purpose not in DISCLOSURE_PURPOSES:
        raise RefusedRequestInvalid("refused_purpose_unknown")
    if reason not in REASONS:
        raise RefusedRequestInvalid("refused_reason_unknown")
    if reason in STAFF_REASONS and not note.strip():
        raise RefusedRequestInvalid("refused_note_required")
    if received_on is None:
        raise RefusedRequestInvalid("refused_received_missing")
    if received_on > today:
        raise RefusedRequestInvalid("refused_received_in_future")
