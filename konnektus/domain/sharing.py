"""Sharing with outside parties (O7, O8): the register's rules and when a disclosure is refused.

Pure rules: the service loads the facts (recipient, person, consent) inside its transaction
and passes them here with `today`; a refusal is a code the UI puts into words.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from typing import Final

from konnektus.domain.deadlines import AMSTERDAM
from konnektus.domain.lawful_bases import (
    CONSENT_PURPOSES,
    DISCLOSURE_PURPOSES,
    adequacy_covers,
    court_order_problem,
    data_breach,
)
from konnektus.domain.objection import objected_disclosure

# Art. 28: a processor needs a data-processing agreement; warn this long before it ends.
EXPIRY_WARNING: Final = timedelta(days=60)
# O8: a person told of a disclosure within this many days was told on time.
NOTIFY_WITHIN_DAYS: Final = 30

RECIPIENT_KINDS: Final = ("processor", "independent")
RECIPIENT_CATEGORIES: Final = (
    "tax_authority",
    "customs",
    "auditor",
    "government_body",
    "immigration",
    "court",
    "offshore_security_body",
    "referee",
    "education_body",
    "client",
    "occupational_health",
    "insurer",
    "health_insurer",
    "pension_fund",
    "social_security",
    "payroll_bureau",
    "financial_adviser",
)
LEGAL_BASES: Final = ("consent", "contract", "legal_obligation", "legitimate_interest")
DATA_CATEGORIES: Final = (
    "cv",
    "correspondence",
    "identity_document",
    "bsn",
    "bank_account",
    "emergency_contact",
    "education_proof",
    "insurance_pension",
    "work_permit",
    "criminal_record_consent",
    "medical",
    "family_member",
    "salary",
    "employment",
    "contact_details",
)
# Chapter V GDPR: transfers outside the EEA need one of these (Art. 45, 46, 47); the last is
# not a safeguard but the Art. 49(1)(a) derogation, for occasional transfers only
# (lawful_bases.DEROGATIONS): allowed, marked as such and counted.
SAFEGUARDS: Final = (
    "adequacy_decision",
    "standard_contractual_clauses",
    "binding_corporate_rules",
    "explicit_consent",
)
# The 27 EU member states plus Iceland, Liechtenstein and Norway (ISO 3166-1 alpha-2).
EEA_COUNTRIES: Final = frozenset(
    {
        "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE",
        "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
        "IS", "LI", "NO",
    }
)  # fmt: skip


class AgreementStatus(StrEnum):
    """Where a recipient stands with its data-processing agreement on a given day."""

    NOT_REQUIRED = "not_required"  # an independent recipient (controller in its own right)
    MISSING = "missing"  # a processor without a signed agreement (or not yet in force)
    EXPIRED = "expired"  # the agreement ended before today
    EXPIRING = "expiring"  # valid, but ends within EXPIRY_WARNING
    VALID = "valid"


class Refusal(StrEnum):
    """Why a disclosure may not be registered; nothing is written when one applies."""

    RECIPIENT_UNKNOWN = "recipient_unknown"
    RECIPIENT_SUSPENDED = "recipient_suspended"
    AGREEMENT_MISSING = "agreement_missing"
    AGREEMENT_EXPIRED = "agreement_expired"
    NO_SAFEGUARD = "no_safeguard"
    ADEQUACY_NOT_FOR_COUNTRY = "adequacy_not_for_country"
    PERSON_UNKNOWN = "person_unknown"
    PERSON_ERASED = "person_erased"
    NO_DATA_CATEGORIES = "no_data_categories"
    UNKNOWN_DATA_CATEGORY = "unknown_data_category"
    NO_PURPOSE = "no_purpose"
    UNKNOWN_PURPOSE = "unknown_purpose"
    UNKNOWN_LEGAL_BASIS = "unknown_legal_basis"
    PURPOSE_OBJECTED = "purpose_objected"  # Art. 21: an upheld objection stopped it
    COURT_ORDER = "court_order"
    COURT_ORDER_REFERENCE = "court_order_reference"
    # the lawful-basis table (konnektus/domain/lawful_bases.py): <rule>_recipient / _ground
    BSN_RECIPIENT = "bsn_recipient"
    BSN_GROUND = "bsn_ground"
    HEALTH_RECIPIENT = "health_recipient"
    HEALTH_GROUND = "health_ground"
    CRIMINAL_RECORD_RECIPIENT = "criminal_record_recipient"
    CRIMINAL_RECORD_GROUND = "criminal_record_ground"
    FINANCIAL_RECIPIENT = "financial_recipient"
    FINANCIAL_GROUND = "financial_ground"
    PROFILE_GROUND = "profile_ground"
    CONSENT_MISSING = "consent_missing"
    CONSENT_OF_ANOTHER_PERSON = "consent_of_another_person"
    CONSENT_OTHER_PURPOSE = "consent_other_purpose"
    CONSENT_WITHDRAWN = "consent_withdrawn"


@dataclass(frozen=True)
class RecipientFacts:
    kind: str
    active: bool
    country: str
    dpa_signed_on: date | None
    dpa_expires_on: date | None
    safeguard: str | None
    category: str


@dataclass(frozen=True)
class PersonFacts:
    erased: bool


@dataclass(frozen=True)
class ConsentFacts:
    person_id: int
    given_on: date
    withdrawn_on: date | None
    purpose: str


def agreement_status(
    kind: str, signed_on: date | None, expires_on: date | None, today: date
) -> AgreementStatus:
    """The agreement of a recipient on `today`: valid up to and including its last day."""
    if kind != "processor":
        return AgreementStatus.NOT_REQUIRED
    if signed_on is None or signed_on > today:
        return AgreementStatus.MISSING
    if expires_on is None:
        return AgreementStatus.VALID  # open-ended: in force until terminated
    if expires_on < today:
        return AgreementStatus.EXPIRED
    if expires_on - today <= EXPIRY_WARNING:
        return AgreementStatus.EXPIRING
    return AgreementStatus.VALID


def agreement_allows_sharing(status: AgreementStatus) -> bool:
    return status in (AgreementStatus.NOT_REQUIRED, AgreementStatus.VALID, AgreementStatus.EXPIRING)


def in_eea(country: str) -> bool:
    return country.strip().upper() in EEA_COUNTRIES


def safeguard_required(country: str) -> bool:
    """A transfer outside the EEA needs a recorded safeguard (Chapter V GDPR)."""
    return not in_eea(country)


def disclosure_refusal(
    *,
    recipient: RecipientFacts | None,
    person: PersonFacts | None,
    person_id: int,
    categories: tuple[str, ...] | list[str],
    purpose: str,
    legal_basis: str,
    consent: ConsentFacts | None,
    today: date,
    note: str = "",
    stopped_purposes: frozenset[str] = frozenset(),
) -> Refusal | None:
    """The first reason why this disclosure may not be registered on `today`, or None.

    `purpose` is a code of lawful_bases.DISCLOSURE_PURPOSES, `note` its free text (a court
    order's reference); `stopped_purposes` are the purposes an upheld objection of the person
    stopped (Art. 21). The order: who and where first (the register), then what and why."""
    if person is None:
        return Refusal.PERSON_UNKNOWN
    if person.erased:
        return Refusal.PERSON_ERASED
    if recipient is None:
        return Refusal.RECIPIENT_UNKNOWN
    if not recipient.active:
        return Refusal.RECIPIENT_SUSPENDED
    status = agreement_status(
        recipient.kind, recipient.dpa_signed_on, recipient.dpa_expires_on, today
    )
    if status is AgreementStatus.MISSING:
        return Refusal.AGREEMENT_MISSING
    if status is AgreementStatus.EXPIRED:
        return Refusal.AGREEMENT_EXPIRED
    if safeguard_required(recipient.country):
        safeguard = (recipient.safeguard or "").strip()
        if not safeguard:
            return Refusal.NO_SAFEGUARD
        if safeguard == "adequacy_decision" and not adequacy_covers(recipient.country):
            return Refusal.ADEQUACY_NOT_FOR_COUNTRY
    if not categories:
        return Refusal.NO_DATA_CATEGORIES
    if any(category not in DATA_CATEGORIES for category in categories):
        return Refusal.UNKNOWN_DATA_CATEGORY
    if not purpose.strip():
        return Refusal.NO_PURPOSE
    if purpose not in DISCLOSURE_PURPOSES:
        return Refusal.UNKNOWN_PURPOSE
    if legal_basis not in LEGAL_BASES:
        return Refusal.UNKNOWN_LEGAL_BASIS
    lawful = lawful_refusal(
        categories,
        recipient_category=recipient.category,
        recipient_kind=recipient.kind,
        purpose=purpose,
        note=note,
        legal_basis=legal_basis,
        consent_purpose=None,
        stopped_purposes=stopped_purposes,
    )
    if lawful is not None:
        return lawful
    if legal_basis == "consent":
        if consent is None or consent.given_on > today:
            return Refusal.CONSENT_MISSING
        if consent.person_id != person_id:
            return Refusal.CONSENT_OF_ANOTHER_PERSON
        # one consent, one purpose: a consent for a diploma check carries nothing else
        if consent.purpose != purpose or purpose not in CONSENT_PURPOSES:
            return Refusal.CONSENT_OTHER_PURPOSE
        if consent.withdrawn_on is not None and consent.withdrawn_on <= today:
            return Refusal.CONSENT_WITHDRAWN
    return None


def lawful_refusal(
    categories: tuple[str, ...] | list[str],
    *,
    recipient_category: str,
    recipient_kind: str,
    purpose: str,
    note: str,
    legal_basis: str,
    consent_purpose: str | None,
    stopped_purposes: frozenset[str] = frozenset(),
) -> Refusal | None:
    """The lawful-basis rules alone (lawful-bases.md): an objected purpose (also a referee or a
    client, whom only that purpose reaches: domain/objection.py), a court order,
    the table of data that needs more than a ground, and (when `consent_purpose` is given)
    one consent, one purpose. The import checks its rows with this; the register with
    `disclosure_refusal`, which also knows the consent's dates and the recipient's state."""
    if objected_disclosure(stopped_purposes, recipient_category, purpose):
        return Refusal.PURPOSE_OBJECTED
    court = court_order_problem(recipient_category, purpose, legal_basis, note)
    if court:
        return Refusal(court)
    breach = data_breach(
        categories,
        recipient_category=recipient_category,
        recipient_kind=recipient_kind,
        purpose=purpose,
        legal_basis=legal_basis,
    )
    if breach is not None:
        return Refusal(breach.code)
    if (
        legal_basis == "consent"
        and consent_purpose is not None
        and (consent_purpose != purpose or purpose not in CONSENT_PURPOSES)
    ):
        return Refusal.CONSENT_OTHER_PURPOSE
    return None


def notification_timeliness(
    disclosed_on: date, notified_on: date | None, deferred_until: date | None = None
) -> str:
    """'on_time', 'late' or 'not_notified' (the SQL summaries use the same rule). A notice
    deferred on a confidentiality ground (UAVG art. 41) counts its term from the day after
    the deferral ends."""
    if notified_on is None:
        return "not_notified"
    start = disclosed_on
    if deferred_until is not None:
        start = max(disclosed_on, deferred_until + timedelta(days=1))
    if (notified_on - start).days <= NOTIFY_WITHIN_DAYS:
        return "on_time"
    return "late"


def period_bounds(first_day: date, last_day: date) -> tuple[datetime, datetime]:
    """The stored (naive UTC) moments [start, end) of the Amsterdam days first..last."""
    if last_day < first_day:
        first_day, last_day = last_day, first_day

    def midnight(day: date) -> datetime:
        local = datetime.combine(day, time(0), tzinfo=AMSTERDAM)
        return local.astimezone(UTC).replace(tzinfo=None)

    return midnight(first_day), midnight(last_day + timedelta(days=1))


# Art. 17(1)(b): what is kept only because the person consented to a purpose. Once every
# consent for that purpose is withdrawn, items of these categories held *on the basis of
# consent* have no other ground and are listed for removal. (A diploma check relies on consent
# to ask the school, but the diploma itself is held under the employment contract.)
CONSENT_ONLY_DATA: Final = {
    "criminal_record_check": ("criminal_record_consent",),
    "medical_exam": ("medical",),
    "survey": ("survey_answer",),
}
WITHDRAWAL_CHANNELS: Final = ("email", "letter", "phone", "web_form", "in_person")


def withdrawal_date_refusal(received_on: date | None, given_on: date, today: date) -> str | None:
    """Art. 7(3): a withdrawal takes effect from the day it was received, which staff enter;
    that day is not in the future and not before the consent was given (a code, or None)."""
    if received_on is None:
        return "withdrawal_received_missing"
    if received_on > today:
        return "withdrawal_received_in_future"
    if received_on < given_on:
        return "withdrawal_received_before_given"
    return None


def data_held_only_on(purposes: set[str] | frozenset[str]) -> tuple[str, ...]:
    """The data categories that lose their ground when consent for `purposes` is gone."""
    return tuple(sorted({c for p in purposes for c in CONSENT_ONLY_DATA.get(p, ())}))
