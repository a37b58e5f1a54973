"""Aggregate figures for the home page: counts only, never a person."""

from __future__ import annotations

from dataclasses import dataclass

from konnektus.db.database import Cursor, first_row
from konnektus.domain.requests import OPEN_STATUSES


@dataclass(frozen=True)
class DatabaseSize:
    people: int
    requests: int
    open_requests: int
    disclosures: int


def database_size(cur: Cursor) -> DatabaseSize:
    row = first_row(
        cur,
        "SELECT (SELECT count(*) FROM person WHERE erased_at IS NULL),"
        " (SELECT count(*) FROM request),"
        " (SELECT count(*) FROM request WHERE list_contains(?, status)),"
        " (SELECT count(*) FROM disclosure)",
        [sorted(OPEN_STATUSES)],
    )
    assert row is not None
    return DatabaseSize(*(int(value) for value in row))
