"""SQL for telling recipients of a rectification, restriction or erasure (Art. 19 GDPR)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Final

import pandas as pd

from konnektus.db import bulk
from konnektus.db.database import Cursor, first_row
from konnektus.db.erasure import ERASED

# A task: a completed request of these types, and a recipient that received the person's data
# before the request was closed.
_TASKS: Final = """
    SELECT r.id AS request_id, r.type, r.closed_at, r.person_id, pe.reference,
        d.recipient_id, rc.name AS recipient, rc.country,
        count(d.id) AS disclosures, min(d.disclosed_at) AS first_disclosed,
        max(d.disclosed_at) AS last_disclosed,
        list_sort(list_distinct(flatten(list(d.data_categories)))) AS categories,
        any_value(n.id) AS notice_id, any_value(n.letter_id) AS letter_id,
        any_value(n.sent_at) AS sent_at
    FROM request r
    JOIN person pe ON pe.id = r.person_id AND pe.erased_at IS NULL
    JOIN disclosure d ON d.person_id = r.person_id AND d.disclosed_at <= r.closed_at
    JOIN recipient rc ON rc.id = d.recipient_id
    LEFT JOIN recipient_notice n ON n.request_id = r.id AND n.recipient_id = d.recipient_id
    WHERE r.status = 'completed' AND list_contains($types, r.type)
"""


# The letters an erasure queued itself: per erased person and recipient, with what went there.
_ERASURE_TASKS: Final = """
    SELECT n.request_id, n.change AS type, n.created_at AS closed_at, n.person_id, pe.reference,
        n.recipient_id, rc.name AS recipient, rc.country,
        count(d.id) AS disclosures, min(d.disclosed_at) AS first_disclosed,
        max(d.disclosed_at) AS last_disclosed,
        list_sort(list_distinct(flatten(list(d.data_categories)))) AS categories,
        n.id AS notice_id, n.letter_id, n.sent_at
    FROM recipient_notice n
    JOIN person pe ON pe.id = n.person_id
    JOIN recipient rc ON rc.id = n.recipient_id
    LEFT JOIN disclosure d ON d.person_id = n.person_id AND d.recipient_id = n.recipient_id
        AND NOT d.blocked AND d.disclosed_at <= n.created_at
    WHERE n.change IN ('erasure', 'partial_erasure')
"""


def tasks(cur: Cursor, types: list[str], *, open_only: bool, limit: int) -> pd.DataFrame:
    """Per request (or erased person) and recipient: what went there, and whether the letter is
    queued or sent. The letters erasures queued are listed with the requests of `types`."""
    sql = (
        f"SELECT * FROM ({_TASKS} GROUP BY ALL"  # noqa: S608 -- code constants only
        f" UNION ALL BY NAME {_ERASURE_TASKS} GROUP BY ALL) t"
        + (" WHERE t.sent_at IS NULL" if open_only else "")
        + " ORDER BY t.closed_at DESC, t.request_id, t.recipient LIMIT $limit"
    )
    return cur.execute(sql, {"types": types, "limit": limit}).df()


def task(
    cur: Cursor, types: list[str], request_id: int, recipient_id: int
) -> dict[str, Any] | None:
    result = cur.execute(
        f"SELECT * FROM ({_TASKS} AND r.id = $request AND d.recipient_id = $recipient"  # noqa: S608
        " GROUP BY ALL) t",
        {"types": types, "request": request_id, "recipient": recipient_id},
    )
    rows = result.fetchall()
    if not rows:
        return None
    return dict(zip([c[0] for c in result.description], rows[0], strict=True))


def changed_fields(cur: Cursor, request_id: int) -> list[tuple[str, str | None]]:
    """(field, new value) of a rectification, latest value per field."""
    rows = cur.execute(
        "SELECT field, arg_max(new_value, changed_at) FROM person_change WHERE request_id = ?"
        " GROUP BY field ORDER BY field",
        [request_id],
    ).fetchall()
    return [(str(f), v) for f, v in rows]


def add_notice(
    cur: Cursor,
    request_id: int,
    recipient_id: int,
    letter_id: int,
    at: datetime,
    by: int | None,
    *,
    person_id: int,
    change: str,
) -> int:
    row = first_row(
        cur,
        "INSERT INTO recipient_notice (request_id, recipient_id, letter_id, created_at,"
        " created_by, person_id, change) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
        [request_id, recipient_id, letter_id, at, by, person_id, change],
    )
    assert row is not None
    return int(row[0])


def erasure_recipients(cur: Cursor, person_ids: list[int]) -> pd.DataFrame:
    """Per person of `person_ids` not yet erased and recipient that actually received their
    data (a blocked disclosure sent nothing), with no erasure letter queued for them yet: who
    the person is and what went there. One query for any number of people; read it before the
    erasure empties the name."""
    return cur.execute(
        "SELECT d.person_id, p.given_name, p.tussenvoegsel, p.family_name, p.date_of_birth,"
        " d.recipient_id, rc.name AS recipient, rc.country, count(*) AS disclosures,"
        " min(d.disclosed_at) AS first_disclosed, max(d.disclosed_at) AS last_disclosed,"
        " list_sort(list_distinct(flatten(list(d.data_categories)))) AS categories"
        " FROM disclosure d JOIN person p ON p.id = d.person_id AND p.erased_at IS NULL"
        " JOIN recipient rc ON rc.id = d.recipient_id"
        " WHERE d.person_id IN (SELECT unnest($ids::BIGINT[])) AND NOT d.blocked"
        " AND NOT EXISTS (SELECT 1 FROM recipient_notice n WHERE n.change = 'erasure'"
        "  AND n.person_id = d.person_id AND n.recipient_id = d.recipient_id)"
        " GROUP BY ALL ORDER BY d.person_id, recipient",
        {"ids": sorted(set(person_ids))},
    ).df()


def add_erasure_notices(
    cur: Cursor, letters: pd.DataFrame, *, at: datetime, by: int | None
) -> list[int]:
    """Queue the erasure letters of `letters` (person_id, request_id, recipient_id, change,
    language, subject, body): the letters into the outbox and a notice each, in two bulk
    inserts. Returns the letter ids in the order of `letters`."""
    if letters.empty:
        return []
    ids = [
        int(i)
        for (i,) in cur.execute(
            "SELECT nextval('letter_id_seq') FROM range(?)", [len(letters)]
        ).fetchall()
    ]
    frame = pd.DataFrame(
        {
            "id": ids,
            "person_id": letters["person_id"].to_numpy(),
            "request_id": letters["request_id"].astype("Int64"),
            "kind": "recipient_notice",
            "language": letters["language"].to_numpy(),
            "subject": letters["subject"].to_numpy(),
            "body": letters["body"].to_numpy(),
            "created_at": at,
            "delivery_status": "not_applicable",
        }
    )
    bulk.insert_frame(cur, "letter", frame)
    notices = pd.DataFrame(
        {
            "request_id": frame["request_id"],
            "recipient_id": letters["recipient_id"].to_numpy(),
            "letter_id": ids,
            "person_id": frame["person_id"],
            "change": letters["change"].to_numpy(),
        }
    )
    cur.register("_erasure_notices", notices)
    try:
        cur.execute(
            "INSERT INTO recipient_notice (request_id, recipient_id, letter_id, created_at,"
            " created_by, person_id, change) SELECT request_id, recipient_id, letter_id, $at,"
            " $by, person_id, change FROM _erasure_notices",
            {"at": at, "by": by},
        )
    finally:
        cur.unregister("_erasure_notices")
    return ids


def mark_sent(cur: Cursor, notice_id: int, at: datetime, by: int | None) -> bool:
    done = cur.execute(
        "UPDATE recipient_notice SET sent_at = ?, sent_by = ? WHERE id = ? AND sent_at IS NULL"
        " RETURNING id",
        [at, by, notice_id],
    ).fetchall()
    return bool(done)


def forget_if_erased(cur: Cursor, notice_id: int) -> None:
    """Once its letter is sent, the letter about an erased person keeps no name: the outbox
    held it only so the recipient could be told (like the address of a confirmation)."""
    cur.execute(
        "UPDATE letter SET body = $erased WHERE id = (SELECT letter_id FROM recipient_notice"
        " WHERE id = $notice) AND person_id IN (SELECT id FROM person WHERE erased_at IS NOT NULL)",
        {"erased": ERASED, "notice": notice_id},
    )


def last_change(cur: Cursor, request_id: int, recipient_id: int) -> tuple[str | None, Any]:
    """Who queued or ticked off the letter for this request and recipient, and when."""
    row = first_row(
        cur,
        "SELECT s.name, coalesce(n.sent_at, n.created_at) FROM recipient_notice n"
        " LEFT JOIN staff s ON s.id = coalesce(n.sent_by, n.created_by)"
        " WHERE n.request_id = ? AND n.recipient_id = ?",
        [request_id, recipient_id],
    )
    return (row[0], row[1]) if row else (None, None)


def notice(cur: Cursor, notice_id: int) -> dict[str, Any] | None:
    """The notice's request (none for a clean-up), recipient and person, and who acted last."""
    row = first_row(
        cur,
        "SELECT n.request_id, n.recipient_id, n.person_id, s.name,"
        " coalesce(n.sent_at, n.created_at) FROM recipient_notice n"
        " LEFT JOIN staff s ON s.id = coalesce(n.sent_by, n.created_by) WHERE n.id = ?",
        [notice_id],
    )
    if row is None:
        return None
    return dict(zip(("request_id", "recipient_id", "person_id", "by", "at"), row, strict=True))
