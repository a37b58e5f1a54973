"""Sharing rules (O7, O8) as tables: agreement status, the EEA, and every refusal."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

import pytest

from konnektus.domain.sharing import (
    EEA_COUNTRIES,
    AgreementStatus,
    ConsentFacts,
    PersonFacts,
    RecipientFacts,
    Refusal,
    agreement_allows_sharing,
    agreement_status,
    data_held_only_on,
    disclosure_refusal,
    in_eea,
    notification_timeliness,
    period_bounds,
    safeguard_required,
)

TODAY = date(2026, 11, 26)
AG = AgreementStatus


@pytest.mark.parametrize(
    ("kind", "signed", "expires", "expected"),
    [
        ("independent", None, None, AG.NOT_REQUIRED),
        ("independent", date(2020, 1, 1), date(2021, 1, 1), AG.NOT_REQUIRED),
        ("processor", None, None, AG.MISSING),
        ("processor", None, date(2028, 1, 1), AG.MISSING),
        ("processor", date(2026, 11, 27), date(2028, 1, 1), AG.MISSING),
        ("processor", date(2023, 1, 1), date(2026, 11, 25), AG.EXPIRED),
        ("processor", date(2023, 1, 1), date(2026, 11, 26), AG.EXPIRING),
        ("processor", date(2023, 1, 1), date(2027, 1, 25), AG.EXPIRING),
        ("processor", date(2023, 1, 1), date(2027, 1, 26), AG.VALID),
        ("processor", date(2023, 1, 1), None, AG.VALID),
        ("processor", date(2026, 11, 26), date(2030, 1, 1), AG.VALID),
    ],
)
def test_the_agreement_status_of_a_recipient_follows_its_dates(
    kind: str, signed: date | None, expires: date | None, expected: AgreementStatus
) -> None:
    assert agreement_status(kind, signed, expires, TODAY) is expected


@pytest.mark.parametrize(
    ("status", "allowed"),
    [
        (AG.NOT_REQUIRED, True),
        (AG.VALID, True),
        (AG.EXPIRING, True),
        (AG.EXPIRED, False),
        (AG.MISSING, False),
    ],
)
def test_only_a_missing_or_expired_agreement_stops_sharing(
    status: AgreementStatus, allowed: bool
) -> None:
    assert agreement_allows_sharing(status) is allowed


@pytest.mark.parametrize(
    ("country", "inside"),
    [
        ("NL", True),
        ("de", True),
        ("NO", True),
        ("IS", True),
        ("LI", True),
        ("GB", False),
        ("CH", False),
        ("US", False),
        ("IN", False),
    ],
)
def test_a_safeguard_is_required_only_outside_the_eea(country: str, inside: bool) -> None:
    assert in_eea(country) is inside
    assert safeguard_required(country) is not inside


def test_the_eea_has_thirty_countries() -> None:
    assert len(EEA_COUNTRIES) == 30


VALID_PROCESSOR = RecipientFacts(
    kind="processor",
    active=True,
    country="NL",
    dpa_signed_on=date(2024, 1, 1),
    dpa_expires_on=date(2028, 1, 1),
    safeguard=None,
    category="payroll_bureau",
)
PERSON_ID = 7
GIVEN = ConsentFacts(
    person_id=PERSON_ID, given_on=date(2025, 1, 1), withdrawn_on=None, purpose="survey"
)
BASE = {
    "recipient": VALID_PROCESSOR,
    "person": PersonFacts(erased=False),
    "person_id": PERSON_ID,
    "categories": ("employment",),
    "purpose": "payroll",
    "legal_basis": "contract",
    "consent": None,
    "today": TODAY,
}


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, None),
        ({"legal_basis": "consent", "consent": GIVEN, "purpose": "survey"}, None),
        (
            {
                "legal_basis": "consent",
                "consent": replace(GIVEN, withdrawn_on=date(2026, 11, 27)),
                "purpose": "survey",
            },
            None,
        ),
        (
            {"recipient": replace(VALID_PROCESSOR, dpa_expires_on=date(2027, 1, 1))},
            None,
        ),
        (
            {"recipient": replace(VALID_PROCESSOR, kind="independent", dpa_signed_on=None)},
            None,
        ),
        (
            {"recipient": replace(VALID_PROCESSOR, country="GB", safeguard="adequacy_decision")},
            None,
        ),
        ({"person": None}, Refusal.PERSON_UNKNOWN),
        ({"person": PersonFacts(erased=True)}, Refusal.PERSON_ERASED),
        ({"recipient": None}, Refusal.RECIPIENT_UNKNOWN),
        ({"recipient": replace(VALID_PROCESSOR, active=False)}, Refusal.RECIPIENT_SUSPENDED),
        (
            {"recipient": replace(VALID_PROCESSOR, dpa_signed_on=None, dpa_expires_on=None)},
            Refusal.AGREEMENT_MISSING,
        ),
        (
            {"recipient": replace(VALID_PROCESSOR, dpa_expires_on=date(2026, 11, 25))},
            Refusal.AGREEMENT_EXPIRED,
        ),
        ({"recipient": replace(VALID_PROCESSOR, country="GB")}, Refusal.NO_SAFEGUARD),
        (
            {"recipient": replace(VALID_PROCESSOR, country="US", safeguard=" ")},
            Refusal.NO_SAFEGUARD,
        ),
        ({"categories": ()}, Refusal.NO_DATA_CATEGORIES),
        ({"categories": ("salary", "shoe_size")}, Refusal.UNKNOWN_DATA_CATEGORY),
        ({"purpose": "  "}, Refusal.NO_PURPOSE),
        ({"purpose": "loonbetaling"}, Refusal.UNKNOWN_PURPOSE),
        ({"legal_basis": "because"}, Refusal.UNKNOWN_LEGAL_BASIS),
        ({"legal_basis": "consent"}, Refusal.CONSENT_MISSING),
        (
            {"legal_basis": "consent", "consent": replace(GIVEN, given_on=date(2026, 11, 27))},
            Refusal.CONSENT_MISSING,
        ),
        (
            {"legal_basis": "consent", "consent": replace(GIVEN, person_id=8)},
            Refusal.CONSENT_OF_ANOTHER_PERSON,
        ),
        (
            {"legal_basis": "consent", "consent": GIVEN},
            Refusal.CONSENT_OTHER_PURPOSE,
        ),
        (
            {
                "legal_basis": "consent",
                "consent": replace(GIVEN, withdrawn_on=TODAY),
                "purpose": "survey",
            },
            Refusal.CONSENT_WITHDRAWN,
        ),
        (
            {
                "legal_basis": "consent",
                "consent": replace(GIVEN, withdrawn_on=date(2025, 6, 1)),
                "purpose": "survey",
            },
            Refusal.CONSENT_WITHDRAWN,
        ),
        # a suspension outranks every other reason: it is the first thing the form must fix
        (
            {"recipient": replace(VALID_PROCESSOR, active=False, dpa_signed_on=None)},
            Refusal.RECIPIENT_SUSPENDED,
        ),
    ],
    ids=lambda v: str(v) if isinstance(v, Refusal) or v is None else None,
)
def test_a_disclosure_is_refused_for_exactly_these_reasons(
    changes: dict[str, object], expected: Refusal | None
) -> None:
    assert disclosure_refusal(**{**BASE, **changes}) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("disclosed", "notified", "expected"),
    [
        (date(2026, 1, 1), None, "not_notified"),
        (date(2026, 1, 1), date(2026, 1, 1), "on_time"),
        (date(2026, 1, 1), date(2026, 1, 31), "on_time"),
        (date(2026, 1, 1), date(2026, 2, 1), "late"),
    ],
)
def test_a_person_told_within_thirty_days_was_told_on_time(
    disclosed: date, notified: date | None, expected: str
) -> None:
    assert notification_timeliness(disclosed, notified) == expected


@pytest.mark.parametrize(
    ("first", "last", "start", "end"),
    [
        (
            date(2026, 1, 1),
            date(2026, 1, 31),
            datetime(2025, 12, 31, 23),
            datetime(2026, 1, 31, 23),
        ),
        (date(2026, 7, 1), date(2026, 7, 1), datetime(2026, 6, 30, 22), datetime(2026, 7, 1, 22)),
        # the last Sunday of March has 23 hours in Amsterdam
        (
            date(2026, 3, 29),
            date(2026, 3, 29),
            datetime(2026, 3, 28, 23),
            datetime(2026, 3, 29, 22),
        ),
        (date(2026, 2, 1), date(2026, 1, 1), datetime(2025, 12, 31, 23), datetime(2026, 2, 1, 23)),
    ],
)
def test_a_period_covers_whole_amsterdam_days_in_stored_utc_moments(
    first: date, last: date, start: datetime, end: datetime
) -> None:
    assert period_bounds(first, last) == (start, end)


@pytest.mark.parametrize(
    ("purposes", "categories"),
    [
        (set(), ()),
        ({"criminal_record_check"}, ("criminal_record_consent",)),
        (
            {"medical_exam", "criminal_record_check"},
            ("criminal_record_consent", "medical"),
        ),
        ({"diploma_check", "reference_check"}, ()),
    ],
)
def test_only_data_kept_for_a_withdrawn_purpose_loses_its_ground(
    purposes: set[str], categories: tuple[str, ...]
) -> None:
    assert data_held_only_on(purposes) == categories


@pytest.mark.parametrize(
    ("disclosed", "notified", "deferred_until", "expected"),
    [
        (date(2026, 1, 1), date(2026, 3, 1), date(2026, 2, 28), "on_time"),
        (date(2026, 1, 1), date(2026, 3, 31), date(2026, 2, 28), "on_time"),
        (date(2026, 1, 1), date(2026, 4, 1), date(2026, 2, 28), "late"),
        (date(2026, 1, 1), date(2026, 2, 1), None, "late"),
    ],
)
def test_a_deferred_notice_counts_its_thirty_days_from_the_day_after_the_deferral(
    disclosed: date, notified: date, deferred_until: date | None, expected: str
) -> None:
    assert notification_timeliness(disclosed, notified, deferred_until) == expected
