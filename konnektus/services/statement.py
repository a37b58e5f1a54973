"""The readable answer to an access request (GDPR Art. 15(1)), as one self-contained HTML file.

Every value from the database is escaped: a name like "<b>Jan</b>" prints as typed.
"""

from __future__ import annotations

from datetime import date
from html import escape
from typing import Any

import pandas as pd

from konnektus.db.people import RECTIFIABLE
from konnektus.domain.minimisation import article_of
from konnektus.domain.retention import retention_rule
from konnektus.domain.text import full_name
from konnektus.i18n import format_date, translate

_CSS = """
body { font-family: 'Segoe UI', Arial, sans-serif; max-width: 52rem; margin: 2rem auto;
       color: #1a1a1a; line-height: 1.45; padding: 0 1rem; }
h1 { color: #1f5f8b; } h2 { color: #1f5f8b; border-bottom: 1px solid #ccd; margin-top: 2rem; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; font-size: .92rem; }
th, td { border: 1px solid #ccd; padding: .3rem .5rem; text-align: left; vertical-align: top; }
th { background: #eef3f8; }
.meta { color: #555; }
@media print { body { margin: 0; max-width: none; } h2 { break-after: avoid; }
               tr { break-inside: avoid; } }
"""


def _table(headers: list[str], rows: list[list[str]]) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _date(value: Any, language: str) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return "-"
    day = value.date() if hasattr(value, "date") and callable(value.date) else value
    return format_date(day, language) if isinstance(day, date) else str(day)


def _field_value(person: dict[str, Any], field: str, language: str) -> str:
    value = person[field]
    if value is None:
        return ""
    if field == "date_of_birth":
        return _date(value, language)
    if field == "language":
        return {"nl": "Nederlands", "en": "English"}.get(str(value), str(value))
    return str(value)


def render_statement(
    person: dict[str, Any],
    tables: dict[str, pd.DataFrame],
    recipients: pd.DataFrame,
    language: str,
    today: date,
    dpo: str,
) -> str:
    def t(key: str, **values: object) -> str:
        return translate(key, language, **values)

    name = full_name(person["given_name"], person["tussenvoegsel"], person["family_name"])
    items = tables["personal_data_item"]
    made_for = t(
        "statement.for", name=name, reference=person["reference"], date=format_date(today, language)
    )
    parts = [
        f"<h1>{escape(t('statement.title'))}</h1>",
        f"<p class='meta'>{escape(made_for)}</p>",
        f"<p>{escape(t('statement.intro'))}</p>",
        f"<h2>{escape(t('statement.who_title'))}</h2><p>{escape(t('statement.who', dpo=dpo))}</p>",
        f"<h2>{escape(t('statement.purposes_title'))}</h2><ul>",
    ]
    purposes = sorted({t("statement.purpose_job_finding"), *items["purpose"].astype(str)})
    parts += [f"<li>{escape(p)}</li>" for p in purposes] + ["</ul>"]

    parts.append(f"<h2>{escape(t('statement.data_title'))}</h2>")
    contact = [
        [t("statement.field." + f), _field_value(person, f, language)]
        for f in RECTIFIABLE  # the person's own fields: the same list they may correct
    ]
    parts.append(_table([t("statement.col_field"), t("statement.col_value")], contact))
    grouped = []
    for category, frame in items.groupby("category", sort=True):
        grouped.append(
            [
                t(f"category.{category}"),
                str(len(frame)),
                _date(frame["collected_on"].min(), language),
                t(f"legal_basis.{frame['legal_basis'].iloc[0]}"),
                # by category: health is Art. 9, criminal-record data Art. 10 (not Art. 9)
                t(f"gdpr_article.{article}")
                if (article := article_of(str(category)))
                else t("statement.no"),
            ]
        )
    parts.append(
        _table(
            [
                t("statement.col_category"),
                t("statement.col_items"),
                t("statement.col_since"),
                t("statement.col_basis"),
                t("statement.col_special"),
            ],
            grouped,
        )
    )
    counts = [[t(f"statement.table.{name}"), str(len(frame))] for name, frame in tables.items()]
    parts.append(f"<p>{escape(t('statement.records_intro'))}</p>")
    parts.append(_table([t("statement.col_record"), t("statement.col_items")], counts))

    parts.append(
        f"<h2>{escape(t('statement.source_title'))}</h2>"
        f"<p>{escape(t('source.' + str(person['source'])))}</p>"
    )

    parts.append(f"<h2>{escape(t('statement.recipients_title'))}</h2>")
    if len(recipients):
        rows = [
            [
                str(r["recipient"]),
                _date(r["disclosed_at"], language),
                ", ".join(t(f"category.{c}") for c in r["data_categories"]),
                str(r["purpose"]),
                _date(r["notified_on"], language),
            ]
            for r in recipients.to_dict("records")
        ]
        parts.append(
            _table(
                [
                    t("statement.col_recipient"),
                    t("statement.col_date"),
                    t("statement.col_categories"),
                    t("statement.col_purpose"),
                    t("statement.col_notified"),
                ],
                rows,
            )
        )
    else:
        parts.append(f"<p>{escape(t('statement.no_recipients'))}</p>")

    parts.append(f"<h2>{escape(t('statement.retention_title'))}</h2>")
    expiry = _date(person["retention_expiry"], language)
    parts.append(f"<p>{escape(t('statement.retention_intro', expiry=expiry))}</p>")
    retention = [
        [t(f"category.{c}"), t(f"retention_rule.{retention_rule(str(c))}")]
        for c in sorted(items["category"].unique())
    ]
    parts.append(_table([t("statement.col_category"), t("statement.col_retention")], retention))

    parts.append(
        f"<h2>{escape(t('statement.automated_title'))}</h2><p>{escape(t('statement.automated'))}</p>"
    )
    parts.append(f"<h2>{escape(t('statement.rights_title'))}</h2><ul>")
    parts += [
        f"<li>{escape(t('statement.right.' + r))}</li>"
        for r in ("rectification", "erasure", "restriction", "objection", "portability", "consent")
    ]
    parts.append(f"</ul><p>{escape(t('statement.complaint'))}</p>")
    parts.append(
        f"<h2>{escape(t('statement.files_title'))}</h2><p>{escape(t('statement.files'))}</p>"
    )
    title = escape(t("statement.title"))
    return (
        f"<!doctype html>\n<html lang='{language}'><head><meta charset='utf-8'>"
        f"<title>{title}</title><style>{_CSS}</style></head><body>"
        + "\n".join(parts)
        + "</body></html>\n"
    )
