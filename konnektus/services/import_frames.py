"""Issue 14: the checked values of a file as the rows of its table.

References become internal ids, defaults are filled in (stage applicant, language nl, a
proposal pending, a request received, a recipient active), and what the file does not say
is derived by the rules of the other issues: the retention clock from the registration date
(O6), a disclosure's block after its consent was withdrawn (O8), the due dates of a request
(deadlines.md) and the legal holds of an ended employment (O5).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any

import pandas as pd

from konnektus.db.import_targets import TARGETS
from konnektus.domain.deadlines import (
    AMSTERDAM,
    one_month_mark,
    response_due_date,
    retention_expiry,
)
from konnektus.domain.holds import holds_for_ended_employment
from konnektus.domain.import_codes import SPECIAL_CATEGORIES
from konnektus.domain.retention import TERM_MONTHS
from konnektus.services.import_check import EXTERNAL_ID, Checked


def references(series: pd.Series, known: dict[str, int]) -> pd.Series:
    values = series.to_numpy(dtype=object)
    return pd.Series([None if v is None else known.get(v) for v in values], dtype=object)


def db_frame(
    entity: str, frame: pd.DataFrame, ids: dict[str, dict[str, int]], checked: Checked
) -> pd.DataFrame:
    """The file's values as the table's columns: references as internal ids, defaults
    filled, derived columns computed."""
    out = pd.DataFrame({EXTERNAL_ID: frame[EXTERNAL_ID].to_numpy()})
    target = TARGETS[entity]
    for column in target.columns:
        if column in frame.columns:
            out[column] = frame[column].to_numpy()
    for ref, other in (
        ("person_id", "people"),
        ("client_id", "clients"),
        ("vacancy_id", "vacancies"),
        ("recipient_id", "recipients"),
        ("consent_id", "consents"),
    ):
        if ref in out.columns and entity != other:
            out[ref] = references(frame[ref], ids.get(other, {})).to_numpy()
    if entity == "people":
        out["recruiter_id"] = frame["recruiter"].to_numpy()
        out["language"] = frame["language"].fillna("nl").to_numpy()
        out["stage"] = frame["stage"].fillna("applicant").to_numpy()
        registered = frame["registered_on"]
        noon = {d: noon_utc(d) for d in pd.unique(registered)}
        out["created_at"] = [noon[d] for d in registered]
        expiry = {d: retention_expiry(d, TERM_MONTHS) for d in pd.unique(registered)}
        out["retention_term_start"] = registered.to_numpy()
        out["retention_expiry"] = [expiry[d] for d in registered]
    elif entity == "items":
        out["special_category"] = frame["category"].isin(list(SPECIAL_CATEGORIES)).to_numpy()
    elif entity == "recipients":
        out["active"] = frame["active"].map(lambda a: True if a is None else bool(a)).to_numpy()
    elif entity == "proposals":
        out["outcome"] = frame["outcome"].fillna("pending").to_numpy()
    elif entity == "disclosures":
        out["blocked"] = blocked(frame, checked)
    elif entity == "requests":
        out["status"] = frame["status"].fillna("received").to_numpy()
        received = [at.replace(tzinfo=UTC) for at in frame["received_at"]]
        out["one_month_mark"] = [one_month_mark(at) for at in received]
        out["due_date"] = [
            response_due_date(kind, at) for kind, at in zip(frame["type"], received, strict=True)
        ]
        out["original_due_date"] = out["due_date"]
    return out


def noon_utc(day: date) -> datetime:
    return datetime.combine(day, time(12), AMSTERDAM).astimezone(UTC).replace(tzinfo=None)


def new_people(new: pd.DataFrame) -> pd.DataFrame:
    new = new.copy()
    new["reference"] = ["K" + str(int(i)).zfill(7) for i in new["id"]]
    new["retention_extensions"] = 0
    new["extension_state"] = "none"
    return new


def clock_columns(kept: pd.DataFrame) -> pd.DataFrame:
    return kept[["id", "retention_term_start", "retention_expiry"]]


def blocked(frame: pd.DataFrame, checked: Checked) -> list[bool]:
    """A disclosure after the consent it relied on was withdrawn (O8): blocked and flagged."""
    consents = checked.frames.get("consents")
    withdrawn: dict[Any, Any] = {}
    if consents is not None:
        withdrawn = dict(zip(consents[EXTERNAL_ID], consents["withdrawn_on"], strict=True))
    flags = []
    for consent, at in zip(frame["consent_id"], frame["disclosed_at"], strict=True):
        on = withdrawn.get(consent)
        flags.append(bool(on is not None and at is not None and on <= amsterdam_day(at)))
    return flags


def amsterdam_day(stored_utc: datetime) -> date:
    return stored_utc.replace(tzinfo=UTC).astimezone(AMSTERDAM).date()


def ended_holds(employments: pd.DataFrame, today: date) -> pd.DataFrame:
    """The holds of every employment in the files that has ended (by today)."""
    records = []
    for employment_id, person_id, end in zip(
        employments["id"], employments["person_id"], employments["end_date"], strict=True
    ):
        if end is None or pd.isna(end) or end > today or person_id is None:
            continue
        for hold in holds_for_ended_employment(end):
            records.append(
                {
                    "person_id": int(person_id),
                    "employment_id": int(employment_id),
                    "category": hold.kind.value,
                    "legal_ground": hold.legal_ground.value,
                    "until": hold.until,
                }
            )
    return pd.DataFrame(
        records, columns=["person_id", "employment_id", "category", "legal_ground", "until"]
    )
