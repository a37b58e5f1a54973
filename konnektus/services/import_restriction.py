"""Art. 18 in the import: while a person's processing is restricted, the import adds nothing
about them and changes nothing of theirs, like the rest of the dashboard (no new disclosures,
no corrections, konnektus/domain/restriction.py).

A row about a restricted person is a problem in the check report (file, line, column, why)
when it is new (a disclosure, an item, a consent, ...) or when it would change a stored value;
the same row unchanged, as a second import of the same export brings it, is no problem. The
check runs when the files are checked and again inside the import's transaction, before the
first write, so a restriction granted in between still stops it. Requests about a restricted
person are imported: asking to exercise a right is not processing of their data.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pandas as pd

from konnektus.db import import_rows as rows
from konnektus.db.database import Cursor
from konnektus.db.import_targets import TARGETS
from konnektus.domain.import_format import ENTITIES, PERSON_ITEM_COLUMNS
from konnektus.domain.import_values import BadValue, Problem
from konnektus.services import import_frames as frames
from konnektus.services.import_check import EXTERNAL_ID, LINE, Checked

# the columns of a table that a file column fills under another name
_FILE_COLUMN = {("people", "recruiter_id"): "recruiter", ("people", "created_at"): "registered_on"}
# references a row's table holds as internal ids: column -> the entity it points to
_REFERENCES = {
    "person_id": "people",
    "client_id": "clients",
    "vacancy_id": "vacancies",
    "recipient_id": "recipients",
    "consent_id": "consents",
}


def restriction_problems(cur: Cursor, checked: Checked) -> list[Problem]:
    """Every row of the files that would add to, or change, the data of a person whose
    processing is restricted; empty (and one small query) when nobody imported is."""
    found = _objected_proposals(cur, checked)
    restricted = rows.restricted_people(cur)
    if not restricted:
        return found
    for entity in ENTITIES:
        target = TARGETS[entity.name]
        frame = checked.frames.get(entity.name)
        if target.person is None or frame is None or frame.empty:
            continue
        person_column = EXTERNAL_ID if entity.name == "people" else "person_id"
        theirs = frame[frame[person_column].isin(list(restricted))].reset_index(drop=True)
        if theirs.empty:
            continue
        known = rows.internal_ids(cur, entity.name, [str(e) for e in theirs[EXTERNAL_ID]])
        is_new = ~theirs[EXTERNAL_ID].isin(list(known))
        for row in theirs[is_new].itertuples(index=False):
            person = str(getattr(row, person_column))
            found.append(
                _problem(
                    checked, entity.name, row, "person_id",
                    BadValue("restricted_new", person=person, request=restricted[person]),
                )
            )  # fmt: skip
        old = _checkable(checked, entity.name, theirs[~is_new].reset_index(drop=True))
        if old.empty:
            continue
        incoming = frames.db_frame(entity.name, old, _ids(cur, entity.name, old, known), checked)
        incoming["id"] = [known[e] for e in old[EXTERNAL_ID]]
        by_id = dict(zip(incoming["id"], old.itertuples(index=False), strict=True))
        for row_id, column in rows.changed_columns(cur, target, incoming):
            row = by_id[row_id]
            person = str(getattr(row, person_column))
            field = _FILE_COLUMN.get((entity.name, column), column)
            found.append(
                _problem(
                    checked, entity.name, row, field,
                    BadValue("restricted_change", person=person, request=restricted[person]),
                )
            )  # fmt: skip
    return sorted(found, key=lambda p: (p.file, p.line or 0, p.column or ""))


def _objected_proposals(cur: Cursor, checked: Checked) -> list[Problem]:
    """Art. 21: a new proposal of a person whose upheld objection stopped job finding."""
    frame = checked.frames.get("proposals")
    if frame is None or frame.empty:
        return []
    objected = rows.job_finding_stopped_people(cur)
    theirs = frame[frame["person_id"].isin(list(objected))].reset_index(drop=True)
    if theirs.empty:
        return []
    known = rows.internal_ids(cur, "proposals", [str(e) for e in theirs[EXTERNAL_ID]])
    found = []
    for row in theirs[~theirs[EXTERNAL_ID].isin(list(known))].itertuples(index=False):
        person = str(row.person_id)
        error = BadValue("objected_new", person=person, request=objected[person])
        found.append(_problem(checked, "proposals", row, "person_id", error))
    return found


def _checkable(checked: Checked, entity: str, old: pd.DataFrame) -> pd.DataFrame:
    """The rows whose cells all read well: a row with a bad cell is already in the report,
    and its values cannot be compared."""
    bad = {(p.file, p.line) for p in checked.problems}
    source = checked.sources.get(entity, "")
    keep = [(source, int(line)) not in bad for line in old[LINE]]
    return old[keep].reset_index(drop=True)


def _ids(
    cur: Cursor, entity: str, old: pd.DataFrame, own: dict[str, int]
) -> dict[str, dict[str, int]]:
    """The internal ids db_frame needs for these rows: their own and those they refer to."""
    ids = {entity: own}
    for column, other in _REFERENCES.items():
        if column in old.columns and other != entity:
            wanted = _texts(old[column])
            ids[other] = rows.internal_ids(cur, other, wanted)
    return ids


def _texts(values: Iterable[object]) -> list[str]:
    return sorted({str(v) for v in values if v is not None and not pd.isna(v)})  # type: ignore[call-overload]


def _problem(checked: Checked, entity: str, row: Any, column: str, error: BadValue) -> Problem:
    """The problem at the row's line and column as headed in its file; a BSN or IBAN item
    made from a person's row is named at that row's bsn or iban column."""
    external, line = str(row.external_id), int(row.line)
    if entity == "items" and "people" in checked.sources:
        for person_column in PERSON_ITEM_COLUMNS:
            if external == f"{row.person_id}:{person_column}":
                header = checked.headers["people"].get(person_column, person_column)
                return Problem.of(checked.sources["people"], line, header, error)
    header = checked.headers[entity].get(column, column)
    return Problem.of(checked.sources[entity], line, header, error)
