"""O11: what an erasure does to each table, and what it must keep and why.

One table of treatments, used for the preview the DPO confirms and for the certificate
afterwards, so the two cannot disagree with what konnektus/db/erasure.py does.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class Treatment(StrEnum):
    REMOVE = "remove"
    ANONYMISE = "anonymise"
    KEEP = "keep"


# table -> (treatment, why); "why" is a catalog key under erasure.why.*
TREATMENTS: dict[str, tuple[Treatment, str]] = {
    "person": (Treatment.ANONYMISE, "person"),
    "personal_data_item": (Treatment.REMOVE, "items"),
    "proposal": (Treatment.REMOVE, "proposal"),
    "retention_contact": (Treatment.REMOVE, "retention_contact"),
    "person_change": (Treatment.REMOVE, "person_change"),
    "employment": (Treatment.REMOVE, "employment_free"),
    "request": (Treatment.ANONYMISE, "request"),
    "request_event": (Treatment.ANONYMISE, "request_event"),
    "letter": (Treatment.ANONYMISE, "letter"),
    "consent": (Treatment.KEEP, "consent"),
    "disclosure": (Treatment.KEEP, "disclosure"),
    "legal_hold": (Treatment.KEEP, "legal_hold"),
}


@dataclass(frozen=True)
class Hold:
    category: str
    legal_ground: str
    until: date


@dataclass(frozen=True)
class PlanLine:
    table: str
    rows: int
    treatment: Treatment
    why: str


def employment_is_held(holds: list[Hold], today: date) -> bool:
    """Employment records stay while any legal hold (fiscal, ID copy, dispute) runs."""
    return any(hold.until >= today for hold in holds)


def erasure_plan(counts: dict[str, int], holds: list[Hold], today: date) -> list[PlanLine]:
    """Per table: how many rows, and whether they are removed, anonymised or kept (and why)."""
    lines = []
    for table, rows in counts.items():
        treatment, why = TREATMENTS[table]
        if table == "employment" and employment_is_held(holds, today):
            treatment, why = Treatment.KEEP, "employment_held"
        lines.append(PlanLine(table, rows, treatment, why))
    return lines
