"""Use cases behind the home page."""

from __future__ import annotations

from dataclasses import dataclass

from konnektus.db import meta
from konnektus.db.database import Database
from konnektus.db.overview import DatabaseSize, database_size


@dataclass(frozen=True)
class Overview:
    size: DatabaseSize
    demo: bool


def overview(db: Database) -> Overview:
    """Counts of people, requests and disclosures, and whether this is demo data."""
    with db.cursor() as cur:
        return Overview(size=database_size(cur), demo=meta.holds_demo_data(cur))
