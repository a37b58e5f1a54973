"""Issue 14: checking every cell of the files before anything is written.

Each column's cells are read by the rule of its kind (konnektus/domain/import_values.py), once
per distinct text, so a hundred thousand rows with a few thousand distinct dates cost a few
thousand reads. Then the rules between cells and files: references to rows in the files or
already imported, an end not before its start, a disclosure on consent naming a consent of
the same person, nothing dated in the future. Every problem is kept with its file, line and
column; one problem anywhere means nothing is written.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import numpy as np
import pandas as pd

from konnektus.domain.consent_proof import ConsentOnRecord, ProofProblem, proof_problem
from konnektus.domain.errors import Term
from konnektus.domain.import_format import (
    ENTITY_BY_NAME,
    PERSON_ITEM_COLUMNS,
    Column,
    Kind,
    match_headers,
)
from konnektus.domain.import_values import (
    BadValue,
    Problem,
    read_bool,
    read_bsn,
    read_choice,
    read_choices,
    read_country,
    read_date,
    read_email,
    read_iban,
    read_identifier,
    read_moment,
    read_phone,
    read_postcode,
    read_text,
)
from konnektus.domain.sharing import lawful_refusal
from konnektus.services.import_read import RawTable

EXTERNAL_ID = "external_id"
LINE = "line"
_READERS: dict[Kind, Callable[[str], object]] = {
    Kind.ID: read_identifier,
    Kind.TEXT: read_text,
    Kind.REFERENCE: read_identifier,
    Kind.DATE: read_date,
    Kind.MOMENT: read_moment,
    Kind.EMAIL: read_email,
    Kind.PHONE: read_phone,
    Kind.POSTCODE: read_postcode,
    Kind.BSN: read_bsn,
    Kind.IBAN: read_iban,
    Kind.BOOL: read_bool,
    Kind.COUNTRY: read_country,
}


@dataclass(frozen=True)
class KnownRows:
    """What the database already holds that the files may refer to."""

    external_ids: dict[str, frozenset[str]]  # entity -> external ids imported before
    staff: dict[str, int]  # lower-case e-mail -> staff id
    recipient_names: dict[str, str | None]  # recipient name -> its external id, if imported
    consent_person: dict[str, str]  # external consent id -> external person id
    recipient_roles: dict[str, tuple[str, str]] = field(default_factory=dict)  # -> category, kind
    consent_purposes: dict[str, str] = field(default_factory=dict)  # external consent id -> purpose
    # external person id -> (purpose, since) of each upheld objection (Art. 21)
    stopped: dict[str, tuple[tuple[str, datetime], ...]] = field(default_factory=dict)
    consent_given: dict[str, date] = field(default_factory=dict)  # external consent id -> given on


@dataclass
class Checked:
    """The files read and checked: per entity a frame of values (column names as in the
    format, references still as external ids, staff as ids), and every problem found."""

    frames: dict[str, pd.DataFrame] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)
    headers: dict[str, dict[str, str]] = field(default_factory=dict)  # entity -> col -> header
    problems: list[Problem] = field(default_factory=list)

    def rows(self, entity: str) -> int:
        frame = self.frames.get(entity)
        return 0 if frame is None else len(frame)


def _reader(column: Column, known: KnownRows) -> Callable[[str], object]:
    if column.kind is Kind.CHOICE:
        return lambda text: read_choice(text, column.choices, column.words)
    if column.kind is Kind.CHOICES:
        return lambda text: read_choices(text, column.choices, column.words)
    if column.kind is Kind.STAFF:

        def staff_id(text: str) -> int:
            found = known.staff.get(read_email(text).lower())
            if found is None:
                raise BadValue("unknown_staff", value=text)
            return found

        return staff_id
    return _READERS[column.kind]


def _read_column(
    values: pd.Series, reader: Callable[[str], object]
) -> tuple[list[Any], dict[str, BadValue]]:
    good: dict[str, object] = {}
    bad: dict[str, BadValue] = {}
    texts = values.to_numpy(dtype=object)  # iterating Arrow-backed strings costs 10x more
    for text in pd.unique(texts[texts != ""]):
        try:
            good[text] = reader(text)
        except BadValue as error:
            bad[text] = error
    return [good.get(text) for text in texts], bad


class _Report:
    def __init__(self, checked: Checked) -> None:
        self.checked = checked

    def add(self, entity: str, line: int | None, column: str | None, error: BadValue) -> None:
        header = None
        if column is not None:
            header = self.checked.headers[entity].get(column, column)
        source = self.checked.sources[entity]
        self.checked.problems.append(Problem.of(source, line, header, error))

    def rows(
        self, entity: str, mask: np.ndarray | pd.Series, column: str, code: str, **values: Any
    ) -> None:
        frame = self.checked.frames[entity]
        for index in np.flatnonzero(np.asarray(mask, dtype=bool)):
            cell = frame.at[index, column] if column in frame.columns else None
            shown = "" if cell is None or cell is pd.NA else cell
            if isinstance(shown, date):
                shown = shown.strftime("%d-%m-%Y")
            line = int(frame[LINE].to_numpy()[index])
            self.add(entity, line, column, BadValue(code, value=shown, **values))


def check_tables(
    tables: list[RawTable], known: KnownRows, *, today: date, now: datetime
) -> Checked:
    """Read every cell and check every rule; the result says what would be written."""
    checked = Checked()
    report = _Report(checked)
    for table in tables:
        _check_table(table, known, checked, report)
    _check_item_values(checked, report)
    _person_items(checked)  # already read by their columns' kind
    _check_references(checked, known, report)
    _check_rules(checked, known, report, today, now)
    return checked


def _check_table(table: RawTable, known: KnownRows, checked: Checked, report: _Report) -> None:
    entity = table.entity
    if entity.name in checked.sources:
        return  # a second file for the same entity: read_files reported it
    match = match_headers(entity, table.headers)
    problems = checked.problems
    for position in match.unknown:
        problems.append(Problem(table.source, 1, table.headers[position], "unknown_column"))
    for position in match.doubled:
        problems.append(Problem(table.source, 1, table.headers[position], "doubled_column"))
    for column in match.missing:
        problems.append(
            Problem(table.source, 1, column.dutch, "missing_column", {"english": column.name})
        )
    if match.missing:
        return
    checked.sources[entity.name] = table.source
    checked.headers[entity.name] = {c.name: table.headers[p] for p, c in match.columns.items()}
    lines = table.lines
    values: dict[str, list[Any]] = {LINE: lines.tolist()}
    for position, column in match.columns.items():
        cells = (
            table.rows[position] if position in table.rows.columns else pd.Series([""] * len(lines))
        )
        cells = cells.reset_index(drop=True)
        parsed, bad = _read_column(cells, _reader(column, known))
        header = table.headers[position]
        for index in np.flatnonzero((cells == "").to_numpy() & column.required):
            problems.append(Problem(table.source, int(lines[index]), header, "required"))
        if bad:
            for index in np.flatnonzero(cells.isin(list(bad)).to_numpy()):
                error = bad[str(cells.iat[int(index)])]
                problems.append(Problem.of(table.source, int(lines[index]), header, error))
        values[column.name] = parsed
    for column in entity.columns:
        values.setdefault(column.name, [None] * len(lines))
    frame = pd.DataFrame(values)
    frame[EXTERNAL_ID] = frame[entity.id_column.name]
    duplicate = frame[EXTERNAL_ID].notna() & frame.duplicated(EXTERNAL_ID)
    checked.frames[entity.name] = frame
    report.rows(entity.name, duplicate, entity.id_column.name, "duplicate_id")


def _check_item_values(checked: Checked, report: _Report) -> None:
    """The value of a BSN item passes the eleven-test, of a bank account the IBAN check
    digits (each distinct value read once); stored in their compact form."""
    items = checked.frames.get("items")
    if items is None:
        return
    values = items["value"].tolist()
    lines = items[LINE].to_numpy()
    for category, reader in (("bsn", read_bsn), ("bank_account", read_iban)):
        rows = np.flatnonzero(((items["category"] == category) & items["value"].notna()).to_numpy())
        if not len(rows):
            continue
        read, bad = _read_column(pd.Series([values[i] for i in rows], dtype=str), reader)
        for index, value in zip(rows, read, strict=True):
            if value is None:
                report.add("items", int(lines[index]), "value", bad[values[index]])
            else:
                values[index] = value
    items["value"] = pd.Series(values, dtype=object)


def _person_items(checked: Checked) -> None:
    """A BSN or IBAN on a person's row becomes an item of that person, known by the person's
    id and the column, collected on the day of registration."""
    people = checked.frames.get("people")
    if people is None:
        return
    made = []
    for column, (category, purpose, basis) in PERSON_ITEM_COLUMNS.items():
        has = people[people[column].notna() & people[EXTERNAL_ID].notna()]
        if has.empty:
            continue
        made.append(
            pd.DataFrame(
                {
                    LINE: has[LINE].to_numpy(),
                    "item_id": (has[EXTERNAL_ID] + f":{column}").to_numpy(),
                    "person_id": has[EXTERNAL_ID].to_numpy(),
                    "category": category,
                    "value": has[column].to_numpy(),
                    "collected_on": has["registered_on"].to_numpy(),
                    "purpose": purpose,
                    "legal_basis": basis,
                    "consent_id": None,
                }
            )
        )
    if not made:
        return
    extra = pd.concat(made, ignore_index=True)
    extra[EXTERNAL_ID] = extra["item_id"]
    items = checked.frames.get("items")
    if items is None:
        checked.frames["items"] = extra
        checked.sources["items"] = checked.sources["people"]
        checked.headers["items"] = {}
    else:
        checked.frames["items"] = pd.concat([items, extra], ignore_index=True)


def _check_references(checked: Checked, known: KnownRows, report: _Report) -> None:
    for name, frame in checked.frames.items():
        for column in ENTITY_BY_NAME[name].columns:
            if column.kind is not Kind.REFERENCE or column.refers_to is None:
                continue
            target = checked.frames.get(column.refers_to)
            in_files = set() if target is None else set(target[EXTERNAL_ID].dropna())
            exists = in_files | known.external_ids.get(column.refers_to, frozenset())
            cells = frame[column.name]
            missing = cells.notna() & ~cells.isin(exists)
            report.rows(name, missing, column.name, "unknown_reference")


def _check_rules(
    checked: Checked, known: KnownRows, report: _Report, today: date, now: datetime
) -> None:
    frames = checked.frames
    if "items" in frames:
        _not_after(report, "items", "collected_on", today)
        _check_item_consents(checked, known, report)
    if "people" in frames:
        _not_after(report, "people", "registered_on", today)
        _not_after(report, "people", "date_of_birth", today)
    _order(report, "employment", "start_date", "end_date", "end_before_start")
    _order(report, "consents", "given_on", "withdrawn_on", "withdrawn_before_given")
    _order(report, "recipients", "dpa_signed_on", "dpa_expires_on", "expires_before_signed")
    if "consents" in frames:
        _not_after(report, "consents", "given_on", today)
    if "disclosures" in frames:
        _check_disclosures(checked, known, report, now)
    if "requests" in frames:
        requests = frames["requests"]
        future = requests["received_at"].map(lambda at: at is not None and at > now)
        report.rows("requests", future, "received_at", "in_future")
    if "recipients" in frames:
        _check_recipient_names(checked, known, report)


def _check_item_consents(checked: Checked, known: KnownRows, report: _Report) -> None:
    """An item on the basis of consent names its consent (konnektus/domain/consent_proof.py):
    one of these files' consents or one imported before, of the item's person, for the
    purpose its category is held for, given on or before it was collected. A consent that
    names no known row is already an unknown reference."""
    items = checked.frames["items"]
    owner, purposes, given = (
        dict(known.consent_person),
        dict(known.consent_purposes),
        dict(known.consent_given),
    )
    consents = checked.frames.get("consents")
    if consents is not None:
        ext = consents[EXTERNAL_ID]
        owner.update(zip(ext, consents["person_id"], strict=True))
        purposes.update(zip(ext, consents["purpose"], strict=True))
        given.update(zip(ext, consents["given_on"], strict=True))
    people: dict[object, int] = {}  # external person ids as the numbers the rule compares
    columns = ("legal_basis", "category", "person_id", "collected_on", "consent_id")
    for index, (basis, category, person, collected, consent) in enumerate(
        zip(*(items[c] for c in columns), strict=True)
    ):
        if not isinstance(basis, str) or not isinstance(category, str) or collected is None:
            continue  # already a problem of its own cell
        record = None
        if isinstance(consent, str):
            if not (consent in owner and consent in purposes and consent in given):
                continue  # an unknown reference
            if owner[consent] is None or purposes[consent] is None or given[consent] is None:
                continue  # the consent's own row has a problem
            record = ConsentOnRecord(
                people.setdefault(owner[consent], len(people)),
                str(purposes[consent]),
                given[consent],
            )
        problem = proof_problem(
            legal_basis=basis,
            category=category,
            person_id=people.setdefault(person, len(people)),
            collected_on=collected,
            consent=record,
        )
        if problem is not None:
            line = int(items[LINE].to_numpy()[index])
            column = "legal_basis" if problem is ProofProblem.NOT_ON_CONSENT else "consent_id"
            shown = consent if isinstance(consent, str) else ""
            report.add("items", line, column, BadValue(str(problem), value=shown))


def _not_after(report: _Report, entity: str, column: str, today: date) -> None:
    cells = report.checked.frames[entity][column]
    report.rows(entity, cells.map(lambda d: d is not None and d > today), column, "in_future")


def _order(report: _Report, entity: str, first: str, then: str, code: str) -> None:
    frame = report.checked.frames.get(entity)
    if frame is None:
        return
    wrong = [
        a is not None and b is not None and b < a
        for a, b in zip(frame[first], frame[then], strict=True)
    ]
    report.rows(entity, np.array(wrong, dtype=bool), then, code)


def _check_disclosures(checked: Checked, known: KnownRows, report: _Report, now: datetime) -> None:
    frame = checked.frames["disclosures"]
    consents = checked.frames.get("consents")
    owner = dict(known.consent_person)
    if consents is not None:
        owner.update(zip(consents[EXTERNAL_ID], consents["person_id"], strict=True))
    on_consent = frame["legal_basis"] == "consent"
    report.rows(
        "disclosures", on_consent & frame["consent_id"].isna(), "consent_id", "consent_required"
    )
    other = [
        consent is not None and consent in owner and owner[consent] != person
        for consent, person in zip(frame["consent_id"], frame["person_id"], strict=True)
    ]
    report.rows("disclosures", np.array(other, dtype=bool), "consent_id", "consent_of_other_person")
    future = frame["disclosed_at"].map(lambda at: at is not None and at > now)
    report.rows("disclosures", future, "disclosed_at", "in_future")
    _check_lawful_bases(checked, known, report)


def _check_lawful_bases(checked: Checked, known: KnownRows, report: _Report) -> None:
    """Each disclosure by the lawful-basis table (konnektus/domain/lawful_bases.py): what may
    go to this kind of recipient, for this purpose, on this ground; on consent, a consent of
    the same purpose. The register's other rules (a withdrawn consent, a lapsed agreement)
    are the history the import records and the sharing page flags."""
    frame = checked.frames["disclosures"]
    roles = dict(known.recipient_roles)
    recipients = checked.frames.get("recipients")
    if recipients is not None:
        roles.update(
            zip(
                recipients[EXTERNAL_ID],
                zip(recipients["category"], recipients["kind"], strict=True),
                strict=True,
            )
        )
    purposes = dict(known.consent_purposes)
    consents = checked.frames.get("consents")
    if consents is not None:
        purposes.update(zip(consents[EXTERNAL_ID], consents["purpose"], strict=True))
    columns = ("recipient_id", "data_categories", "purpose", "purpose_note", "legal_basis")
    for index, (recipient, categories, purpose, note, basis, consent, person, moment) in enumerate(
        zip(
            *(frame[c] for c in columns),
            frame["consent_id"],
            frame["person_id"],
            frame["disclosed_at"],
            strict=True,
        )
    ):
        if recipient not in roles or not isinstance(categories, list):
            continue  # already a problem of its own cell
        if not isinstance(purpose, str) or not isinstance(basis, str):
            continue
        category, kind = roles[recipient]
        refusal = lawful_refusal(
            categories,
            recipient_category=category,
            recipient_kind=kind,
            purpose=purpose,
            note=note if isinstance(note, str) else "",
            legal_basis=basis,
            consent_purpose=purposes.get(consent) if isinstance(consent, str) else None,
            stopped_purposes=_stopped_by(known.stopped.get(person, ()), moment),
        )
        if refusal is not None:
            line = int(frame[LINE].to_numpy()[index])
            column = "consent_id" if refusal.startswith("consent") else "purpose"
            report.add(
                "disclosures",
                line,
                column,
                BadValue("disclosure_unlawful", reason=Term("sharing.refusal", refusal)),
            )


def _stopped_by(stops: tuple[tuple[str, datetime], ...], moment: object) -> frozenset[str]:
    """The purposes an upheld objection had stopped by the disclosure's moment (a row without a
    readable moment is a problem of its own cell: judged as of now, every stop counts)."""
    if not isinstance(moment, datetime):
        return frozenset(purpose for purpose, _ in stops)
    return frozenset(purpose for purpose, since in stops if since <= moment)


def _check_recipient_names(checked: Checked, known: KnownRows, report: _Report) -> None:
    frame = checked.frames["recipients"]
    doubled = frame["name"].notna() & frame.duplicated("name")
    report.rows("recipients", doubled, "name", "duplicate_name")
    taken = [
        name is not None and name in known.recipient_names and known.recipient_names[name] != ext
        for name, ext in zip(frame["name"], frame[EXTERNAL_ID], strict=True)
    ]
    report.rows("recipients", np.array(taken, dtype=bool), "name", "name_taken")
