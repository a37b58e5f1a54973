"""Bulk loading for the demo generator: whole frames at once, ids kept as given."""

from __future__ import annotations

import re
from typing import Final

import pandas as pd

from konnektus.db.database import Cursor, first_row

# Only these names are ever interpolated into SQL; they come from code, never from input.
LOADABLE: Final = frozenset(
    {
        "staff",
        "person",
        "personal_data_item",
        "client",
        "vacancy",
        "proposal",
        "employment",
        "consent",
        "recipient",
        "disclosure",
        "request",
        "request_event",
        "legal_hold",
        "retention_contact",
        "letter",
    }
)


_IDENTIFIER = re.compile(r"[a-z_][a-z0-9_]*")


def insert_frame(cur: Cursor, table: str, frame: pd.DataFrame) -> int:
    """Insert every row of `frame` into `table`, matching columns by name."""
    if table not in LOADABLE:
        raise ValueError(f"{table} is not a loadable table")
    if frame.empty:
        return 0
    if not all(_IDENTIFIER.fullmatch(str(c)) for c in frame.columns):
        raise ValueError(f"column names must be plain identifiers: {list(frame.columns)}")
    cur.register("_bulk_frame", frame)
    try:
        columns = ", ".join(f'"{c}"' for c in frame.columns)
        cur.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM _bulk_frame")  # noqa: S608
    finally:
        cur.unregister("_bulk_frame")
    return len(frame)


def advance_sequence(cur: Cursor, table: str) -> None:
    """Move `<table>_id_seq` past the highest id, after rows were loaded with explicit ids."""
    if table not in LOADABLE:
        raise ValueError(f"{table} is not a loadable table")
    row = first_row(cur, f"SELECT coalesce(max(id), 0) FROM {table}")  # noqa: S608
    highest = int(row[0]) if row else 0
    current = first_row(cur, f"SELECT nextval('{table}_id_seq')")
    missing = highest - (int(current[0]) if current else 0)
    if missing > 0:
        first_row(cur, f"SELECT max(nextval('{table}_id_seq')) FROM range(?)", [missing])  # noqa: S608


def count_rows(cur: Cursor, table: str) -> int:
    if table not in LOADABLE:
        raise ValueError(f"{table} is not a loadable table")
    row = first_row(cur, f"SELECT count(*) FROM {table}")  # noqa: S608
    return int(row[0]) if row else 0
