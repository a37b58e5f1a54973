"""O2: the full role x action grid, written out so that any change to the table shows here."""

from __future__ import annotations

import pytest

from konnektus.domain.permissions import Action, Role, can, can_see_category

A = Action
M, D, R, B = Role.MANAGEMENT, Role.DPO, Role.RECRUITER, Role.BACKOFFICE
# action: (management, dpo, recruiter, backoffice)
GRID: dict[Action, tuple[bool, bool, bool, bool]] = {
    A.VIEW_AGGREGATES: (True, True, True, True),
    A.SEARCH_PEOPLE: (False, True, True, True),
    A.VIEW_PROFILE: (False, True, True, True),
    A.VIEW_PAYROLL_DATA: (False, True, False, True),
    A.VIEW_SPECIAL_CATEGORY: (False, True, False, False),
    A.VIEW_FAMILY_DATA: (False, True, False, True),
    A.VIEW_APPLICANTS: (False, True, True, False),
    A.MANAGE_SETTINGS: (False, True, False, False),
    A.LOG_CONTACT: (False, True, True, True),
    A.LOG_REQUEST: (False, True, True, True),
    A.TRIAGE_REQUEST: (False, True, False, False),
    A.EXECUTE_ERASURE: (False, True, False, False),
    A.RECTIFY_PERSON: (False, True, True, True),
    A.RECORD_EXTENSION_ANSWER: (False, True, True, True),
    A.REGISTER_DISCLOSURE: (False, True, False, True),
    A.NOTIFY_PERSON: (False, True, False, True),
    A.WITHDRAW_CONSENT: (False, True, True, True),
    A.VIEW_AUDIT_LOG: (False, True, False, False),
    A.MANAGE_STAFF: (False, True, False, False),
    A.MINIMISE_DATA: (False, True, False, False),
    A.MANAGE_RECIPIENTS: (False, True, False, True),
    A.RECORD_EMPLOYMENT_END: (False, True, False, True),
    A.VIEW_RETENTION: (False, True, True, False),
    A.ASK_EXTENSION: (False, True, True, False),
    A.VIEW_HELD_DATA: (False, True, False, True),
    A.IMPORT_DATA: (False, True, False, True),
    A.DEFER_NOTICE: (False, True, False, False),
    A.VIEW_OUTBOX: (False, True, False, True),
}


def test_the_grid_covers_every_action() -> None:
    assert set(GRID) == set(Action)


@pytest.mark.parametrize(
    ("action", "role", "allowed"),
    [(action, role, row[i]) for action, row in GRID.items() for i, role in enumerate((M, D, R, B))],
)
def test_each_role_may_do_exactly_what_the_grid_says(
    action: Action, role: Role, allowed: bool
) -> None:
    assert can(role, action) is allowed


@pytest.mark.parametrize("role", [None, "", "admin", "DPO"])
def test_unknown_or_missing_roles_may_do_nothing(role: str | None) -> None:
    assert not any(can(role, action) for action in Action)


@pytest.mark.parametrize(
    ("category", "management", "dpo", "recruiter", "backoffice"),
    [
        ("bsn", False, True, False, True),
        ("bank_account", False, True, False, True),
        ("identity_document", False, True, False, True),
        ("medical", False, True, False, False),
        ("criminal_record_consent", False, True, False, False),
        ("family_member", False, True, False, True),
        ("cv", False, True, True, True),
        ("emergency_contact", False, True, False, True),
    ],
)
def test_recruiters_never_see_bsn_iban_medical_or_criminal_record_data(
    category: str, management: bool, dpo: bool, recruiter: bool, backoffice: bool
) -> None:
    assert [can_see_category(r, category) for r in (M, D, R, B)] == [
        management,
        dpo,
        recruiter,
        backoffice,
    ]
