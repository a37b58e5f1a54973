"""The rows of an access answer as the person reads them: every row about them (the tables of
`person_data.ROWS_ABOUT`), with the names next to the ids (recipient, vacancy, client, the
role of the staff member), and the consultations of their record from the audit log."""

from __future__ import annotations

from datetime import date
from typing import Any, Final

from konnektus.db.database import Cursor
from konnektus.db.person_data import ROWS_ABOUT, WITHHELD_WHILE_DEFERRED
from konnektus.domain.access_answer import INTERNAL_COLUMNS

# table -> (extra columns, joins) on the rows `t` selected by ROWS_ABOUT. Staff appear by
# role only: the person learns what kind of colleague acted, not who.
_NAMES: Final[dict[str, tuple[str, str]]] = {
    "person": (", s.role AS recruiter_role", " LEFT JOIN staff s ON s.id = t.recruiter_id"),
    "proposal": (
        ", v.title AS vacancy_title, c.name AS client_name, c.city AS client_city,"
        " s.role AS proposed_by_role",
        " LEFT JOIN vacancy v ON v.id = t.vacancy_id LEFT JOIN client c ON c.id = v.client_id"
        " LEFT JOIN staff s ON s.id = t.proposed_by",
    ),
    "employment": (
        ", c.name AS client_name, c.city AS client_city",
        " LEFT JOIN client c ON c.id = t.client_id",
    ),
    "disclosure": (
        ", r.name AS recipient_name, r.category AS recipient_category,"
        " r.kind AS recipient_kind, r.country AS recipient_country,"
        " r.safeguard AS recipient_safeguard, s.role AS requested_by_role",
        " LEFT JOIN recipient r ON r.id = t.recipient_id"
        " LEFT JOIN staff s ON s.id = t.requested_by",
    ),
    "recipient_notice": (
        ", r.name AS recipient_name, r.country AS recipient_country,"
        " s.role AS created_by_role, s2.role AS sent_by_role",
        " LEFT JOIN recipient r ON r.id = t.recipient_id LEFT JOIN staff s ON s.id = t.created_by"
        " LEFT JOIN staff s2 ON s2.id = t.sent_by",
    ),
    "request": (", s.role AS assignee_role", " LEFT JOIN staff s ON s.id = t.assignee_id"),
    "request_event": (", s.role AS staff_role", " LEFT JOIN staff s ON s.id = t.staff_id"),
    "person_change": (", s.role AS staff_role", " LEFT JOIN staff s ON s.id = t.staff_id"),
}


def _records(cur: Cursor, sql: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    rows = cur.execute(sql, params).fetchall()
    names = [d[0] for d in cur.description]
    return [
        {
            name: value
            for name, value in zip(names, row, strict=True)
            if name not in INTERNAL_COLUMNS
        }
        for row in rows
    ]


# A row whose notice is deferred through `today` (UAVG art. 41) is left out of the answer.
_NOT_DEFERRED: Final = " AND (notice_deferred_until IS NULL OR notice_deferred_until < $today)"


def readable_rows_about(
    cur: Cursor, person_id: int, today: date
) -> dict[str, list[dict[str, Any]]]:
    """Every row about the person, in ROWS_ABOUT order, ids kept and names beside them;
    without the requests whose notice is deferred on `today`."""
    tables = {}
    for table, where in ROWS_ABOUT.items():
        extra, joins = _NAMES.get(table, ("", ""))
        withheld = _NOT_DEFERRED if table in WITHHELD_WHILE_DEFERRED else ""
        sql = (
            f"SELECT t.*{extra} FROM (SELECT * FROM {table} WHERE {where}{withheld}) t"  # noqa: S608
            f"{joins} ORDER BY t.id"
        )
        params: dict[str, Any] = {"person": person_id}
        if withheld:
            params["today"] = today  # DuckDB refuses a named parameter the SQL does not use
        tables[table] = _records(cur, sql, params)
    return tables


def consultations(cur: Cursor, person_id: int, today: date) -> list[dict[str, Any]]:
    """CJEU C-579/21: each day a role acted on or looked at this person's record, and how
    often, from the audit log: the person itself and their requests, disclosures and letters
    (not a disclosure whose notice is deferred on `today`: UAVG art. 41)."""
    return _records(
        cur,
        "SELECT CAST(occurred_at AS DATE) AS day, role, action, count(*) AS times"
        " FROM audit_entry WHERE (object_type = 'person' AND object_id = $person)"
        " OR (object_type = 'request' AND object_id IN"
        "     (SELECT id FROM request WHERE person_id = $person))"
        " OR (object_type = 'disclosure' AND object_id IN"
        "     (SELECT id FROM disclosure WHERE person_id = $person"
        "      AND (notice_deferred_until IS NULL OR notice_deferred_until < $today)))"
        " OR (object_type = 'letter' AND object_id IN"
        "     (SELECT id FROM letter WHERE person_id = $person))"
        " GROUP BY ALL ORDER BY day, role, action",
        {"person": person_id, "today": today},
    )


def holds_of(cur: Cursor, person_id: int) -> list[dict[str, Any]]:
    """The legal holds on the person's data, with their actual end dates."""
    return _records(
        cur,
        "SELECT category, legal_ground, until FROM legal_hold WHERE person_id = $person"
        " ORDER BY until, id",
        {"person": person_id},
    )


def stopped_purposes(cur: Cursor, person_id: int) -> list[str]:
    """Art. 21: the purposes an upheld objection of this person stopped."""
    rows = cur.execute(
        "SELECT s.purpose FROM processing_stop s JOIN request r ON r.id = s.request_id"
        " WHERE r.person_id = ? ORDER BY s.since",
        [person_id],
    ).fetchall()
    return [str(purpose) for (purpose,) in rows]
