"""The readable answer to an access request (GDPR Art. 15), as one self-contained HTML file.

Each section answers one point of Art. 15 (see domain/access_answer.ARTICLE_15_CHECKLIST and
its `data-art` attribute), so a lawyer can tick the list. Every value from the database is
escaped: a name like "<b>Jan</b>" prints as typed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from html import escape
from typing import Any

from babel import Locale

from konnektus.db.people import RECTIFIABLE
from konnektus.domain.access_answer import (
    CONSENT_SOURCES,
    RECORD_RETENTION,
    RECORD_SOURCES,
    consultation_purpose,
    retention_of_item,
    source_of_item,
)
from konnektus.domain.contact import PrivacyContact
from konnektus.domain.holds import HELD_ITEM_CATEGORIES, HoldKind
from konnektus.domain.lawful_bases import SHOWN_PURPOSES
from konnektus.domain.minimisation import article_of
from konnektus.domain.text import full_name
from konnektus.i18n import consent_how, format_date, translate

# Art. 15(2): the EU member states and Iceland, Liechtenstein and Norway.
EEA = frozenset(
    [
        "AT",
        "BE",
        "BG",
        "CY",
        "CZ",
        "DE",
        "DK",
        "EE",
        "ES",
        "FI",
        "FR",
        "GR",
        "HR",
        "HU",
        "IE",
        "IT",
        "LT",
        "LU",
        "LV",
        "MT",
        "NL",
        "PL",
        "PT",
        "RO",
        "SE",
        "SI",
        "SK",
        "IS",
        "LI",
        "NO",
    ]
)

_CSS = """
body { font-family: 'Segoe UI', Arial, sans-serif; max-width: 56rem; margin: 2rem auto;
       color: #1a1a1a; line-height: 1.45; padding: 0 1rem; }
h1 { color: #1f5f8b; } h2 { color: #1f5f8b; border-bottom: 1px solid #ccd; margin-top: 2rem; }
h3 { margin-bottom: .2rem; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; font-size: .9rem; }
th, td { border: 1px solid #ccd; padding: .3rem .5rem; text-align: left; vertical-align: top; }
th { background: #eef3f8; }
.meta { color: #555; }
@media print { body { margin: 0; max-width: none; } h2 { break-after: avoid; }
               tr { break-inside: avoid; } }
"""


@dataclass(frozen=True)
class AccessAnswer:
    """Everything the statement is made of, fetched in the export's transaction."""

    person: dict[str, Any]
    tables: dict[str, list[dict[str, Any]]]
    holds: list[dict[str, Any]]
    consultations: list[dict[str, Any]]
    contact: PrivacyContact
    language: str
    today: date
    stopped_purposes: list[str] = field(default_factory=list)


def country_name(code: str, language: str) -> str:
    """A country's name in the language, with its code: 'Verenigd Koninkrijk (GB)'."""
    name = Locale.parse(language if language in ("nl", "en") else "nl").territories.get(code)
    return f"{name} ({code})" if name else code


def _table(headers: list[str], rows: list[list[str]]) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _date(value: Any, language: str) -> str:
    if value is None:
        return "-"
    day = value.date() if isinstance(value, datetime) else value
    return format_date(day, language) if isinstance(day, date) else str(day)


def _section(art: str, title: str, *body: str) -> str:
    return (
        f"<section data-art='{escape(art)}'><h2>{escape(title)}</h2>" + "".join(body) + "</section>"
    )


def _p(text: str) -> str:
    return f"<p>{escape(text)}</p>"


def _field_value(person: dict[str, Any], name: str, language: str) -> str:
    value = person.get(name)
    if value is None:
        return ""
    if name == "date_of_birth":
        return _date(value, language)
    if name == "language":
        return {"nl": "Nederlands", "en": "English"}.get(str(value), str(value))
    return str(value)


def _held_until_by_category(holds: list[dict[str, Any]]) -> dict[str, date]:
    """Item category -> the latest date a legal hold keeps it."""
    kept: dict[str, date] = {}
    for hold in holds:
        try:
            categories = HELD_ITEM_CATEGORIES[HoldKind(str(hold["category"]))]
        except ValueError:
            continue
        for category in categories:
            if category not in kept or kept[category] < hold["until"]:
                kept[category] = hold["until"]
    return kept


def render_statement(answer: AccessAnswer) -> str:
    language = answer.language

    def t(key: str, **values: object) -> str:
        return translate(key, language, **values)

    person, tables = answer.person, answer.tables
    items = tables["personal_data_item"]
    name = full_name(person["given_name"], person["tussenvoegsel"], person["family_name"])
    made_for = t(
        "statement.for",
        name=name,
        reference=person["reference"],
        date=format_date(answer.today, language),
    )
    contact = "<br>".join(escape(line) for line in answer.contact.lines(language))
    parts = [
        f"<h1>{escape(t('statement.title'))}</h1>",
        f"<p class='meta'>{escape(made_for)}</p>",
        _p(t("statement.intro")),
        _section(
            "controller",
            t("statement.who_title"),
            _p(t("statement.who")),
            _p(t("statement.contact")),
            f"<p>{contact}</p>",
        ),
    ]
    if person.get("restricted_since") is not None:
        parts.append(
            _p(t("statement.restricted", since=_date(person["restricted_since"], language)))
        )
    if answer.stopped_purposes:
        # the purpose's words without the note for staff in brackets
        words = [t(f"objection_purpose.{p}").split(" (")[0] for p in answer.stopped_purposes]
        parts.append(_p(t("statement.stopped", purposes=", ".join(words))))

    # (a) purposes, each with every legal basis it rests on (items and disclosures differ)
    purposes: dict[str, set[str]] = {}
    for row in items:
        purposes.setdefault(str(row["purpose"]), set()).add(t(f"legal_basis.{row['legal_basis']}"))
    for row in tables["disclosure"]:
        purpose = _purpose_word(str(row["purpose"]), t)
        purposes.setdefault(purpose, set()).add(t(f"legal_basis.{row['legal_basis']}"))
    if tables["employment"]:
        purposes.setdefault(t("statement.purpose_employment"), set()).add(t("legal_basis.contract"))
    if not items:  # job finding itself, when no item names it
        job_finding = t("statement.purpose_job_finding")
        purposes.setdefault(job_finding, {t("legal_basis.legitimate_interest")})
    parts.append(
        _section(
            "15(1)(a)",
            t("statement.purposes_title"),
            _table(
                [t("statement.col_purpose"), t("statement.col_basis")],
                [[p, " / ".join(sorted(b))] for p, b in sorted(purposes.items())],
            ),
        )
    )

    # (b) categories: the person's own fields, then every item with its own basis and source
    held = _held_until_by_category(answer.holds)
    own = [[t("statement.field." + f), _field_value(person, f, language)] for f in RECTIFIABLE]
    item_rows = [
        [
            t(f"category.{row['category']}"),
            str(row["value"]),
            _date(row["collected_on"], language),
            str(row["purpose"]),
            t(f"legal_basis.{row['legal_basis']}"),
            t(f"item_source.{source_of_item(str(row['category']))}"),
            t(f"gdpr_article.{article}")
            if (article := article_of(str(row["category"])))
            else t("statement.no"),
        ]
        for row in items
    ]
    parts.append(
        _section(
            "15(1)(b)",
            t("statement.data_title"),
            _table([t("statement.col_field"), t("statement.col_value")], own),
            f"<h3>{escape(t('statement.items_title'))}</h3>",
            _table(
                [
                    t("statement.col_category"),
                    t("statement.col_value"),
                    t("statement.col_collected"),
                    t("statement.col_purpose"),
                    t("statement.col_basis"),
                    t("statement.col_source"),
                    t("statement.col_special"),
                ],
                item_rows,
            )
            if item_rows
            else _p(t("statement.no_items")),
            _records(answer, t),
        )
    )
    parts.append(_recipients(answer, t))
    parts.append(_transfers(answer, t))
    parts.append(_retention(answer, held, t))
    parts.append(_sources(answer, t))
    parts.append(_consultations(answer, t))
    parts.append(_section("15(1)(h)", t("statement.automated_title"), _p(t("statement.automated"))))
    rights = "".join(
        f"<li>{escape(t('statement.right.' + r))}</li>"
        for r in ("rectification", "erasure", "restriction", "objection", "portability", "consent")
    )
    parts.append(_section("15(1)(e)", t("statement.rights_title"), f"<ul>{rights}</ul>"))
    parts.append(_section("15(1)(f)", t("statement.complaint_title"), _p(t("statement.complaint"))))
    parts.append(_section("15(3)", t("statement.files_title"), _p(t("statement.files"))))
    title = escape(t("statement.title"))
    return (
        f"<!doctype html>\n<html lang='{language}'><head><meta charset='utf-8'>"
        f"<title>{title}</title><style>{_CSS}</style></head><body>"
        + "\n".join(parts)
        + "</body></html>\n"
    )


def _records(answer: AccessAnswer, t: Callable[..., str]) -> str:
    language, tables = answer.language, answer.tables
    out = []
    if tables["proposal"]:
        out += [
            f"<h3>{escape(t('statement.proposals_title'))}</h3>",
            _table(
                [
                    t("statement.col_date"),
                    t("statement.col_vacancy"),
                    t("statement.col_client"),
                    t("statement.col_outcome"),
                ],
                [
                    [
                        _date(r["proposed_on"], language),
                        str(r["vacancy_title"] or "-"),
                        str(r["client_name"] or "-"),
                        t(f"proposal_outcome.{r['outcome']}"),
                    ]
                    for r in tables["proposal"]
                ],
            ),
        ]
    if tables["employment"]:
        out += [
            f"<h3>{escape(t('statement.employment_title'))}</h3>",
            _table(
                [
                    t("statement.col_client"),
                    t("statement.col_start"),
                    t("statement.col_end"),
                    t("statement.col_payroll"),
                ],
                [
                    [
                        str(r["client_name"] or "-"),
                        _date(r["start_date"], language),
                        _date(r["end_date"], language),
                        str(r["payroll_reference"]),
                    ]
                    for r in tables["employment"]
                ],
            ),
        ]
    if tables["consent"]:
        out += [
            f"<h3>{escape(t('statement.consents_title'))}</h3>",
            _table(
                [
                    t("statement.col_purpose"),
                    t("statement.col_given"),
                    t("statement.col_withdrawn"),
                ],
                [
                    [
                        t(f"consent_purpose.{r['purpose']}"),
                        f"{_date(r['given_on'], language)}"
                        f" ({consent_how(r['given_how'], language)})",
                        _date(r["withdrawn_on"], language),
                    ]
                    for r in tables["consent"]
                ],
            ),
        ]
    if tables["request"]:
        out += [
            f"<h3>{escape(t('statement.requests_title'))}</h3>",
            _table(
                [t("statement.col_type"), t("statement.col_received"), t("statement.col_status")],
                [
                    [
                        t(f"request_type.{r['type']}"),
                        _date(r["received_at"], language),
                        t(f"status.{r['status']}"),
                    ]
                    for r in tables["request"]
                ],
            ),
        ]
    counts = [[t(f"statement.table.{name}"), str(len(rows))] for name, rows in tables.items()]
    out += [
        _p(t("statement.records_intro")),
        _table([t("statement.col_record"), t("statement.col_items")], counts),
    ]
    return "".join(out)


def _purpose_word(code: str, t: Callable[..., str], note: object = None) -> str:
    """A disclosure's purpose code in words (an old free text as it was), with its note."""
    shown = t(f"disclosure_purpose.{code}") if code in SHOWN_PURPOSES else code
    return f"{shown} ({note})" if isinstance(note, str) and note else shown


def _safeguard(row: dict[str, Any], t: Callable[..., str]) -> str:
    country = str(row["recipient_country"] or "")
    if country in EEA:
        return t("statement.within_eea")
    safeguard = row.get("recipient_safeguard")
    return t(f"sharing.safeguard.{safeguard}") if safeguard else t("statement.no_safeguard")


def _recipients(answer: AccessAnswer, t: Callable[..., str]) -> str:
    language = answer.language
    rows = answer.tables["disclosure"]
    if not rows:
        return _section(
            "15(1)(c)", t("statement.recipients_title"), _p(t("statement.no_recipients"))
        )
    body = [
        [
            str(r["recipient_name"]),
            t(f"sharing.recipient_category.{r['recipient_category']}"),
            country_name(str(r["recipient_country"]), language),
            _safeguard(r, t),
            _date(r["disclosed_at"], language),
            ", ".join(t(f"category.{c}") for c in r["data_categories"]),
            _purpose_word(str(r["purpose"]), t, r.get("purpose_note")),
            t(f"legal_basis.{r['legal_basis']}"),
            _date(r["notified_on"], language),
        ]
        for r in rows
    ]
    headers = [
        t("statement.col_recipient"),
        t("statement.col_recipient_kind"),
        t("statement.col_country"),
        t("statement.col_safeguard"),
        t("statement.col_date"),
        t("statement.col_categories"),
        t("statement.col_purpose"),
        t("statement.col_basis"),
        t("statement.col_notified"),
    ]
    return _section("15(1)(c)", t("statement.recipients_title"), _table(headers, body))


def _transfers(answer: AccessAnswer, t: Callable[..., str]) -> str:
    abroad: dict[str, str] = {}
    for r in answer.tables["disclosure"]:
        if str(r["recipient_country"]) not in EEA:
            country = country_name(str(r["recipient_country"]), answer.language)
            abroad[str(r["recipient_name"])] = t(
                "statement.transfer_line",
                recipient=r["recipient_name"],
                country=country,
                safeguard=_safeguard(r, t),
            )
    if not abroad:
        return _section("15(2)", t("statement.transfers_title"), _p(t("statement.no_transfers")))
    lines = "".join(f"<li>{escape(line)}</li>" for line in abroad.values())
    return _section(
        "15(2)",
        t("statement.transfers_title"),
        _p(t("statement.transfers_intro")),
        f"<ul>{lines}</ul>",
    )


def _retention(answer: AccessAnswer, held: dict[str, date], t: Callable[..., str]) -> str:
    language = answer.language
    expiry = _date(answer.person["retention_expiry"], language)
    categories = sorted(
        {str(r["category"]) for r in answer.tables["personal_data_item"]},
        key=lambda c: t(f"category.{c}").lower(),
    )
    per_category = [
        [
            t(f"category.{c}"),
            t(f"retention_rule.{retention_of_item(c)}"),
            _date(held[c], language) if c in held else "-",
        ]
        for c in categories
    ]
    per_record = [
        [t(f"statement.table.{name}"), t(f"retention_rule.{RECORD_RETENTION[name]}")]
        for name, rows in answer.tables.items()
        if rows and name in RECORD_RETENTION
    ]
    hold_lines = [
        t(
            "statement.hold_line",
            what=t(f"hold_kind.{h['category']}"),
            until=_date(h["until"], language),
            ground=t(f"legal_ground.{h['legal_ground']}"),
        )
        for h in answer.holds
    ]
    return _section(
        "15(1)(d)",
        t("statement.retention_title"),
        _p(t("statement.retention_intro", expiry=expiry)),
        _table(
            [
                t("statement.col_category"),
                t("statement.col_retention"),
                t("statement.col_held_until"),
            ],
            per_category,
        ),
        f"<h3>{escape(t('statement.holds_title'))}</h3>",
        "<ul>" + "".join(f"<li>{escape(line)}</li>" for line in hold_lines) + "</ul>"
        if hold_lines
        else _p(t("statement.no_holds")),
        _p(t("statement.retention_records")),
        _table([t("statement.col_record"), t("statement.col_retention")], per_record),
    )


def _sources(answer: AccessAnswer, t: Callable[..., str]) -> str:
    registration = t("source." + str(answer.person["source"]))
    per_category = [
        [t(f"category.{c}"), t(f"item_source.{source_of_item(c)}")]
        for c in sorted(
            {str(r["category"]) for r in answer.tables["personal_data_item"]},
            key=lambda c: t(f"category.{c}").lower(),
        )
    ]
    per_record = [
        [t(f"statement.table.{name}"), t(f"item_source.{RECORD_SOURCES[name]}")]
        for name, rows in answer.tables.items()
        if rows and name in RECORD_SOURCES and name != "person"
    ]
    per_record += [
        [t(f"consent_purpose.{r['purpose']}"), t(f"item_source.{CONSENT_SOURCES[r['purpose']]}")]
        for r in answer.tables["consent"]
        if r["purpose"] in CONSENT_SOURCES
    ]
    return _section(
        "15(1)(g)",
        t("statement.source_title"),
        _p(registration),
        _table([t("statement.col_category"), t("statement.col_source")], per_category + per_record),
    )


def _consultations(answer: AccessAnswer, t: Callable[..., str]) -> str:
    if not answer.consultations:
        body = _p(t("statement.no_consultations"))
    else:
        body = _table(
            [
                t("statement.col_date"),
                t("statement.col_role"),
                t("statement.col_purpose"),
                t("statement.col_times"),
            ],
            [[*key, str(times)] for key, times in _by_purpose(answer, t).items()],
        )
    return _section(
        "consultations",
        t("statement.consultations_title"),
        _p(t("statement.consultations_intro")),
        body,
    )


_ROLES = frozenset({"management", "dpo", "recruiter", "backoffice"})


def _by_purpose(answer: AccessAnswer, t: Callable[..., str]) -> dict[tuple[str, str, str], int]:
    """Audit actions that serve one purpose count together: (day, role, purpose) -> times."""
    counted: dict[tuple[str, str, str], int] = {}
    for c in answer.consultations:
        key = (
            _date(c["day"], answer.language),
            _role_word(str(c["role"]), answer, t),
            t(f"consultation_purpose.{consultation_purpose(str(c['action']))}"),
        )
        counted[key] = counted.get(key, 0) + int(c["times"])
    return counted


def _role_word(role: str, answer: AccessAnswer, t: Callable[..., str]) -> str:
    """A role as the person reads it; the privacy role by the title the agency really has."""
    if role == "dpo":
        return answer.contact.title(answer.language)
    return t(f"role.{role}") if role in _ROLES else t("statement.system_role")
