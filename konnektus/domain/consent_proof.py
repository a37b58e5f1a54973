"""Consent with proof (Art. 7(1), 9(2)(a)): an item held on consent names the consent it rests on.

"Consent" is only a lawful basis when the agency can show it: which consent, of whom, for what,
given when (Art. 7(1)). So a personal-data item whose legal basis is `consent` points to one
consent record of the same person, for the purpose that item category is held for, given on or
before the item was collected. The import refuses an item that does not; a check lists the
items stored without one, so none can quietly rest on a consent nobody recorded.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from types import MappingProxyType
from typing import Final

# The consent purpose each kind of item is held for when it rests on consent (the purpose
# codes of lawful-bases.md). A category missing here cannot rest on consent at all: BSN,
# bank account, identity papers and the like are held for the contract or a legal duty.
CONSENT_PURPOSE_OF_ITEM: Final = MappingProxyType(
    {
        "cv": "job_finding",
        "correspondence": "job_finding",
        "survey_answer": "survey",
        "medical": "medical_exam",
        "criminal_record_consent": "criminal_record_check",
        "education_proof": "diploma_check",
    }
)


class ProofProblem(StrEnum):
    """Why an item on the basis of consent has no valid proof (codes under errors.*)."""

    CONSENT_REQUIRED = "item_consent_required"  # no consent named
    NOT_ON_CONSENT = "item_not_consent_category"  # this kind of data cannot rest on consent
    OTHER_PERSON = "item_consent_of_other_person"
    OTHER_PURPOSE = "item_consent_other_purpose"
    GIVEN_AFTER = "item_consent_given_after"  # collected before the consent was given


# Proven once, but gone since: the consent the item rests on was withdrawn, so the item lost
# its only ground (Art. 17(1)(b)) unless a legal hold keeps it. Not a fault of the record
# itself (an import may bring in that history), but the check lists it all the same.
CONSENT_WITHDRAWN: Final = "item_consent_withdrawn"


@dataclass(frozen=True)
class ConsentOnRecord:
    person_id: int
    purpose: str
    given_on: date


def consent_purpose_for(category: str) -> str | None:
    """The purpose a consent must name to carry an item of `category`, or None."""
    return CONSENT_PURPOSE_OF_ITEM.get(category)


def proof_problem(
    *,
    legal_basis: str,
    category: str,
    person_id: int,
    collected_on: date,
    consent: ConsentOnRecord | None,
) -> ProofProblem | None:
    """The first reason why this item's consent is not proven, or None (also for an item that
    does not rest on consent: it needs no consent record)."""
    if legal_basis != "consent":
        return None
    purpose = consent_purpose_for(category)
    if purpose is None:
        return ProofProblem.NOT_ON_CONSENT
    if consent is None:
        return ProofProblem.CONSENT_REQUIRED
    if consent.person_id != person_id:
        return ProofProblem.OTHER_PERSON
    if consent.purpose != purpose:
        return ProofProblem.OTHER_PURPOSE
    if consent.given_on > collected_on:
        return ProofProblem.GIVEN_AFTER
    return None
