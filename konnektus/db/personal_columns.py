"""Every text column of the schema, and whether it can hold a person's data (issue 13).

An erasure must know every place a person's name, address, phone, BSN or IBAN can end up. So
each text (and blob) column of every table is declared here with what it may hold, and a test
(tests/db/test_personal_columns.py) compares this list with the schema: a new column fails
that test until someone has decided what it holds and, if it is a person's data, made the
erasure clean it (db/erasure.py) and the access export show it. A second test fills a person
into every such place and scans every column of every table after the erasure.

PERSON   the data of a candidate or employee: emptied or removed by the erasure (kept only
         while a legal hold requires it, restricted)
DERIVED  computed from PERSON columns (search keys, vocabulary), recomputed by the erasure
LETTER   a letter's text: blanked by the erasure for the person's letters, and a letter that
         must go out after it (to the person, to a recipient) is blanked once delivered
STAFF    a staff member's own data (staff are not data subjects of this dashboard's erasure)
BUSINESS a business contact of a client or recipient, not a person the dashboard serves
NONE     codes, categories, statuses, hashes, file names and other values that name no one
"""

from __future__ import annotations

from enum import StrEnum


class Holds(StrEnum):
    PERSON = "person"
    DERIVED = "derived"
    LETTER = "letter"
    STAFF = "staff"
    BUSINESS = "business"
    NONE = "none"


P, D, L, S, B, N = (
    Holds.PERSON,
    Holds.DERIVED,
    Holds.LETTER,
    Holds.STAFF,
    Holds.BUSINESS,
    Holds.NONE,
)

COLUMNS: dict[str, dict[str, Holds]] = {
    "audit_entry": {  # internal ids only (data-model.md); refusals keep a keyed fingerprint
        "role": N, "action": N, "object_type": N, "details": N, "prev_hash": N, "hash": N,
    },
    "client": {"name": B, "city": B, "contact_name": B},
    "consent": {"purpose": N, "given_how": N, "withdrawn_how": N},
    "daily_snapshot": {"measure": N},
    # the note is a court order's reference or the vacancy of a proposal: it names no one
    "disclosure": {
        "purpose": N, "purpose_note": N, "legal_basis": N, "notice_deferral_ground": N,
    },
    "disclosure_day": {"legal_basis": N, "status": N},
    "employment": {"payroll_reference": P},  # deleted unless a hold keeps the employment
    "import_key": {"entity": N, "external_id": N},  # the source system's row number
    "legal_hold": {"category": N, "legal_ground": N},
    "letter": {
        "kind": N, "language": N, "recipient_email": P, "subject": L, "body": L,
        "delivery_status": N, "last_error": P, "attachment_name": N, "attachment": L,
    },
    "meta": {"key": N, "value": N},  # settings; the DPO's contact is the agency's
    "person": {
        "reference": N, "given_name": P, "tussenvoegsel": P, "family_name": P, "email": P,
        "phone": P, "street": P, "postcode": P, "city": P, "language": N, "source": N,
        "stage": N, "extension_state": N, "given_key": D, "family_key": D, "city_key": D,
        "email_key": D, "phone_key": D, "postcode_key": D, "restriction_field": N,
    },
    "person_change": {"field": N, "old_value": P, "new_value": P},
    "personal_data_item": {
        "category": N, "value": P, "purpose": N, "legal_basis": N, "held_ground": N,
    },
    "processing_stop": {"purpose": N},
    "proposal": {"outcome": N},
    # a refused request (O8): the note is the staff's free text, emptied by the erasure
    "refused_request": {
        "purpose": N, "purpose_note": N, "reason": N, "note": P, "notice_deferral_ground": N,
    },
    "recipient": {"name": B, "category": N, "kind": N, "country": N, "safeguard": N},
    "recipient_notice": {"change": N},
    "request": {
        "type": N, "channel": N, "requester_name": P, "requester_email": P, "free_text": P,
        "status": N, "extension_reason": P, "outcome": N, "outcome_reason": P,
        "late_reason": P,  # staff's words on why it was late: may name the person
    },
    "request_event": {"from_status": N, "to_status": N, "note": P},
    "request_export": {
        "delivery": N, "filename": N, "content": P, "sha256": N, "password_channel": N,
    },
    "retention_contact": {"channel": N, "answer": N, "kind": N},
    "schema_migration": {"name": N},
    "search_term": {"field": N, "term": D},  # names and towns in use, rebuilt after erasure
    "staff": {"email": S, "name": S, "role": N, "oidc_sub": S},
    "vacancy": {"title": N},
}  # fmt: skip

TEXT_TYPES = ("VARCHAR", "BLOB")


def person_columns() -> dict[str, list[str]]:
    """Per table, the columns that can hold a person's own data or a letter about them."""
    return {
        table: [c for c, holds in columns.items() if holds in (P, L, D)]
        for table, columns in COLUMNS.items()
        if any(holds in (P, L, D) for holds in columns.values())
    }
