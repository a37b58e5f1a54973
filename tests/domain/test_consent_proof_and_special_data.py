"""Consent with proof and special data with an end (issue 19 point 6), as tables of cases."""

from __future__ import annotations

from datetime import date

import pytest

from konnektus.domain.consent_proof import ConsentOnRecord, ProofProblem, proof_problem
from konnektus.domain.special_data import (
    InvalidSpecialDataTerm,
    check_months_after_placement,
    is_past_its_end,
    special_data_ends_on,
)

P = ProofProblem
COLLECTED = date(2025, 3, 10)


def consent(
    person: int = 1, purpose: str = "job_finding", given: date = COLLECTED
) -> ConsentOnRecord:
    return ConsentOnRecord(person_id=person, purpose=purpose, given_on=given)


@pytest.mark.parametrize(
    ("basis", "category", "record", "expected"),
    [
        ("contract", "bank_account", None, None),  # not on consent: needs no record
        ("legal_obligation", "bsn", None, None),
        ("consent", "cv", consent(), None),
        ("consent", "cv", None, P.CONSENT_REQUIRED),
        ("consent", "cv", consent(person=2), P.OTHER_PERSON),
        ("consent", "cv", consent(purpose="diploma_check"), P.OTHER_PURPOSE),
        ("consent", "cv", consent(given=date(2025, 3, 11)), P.GIVEN_AFTER),
        ("consent", "cv", consent(given=date(2024, 3, 11)), None),
        ("consent", "survey_answer", consent(purpose="survey"), None),
        ("consent", "survey_answer", consent(purpose="job_finding"), P.OTHER_PURPOSE),
        ("consent", "medical", consent(purpose="medical_exam"), None),
        ("consent", "medical", consent(purpose="job_finding"), P.OTHER_PURPOSE),
        ("consent", "criminal_record_consent", consent(purpose="criminal_record_check"), None),
        ("consent", "education_proof", consent(purpose="diploma_check"), None),
        ("consent", "bsn", consent(), P.NOT_ON_CONSENT),  # UAVG art. 46: never on consent
        ("consent", "bank_account", None, P.NOT_ON_CONSENT),
    ],
)
def test_an_item_on_consent_needs_a_consent_of_its_person_for_its_purpose_given_by_then(
    basis: str, category: str, record: ConsentOnRecord | None, expected: ProofProblem | None
) -> None:
    found = proof_problem(
        legal_basis=basis, category=category, person_id=1, collected_on=COLLECTED, consent=record
    )
    assert found == expected


TODAY = date(2026, 11, 26)


@pytest.mark.parametrize(
    ("collected", "ends", "months", "expected"),
    [
        (date(2025, 1, 5), [None], 3, None),  # the employment runs
        (date(2025, 1, 5), [TODAY], 3, None),  # it ends today: still running
        (date(2025, 1, 5), [date(2026, 8, 31)], 3, date(2026, 11, 30)),  # month arithmetic
        (date(2025, 1, 5), [date(2026, 8, 31)], 0, date(2026, 8, 31)),
        (date(2025, 1, 5), [date(2024, 5, 1), date(2026, 1, 31)], 1, date(2026, 2, 28)),
        (date(2025, 1, 5), [date(2024, 5, 1), None], 1, None),  # one still runs
        (date(2025, 1, 5), [], 3, date(2025, 4, 5)),  # never employed: from collection
        (date(2026, 3, 1), [date(2026, 1, 31)], 3, date(2026, 6, 1)),  # collected after
    ],
)
def test_medical_data_ends_a_policy_term_after_the_last_employment(
    collected: date, ends: list[date | None], months: int, expected: date | None
) -> None:
    found = special_data_ends_on(
        collected_on=collected, employment_ends=ends, months_after=months, today=TODAY
    )
    assert found == expected


def test_medical_data_is_past_its_end_from_the_day_after_its_last_day() -> None:
    assert not is_past_its_end(TODAY, TODAY)
    assert is_past_its_end(date(2026, 11, 25), TODAY)
    assert not is_past_its_end(None, TODAY)


@pytest.mark.parametrize("months", [-1, 13, 100])
def test_the_policy_term_after_a_placement_is_refused_outside_zero_to_twelve(months: int) -> None:
    with pytest.raises(InvalidSpecialDataTerm) as refused:
        check_months_after_placement(months)
    assert refused.value.code == "special_data_term_out_of_range"


@pytest.mark.parametrize("months", [0, 3, 12])
def test_the_policy_term_after_a_placement_accepts_zero_to_twelve(months: int) -> None:
    assert check_months_after_placement(months) == months
