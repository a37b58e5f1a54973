"""Erasing people inside the caller's transaction (O11), set-based: a fixed handful of statements
per call, however many people it erases.

Rows that carry identifying values are removed; rows that other records or the law still need
are anonymised (identifying columns emptied) so that counts and the audit chain stay whole. What
a running legal hold keeps (konnektus/domain/holds.py) stays, restricted: the held items get
`held_until`/`held_ground`, and under a payroll or dispute hold the name, date of birth and
employment rows stay. Each person's record says what was done per table and what is left, read
back from the database after the work, so a certificate built on it says exactly what is kept.

The people of one call sit in a temporary table, `erasure_target`. Table names in SQL text come
only from the constants in this module.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from konnektus.db.database import Cursor
from konnektus.domain.erasure import (
    RUNNING_EMPLOYMENT,
    ErasureRecord,
    Kept,
    KeptPart,
    kept_order,
    partial_erasure_removes,
    partial_kept_ground,
)
from konnektus.domain.holds import HELD_ITEM_CATEGORIES, KEEPS_PERSON_AND_EMPLOYMENT
from konnektus.domain.import_codes import ITEM_CATEGORIES
from konnektus.domain.objection import removes_category, removes_proposals
from konnektus.domain.retention import EMPLOYED_STAGES

ERASED = "[verwijderd]"

# Which hold kind keeps which item category, as two parallel lists for SQL.
_COVER_KINDS = [kind.value for kind, cats in HELD_ITEM_CATEGORIES.items() for _ in sorted(cats)]
_COVER_CATEGORIES = [cat for cats in HELD_ITEM_CATEGORIES.values() for cat in sorted(cats)]
KEEPING_KINDS = sorted(kind.value for kind in KEEPS_PERSON_AND_EMPLOYMENT)

# An item a running legal hold covers (inside a statement with $kinds, $categories, $today).
_HELD_BY_RUNNING_HOLD = (
    "EXISTS (SELECT 1 FROM legal_hold lh JOIN (SELECT unnest($kinds::VARCHAR[]) AS kind,"
    " unnest($categories::VARCHAR[]) AS category) c ON c.kind = lh.category"
    " WHERE lh.person_id = personal_data_item.person_id AND lh.until >= $today"
    " AND c.category = personal_data_item.category)"
)

_BY_PERSON = ("personal_data_item", "proposal", "retention_contact", "person_change", "employment")
_OF_TARGETS = "person_id IN (SELECT person_id FROM erasure_target)"

# Proposals that led to a placement still running on $today: a partial erasure keeps them.
PLACEMENT_PROPOSALS = (
    "SELECT pr.id FROM proposal pr JOIN vacancy v ON v.id = pr.vacancy_id"
    " JOIN employment e ON e.person_id = pr.person_id AND e.client_id = v.client_id"
    " WHERE pr.outcome = 'placed' AND (e.end_date IS NULL OR e.end_date >= $today)"
)


def _targets(cur: Cursor, person_ids: list[int], today: date, *, whole: bool) -> list[int]:
    """Fill the target table with the people not yet erased, and the hold (if any) that keeps
    their name, date of birth and employment rows. A whole erasure leaves out current
    employees (domain/erasure.is_current_employee): they can only be erased in part."""
    cur.execute(
        "CREATE OR REPLACE TEMP TABLE erasure_target AS"
        " SELECT p.id AS person_id, k.until AS keep_until, k.ground AS keep_ground FROM person p"
        " LEFT JOIN (SELECT person_id, max(until) AS until,"
        "  arg_max(legal_ground, (until, legal_ground)) AS ground FROM legal_hold"
        "  WHERE until >= $today AND list_contains($kinds, category) GROUP BY person_id) k"
        " ON k.person_id = p.id"
        " WHERE p.id IN (SELECT unnest($ids::BIGINT[])) AND p.erased_at IS NULL"
        " AND NOT ($whole AND (list_contains($employed, p.stage) OR EXISTS (SELECT 1"
        "  FROM employment e WHERE e.person_id = p.id"
        "  AND (e.end_date IS NULL OR e.end_date >= $today))))",
        {
            "today": today,
            "kinds": KEEPING_KINDS,
            "ids": sorted(set(person_ids)),
            "whole": whole,
            "employed": sorted(EMPLOYED_STAGES),
        },
    )
    rows = cur.execute("SELECT person_id FROM erasure_target ORDER BY person_id").fetchall()
    return [int(pid) for (pid,) in rows]


def _counts_before(cur: Cursor) -> dict[int, dict[str, int]]:
    """Per target person: rows per table, and (as 'request_event') events with a note."""
    parts = [
        f"SELECT '{table}', person_id, count(*) FROM {table} WHERE {_OF_TARGETS}"  # noqa: S608
        " GROUP BY ALL"
        for table in (*_BY_PERSON, "request", "letter")
    ]
    parts.append(
        "SELECT 'request_event', r.person_id, count(*) FROM request_event e"
        " JOIN request r ON r.id = e.request_id WHERE e.note IS NOT NULL"
        " AND r.person_id IN (SELECT person_id FROM erasure_target) GROUP BY ALL"
    )
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    for table, pid, count in cur.execute(" UNION ALL ".join(parts)).fetchall():
        counts[int(pid)][str(table)] = int(count)
    return counts


def _items_per_category(cur: Cursor, where: str, params: dict[str, Any]) -> list[Any]:
    """(person, category, held ground, held until, items) of the targets' items matching
    `where`, a constant condition from this module."""
    return cur.execute(
        "SELECT person_id, category, held_ground, held_until, count(*)"  # noqa: S608
        f" FROM personal_data_item WHERE {_OF_TARGETS} AND {where} GROUP BY ALL",
        params,
    ).fetchall()


def _rows_per_person(cur: Cursor, table: str) -> dict[int, int]:
    rows = cur.execute(
        f"SELECT person_id, count(*) FROM {table} WHERE {_OF_TARGETS} GROUP BY ALL"  # noqa: S608
    ).fetchall()
    return {int(pid): int(count) for pid, count in rows}


_OF_TARGET_REQUESTS = (
    "request_id IN (SELECT id FROM request WHERE person_id IN"
    " (SELECT person_id FROM erasure_target))"
)


def _anonymise_requests_and_letters(cur: Cursor) -> None:
    """Every PERSON and LETTER column of db/personal_columns.py in these tables. A letter the
    erasure empties cannot be delivered any more: one still waiting is set aside."""
    cur.execute(
        "UPDATE request_event SET note = NULL"  # noqa: S608
        f" WHERE note IS NOT NULL AND {_OF_TARGET_REQUESTS}"
    )
    cur.execute(  # a refused request stays recorded (O8), without the staff's free note
        "UPDATE refused_request SET note = NULL"
        " WHERE note IS NOT NULL AND person_id IN (SELECT person_id FROM erasure_target)"
    )
    cur.execute(
        "UPDATE request SET requester_name = $erased, requester_email = NULL, free_text = NULL,"
        " extension_reason = NULL, outcome_reason = CASE WHEN outcome_reason IS NULL THEN NULL"
        " ELSE $erased END, late_reason = CASE WHEN late_reason IS NULL THEN NULL ELSE $erased END"
        " WHERE person_id IN (SELECT person_id FROM erasure_target)",
        {"erased": ERASED},
    )
    cur.execute(
        "UPDATE letter SET body = $erased, recipient_email = NULL, last_error = NULL,"  # noqa: S608
        " attachment = NULL, claimed_at = NULL, delivery_status = CASE WHEN delivery_status"
        " IN ('pending', 'sending', 'failed') THEN 'not_applicable' ELSE delivery_status END"
        f" WHERE person_id IN (SELECT person_id FROM erasure_target) OR {_OF_TARGET_REQUESTS}",
        {"erased": ERASED},
    )


def _kept_items(rows: list[Any], ground: Callable[[str], str] | None) -> dict[int, list[Kept]]:
    """Kept lines of the remaining items: with their hold's ground and date, or (while the
    employment runs) the `ground` of their category and no date."""
    kept: dict[int, list[Kept]] = defaultdict(list)
    for pid, category, held_ground, until, count in rows:
        kept[int(pid)].append(
            Kept(
                KeptPart.ITEMS,
                str(category),
                int(count),
                ground(str(category)) if ground else str(held_ground),
                None if ground else until,
            )
        )
    return kept


def _per_person_categories(rows: list[Any]) -> dict[int, dict[str, int]]:
    found: dict[int, dict[str, int]] = defaultdict(dict)
    for pid, category, _ground, _until, count in rows:
        found[int(pid)][str(category)] = found[int(pid)].get(str(category), 0) + int(count)
    return found


def erase_people(
    cur: Cursor, person_ids: list[int], *, at: datetime, today: date
) -> dict[int, ErasureRecord]:
    """Erase every person of `person_ids` not yet erased, keeping what running holds require.
    Current employees are left untouched and out of the result (erase_job_finding_data).

    Returns a record per person erased by this call. The caller refreshes the search keys
    (konnektus.db.search.refresh_keys) and writes the audit entry in the same transaction.
    """
    targets = _targets(cur, person_ids, today, whole=True)
    if not targets:
        cur.execute("DROP TABLE erasure_target")
        return {}
    before = _counts_before(cur)
    # mark what a running hold keeps, with the hold that keeps it longest
    cur.execute(
        "UPDATE personal_data_item SET held_until = h.until, held_ground = h.ground FROM ("
        " SELECT lh.person_id, c.category, max(lh.until) AS until,"
        "  arg_max(lh.legal_ground, (lh.until, lh.legal_ground)) AS ground FROM legal_hold lh"
        "  JOIN (SELECT unnest($kinds::VARCHAR[]) AS kind,"
        "   unnest($categories::VARCHAR[]) AS category) c ON c.kind = lh.category"
        "  WHERE lh.until >= $today"
        "  AND lh.person_id IN (SELECT person_id FROM erasure_target) GROUP BY ALL) h"
        " WHERE personal_data_item.person_id = h.person_id"
        " AND personal_data_item.category = h.category",
        {"kinds": _COVER_KINDS, "categories": _COVER_CATEGORIES, "today": today},
    )
    not_held = "(held_until IS NULL OR held_until < $today)"
    removed = _per_person_categories(_items_per_category(cur, not_held, {"today": today}))
    cur.execute(
        "DELETE FROM personal_data_item WHERE person_id IN (SELECT person_id FROM erasure_target)"
        " AND (held_until IS NULL OR held_until < $today)",
        {"today": today},
    )
    for table in ("proposal", "retention_contact", "person_change"):
        cur.execute(f"DELETE FROM {table} WHERE {_OF_TARGETS}")  # noqa: S608
    cur.execute(
        "DELETE FROM employment WHERE person_id IN"
        " (SELECT person_id FROM erasure_target WHERE keep_until IS NULL)"
    )
    _anonymise_requests_and_letters(cur)
    cur.execute(
        "UPDATE person SET"
        " given_name = CASE WHEN t.keep_until IS NULL THEN $erased ELSE person.given_name END,"
        " tussenvoegsel = CASE WHEN t.keep_until IS NULL THEN NULL"
        "  ELSE person.tussenvoegsel END,"
        " family_name = CASE WHEN t.keep_until IS NULL THEN $erased ELSE person.family_name END,"
        " date_of_birth = CASE WHEN t.keep_until IS NULL THEN NULL"
        "  ELSE person.date_of_birth END,"
        " email = NULL, phone = NULL, street = NULL, postcode = NULL, city = NULL,"
        " erased_at = $at FROM erasure_target t WHERE person.id = t.person_id",
        {"erased": ERASED, "at": at},
    )
    # what is left, read back from the database
    kept = _kept_items(_items_per_category(cur, "TRUE", {}), None)
    employments = _rows_per_person(cur, "employment")
    keepers = cur.execute(
        "SELECT person_id, keep_ground, keep_until FROM erasure_target WHERE keep_until IS NOT NULL"
    ).fetchall()
    cur.execute("DROP TABLE erasure_target")
    for pid, ground, until in keepers:
        kept[int(pid)].append(Kept(KeptPart.NAME_AND_BIRTH, "", 1, str(ground), until))
        if employments.get(int(pid)):
            kept[int(pid)].append(
                Kept(KeptPart.EMPLOYMENT, "", employments[int(pid)], str(ground), until)
            )
    records = {}
    for pid in targets:
        counts = before.get(pid, {})
        held = sum(k.count for k in kept[pid] if k.part is KeptPart.ITEMS)
        tables = {
            "person": (0, 1),
            "personal_data_item": (counts.get("personal_data_item", 0) - held, 0),
            "proposal": (counts.get("proposal", 0), 0),
            "retention_contact": (counts.get("retention_contact", 0), 0),
            "person_change": (counts.get("person_change", 0), 0),
            "employment": (counts.get("employment", 0) - employments.get(pid, 0), 0),
            "request": (0, counts.get("request", 0)),
            "request_event": (0, counts.get("request_event", 0)),
            "letter": (0, counts.get("letter", 0)),
            "consent": (0, 0),
            "disclosure": (0, 0),
            "legal_hold": (0, 0),
        }
        records[pid] = ErasureRecord(
            pid, False, tables, removed.get(pid, {}), tuple(sorted(kept[pid], key=kept_order))
        )
    return records


def erase_job_finding_data(
    cur: Cursor, person_ids: list[int], *, today: date
) -> dict[int, ErasureRecord]:
    """Partial erasure of current employees: remove every item whose category no legal duty of
    the employer names (domain/erasure.partial_erasure_removes: job-finding data, medical data,
    the criminal-record consent, ...) unless a running legal hold covers it, the proposals other
    than the one that led to the running placement, and the retention contacts. What stays is
    kept on the duty that names it; the person's details and employment rows stay too."""
    return _erase_part(
        cur,
        person_ids,
        partial_erasure_removes,
        today=today,
        with_proposals=True,
        kept_ground=partial_kept_ground,
    )


def erase_purpose_data(
    cur: Cursor, person_id: int, purpose: str, *, today: date
) -> ErasureRecord | None:
    """Art. 21 and 17(1)(c): after an upheld objection to `purpose`, the data kept only for it
    goes (domain/objection.py), as a partial erasure does, except what a running legal hold
    keeps. None when the purpose keeps no data of its own, or the person is erased."""
    if not any(removes_category(purpose, c) for c in ITEM_CATEGORIES) and not (
        removes_proposals(purpose)
    ):
        return None
    records = _erase_part(
        cur,
        [person_id],
        lambda category: removes_category(purpose, category),
        today=today,
        with_proposals=removes_proposals(purpose),
        kept_ground=lambda _category: RUNNING_EMPLOYMENT,
    )
    return records.get(person_id)


def _erase_part(
    cur: Cursor,
    person_ids: list[int],
    removes: Callable[[str], bool],
    *,
    today: date,
    with_proposals: bool,
    kept_ground: Callable[[str], str],
) -> dict[int, ErasureRecord]:
    """Remove the items of the categories `removes` names, except those a running legal hold
    covers, and (`with_proposals`) the proposals other than one that led to a running
    placement and the retention contacts; everything else stays."""
    targets = _targets(cur, person_ids, today, whole=False)
    if not targets:
        cur.execute("DROP TABLE erasure_target")
        return {}
    before = _counts_before(cur)
    categories = cur.execute(
        "SELECT DISTINCT category FROM personal_data_item"
        " WHERE person_id IN (SELECT person_id FROM erasure_target)"
    ).fetchall()
    job = {
        "job": sorted(str(c) for (c,) in categories if removes(str(c))),
        "kinds": _COVER_KINDS,
        "categories": _COVER_CATEGORIES,
        "today": today,
    }
    gone = f"list_contains($job, category) AND NOT ({_HELD_BY_RUNNING_HOLD})"
    removed = _per_person_categories(_items_per_category(cur, gone, job))
    cur.execute(
        "DELETE FROM personal_data_item"  # noqa: S608
        f" WHERE person_id IN (SELECT person_id FROM erasure_target) AND {gone}",
        job,
    )
    if with_proposals:
        cur.execute(
            "DELETE FROM proposal"  # noqa: S608
            " WHERE person_id IN (SELECT person_id FROM erasure_target)"
            f" AND id NOT IN ({PLACEMENT_PROPOSALS})",
            {"today": today},
        )
        cur.execute(
            "DELETE FROM retention_contact"
            " WHERE person_id IN (SELECT person_id FROM erasure_target)"
        )
    kept = _kept_items(_items_per_category(cur, "TRUE", {}), kept_ground)
    employments = _rows_per_person(cur, "employment")
    placements = _rows_per_person(cur, "proposal")
    cur.execute("DROP TABLE erasure_target")
    records = {}
    for pid in targets:
        counts = before.get(pid, {})
        kept[pid].append(Kept(KeptPart.PERSON_DETAILS, "", 1, RUNNING_EMPLOYMENT, None))
        for part, rows in (
            (KeptPart.EMPLOYMENT, employments.get(pid, 0)),
            (KeptPart.PLACEMENT, placements.get(pid, 0)),
        ):
            if rows:
                kept[pid].append(Kept(part, "", rows, RUNNING_EMPLOYMENT, None))
        tables = dict.fromkeys(
            ("person", *_BY_PERSON, "request", "request_event", "letter", "consent"), (0, 0)
        ) | {"disclosure": (0, 0), "legal_hold": (0, 0)}
        tables["personal_data_item"] = (sum(removed.get(pid, {}).values()), 0)
        tables["proposal"] = (counts.get("proposal", 0) - placements.get(pid, 0), 0)
        if with_proposals:
            tables["retention_contact"] = (counts.get("retention_contact", 0), 0)
        else:
            tables["proposal"] = (0, 0)
        records[pid] = ErasureRecord(
            pid, True, tables, removed.get(pid, {}), tuple(sorted(kept[pid], key=kept_order))
        )
    return records


def purpose_data_counts(
    cur: Cursor, person_id: int, purpose: str, *, today: date
) -> dict[str, int]:
    """What erase_purpose_data would remove now: items per category, then proposals and
    retention contacts (for the confirmation step; the erasure reads again when it runs)."""
    rows = cur.execute(
        "SELECT category, count(*) FROM personal_data_item"  # noqa: S608
        f" WHERE person_id = $person AND NOT ({_HELD_BY_RUNNING_HOLD})"
        " GROUP BY category ORDER BY category",
        {
            "person": person_id,
            "kinds": _COVER_KINDS,
            "categories": _COVER_CATEGORIES,
            "today": today,
        },
    ).fetchall()
    counts = {str(c): int(n) for c, n in rows if removes_category(purpose, str(c))}
    if removes_proposals(purpose):
        row = cur.execute(
            "SELECT (SELECT count(*) FROM proposal WHERE person_id = $person"  # noqa: S608
            f"  AND id NOT IN ({PLACEMENT_PROPOSALS})),"
            " (SELECT count(*) FROM retention_contact WHERE person_id = $person)",
            {"person": person_id, "today": today},
        ).fetchall()[0]
        counts |= {"proposal": int(row[0]), "retention_contact": int(row[1])}
    return counts
