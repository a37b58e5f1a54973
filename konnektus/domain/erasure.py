"""O11: what an erasure does to each table, what it must keep, on which ground and until when.

One plan, used for the preview the DPO confirms; konnektus/db/erasure.py does the same in SQL
and reports what is actually left, which the certificate and the letter repeat. A test keeps
the plan, the report and the database in step.

Two kinds of erasure (GDPR Art. 17(3)(b), architecture rule 12):

- someone whose employment has ended (or who never worked for us) is erased whole, except what
  a running legal hold keeps (domain/holds.py): the held items, restricted, and under a payroll
  or dispute hold the name, date of birth and employment rows;
- a current employee cannot be erased whole (partial erasure with a refusal letter, Art.
  12(4)): what an employer's legal duty names stays (the payroll records of AWR art. 52, the ID
  copy and work permit of Wet LB 1964 art. 28, domain/holds.DUTY_GROUNDS), with the person's
  details, employment rows and running placement the contract needs; every other item goes,
  medical data and the criminal-record consent included (no law keeps them), except what a
  running legal hold covers.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from konnektus.domain.holds import (
    DUTY_GROUNDS,
    RunningHold,
    held_categories,
    is_current_employment,
    named_by_legal_duty,
)
from konnektus.domain.holds import person_kept_until as person_kept_by
from konnektus.domain.holds import running as running_holds
from konnektus.domain.retention import EMPLOYED_STAGES


class Treatment(StrEnum):
    REMOVE = "remove"
    ANONYMISE = "anonymise"
    KEEP = "keep"


# table -> (treatment, why) of a whole erasure without holds; "why" is a key under erasure.why.*
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
    "recipient_notice": (Treatment.KEEP, "recipient_notice"),
    "refused_request": (Treatment.ANONYMISE, "refused_request"),
}
# Tables kept untouched by every erasure: they hold no identifying values.
RECORD_TABLES = ("consent", "disclosure", "legal_hold", "recipient_notice")

# The ground of a partial erasure: the running employment contract and the legal obligations
# that come with it (a key under legal_ground.*, next to the grounds of legal holds).
RUNNING_EMPLOYMENT = "running_employment"


class KeptPart(StrEnum):
    """What stays after an erasure; each has its words in the catalogs (kept_label_key)."""

    ITEMS = "items"  # personal-data items of one category
    NAME_AND_BIRTH = "name_and_birth"  # the payroll name and date of birth
    PERSON_DETAILS = "person_details"  # partial erasure: the person's details as they are
    EMPLOYMENT = "employment"  # employment rows with their payroll reference
    PLACEMENT = "placement"  # partial erasure: the proposal that led to the running placement


@dataclass(frozen=True)
class Kept:
    """One line of "what was kept": how many of what, on which ground, until when."""

    part: KeptPart
    category: str  # the item category for ITEMS, "" otherwise
    count: int
    legal_ground: str  # a key under legal_ground.*
    until: date | None  # None: as long as the employment runs


def kept_order(kept: Kept) -> tuple[int, str, str, date]:
    """A stable order for kept lines: items by category first, then the rest."""
    return (
        list(KeptPart).index(kept.part),
        kept.category,
        kept.legal_ground,
        kept.until or date.max,
    )


def kept_label_key(kept: Kept) -> str:
    """The catalog key that names what was kept (never a table name or a category code)."""
    if kept.part is KeptPart.ITEMS:
        return f"category.{kept.category}"
    return f"erasure_holds.kept.{kept.part.value}"


@dataclass(frozen=True)
class ErasureRecord:
    """What an erasure did to one person: per table (removed, anonymised), the items removed
    per category, and exactly what is left."""

    person_id: int
    partial: bool
    tables: dict[str, tuple[int, int]]
    removed_items: dict[str, int]
    kept: tuple[Kept, ...]


@dataclass(frozen=True)
class PersonFacts:
    """What the plan needs to know about one person, as read from the database."""

    stage: str
    counts: Mapping[str, int]  # rows about the person, per table
    items: Mapping[str, int]  # personal-data items per category
    holds: tuple[RunningHold, ...]  # every legal hold of the person, ended or not
    employment_ends: tuple[date | None, ...]  # end date of each employment (None: open)
    placement_proposals: int  # proposals that led to a running placement


@dataclass(frozen=True)
class PlanLine:
    table: str
    rows: int
    treatment: Treatment
    why: str


@dataclass(frozen=True)
class ErasurePlan:
    partial: bool  # a current employee: only job-finding data goes
    lines: list[PlanLine]
    kept: list[Kept]
    holds: list[RunningHold]  # the holds running on the day


def is_current_employee(stage: str, employment_ends: Iterable[date | None], today: date) -> bool:
    """Placed or employed, or an employment that has not ended by `today`."""
    return stage in EMPLOYED_STAGES or any(
        is_current_employment(end, today) for end in employment_ends
    )


def kept_after_erasure(
    items: Mapping[str, int], employments: int, holds: Iterable[RunningHold], today: date
) -> list[Kept]:
    """What a whole erasure keeps: the items of held categories, and under a payroll or
    dispute hold the name and date of birth and the employment rows."""
    holds = list(holds)
    kept = [
        Kept(KeptPart.ITEMS, category, items[category], hold.legal_ground, hold.until)
        for category, hold in held_categories(holds, today).items()
        if items.get(category, 0) > 0
    ]
    keeper = person_kept_by(holds, today)
    if keeper is not None:
        kept.append(Kept(KeptPart.NAME_AND_BIRTH, "", 1, keeper.legal_ground, keeper.until))
        if employments:
            kept.append(
                Kept(KeptPart.EMPLOYMENT, "", employments, keeper.legal_ground, keeper.until)
            )
    return sorted(kept, key=kept_order)


def partial_erasure_removes(category: str, held: Iterable[str] = ()) -> bool:
    """A partial erasure removes every item category no legal duty of the employer names
    (domain/holds.DUTY_GROUNDS), unless a running legal hold (`held`) covers it."""
    return not named_by_legal_duty(category) and category not in set(held)


def partial_kept_ground(category: str) -> str:
    """The ground a partial erasure keeps an item on: the legal duty that names its category;
    a category a running hold keeps without such a duty, on the running employment."""
    duty = DUTY_GROUNDS.get(category)
    return RUNNING_EMPLOYMENT if duty is None else duty.value


def kept_after_partial_erasure(
    items: Mapping[str, int],
    employments: int,
    placement_proposals: int,
    held: Iterable[str] = (),
) -> list[Kept]:
    """What a partial erasure keeps while employed: the items a legal duty names (or a running
    hold covers, `held`), on that duty, and the person's details, employment and placement."""
    held = set(held)
    kept = [
        Kept(KeptPart.ITEMS, category, count, partial_kept_ground(category), None)
        for category, count in items.items()
        if count > 0 and not partial_erasure_removes(category, held)
    ]
    kept.append(Kept(KeptPart.PERSON_DETAILS, "", 1, RUNNING_EMPLOYMENT, None))
    if employments:
        kept.append(Kept(KeptPart.EMPLOYMENT, "", employments, RUNNING_EMPLOYMENT, None))
    if placement_proposals:
        kept.append(Kept(KeptPart.PLACEMENT, "", placement_proposals, RUNNING_EMPLOYMENT, None))
    return sorted(kept, key=kept_order)


def _kept_items(kept: list[Kept]) -> int:
    return sum(k.count for k in kept if k.part is KeptPart.ITEMS)


def erasure_plan(facts: PersonFacts, today: date) -> ErasurePlan:
    """Per table: how many rows are removed, anonymised or kept, and why; and what stays."""
    employments = facts.counts.get("employment", 0)
    holds = running_holds(facts.holds, today)
    if is_current_employee(facts.stage, facts.employment_ends, today):
        kept = kept_after_partial_erasure(
            facts.items,
            employments,
            facts.placement_proposals,
            held_categories(facts.holds, today),
        )
        return ErasurePlan(True, _partial_lines(facts, kept), kept, holds)
    kept = kept_after_erasure(facts.items, employments, facts.holds, today)
    keeps_person = any(k.part is KeptPart.NAME_AND_BIRTH for k in kept)
    lines = []
    for table, rows in facts.counts.items():
        treatment, why = TREATMENTS[table]
        if table == "personal_data_item":
            held = _kept_items(kept)
            lines.append(PlanLine(table, rows - held, treatment, why))
            if held:
                lines.append(PlanLine(table, held, Treatment.KEEP, "items_held"))
            continue
        if table == "person" and keeps_person:
            why = "person_held"
        elif table == "employment" and keeps_person:
            treatment, why = Treatment.KEEP, "employment_held"
        lines.append(PlanLine(table, rows, treatment, why))
    return ErasurePlan(False, lines, kept, holds)


def _partial_lines(facts: PersonFacts, kept: list[Kept]) -> list[PlanLine]:
    lines = []
    for table, rows in facts.counts.items():
        if table == "personal_data_item":
            stays = _kept_items(kept)
            lines.append(PlanLine(table, rows - stays, Treatment.REMOVE, "partial_items"))
            lines.append(PlanLine(table, stays, Treatment.KEEP, "partial_items_kept"))
        elif table == "proposal":
            stays = facts.placement_proposals
            lines.append(PlanLine(table, rows - stays, Treatment.REMOVE, "proposal"))
            lines.append(PlanLine(table, stays, Treatment.KEEP, "partial_placement"))
        elif table == "retention_contact":
            lines.append(PlanLine(table, rows, Treatment.REMOVE, "retention_contact"))
        elif table in RECORD_TABLES:
            lines.append(PlanLine(table, rows, *TREATMENTS[table]))
        else:
            lines.append(PlanLine(table, rows, Treatment.KEEP, "partial_kept"))
    return lines
