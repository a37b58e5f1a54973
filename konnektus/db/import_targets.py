"""Issue 14: where each imported entity goes, and which of its columns a later import may
change. Names here are the only table and column names konnektus/db/import_rows.py puts into
SQL text; nothing in a file ever becomes one."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final


@dataclass(frozen=True)
class Target:
    entity: str
    table: str
    columns: tuple[str, ...]  # written for a new row
    compared: tuple[str, ...] | None  # a later import may change these (None: all columns)
    # an empty cell in the file leaves these as they are: the dashboard fills them too
    # (a notification, a withdrawal, the end of an employment recorded on the profile)
    kept_when_empty: frozenset[str] = frozenset()
    person: str | None = None  # the column naming the person the row is about

    @property
    def changeable(self) -> tuple[str, ...]:
        return self.columns if self.compared is None else self.compared


_PERSON_FIELDS: Final = (
    "given_name",
    "tussenvoegsel",
    "family_name",
    "email",
    "phone",
    "street",
    "postcode",
    "city",
    "date_of_birth",
    "language",
    "source",
    "recruiter_id",
    "stage",
    "created_at",
)
_ALL: Final = (
    Target(
        "recipients",
        "recipient",
        (
            "name",
            "category",
            "kind",
            "country",
            "dpa_signed_on",
            "dpa_expires_on",
            "safeguard",
            "active",
        ),
        None,
    ),
    Target("clients", "client", ("name", "city", "contact_name"), ("name", "city", "contact_name")),
    Target(
        "vacancies",
        "vacancy",
        ("client_id", "title", "opened_on"),
        ("client_id", "title", "opened_on"),
    ),
    Target(
        "people",
        "person",
        (
            *_PERSON_FIELDS,
            "reference",
            "retention_term_start",
            "retention_expiry",
            "retention_extensions",
            "extension_state",
        ),
        _PERSON_FIELDS,
        person="id",
    ),
    Target(
        "items",
        "personal_data_item",
        (
            "person_id",
            "category",
            "value",
            "collected_on",
            "purpose",
            "legal_basis",
            "special_category",
            "consent_id",
        ),
        None,
        person="person_id",
    ),
    Target(
        "proposals",
        "proposal",
        ("person_id", "vacancy_id", "proposed_on", "outcome", "proposed_by"),
        None,
        person="person_id",
    ),
    Target(
        "employment",
        "employment",
        ("person_id", "client_id", "start_date", "end_date", "payroll_reference"),
        None,
        frozenset({"end_date"}),
        person="person_id",
    ),
    Target(
        "consents",
        "consent",
        (
            "person_id",
            "purpose",
            "given_on",
            "given_how",
            "withdrawn_on",
            "withdrawn_how",
        ),
        None,
        frozenset({"withdrawn_on", "withdrawn_how"}),
        person="person_id",
    ),
    Target(
        "disclosures",
        "disclosure",
        (
            "person_id",
            "recipient_id",
            "data_categories",
            "purpose",
            "purpose_note",
            "legal_basis",
            "consent_id",
            "disclosed_at",
            "notified_on",
            "blocked",
        ),
        (
            "person_id",
            "recipient_id",
            "data_categories",
            "purpose",
            "purpose_note",
            "legal_basis",
            "consent_id",
            "disclosed_at",
            "notified_on",
        ),
        frozenset({"notified_on"}),
        person="person_id",
    ),
    # an open request is handled on the request desk once it is in: a later import adds
    # requests, it never changes one (its status, dates and pauses belong to the desk)
    Target(
        "requests",
        "request",
        (
            "type",
            "channel",
            "received_at",
            "requester_name",
            "requester_email",
            "person_id",
            "status",
            "free_text",
            "one_month_mark",
            "due_date",
            "original_due_date",
        ),
        (),
    ),
)
TARGETS: Final = {t.entity: t for t in _ALL}
