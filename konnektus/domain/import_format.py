"""Issue 14: the import format, one entity per file (CSV) or sheet (.xlsx), as data.

Each entity lists its columns: the English name (also the code name), the Dutch name, what
kind of value it holds, whether it is required, and which entity a reference points to. The
first column of every entity is its external id: the number the source system gave the row,
which a second import uses to find it again. Headers are compared folded ("E-mail",
"e_mail" and "EMAIL" are one header), in English or Dutch. README.md "Importing the agency's
records" documents the same table for people; a test keeps the two in step.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Final

from konnektus.domain.deadlines import REQUEST_TYPES
from konnektus.domain.import_codes import (
    CHANNEL_WORDS,
    CONSENT_PURPOSE_WORDS,
    CONSENT_PURPOSES,
    DISCLOSURE_PURPOSE_WORDS,
    IMPORT_REQUEST_STATUSES,
    ITEM_CATEGORIES,
    KIND_WORDS,
    LANGUAGE_WORDS,
    LANGUAGES,
    LEGAL_BASIS_WORDS,
    OUTCOME_WORDS,
    OUTCOMES,
    REQUEST_CHANNELS,
    SOURCES,
    STAGE_WORDS,
    STAGES,
    STATUS_WORDS,
)
from konnektus.domain.import_values import word_key
from konnektus.domain.lawful_bases import DISCLOSURE_PURPOSES
from konnektus.domain.sharing import (
    DATA_CATEGORIES,
    LEGAL_BASES,
    RECIPIENT_CATEGORIES,
    RECIPIENT_KINDS,
    SAFEGUARDS,
)


class Kind(StrEnum):
    ID = "id"  # the row's external id
    TEXT = "text"
    DATE = "date"
    MOMENT = "moment"  # a date, or a date and time (Amsterdam)
    EMAIL = "email"
    PHONE = "phone"
    POSTCODE = "postcode"
    BSN = "bsn"
    IBAN = "iban"
    BOOL = "bool"
    COUNTRY = "country"
    CHOICE = "choice"
    CHOICES = "choices"  # several choices in one cell, separated by | , or ;
    REFERENCE = "reference"  # the external id of a row of another entity
    STAFF = "staff"  # the e-mail of a staff member


@dataclass(frozen=True, eq=False)  # compared by identity: each column is one object
class Column:
    name: str  # English header and code name
    dutch: str  # Dutch header
    kind: Kind
    required: bool = False
    choices: tuple[str, ...] = ()
    words: dict[str, str] = field(default_factory=dict)
    refers_to: str | None = None  # the entity a REFERENCE points to
    also: tuple[str, ...] = ()  # further accepted headers

    def headers(self) -> frozenset[str]:
        return frozenset(word_key(h) for h in (self.name, self.dutch, *self.also))


@dataclass(frozen=True)
class Entity:
    name: str  # English, as in the sample file names
    dutch: str
    table: str  # the table its rows go to
    columns: tuple[Column, ...]
    also: tuple[str, ...] = ()  # further accepted file or sheet names

    @property
    def id_column(self) -> Column:
        return self.columns[0]

    def names(self) -> frozenset[str]:
        return frozenset(word_key(n) for n in (self.name, self.dutch, *self.also))

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


def _id(name: str, dutch: str) -> Column:
    return Column(name, dutch, Kind.ID, required=True)


def _ref(name: str, dutch: str, entity: str, *, required: bool = True) -> Column:
    return Column(name, dutch, Kind.REFERENCE, required=required, refers_to=entity)


def _choice(
    name: str,
    dutch: str,
    choices: tuple[str, ...],
    words: dict[str, str] | None = None,
    *,
    required: bool = True,
) -> Column:
    return Column(name, dutch, Kind.CHOICE, required, choices, words or {})


_PERSON = _ref("person_id", "persoon_id", "people")
_LEGAL_BASIS = _choice("legal_basis", "grondslag", LEGAL_BASES, LEGAL_BASIS_WORDS)

ENTITIES: Final[tuple[Entity, ...]] = (
    # in the order they are written: a row comes after the rows it refers to
    Entity(
        "recipients",
        "ontvangers",
        "recipient",
        (
            _id("recipient_id", "ontvanger_id"),
            Column("name", "naam", Kind.TEXT, required=True),
            _choice("category", "categorie", RECIPIENT_CATEGORIES),
            _choice("kind", "soort", RECIPIENT_KINDS, KIND_WORDS),
            Column("country", "land", Kind.COUNTRY, required=True),
            Column("dpa_signed_on", "verwerkersovereenkomst_getekend", Kind.DATE),
            Column("dpa_expires_on", "verwerkersovereenkomst_tot", Kind.DATE),
            _choice("safeguard", "waarborg", SAFEGUARDS, required=False),
            Column("active", "actief", Kind.BOOL),
        ),
    ),
    Entity(
        "clients",
        "opdrachtgevers",
        "client",
        (
            _id("client_id", "opdrachtgever_id"),
            Column("name", "naam", Kind.TEXT, required=True),
            Column("city", "plaats", Kind.TEXT, required=True),
            Column("contact_name", "contactpersoon", Kind.TEXT),
        ),
    ),
    Entity(
        "vacancies",
        "vacatures",
        "vacancy",
        (
            _id("vacancy_id", "vacature_id"),
            _ref("client_id", "opdrachtgever_id", "clients"),
            Column("title", "functie", Kind.TEXT, required=True),
            Column("opened_on", "geopend_op", Kind.DATE, required=True),
        ),
    ),
    Entity(
        "people",
        "personen",
        "person",
        (
            _id("person_id", "persoon_id"),
            Column("given_name", "voornaam", Kind.TEXT, required=True),
            Column("tussenvoegsel", "tussenvoegsel", Kind.TEXT, also=("infix",)),
            Column("family_name", "achternaam", Kind.TEXT, required=True),
            Column("email", "e-mail", Kind.EMAIL, also=("e-mailadres", "email_address")),
            Column("phone", "telefoon", Kind.PHONE, also=("telefoonnummer", "phone_number")),
            Column("street", "adres", Kind.TEXT, also=("straat",)),
            Column("postcode", "postcode", Kind.POSTCODE, also=("postal_code", "zip")),
            Column("city", "woonplaats", Kind.TEXT, also=("plaats", "town")),
            Column("date_of_birth", "geboortedatum", Kind.DATE),
            _choice("language", "taal", LANGUAGES, LANGUAGE_WORDS, required=False),
            _choice("source", "bron", SOURCES, required=True),
            Column("recruiter", "recruiter", Kind.STAFF, also=("intercedent",)),
            _choice("stage", "fase", STAGES, STAGE_WORDS),
            Column("registered_on", "ingeschreven_op", Kind.DATE, required=True),
            # payroll exports carry these on the person's row; they become items
            Column("bsn", "bsn", Kind.BSN, also=("burgerservicenummer",)),
            Column("iban", "iban", Kind.IBAN, also=("bankrekeningnummer",)),
        ),
    ),
    # before the items: an item on consent names its consent (Art. 7(1))
    Entity(
        "consents",
        "toestemmingen",
        "consent",
        (
            _id("consent_id", "toestemming_id"),
            _PERSON,
            _choice("purpose", "doel", CONSENT_PURPOSES, CONSENT_PURPOSE_WORDS),
            Column("given_on", "gegeven_op", Kind.DATE, required=True),
            Column("given_how", "hoe_gegeven", Kind.TEXT, required=True),
            Column("withdrawn_on", "ingetrokken_op", Kind.DATE),
            Column("withdrawn_how", "hoe_ingetrokken", Kind.TEXT),
        ),
    ),
    Entity(
        "items",
        "gegevens",
        "personal_data_item",
        (
            _id("item_id", "gegeven_id"),
            _PERSON,
            _choice("category", "categorie", ITEM_CATEGORIES),
            Column("value", "waarde", Kind.TEXT, required=True),
            Column("collected_on", "verzameld_op", Kind.DATE, required=True),
            Column("purpose", "doel", Kind.TEXT, required=True),
            _LEGAL_BASIS,
            # on consent: the consent it rests on, in these files or imported before
            _ref("consent_id", "toestemming_id", "consents", required=False),
        ),
        also=("personal_data", "persoonsgegevens"),
    ),
    Entity(
        "proposals",
        "voordrachten",
        "proposal",
        (
            _id("proposal_id", "voordracht_id"),
            _PERSON,
            _ref("vacancy_id", "vacature_id", "vacancies"),
            Column("proposed_on", "voorgedragen_op", Kind.DATE, required=True),
            _choice("outcome", "uitkomst", OUTCOMES, OUTCOME_WORDS),
            Column("proposed_by", "voorgedragen_door", Kind.STAFF),
        ),
    ),
    Entity(
        "employment",
        "dienstverbanden",
        "employment",
        (
            _id("employment_id", "dienstverband_id"),
            _PERSON,
            _ref("client_id", "opdrachtgever_id", "clients"),
            Column("start_date", "begindatum", Kind.DATE, required=True),
            Column("end_date", "einddatum", Kind.DATE),
            Column("payroll_reference", "loonadministratienummer", Kind.TEXT, required=True),
        ),
        also=("employments", "dienstverband"),
    ),
    Entity(
        "disclosures",
        "verstrekkingen",
        "disclosure",
        (
            _id("disclosure_id", "verstrekking_id"),
            _PERSON,
            _ref("recipient_id", "ontvanger_id", "recipients"),
            Column("data_categories", "gegevenscategorieen", Kind.CHOICES, True, DATA_CATEGORIES),
            # a code of the purpose list (or its Dutch words), and a free-text note
            _choice("purpose", "doel", DISCLOSURE_PURPOSES, DISCLOSURE_PURPOSE_WORDS),
            Column("purpose_note", "toelichting_doel", Kind.TEXT),
            _LEGAL_BASIS,
            _ref("consent_id", "toestemming_id", "consents", required=False),
            Column("disclosed_at", "verstrekt_op", Kind.MOMENT, required=True),
            Column("notified_on", "geinformeerd_op", Kind.DATE),
        ),
    ),
    Entity(
        "requests",
        "verzoeken",
        "request",
        (
            _id("request_id", "verzoek_id"),
            _choice("type", "soort", REQUEST_TYPES),
            _choice("channel", "kanaal", REQUEST_CHANNELS, CHANNEL_WORDS),
            Column("received_at", "ontvangen_op", Kind.MOMENT, required=True),
            Column("requester_name", "naam_verzoeker", Kind.TEXT, required=True),
            Column("requester_email", "e-mail_verzoeker", Kind.EMAIL),
            _ref("person_id", "persoon_id", "people", required=False),
            _choice("status", "status", IMPORT_REQUEST_STATUSES, STATUS_WORDS, required=False),
            Column("free_text", "toelichting", Kind.TEXT),
        ),
    ),
)
ENTITY_BY_NAME: Final = {entity.name: entity for entity in ENTITIES}
# Items the people file makes from its BSN and IBAN columns: category, purpose, legal basis.
PERSON_ITEM_COLUMNS: Final = {
    "bsn": ("bsn", "loonadministratie", "legal_obligation"),
    "iban": ("bank_account", "loonbetaling", "contract"),
}


def entity_for_name(name: str) -> Entity | None:
    """The entity a file or sheet name stands for: 'personen.csv', 'Personen', '2-people'."""
    key = word_key(name)
    for entity in ENTITIES:
        if key in entity.names():
            return entity
    words = set(key.split("_"))
    found = [e for e in ENTITIES if any(n in words for n in e.names())]
    return found[0] if len(found) == 1 else None


def entity_for_headers(headers: list[str]) -> Entity | None:
    """The entity whose own external-id column comes first among the headers (the format
    puts it first; later columns name the rows it refers to, such as person_id)."""
    keys = [word_key(h) for h in headers]
    for key in keys:
        for entity in ENTITIES:
            if key in entity.id_column.headers():
                return entity
    return None


@dataclass(frozen=True)
class HeaderMatch:
    """Which column each header of a file is (by position), and what did not match."""

    columns: dict[int, Column]
    unknown: tuple[int, ...]
    missing: tuple[Column, ...]  # required columns no header names
    doubled: tuple[int, ...]  # a second header for a column already matched


def match_headers(entity: Entity, headers: list[str]) -> HeaderMatch:
    columns: dict[int, Column] = {}
    unknown: list[int] = []
    doubled: list[int] = []
    for position, header in enumerate(headers):
        key = word_key(header)
        if not key:
            if header.strip():
                unknown.append(position)
            continue
        column = next((c for c in entity.columns if key in c.headers()), None)
        if column is None:
            unknown.append(position)
        elif column in columns.values():
            doubled.append(position)
        else:
            columns[position] = column
    seen = set(columns.values())
    missing = tuple(c for c in entity.columns if c.required and c not in seen)
    return HeaderMatch(columns, tuple(unknown), missing, tuple(doubled))
