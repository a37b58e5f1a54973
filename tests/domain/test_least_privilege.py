"""O2, tightened (issue 10): the role x action x data-category grid, written out in full.

For each role: which people it may open (an applicant never placed, or someone placed or
employed) and, on those, which categories of data it may read. Management sees no person;
recruiters never see payroll data, special-category data, family members or emergency
contacts; back office sees only people with a placement or employment, with their payroll,
family and emergency-contact data, never special-category data; the DPO sees everything.
"""

from __future__ import annotations

import pytest

from konnektus.domain.permissions import Role, can_see_category, may_see_person

M, D, R, B = Role.MANAGEMENT, Role.DPO, Role.RECRUITER, Role.BACKOFFICE
ROLES = (M, D, R, B)

# stage of the person: (management, dpo, recruiter, backoffice) may open the profile
PEOPLE = {
    "applicant": (False, True, True, False),
    "proposed": (False, True, True, False),
    "placed": (False, True, True, True),
    "employed": (False, True, True, True),
    "former_employee": (False, True, True, True),
}
# data category: (management, dpo, recruiter, backoffice) may read it on a person they may open
CATEGORIES = {
    "cv": (False, True, True, True),
    "correspondence": (False, True, True, True),
    "survey_answer": (False, True, True, True),
    "education_proof": (False, True, True, True),
    "work_permit": (False, True, True, True),
    "insurance_pension": (False, True, True, True),
    "bsn": (False, True, False, True),
    "bank_account": (False, True, False, True),
    "identity_document": (False, True, False, True),
    "medical": (False, True, False, False),
    "criminal_record_consent": (False, True, False, False),
    "family_member": (False, True, False, True),
    "emergency_contact": (False, True, False, True),
}

GRID = [
    (role, stage, category, PEOPLE[stage][i] and CATEGORIES[category][i])
    for stage in PEOPLE
    for category in CATEGORIES
    for i, role in enumerate(ROLES)
]


@pytest.mark.parametrize(("role", "stage", "category", "allowed"), GRID)
def test_each_role_reads_exactly_the_data_the_grid_allows(
    role: Role, stage: str, category: str, allowed: bool
) -> None:
    assert (may_see_person(role, stage) and can_see_category(role, category)) is allowed


def test_back_office_never_opens_an_applicant() -> None:
    assert not may_see_person(B, "applicant") and may_see_person(B, "former_employee")


def test_recruiters_see_no_emergency_contact_or_family_member() -> None:
    assert not can_see_category(R, "emergency_contact")
    assert not can_see_category(R, "family_member")
