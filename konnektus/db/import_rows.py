"""Issue 14: writing imported rows, set-based, inside the caller's one transaction.

New rows get ids from their table's sequence and a line in `import_key` (entity, external id
-> id). Rows imported before are compared column by column with what the database holds;
a value that differs is updated, and for data about a person the old and new value go to
`person_change`, as a rectification does. Table and column names come from
konnektus/db/import_targets.py, never from a file.
"""

from __future__ import annotations

from datetime import date, datetime

import numpy as np
import pandas as pd

from konnektus.db.database import Cursor
from konnektus.db.import_targets import TARGETS, Target


def imported_ids(cur: Cursor) -> dict[str, dict[str, int]]:
    """entity -> external id -> internal id, for everything imported before."""
    found: dict[str, dict[str, int]] = {}
    for (entity,) in cur.execute("SELECT DISTINCT entity FROM import_key").fetchall():
        columns = cur.execute(
            "SELECT external_id, internal_id FROM import_key WHERE entity = ?", [entity]
        ).fetchnumpy()
        external: list[str] = [str(e) for e in columns["external_id"]]
        internal = [int(i) for i in columns["internal_id"]]
        found[str(entity)] = dict(zip(external, internal, strict=True))
    return found


def staff_by_email(cur: Cursor) -> dict[str, int]:
    rows = cur.execute("SELECT lower(email), id FROM staff").fetchall()
    return {str(email): int(staff_id) for email, staff_id in rows}


def recipient_names(cur: Cursor) -> dict[str, str | None]:
    """Every recipient's name, with the external id it was imported under (or None)."""
    rows = cur.execute(
        "SELECT r.name, k.external_id FROM recipient r"
        " LEFT JOIN import_key k ON k.entity = 'recipients' AND k.internal_id = r.id"
    ).fetchall()
    return {str(name): None if ext is None else str(ext) for name, ext in rows}


def consent_people(cur: Cursor) -> dict[str, str]:
    """External consent id -> the external id of its person, for consents imported before."""
    rows = cur.execute(
        "SELECT kc.external_id, kp.external_id FROM import_key kc"
        " JOIN consent c ON c.id = kc.internal_id"
        " JOIN import_key kp ON kp.entity = 'people' AND kp.internal_id = c.person_id"
        " WHERE kc.entity = 'consents'"
    ).fetchall()
    return {str(consent): str(person) for consent, person in rows}


def recipient_roles(cur: Cursor) -> dict[str, tuple[str, str]]:
    """External recipient id -> (category, kind), for recipients imported before."""
    rows = cur.execute(
        "SELECT k.external_id, r.category, r.kind FROM import_key k"
        " JOIN recipient r ON r.id = k.internal_id WHERE k.entity = 'recipients'"
    ).fetchall()
    return {str(ext): (str(category), str(kind)) for ext, category, kind in rows}


def consent_purposes(cur: Cursor) -> dict[str, str]:
    """External consent id -> its purpose, for consents imported before."""
    rows = cur.execute(
        "SELECT k.external_id, c.purpose FROM import_key k"
        " JOIN consent c ON c.id = k.internal_id WHERE k.entity = 'consents'"
    ).fetchall()
    return {str(ext): str(purpose) for ext, purpose in rows}


def stopped_purposes(cur: Cursor) -> dict[str, tuple[tuple[str, datetime], ...]]:
    """External person id -> (purpose, since) of each upheld objection (Art. 21), for people
    imported before: a disclosure imported for such a person is judged as of its moment."""
    rows = cur.execute(
        "SELECT k.external_id, s.purpose, s.since FROM import_key k"
        " JOIN request r ON r.person_id = k.internal_id"
        " JOIN processing_stop s ON s.request_id = r.id"
        " WHERE k.entity = 'people' ORDER BY k.external_id, s.since"
    ).fetchall()
    found: dict[str, list[tuple[str, datetime]]] = {}
    for ext, purpose, since in rows:
        found.setdefault(str(ext), []).append((str(purpose), since))
    return {ext: tuple(stops) for ext, stops in found.items()}


def consent_given_days(cur: Cursor) -> dict[str, date]:
    """External consent id -> the day it was given, for consents imported before."""
    rows = cur.execute(
        "SELECT k.external_id, c.given_on FROM import_key k"
        " JOIN consent c ON c.id = k.internal_id WHERE k.entity = 'consents'"
    ).fetchall()
    return {str(ext): given for ext, given in rows}


def live_rows(cur: Cursor, target: Target, ids: np.ndarray) -> np.ndarray:
    """Which of these ids (by position) still have their row, of a person not erased: the
    others were removed here (an erasure, data minimisation), and an import does not bring
    them back."""
    if not len(ids):
        return np.zeros(0, dtype=bool)
    if target.table == "person":
        join, condition = "", "t.erased_at IS NULL"
    elif target.person is not None:
        join, condition = " JOIN person p ON p.id = t.person_id", "p.erased_at IS NULL"
    else:
        join, condition = "", "TRUE"
    cur.register("_import_ids", pd.DataFrame({"id": ids}))
    try:
        found = cur.execute(
            f"SELECT t.id FROM {target.table} t{join}"  # noqa: S608 -- names from TARGETS
            f" WHERE t.id IN (SELECT id FROM _import_ids) AND {condition}"
        ).fetchnumpy()["id"]
    finally:
        cur.unregister("_import_ids")
    return np.isin(ids, found)


def erased_people(cur: Cursor, ids: list[int]) -> set[int]:
    if not ids:
        return set()
    rows = cur.execute(
        "SELECT id FROM person WHERE id IN (SELECT unnest(?::BIGINT[])) AND erased_at IS NOT NULL",
        [ids],
    ).fetchall()
    return {int(row[0]) for row in rows}


def new_ids(cur: Cursor, table: str, count: int) -> list[int]:
    if table not in {t.table for t in TARGETS.values()}:
        raise ValueError(f"{table} is not an import table")
    if count == 0:
        return []
    rows = cur.execute(
        f"SELECT nextval('{table}_id_seq') FROM range(?)",  # noqa: S608 -- checked above
        [count],
    ).fetchall()
    return [int(row[0]) for row in rows]


def insert_rows(cur: Cursor, target: Target, frame: pd.DataFrame, now: datetime) -> None:
    """Insert new rows (`id`, `external_id` and the target's columns) and their keys."""
    if frame.empty:
        return
    columns = ", ".join(("id", *target.columns))
    cur.register("_import_frame", frame)
    try:
        cur.execute(
            f"INSERT INTO {target.table} ({columns})"  # noqa: S608 -- names from TARGETS
            f" SELECT {columns} FROM _import_frame"
        )
        cur.execute(
            "INSERT INTO import_key (entity, external_id, internal_id, imported_at)"
            " SELECT ?, external_id, id, ? FROM _import_frame",
            [target.entity, now],
        )
    finally:
        cur.unregister("_import_frame")


def _load_incoming(cur: Cursor, target: Target, frame: pd.DataFrame) -> None:
    """The frame's compared columns (and `id`) as temp table import_incoming, typed like the
    target table, so a comparison casts exactly as the update would."""
    table = target.table
    wanted = ", ".join(("id", *target.changeable))
    cur.execute(
        f"CREATE OR REPLACE TEMP TABLE import_incoming AS SELECT {wanted} FROM {table} LIMIT 0"  # noqa: S608
    )
    cur.register("_import_frame", frame)
    try:
        cur.execute(
            f"INSERT INTO import_incoming ({wanted}) SELECT {wanted} FROM _import_frame"  # noqa: S608
        )
    finally:
        cur.unregister("_import_frame")


def _differs(target: Target, column: str) -> str:
    """SQL: the incoming value of `column` (i) would replace the stored one (t)."""
    differs = f"t.{column} IS DISTINCT FROM i.{column}"
    if column in target.kept_when_empty:
        differs = f"i.{column} IS NOT NULL AND {differs}"
    return differs


def changed_columns(cur: Cursor, target: Target, frame: pd.DataFrame) -> list[tuple[int, str]]:
    """(id, column) of every value that update_rows would change, without changing it."""
    if frame.empty or not target.changeable:
        return []
    _load_incoming(cur, target, frame)
    found: list[tuple[int, str]] = []
    try:
        for column in target.changeable:
            rows = cur.execute(
                f"SELECT t.id FROM {target.table} t JOIN import_incoming i ON i.id = t.id"  # noqa: S608
                f" WHERE {_differs(target, column)} ORDER BY t.id"
            ).fetchall()
            found.extend((int(row[0]), column) for row in rows)
    finally:
        cur.execute("DROP TABLE import_incoming")
    return found


def internal_ids(cur: Cursor, entity: str, external_ids: list[str]) -> dict[str, int]:
    """The rows imported before under these external ids of one entity."""
    if not external_ids:
        return {}
    rows = cur.execute(
        "SELECT external_id, internal_id FROM import_key"
        " WHERE entity = ? AND list_contains(?, external_id)",
        [entity, external_ids],
    ).fetchall()
    return {str(external): int(internal) for external, internal in rows}


def restricted_people(cur: Cursor) -> dict[str, int]:
    """External id -> restriction request of every imported person whose processing is
    restricted (Art. 18) and who is not erased: an import may not add to or change them."""
    rows = cur.execute(
        "SELECT k.external_id, p.restriction_request_id FROM import_key k"
        " JOIN person p ON p.id = k.internal_id"
        " WHERE k.entity = 'people' AND p.restricted_since IS NOT NULL AND p.erased_at IS NULL"
    ).fetchall()
    return {str(external): int(request or 0) for external, request in rows}


def job_finding_stopped_people(cur: Cursor) -> dict[str, int]:
    """External id -> objection request of every imported person, not erased, whose upheld
    objection stopped job finding (Art. 21): an import may not propose them again."""
    rows = cur.execute(
        "SELECT k.external_id, min(s.request_id) FROM import_key k"
        " JOIN person p ON p.id = k.internal_id AND p.erased_at IS NULL"
        " JOIN request r ON r.person_id = p.id"
        " JOIN processing_stop s ON s.request_id = r.id AND s.purpose = 'job_finding'"
        " WHERE k.entity = 'people' GROUP BY k.external_id"
    ).fetchall()
    return {str(external): int(request) for external, request in rows}


def update_rows(
    cur: Cursor, target: Target, frame: pd.DataFrame, now: datetime, staff_id: int | None
) -> set[int]:
    """Update every compared value that differs; return the ids of the rows that changed.
    Changes to data about a person are recorded in person_change with old and new value."""
    if frame.empty or not target.changeable:
        return set()
    table = target.table
    _load_incoming(cur, target, frame)
    changed: set[int] = set()
    for column in target.changeable:
        differs = _differs(target, column)
        if target.person is not None:
            field = column if table == "person" else f"{table}.{column}"
            cur.execute(
                "INSERT INTO person_change (person_id, request_id, field, old_value, new_value,"  # noqa: S608
                " changed_at, staff_id)"
                f" SELECT t.{target.person}, NULL, ?, CAST(t.{column} AS VARCHAR),"
                f" CAST(i.{column} AS VARCHAR), ?, ? FROM {table} t"
                f" JOIN import_incoming i ON i.id = t.id WHERE {differs}",
                [field, now, staff_id],
            )
        rows = cur.execute(
            f"UPDATE {table} t SET {column} = i.{column} FROM import_incoming i"  # noqa: S608
            f" WHERE i.id = t.id AND {differs} RETURNING t.id"
        ).fetchall()
        changed.update(int(row[0]) for row in rows)
    cur.execute("DROP TABLE import_incoming")
    return changed


def restart_clocks(cur: Cursor, frame: pd.DataFrame) -> list[int]:
    """A corrected registration date moves the retention clock of people whose clock has not
    moved yet (never extended, no question open); returns their ids."""
    if frame.empty:
        return []
    cur.register("_import_clock", frame)
    try:
        rows = cur.execute(
            "UPDATE person SET retention_term_start = c.retention_term_start,"
            " retention_expiry = c.retention_expiry FROM _import_clock c"
            " WHERE person.id = c.id AND person.erased_at IS NULL"
            " AND person.retention_term_start <> c.retention_term_start"
            " AND person.retention_extensions = 0 AND person.extension_state = 'none'"
            " RETURNING person.id"
        ).fetchall()
    finally:
        cur.unregister("_import_clock")
    return [int(row[0]) for row in rows]


def ensure_holds(cur: Cursor, holds: pd.DataFrame) -> tuple[int, int]:
    """The legal holds of ended employments (person_id, employment_id, category,
    legal_ground, until): add the missing ones, move those whose end date was corrected.
    Returns (added, moved)."""
    if holds.empty:
        return 0, 0
    cur.register("_import_holds", holds)
    try:
        moved = cur.execute(
            "UPDATE legal_hold SET until = h.until FROM _import_holds h"
            " WHERE legal_hold.employment_id = h.employment_id"
            " AND legal_hold.category = h.category AND legal_hold.until <> h.until"
            " RETURNING legal_hold.id"
        ).fetchall()
        added = cur.execute(
            "INSERT INTO legal_hold (person_id, category, legal_ground, until, employment_id)"
            " SELECT h.person_id, h.category, h.legal_ground, h.until, h.employment_id"
            " FROM _import_holds h WHERE NOT EXISTS (SELECT 1 FROM legal_hold l"
            "  WHERE l.employment_id = h.employment_id AND l.category = h.category)"
            " RETURNING id"
        ).fetchall()
    finally:
        cur.unregister("_import_holds")
    return len(added), len(moved)
