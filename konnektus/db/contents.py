"""What a database file holds, for the command line's `demo --if-missing`."""

from __future__ import annotations

from konnektus.db.database import Cursor, first_row


def holds_something(cur: Cursor) -> bool:
    """People, or the mark of a real database (`init`): a file left by an interrupted first
    run holds neither and may be filled again."""
    row = first_row(
        cur,
        "SELECT (SELECT count(*) FROM person) > 0"
        " OR coalesce((SELECT value FROM meta WHERE key = 'demo_data'), '') = 'false'",
    )
    return bool(row and row[0])
