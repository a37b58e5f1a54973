"""What the answer to an access request (GDPR Art. 15) says besides the data itself: where
each kind of data came from, how long each is kept, why staff consulted the record, and which
columns are internal. Pure tables; the catalogs put every code into words.

Art. 15(1): (a) purposes, (b) categories, (c) recipients (with (2): the safeguard of a
transfer outside the EEA), (d) retention period or its criteria, (e) the rights to
rectification, erasure, restriction and objection, (f) the complaint to the Autoriteit
Persoonsgegevens, (g) the source, (h) automated decision-making. CJEU C-579/21 (Pankki S):
the consultations of the record, with their dates and purposes, are part of the answer; who
consulted it is given by role, not by name.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Final

from konnektus.domain.retention import retention_rule

# Art. 15(1)(g): where each category of data comes from (source.* catalog codes). Only the
# person gives us their documents; a referee, a school or professional body, the client and
# our own staff add what they found or decided.
ITEM_SOURCES: Final = MappingProxyType(
    {
        "cv": "person",
        "correspondence": "person",
        "survey_answer": "person",
        "identity_document": "person",
        "bsn": "person",
        "bank_account": "person",
        "emergency_contact": "person",
        "education_proof": "person_and_school",
        "insurance_pension": "person_and_insurer",
        "work_permit": "person_and_ind",
        "criminal_record_consent": "person_and_justis",
        "medical": "person_and_doctor",
        "family_member": "person",
    }
)
# The records the agency keeps about its dealings with the person (tables of the export).
RECORD_SOURCES: Final = MappingProxyType(
    {
        "person": "person",
        "proposal": "agency_and_client",
        "employment": "agency_and_client",
        "consent": "person",
        "disclosure": "agency",
        "legal_hold": "agency",
        "recipient_notice": "agency",
        "retention_contact": "person_and_agency",
        "letter": "agency",
        "request": "person",
        "request_event": "agency",
        "person_change": "person",
        "refused_request": "agency",
    }
)
# A consent for a reference check means a referee told us about the person.
CONSENT_SOURCES: Final = MappingProxyType(
    {
        "reference_check": "referee",
        "diploma_check": "school",
        "criminal_record_check": "justis",
        "medical_exam": "doctor",
    }
)

# Art. 15(1)(d): the period, or the criteria that set it, per kind of record (retention_rule.*).
RECORD_RETENTION: Final = MappingProxyType(
    {
        "person": "job_finding",
        "proposal": "proposal",
        "employment": "employment_record",
        "consent": "consent",
        "disclosure": "disclosure",
        "legal_hold": "legal_hold",
        "recipient_notice": "disclosure",
        "retention_contact": "job_finding",
        "letter": "letter",
        "request": "request",
        "request_event": "request",
        "person_change": "person_change",
        "refused_request": "disclosure",
    }
)


def source_of_item(category: str) -> str:
    return ITEM_SOURCES.get(category, "person")


def retention_of_item(category: str) -> str:
    return retention_rule(category)


# What staff were doing when the audit log recorded them on this person's record (the
# purpose of the consultation, consultation_purpose.*). Anything else is "handling".
CONSULTATION_PURPOSES: Final = MappingProxyType(
    {
        "sensitive_viewed": "employment_admin",
        "held_data_viewed": "legal_obligation",
        "person_rectified": "rectification",
        "person_exported": "access_request",
        "request_logged": "request",
        "request_status_changed": "request",
        "request_assigned": "request",
        "request_matched": "request",
        "disclosure_registered": "disclosure",
        "disclosures_notified": "disclosure",
        "consent_withdrawn": "consent",
        "contact_logged": "job_finding",
        "extension_answer": "retention",
        "retention_asked": "retention",
        "retention_reminded": "retention",
        "retention_no_answer_marked": "retention",
        "employment_ended": "employment_admin",
        "excess_data_removed": "minimisation",
        "special_data_removed": "special_data",
        "restriction_set": "restriction",
        "restriction_lifted": "restriction",
        "objection_upheld": "objection",
        "automated_review_recorded": "automated_decision",
    }
)


def consultation_purpose(action: str) -> str:
    return CONSULTATION_PURPOSES.get(action, "handling")


# Columns that exist for the dashboard's own work (folded search keys, import bookkeeping):
# not data about the person, so not in the files they receive.
INTERNAL_COLUMNS: Final = frozenset(
    {
        "given_key",
        "family_key",
        "city_key",
        "email_key",
        "phone_key",
        "postcode_key",
        "import_key",
        "attachment",
    }
)

# The lawyer's checklist: each point of Art. 15 and the statement section that answers it.
ARTICLE_15_CHECKLIST: Final = (
    ("15(1)(a)", "purposes"),
    ("15(1)(b)", "categories"),
    ("15(1)(c)", "recipients"),
    ("15(1)(d)", "retention"),
    ("15(1)(e)", "rights"),
    ("15(1)(f)", "complaint"),
    ("15(1)(g)", "source"),
    ("15(1)(h)", "automated"),
    ("15(2)", "transfers"),
    ("15(3)", "copy"),
    ("C-579/21", "consultations"),
)
