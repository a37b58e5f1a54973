"""Every text column is classified: a new column fails here until someone decides whether it
can hold a person's data (and makes the erasure clean it)."""

from __future__ import annotations

from konnektus.db.database import Database
from konnektus.db.personal_columns import COLUMNS, TEXT_TYPES


def test_every_text_column_of_the_schema_is_declared(empty_db: Database) -> None:
    rows = empty_db.query(
        "SELECT table_name, column_name FROM information_schema.columns"
        " WHERE table_schema = 'main' AND list_contains(?, data_type)",
        [list(TEXT_TYPES)],
    )
    found: dict[str, set[str]] = {}
    for table, column in rows:
        found.setdefault(str(table), set()).add(str(column))
    undeclared = sorted(
        f"{t}.{c}" for t, cols in found.items() for c in cols if c not in COLUMNS.get(t, {})
    )
    assert undeclared == [], "classify these in konnektus/db/personal_columns.py"
    vanished = sorted(f"{t}.{c}" for t in found for c in COLUMNS.get(t, {}) if c not in found[t])
    assert vanished == [], "these declared columns are no longer in the schema"
