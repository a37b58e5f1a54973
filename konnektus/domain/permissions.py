"""O2: who may do what, as one table of roles to actions.

Least privilege: management sees aggregates only, never a person; recruiters never see BSN,
IBAN, ID documents, medical or criminal-record data; back office sees employment and payroll
data; only the DPO executes erasures and reads the audit log. The service layer checks this
table before touching anything; pages use it only to leave out what a role cannot use.
"""

from __future__ import annotations

from enum import StrEnum
from types import MappingProxyType

from konnektus.domain.errors import CodedError


class Role(StrEnum):
    MANAGEMENT = "management"
    DPO = "dpo"
    RECRUITER = "recruiter"
    BACKOFFICE = "backoffice"


class Action(StrEnum):
    VIEW_AGGREGATES = "view_aggregates"
    SEARCH_PEOPLE = "search_people"
    VIEW_PROFILE = "view_profile"
    VIEW_PAYROLL_DATA = "view_payroll_data"  # BSN, IBAN, ID document
    VIEW_SPECIAL_CATEGORY = "view_special_category"  # medical, criminal-record check
    VIEW_FAMILY_DATA = "view_family_data"  # family members (postings abroad), emergency contacts
    VIEW_APPLICANTS = "view_applicants"  # people never placed or employed (job-finding data)
    MANAGE_SETTINGS = "manage_settings"  # O13 contact, retention lead times (DPO)
    LOG_CONTACT = "log_contact"
    LOG_REQUEST = "log_request"
    TRIAGE_REQUEST = "triage_request"
    EXECUTE_ERASURE = "execute_erasure"
    RECTIFY_PERSON = "rectify_person"
    RECORD_EXTENSION_ANSWER = "record_extension_answer"
    REGISTER_DISCLOSURE = "register_disclosure"
    NOTIFY_PERSON = "notify_person"
    WITHDRAW_CONSENT = "withdraw_consent"
    VIEW_AUDIT_LOG = "view_audit_log"
    MANAGE_STAFF = "manage_staff"
    MINIMISE_DATA = "minimise_data"  # O1: remove employment-only data never needed
    MANAGE_RECIPIENTS = "manage_recipients"  # O7: add, edit, suspend recipients
    RECORD_EMPLOYMENT_END = "record_employment_end"  # O5: the end creates the legal holds
    VIEW_RETENTION = "view_retention"  # O6: the retention page, its counts and lists
    ASK_EXTENSION = "ask_extension"  # O6: send the extension question and its reminder
    VIEW_HELD_DATA = "view_held_data"  # O5: what a legal hold keeps after erasure
    IMPORT_DATA = "import_data"  # issue 14: bring in the recruitment, payroll, sharing records
    DEFER_NOTICE = "defer_notice"  # O8, UAVG art. 41: keep a notice back on a named ground
    VIEW_OUTBOX = "view_outbox"  # issue 20: the outbox page (back office: its own letters)


A = Action
_PEOPLE_WORK = {
    A.VIEW_AGGREGATES,
    A.SEARCH_PEOPLE,
    A.VIEW_PROFILE,
    A.LOG_CONTACT,
    A.LOG_REQUEST,
    A.RECTIFY_PERSON,
    A.RECORD_EXTENSION_ANSWER,
    A.WITHDRAW_CONSENT,
}

PERMISSIONS: MappingProxyType[Role, frozenset[Action]] = MappingProxyType(
    {
        Role.MANAGEMENT: frozenset({A.VIEW_AGGREGATES}),
        Role.RECRUITER: frozenset(
            _PEOPLE_WORK | {A.VIEW_RETENTION, A.ASK_EXTENSION, A.VIEW_APPLICANTS}
        ),
        Role.BACKOFFICE: frozenset(
            _PEOPLE_WORK
            | {A.VIEW_PAYROLL_DATA, A.REGISTER_DISCLOSURE, A.NOTIFY_PERSON, A.MANAGE_RECIPIENTS}
            | {A.RECORD_EMPLOYMENT_END, A.VIEW_HELD_DATA, A.IMPORT_DATA, A.VIEW_FAMILY_DATA}
            | {A.VIEW_OUTBOX}
        ),
        Role.DPO: frozenset(Action),
    }
)

# Which action reveals which category of personal data (O4 categories in the database).
SENSITIVE_CATEGORIES: MappingProxyType[str, Action] = MappingProxyType(
    {
        "bsn": A.VIEW_PAYROLL_DATA,
        "bank_account": A.VIEW_PAYROLL_DATA,
        "salary": A.VIEW_PAYROLL_DATA,  # a disclosure category (loongegevens), never an item
        "identity_document": A.VIEW_PAYROLL_DATA,
        "medical": A.VIEW_SPECIAL_CATEGORY,
        "criminal_record_consent": A.VIEW_SPECIAL_CATEGORY,
        "family_member": A.VIEW_FAMILY_DATA,
        "emergency_contact": A.VIEW_FAMILY_DATA,  # next of kin: employment data, not recruiting
    }
)


# A disclosure's purpose that itself names a sensitive category: a recruiter who read "medical
# examination" beside a named person would learn what the withheld categories hide.
SENSITIVE_PURPOSES: MappingProxyType[str, str] = MappingProxyType(
    {"medical_exam": "medical", "criminal_record_check": "criminal_record_consent"}
)


class NotPermitted(CodedError):
    """The acting staff member's role may not do this; nothing was read or changed."""

    codes = ("not_permitted",)

    def __init__(self, role: Role | str | None, action: Action) -> None:
        self.role = role
        self.action = action
        super().__init__("not_permitted")

    def __str__(self) -> str:  # for logs: which role tried what
        return f"not_permitted (role={self.role!s}, action={self.action.value})"


def can(role: Role | str | None, action: Action) -> bool:
    """True when `role` may perform `action`. Unknown or missing roles may do nothing."""
    if role is None:
        return False
    try:
        return action in PERMISSIONS[Role(role)]
    except ValueError:
        return False


# O2: "the back-office team sees employment data only as far as relevant": people with a
# placement or an employment, never the applicants who only look for work.
PLACED_STAGES = frozenset({"placed", "employed", "former_employee"})


def may_see_person(role: Role | str | None, stage: str) -> bool:
    return can(role, A.VIEW_PROFILE) and (can(role, A.VIEW_APPLICANTS) or stage in PLACED_STAGES)


def can_see_category(role: Role | str | None, category: str) -> bool:
    """Non-sensitive categories are visible to whoever may view a profile."""
    action = SENSITIVE_CATEGORIES.get(category, A.VIEW_PROFILE)
    return can(role, action)


def hidden_categories(role: Role | str | None) -> list[str]:
    """The sensitive categories (BSN, bank account, salary, medical, criminal record, family)
    of which `role` may not learn that a named person's data went somewhere (issue 20 point
    5): a disclosure or a refused request shows such a role its other categories only, with
    its purpose withheld, and none at all when nothing else is left. A role that keeps the
    register (registers disclosures and tells the people of them: back office, DPO) sees it
    whole. Sorted, for SQL."""
    if can(role, A.REGISTER_DISCLOSURE):
        return []
    return sorted(c for c in SENSITIVE_CATEGORIES if not can_see_category(role, c))
