"""Telling people of disclosures (O8), and exporting the register and the disclosure log.

A notice run is one transaction: one letter per person (Dutch, English where that is the
person's language) listing every disclosure the run covers, each disclosure linked to its
letter (told only when the letter is delivered or posted: services/request_letters),
one audit entry with counts only. It runs on the set the user previewed: when nothing is left
someone else was quicker (AlreadyChanged names them); when the set changed, the user sees the
new figures first (PreviewOutdated).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Final

import pandas as pd

from konnektus.db import audit, meta
from konnektus.db import letters as letter_rows
from konnektus.db import sharing_notify as notice_rows
from konnektus.db.database import Cursor, Database
from konnektus.db.sharing_notify import Scope
from konnektus.domain import disclosure_notice
from konnektus.domain.contact import PrivacyContact
from konnektus.domain.csv_cells import safe_cell
from konnektus.domain.disclosure_notice import NoticeLine, render_notice
from konnektus.domain.permissions import Action
from konnektus.domain.print_letters import PrintLetter, render_print_batch, text_or_none
from konnektus.domain.sharing import in_eea, period_bounds
from konnektus.domain.staff import Actor, audit_identity
from konnektus.domain.text import full_name
from konnektus.i18n import catalog, format_date, translate
from konnektus.services.access import requires
from konnektus.services.requests import (
    AlreadyChanged,
    RequestError,
    amsterdam_today,
    local_times,
)
from konnektus.services.statement import country_name

EXPORT_FORMATS: Final = ("csv", "json")
PRINT_BATCH: Final = "print_batch"  # the outbox's kind for a print file (see retention letters)
PROGRESS_EVERY: Final = 500  # people between progress reports


class PreviewOutdated(RequestError):
    """The set to notify changed since the preview; show the new figures and ask again."""

    section = "sharing"
    codes = ("notify_outdated",)

    def __init__(self, disclosures: int) -> None:
        self.disclosures = disclosures  # open now; the page shows the new preview
        super().__init__("notify_outdated")


@dataclass(frozen=True)
class NoticePreview:
    disclosures: int
    people: int
    by_email: int

    @property
    def on_paper(self) -> int:
        return self.people - self.by_email


@dataclass(frozen=True)
class NoticeRun:
    letters: int
    disclosures: int
    printed: int = 0  # letters for people without an e-mail address, in one print file
    print_batch: int | None = None  # the letter row holding that file


def _scope(
    first_day: date,
    last_day: date,
    recipient_id: int | None,
    disclosure_id: int | None,
    today: date,
) -> Scope:
    start, end = period_bounds(first_day, last_day)
    return Scope(start, end, today, recipient_id, disclosure_id)


@requires(Action.NOTIFY_PERSON)
def notice_preview(
    db: Database,
    actor: Actor,
    *,
    first_day: date,
    last_day: date,
    today: date,
    recipient_id: int | None = None,
    disclosure_id: int | None = None,
) -> NoticePreview:
    """How many disclosures and people a notice run on `today` would cover (a notice
    deferred through today is left out), and how many letters go by e-mail or on paper."""
    scope = _scope(first_day, last_day, recipient_id, disclosure_id, today)
    with db.cursor() as cur:
        return NoticePreview(*notice_rows.counts(cur, scope))


@requires(Action.NOTIFY_PERSON)
def notify_people(
    db: Database,
    actor: Actor,
    *,
    first_day: date,
    last_day: date,
    recipient_id: int | None = None,
    disclosure_id: int | None = None,
    seen_disclosures: int,
    now: datetime,
    progress: Callable[[float], None] | None = None,
) -> NoticeRun:
    """Write one notice per person into the outbox, each disclosure linked to its letter.
    A disclosure counts as told only once that letter is delivered or posted (issue 20)."""
    staff_id, role = audit_identity(actor)
    today = amsterdam_today(now)
    scope = _scope(first_day, last_day, recipient_id, disclosure_id, today)
    with db.transaction() as cur:
        found = notice_rows.rows(cur, scope)
        if found.empty:
            raise AlreadyChanged(*notice_rows.last_notice_run(cur))
        if len(found) != seen_disclosures:
            raise PreviewOutdated(len(found))
        dpo = meta.privacy_contact(cur)
        letters, printed = notice_letters(found, dpo, now, today, progress)
        # the ids first, so each disclosure can name the letter that tells of it
        letters.insert(0, "id", notice_rows.letter_ids(cur, len(letters)))
        notice_rows.add_letters(cur, letters)
        batch = _print_batch(cur, printed, dpo, today, now) if printed else None
        ids = [int(i) for i in found["id"]]
        letter_of = dict(zip(letters["person_id"], letters["id"], strict=True))
        queued = [int(letter_of[p]) for p in found["person_id"]]
        if notice_rows.mark_queued(cur, ids, queued) != len(ids):
            raise AlreadyChanged(*notice_rows.last_notice_run(cur))
        audit.append(
            cur,
            at=now,
            staff_id=staff_id,
            role=role,
            action="disclosures_notified",
            object_type="recipient" if recipient_id is not None else None,
            object_id=recipient_id,
            details={
                "disclosures": len(ids),
                "letters": len(letters),
                "printed": len(printed),
                "disclosure_id": disclosure_id,
            },
        )
    if progress is not None:
        progress(1.0)
    return NoticeRun(len(letters), len(ids), len(printed), batch)


def _print_batch(
    cur: Cursor, printed: list[PrintLetter], dpo: PrivacyContact, today: date, now: datetime
) -> int:
    """One HTML file, a letter per A4 page, for the people without an e-mail address."""
    title = translate(
        "sharing.print_title", "nl", date=format_date(today, "nl", "short"), count=len(printed)
    )
    html = render_print_batch(printed, title=title, sender=f"Konnektus · {dpo.email}")
    return letter_rows.add(
        cur,
        person_id=None,
        request_id=None,
        kind=PRINT_BATCH,
        language="nl",
        recipient_email=None,
        subject=title,
        body=html,
        at=now,
    )


@requires(Action.NOTIFY_PERSON)
def notice_print_file(db: Database, actor: Actor, letter_id: int) -> str:
    """The print file (HTML) of a notice run, for the letters that go by post."""
    with db.cursor() as cur:
        html = notice_rows.print_file(cur, letter_id)
    if html is None:
        raise RequestError("print_file_unknown")
    return html


def _word(language: str, prefix: str, code: object) -> str:
    return catalog(language).get(f"{prefix}.{code}", str(code))


def _addressed_as(row: Mapping[Hashable, Any], language: str) -> str:
    """'De Vries' after 'Geachte heer/mevrouw'; the full name after 'Dear'."""
    if language == "en":
        return full_name(row["given_name"], row["tussenvoegsel"], row["family_name"])
    parts = (row["tussenvoegsel"], row["family_name"])
    surname = " ".join(p for p in parts if isinstance(p, str) and p)
    return surname[:1].upper() + surname[1:]


def notice_letters(
    found: pd.DataFrame,
    dpo: PrivacyContact,
    now: datetime,
    today: date,
    progress: Callable[[float], None] | None,
) -> tuple[pd.DataFrame, list[PrintLetter]]:
    found = found.assign(local_day=local_times(found["disclosed_at"]).dt.date)
    people = found.groupby("person_id", sort=False)
    total = people.ngroups
    letters: list[dict[str, Any]] = []
    printed: list[PrintLetter] = []
    for done, (person_id, group) in enumerate(people, start=1):
        first = group.iloc[0].to_dict()
        language = first["language"] if first["language"] in ("nl", "en") else "nl"
        lines = [
            NoticeLine(
                date=format_date(day, language),
                categories=", ".join(_word(language, "category", c) for c in categories),
                recipient=str(recipient),
                purpose=_word(language, "disclosure_purpose", purpose),
                basis=_word(language, "legal_basis", basis),
                relies_on_consent=basis == "consent",
                # Chapter V: a transfer outside the EEA names its country and safeguard, in
                # the words the Art. 15 statement uses
                country=None if in_eea(str(country)) else country_name(str(country), language),
                safeguard=None
                if in_eea(str(country))
                else _word(language, "sharing.safeguard", safeguard)
                if isinstance(safeguard, str) and safeguard
                else translate("statement.no_safeguard", language),
            )
            for day, categories, recipient, purpose, basis, country, safeguard in zip(
                group["local_day"],
                group["data_categories"],
                group["recipient"],
                group["purpose"],
                group["legal_basis"],
                group["country"],
                group["safeguard"],
                strict=True,
            )
        ]
        subject, body = render_notice(
            language, name=_addressed_as(first, language), lines=lines, dpo=dpo
        )
        email = text_or_none(first["email"])
        if email is None:
            printed.append(
                PrintLetter.to_person(
                    first,
                    language=language,
                    reference_label=translate("sharing.letter_reference", language),
                    dated=format_date(today, language),
                    subject=subject,
                    body=body,
                )
            )
        letters.append(
            {
                "person_id": int(str(person_id)),
                "kind": disclosure_notice.KIND,
                "language": language,
                "recipient_email": email,
                "subject": subject,
                "body": body,
                "created_at": now,
                # without an address the letter is printed and posted
                "delivery_status": "pending" if email else "not_applicable",
            }
        )
        if progress is not None and done % PROGRESS_EVERY == 0:
            progress(min(0.99, done / total))
    return pd.DataFrame(letters), printed


@requires(Action.VIEW_AGGREGATES)
def export_register(db: Database, actor: Actor, *, file_format: str) -> bytes:
    """The register of recipients for the supervisory authority (no personal data)."""
    with db.cursor() as cur:
        frame = notice_rows.register_export(cur)
    return _encode(frame, file_format)


@requires(Action.REGISTER_DISCLOSURE)
def export_disclosure_log(
    db: Database,
    actor: Actor,
    *,
    first_day: date,
    last_day: date,
    file_format: str,
    now: datetime,
) -> bytes:
    """The disclosure log of the period (person by reference, never a name); audited."""
    start, end = period_bounds(first_day, last_day)
    staff_id, role = audit_identity(actor)
    with db.transaction() as cur:
        frame = notice_rows.log_export(cur, start, end)
        audit.append(
            cur,
            at=now,
            staff_id=staff_id,
            role=role,
            action="disclosure_log_exported",
            details={"disclosures": len(frame), "format": file_format},
        )
    return _encode(frame, file_format)


def _plain(value: Any) -> Any:
    """A cell as JSON/CSV wants it: ISO dates, UTC moments with 'Z', lists as lists."""
    if value is None or (not hasattr(value, "__len__") and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp | datetime):
        return pd.Timestamp(value).strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, date):
        return value.isoformat()
    if hasattr(value, "tolist") and not isinstance(value, str):
        return value.tolist()
    if isinstance(value, list | tuple):
        return list(value)
    return value


def _encode(frame: pd.DataFrame, file_format: str) -> bytes:
    if file_format not in EXPORT_FORMATS:
        raise RequestError("unknown_export_format")
    records = [{k: _plain(v) for k, v in row.items()} for row in frame.to_dict("records")]
    if file_format == "json":
        return json.dumps(records, ensure_ascii=False, indent=1).encode("utf-8")
    flat = pd.DataFrame(
        [
            {
                k: safe_cell(";".join(map(str, v)) if isinstance(v, list) else v)
                for k, v in r.items()
            }
            for r in records
        ],
        columns=list(frame.columns),
    )
    return flat.to_csv(index=False).encode("utf-8")
