"""Art. 18 restriction and Art. 21 stops on the person (migration 013)."""

from __future__ import annotations

from datetime import datetime

from konnektus.db.database import Cursor, first_row


def restrict(cur: Cursor, person_id: int, request_id: int, field: str | None, at: datetime) -> bool:
    """Mark the person restricted; False when they already were (a second click)."""
    row = first_row(
        cur,
        "UPDATE person SET restricted_since = ?, restriction_request_id = ?,"
        " restriction_field = ? WHERE id = ? AND restricted_since IS NULL"
        " AND erased_at IS NULL RETURNING id",
        [at, request_id, field, person_id],
    )
    return row is not None


def lift(cur: Cursor, person_id: int, seen_request_id: int) -> bool:
    row = first_row(
        cur,
        "UPDATE person SET restricted_since = NULL, restriction_request_id = NULL,"
        " restriction_field = NULL WHERE id = ? AND restriction_request_id = ? RETURNING id",
        [person_id, seen_request_id],
    )
    return row is not None


def restricted_among(cur: Cursor, person_ids: list[int]) -> dict[int, int]:
    """{person id: restriction request} for the restricted people among `person_ids`."""
    rows = cur.execute(
        "SELECT id, restriction_request_id FROM person WHERE list_contains(?, id)"
        " AND restricted_since IS NOT NULL",
        [person_ids],
    ).fetchall()
    return {int(p): int(r) for p, r in rows}


def stop_processing(cur: Cursor, request_id: int, purpose: str, at: datetime) -> bool:
    row = first_row(
        cur,
        "INSERT INTO processing_stop (request_id, purpose, since) VALUES (?, ?, ?)"
        " ON CONFLICT DO NOTHING RETURNING request_id",
        [request_id, purpose, at],
    )
    return row is not None


def not_to_ask(cur: Cursor, person_ids: list[int]) -> dict[int, int]:
    """{person id: request} of those who may not be asked to extend: restricted (Art. 18), or
    their upheld objection stopped the processing for job finding (Art. 21)."""
    rows = cur.execute(
        "SELECT id, restriction_request_id FROM person WHERE list_contains($ids, id)"
        " AND restricted_since IS NOT NULL"
        " UNION ALL SELECT r.person_id, s.request_id FROM processing_stop s"
        " JOIN request r ON r.id = s.request_id"
        " WHERE s.purpose = 'job_finding' AND list_contains($ids, r.person_id)",
        {"ids": person_ids},
    ).fetchall()
    return {int(p): int(r) for p, r in rows}


def stops_of(cur: Cursor, person_id: int) -> list[tuple[int, str]]:
    """(objection request, purpose) of every purpose an upheld objection of this person
    stopped, oldest first."""
    rows = cur.execute(
        "SELECT s.request_id, s.purpose FROM processing_stop s JOIN request r"
        " ON r.id = s.request_id WHERE r.person_id = ? ORDER BY s.since, s.request_id",
        [person_id],
    ).fetchall()
    return [(int(request_id), str(purpose)) for request_id, purpose in rows]
