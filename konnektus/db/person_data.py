"""Everything the database holds about one person: the single list that the access export,
the erasure and their tests all use, so a table added here is exported and erased alike."""

from __future__ import annotations

from datetime import date
from typing import Final

import pandas as pd

from konnektus.db.database import Cursor
from konnektus.db.erasure import PLACEMENT_PROPOSALS

# table -> the constant predicate that selects the rows about person $person
ROWS_ABOUT: Final[dict[str, str]] = {
    "person": "id = $person",
    "personal_data_item": "person_id = $person",
    "proposal": "person_id = $person",
    "employment": "person_id = $person",
    "consent": "person_id = $person",
    "disclosure": "person_id = $person",
    "legal_hold": "person_id = $person",
    "recipient_notice": "person_id = $person",
    "retention_contact": "person_id = $person",
    "letter": "person_id = $person",
    "request": "person_id = $person",
    "request_event": "request_id IN (SELECT id FROM request WHERE person_id = $person)",
    "person_change": "person_id = $person",
    "refused_request": "person_id = $person",
}

# UAVG art. 41: while a notice is deferred on a confidentiality ground, the access answer
# does not show the request either, or it would tell what the notice may not yet tell.
WITHHELD_WHILE_DEFERRED: Final = frozenset({"disclosure", "refused_request"})


def rows_about(cur: Cursor, person_id: int) -> dict[str, pd.DataFrame]:
    return {
        table: cur.execute(
            f"SELECT * FROM {table} WHERE {where} ORDER BY id",  # noqa: S608
            {"person": person_id},
        ).df()
        for table, where in ROWS_ABOUT.items()
    }


def counts_about(cur: Cursor, person_id: int) -> dict[str, int]:
    counts = {}
    for table, where in ROWS_ABOUT.items():
        rows = cur.execute(
            f"SELECT count(*) FROM {table} WHERE {where}",  # noqa: S608
            {"person": person_id},
        ).fetchall()
        counts[table] = int(rows[0][0])
    return counts


def category_inventory(cur: Cursor, person_id: int) -> pd.DataFrame:
    """O1/O4: which categories are held, how many items, since when, special or not."""
    return cur.execute(
        "SELECT category, count(*) AS items, min(collected_on) AS first_collected,"
        " any_value(purpose) AS purpose, any_value(legal_basis) AS legal_basis,"
        " bool_or(special_category) AS special_category"
        " FROM personal_data_item WHERE person_id = ? GROUP BY category ORDER BY category",
        [person_id],
    ).df()


def recipients_of(cur: Cursor, person_id: int) -> pd.DataFrame:
    """Art. 15(1)(c) and Art. 19: who received this person's data, when and what."""
    return cur.execute(
        "SELECT r.name AS recipient, r.category, d.disclosed_at, d.data_categories, d.purpose,"
        " d.legal_basis, d.notified_on, d.blocked, d.notice_deferred_until FROM disclosure d"
        " JOIN recipient r ON r.id = d.recipient_id WHERE d.person_id = ?"
        " ORDER BY d.disclosed_at",
        [person_id],
    ).df()


def erasure_facts(
    cur: Cursor, person_id: int, today: date
) -> tuple[dict[str, int], list[tuple[str, str, date]], list[date | None], int]:
    """For the plan: items per category, every hold (kind, ground, until), the employment end
    dates, and the proposals that led to a placement running on `today`."""
    items = cur.execute(
        "SELECT category, count(*) FROM personal_data_item WHERE person_id = ? GROUP BY ALL",
        [person_id],
    ).fetchall()
    holds = cur.execute(
        "SELECT category, legal_ground, until FROM legal_hold WHERE person_id = ?"
        " ORDER BY until, id",
        [person_id],
    ).fetchall()
    ends = cur.execute(
        "SELECT end_date FROM employment WHERE person_id = ? ORDER BY id", [person_id]
    ).fetchall()
    placed = cur.execute(
        "SELECT count(*) FROM proposal WHERE person_id = $person"  # noqa: S608
        f" AND id IN ({PLACEMENT_PROPOSALS})",
        {"person": person_id, "today": today},
    ).fetchall()
    return (
        {str(c): int(n) for c, n in items},
        [(str(k), str(g), u) for k, g, u in holds],
        [e for (e,) in ends],
        int(placed[0][0]),
    )
