"""Use cases behind the home page: counts only, never a person."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from konnektus.db import meta
from konnektus.db.database import Database
from konnektus.db.overview import ComplianceCounts, DatabaseSize, compliance_counts, database_size
from konnektus.domain.permissions import Action
from konnektus.domain.staff import Actor
from konnektus.services.access import requires


@dataclass(frozen=True)
class Overview:
    size: DatabaseSize
    demo: bool


@requires(Action.VIEW_AGGREGATES)
def overview(db: Database, actor: Actor) -> Overview:
    """Counts of people, requests and disclosures, and whether this is demo data."""
    with db.cursor() as cur:
        return Overview(size=database_size(cur), demo=meta.holds_demo_data(cur))


@requires(Action.VIEW_AGGREGATES)
def compliance(db: Database, actor: Actor, *, today: date) -> ComplianceCounts:
    """Where the agency keeps or breaks each promise today, in counts (no person named)."""
    with db.cursor() as cur:
        return compliance_counts(cur, today, meta.retention_policy(cur))
