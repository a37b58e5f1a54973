"""When a legal hold ends, the data it kept goes (O5, architecture rule 12): set-based, for
every erased person at once, inside the caller's transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from konnektus.db.database import Cursor
from konnektus.db.erasure import ERASED, KEEPING_KINDS

# The people whose keeping hold ended sit in a temporary table, `held_purge_target`.


@dataclass(frozen=True)
class Purged:
    items_removed: int
    people_anonymised: list[int]  # name and date of birth emptied now
    employments_removed: int
    people_touched: list[int]  # everyone who lost held data in this call


def _deleted(cur: Cursor, sql: str, params: dict[str, object]) -> int:
    """Run a DELETE; DuckDB answers with the number of rows it deleted."""
    rows = cur.execute(sql, params).fetchall()
    return int(rows[0][0]) if rows else 0


def purge_ended_holds(cur: Cursor, *, today: date) -> Purged:
    """For erased people: delete the items held until before `today`; and where no payroll or
    dispute hold runs any more, empty the name and date of birth and delete the employments."""
    item_people = [
        int(pid)
        for (pid,) in cur.execute(
            "SELECT DISTINCT person_id FROM personal_data_item WHERE held_until < $today"
            " AND person_id IN (SELECT id FROM person WHERE erased_at IS NOT NULL)",
            {"today": today},
        ).fetchall()
    ]
    items = _deleted(
        cur,
        "DELETE FROM personal_data_item WHERE held_until < $today"
        " AND person_id IN (SELECT id FROM person WHERE erased_at IS NOT NULL)",
        {"today": today},
    )
    cur.execute(
        "CREATE OR REPLACE TEMP TABLE held_purge_target AS SELECT p.id AS person_id FROM person p"
        " WHERE p.erased_at IS NOT NULL"
        " AND (p.given_name <> $erased OR p.family_name <> $erased OR p.tussenvoegsel IS NOT NULL"
        "  OR p.date_of_birth IS NOT NULL"
        "  OR EXISTS (SELECT 1 FROM employment e WHERE e.person_id = p.id))"
        " AND NOT EXISTS (SELECT 1 FROM legal_hold h WHERE h.person_id = p.id"
        "  AND h.until >= $today AND list_contains($kinds, h.category))",
        {"erased": ERASED, "today": today, "kinds": KEEPING_KINDS},
    )
    people = [
        int(pid)
        for (pid,) in cur.execute(
            "SELECT person_id FROM held_purge_target ORDER BY person_id"
        ).fetchall()
    ]
    cur.execute(
        "UPDATE person SET given_name = $erased, tussenvoegsel = NULL, family_name = $erased,"
        " date_of_birth = NULL WHERE id IN (SELECT person_id FROM held_purge_target)",
        {"erased": ERASED},
    )
    employments = _deleted(
        cur,
        "DELETE FROM employment WHERE person_id IN (SELECT person_id FROM held_purge_target)",
        {},
    )
    cur.execute("DROP TABLE held_purge_target")
    return Purged(items, people, employments, sorted(set(item_people) | set(people)))
