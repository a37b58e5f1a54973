"""Art. 21 as tables: which disclosure an upheld objection stops, and which data it takes."""

from __future__ import annotations

from datetime import date

import pytest

from konnektus.domain.objection import (
    OBJECTION_PURPOSES,
    STOPS,
    objected_disclosure,
    removes_category,
    removes_proposals,
)
from konnektus.domain.sharing import (
    PersonFacts,
    RecipientFacts,
    Refusal,
    disclosure_refusal,
)

TODAY = date(2026, 11, 26)


@pytest.mark.parametrize(
    ("stopped", "recipient_category", "purpose", "refused"),
    [
        ({"reference_check"}, "referee", "referentie opvragen", True),
        ({"reference_check"}, "education_body", "reference_check", True),  # its purpose
        ({"reference_check"}, "education_body", "diploma_check", False),
        ({"reference_check"}, "tax_authority", "loonaangifte", False),
        ({"job_finding"}, "client", "voordracht", True),
        ({"job_finding"}, "referee", "referentie opvragen", False),
        ({"survey"}, "referee", "referentie opvragen", False),
        ({"survey"}, "insurer", " survey ", True),
        (set(), "referee", "referentie opvragen", False),
        ({"survey", "reference_check"}, "referee", "x", True),
        ({"reference_check"}, None, "x", False),
    ],
)
def test_a_disclosure_is_objected_when_it_serves_a_stopped_purpose(
    stopped: set[str], recipient_category: str | None, purpose: str, refused: bool
) -> None:
    assert objected_disclosure(frozenset(stopped), recipient_category, purpose) is refused


@pytest.mark.parametrize(
    ("purpose", "category", "removed"),
    [
        ("job_finding", "cv", True),
        ("job_finding", "correspondence", True),
        ("job_finding", "survey_answer", True),
        ("job_finding", "bsn", False),
        ("job_finding", "identity_document", False),
        ("job_finding", "medical", False),
        ("survey", "survey_answer", True),
        ("survey", "cv", False),
        ("reference_check", "cv", False),
        ("reference_check", "survey_answer", False),
    ],
)
def test_an_objection_takes_only_the_data_kept_for_its_purpose(
    purpose: str, category: str, removed: bool
) -> None:
    assert removes_category(purpose, category) is removed


def test_only_job_finding_takes_the_proposals_and_every_purpose_names_what_stops() -> None:
    assert [p for p in OBJECTION_PURPOSES if removes_proposals(p)] == ["job_finding"]
    assert set(STOPS) == set(OBJECTION_PURPOSES) and all(STOPS.values())


def _refusal(stopped: frozenset[str], category: str) -> Refusal | None:
    return disclosure_refusal(
        recipient=RecipientFacts("independent", True, "NL", None, None, None, category),
        person=PersonFacts(erased=False),
        person_id=1,
        categories=("cv",),
        purpose="reference_check",
        legal_basis="contract",
        consent=None,
        today=TODAY,
        stopped_purposes=stopped,
    )


def test_the_disclosure_rule_refuses_a_referee_after_an_objection_to_reference_checks() -> None:
    assert _refusal(frozenset({"reference_check"}), "referee") is Refusal.PURPOSE_OBJECTED
    assert _refusal(frozenset(), "referee") is None
    assert _refusal(frozenset({"job_finding"}), "referee") is None
