"""SQL of the recipient register and the disclosure log (O7, O8).

Summaries are aggregated here, never in Python: at millions of disclosures the page gets a
few dozen rows. A disclosure's day is its Amsterdam calendar date; a period is the half-open
span of stored UTC moments [start, end) that the service computes from Amsterdam dates.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Final

import pandas as pd

from konnektus.db.database import Cursor, first_row
from konnektus.domain.sharing import NOTIFY_WITHIN_DAYS

# The column a summary groups by: code constants, the only names put into SQL text.
# How a summary groups: the key of a group, and the columns that name it. Code constants,
# the only fragments put into SQL text.
GROUPINGS: Final = {
    "recipient": ("r.id", "r.id AS recipient_id, r.name, r.category, r.kind"),
    "category": ("r.category", "r.category"),
}

# The disclosure's Amsterdam date. Amsterdam is UTC+1 or UTC+2, so before 22:00 UTC the date
# is the UTC date; only later moments need the (costly, per row) time-zone conversion.
_DISCLOSED_ON: Final = (
    "CASE WHEN hour(d.disclosed_at) < 22 THEN CAST(d.disclosed_at AS DATE)"
    " ELSE CAST(timezone('Europe/Amsterdam', timezone('UTC', d.disclosed_at)) AS DATE) END"
)
_PERIOD: Final = f"""
    SELECT d.*, {_DISCLOSED_ON} AS disclosed_on FROM disclosure d
    WHERE d.disclosed_at >= $start AND d.disclosed_at < $end
"""  # noqa: S608 -- code constants only
_WITHOUT_AGREEMENT: Final = (
    "(r.kind = 'processor' AND (r.dpa_signed_on IS NULL OR p.disclosed_on < r.dpa_signed_on"
    " OR p.disclosed_on > r.dpa_expires_on))"
)


def person_erased(cur: Cursor, person_id: int) -> bool | None:
    """True/False for a known person, None for an unknown id."""
    row = first_row(cur, "SELECT erased_at IS NOT NULL FROM person WHERE id = ?", [person_id])
    return None if row is None else bool(row[0])


def consent(cur: Cursor, consent_id: int) -> tuple[int, date, date | None] | None:
    row = first_row(
        cur, "SELECT person_id, given_on, withdrawn_on FROM consent WHERE id = ?", [consent_id]
    )
    return None if row is None else (int(row[0]), row[1], row[2])


def consents_of(cur: Cursor, person_id: int) -> pd.DataFrame:
    return cur.execute(
        "SELECT id, purpose, given_on, withdrawn_on FROM consent WHERE person_id = ?"
        " ORDER BY given_on, id",
        [person_id],
    ).df()


def recent_same_disclosure(cur: Cursor, values: dict[str, Any], since: datetime) -> int | None:
    """The id of an identical disclosure registered since `since` (a double click)."""
    row = _one(
        cur,
        "SELECT id FROM disclosure WHERE person_id = $person_id AND recipient_id = $recipient_id"
        " AND data_categories = $data_categories AND purpose = $purpose"
        " AND legal_basis = $legal_basis AND consent_id IS NOT DISTINCT FROM $consent_id"
        " AND disclosed_at >= $since ORDER BY id DESC LIMIT 1",
        {**_disclosure_params(values), "since": since},
    )
    return None if row is None else int(row[0])


def insert_disclosure(cur: Cursor, values: dict[str, Any]) -> int:
    row = _one(
        cur,
        "INSERT INTO disclosure (person_id, recipient_id, data_categories, purpose, legal_basis,"
        " consent_id, disclosed_at, requested_by, notified_on, blocked) VALUES ($person_id,"
        " $recipient_id, $data_categories, $purpose, $legal_basis, $consent_id, $disclosed_at,"
        " $requested_by, NULL, FALSE) RETURNING id",
        {
            **_disclosure_params(values),
            "disclosed_at": values["disclosed_at"],
            "requested_by": values["requested_by"],
        },
    )
    assert row is not None
    return int(row[0])


def _one(cur: Cursor, sql: str, params: dict[str, Any]) -> tuple[Any, ...] | None:
    rows = cur.execute(sql, params).fetchall()
    return tuple(rows[0]) if rows else None


def _disclosure_params(values: dict[str, Any]) -> dict[str, Any]:
    return {
        "person_id": values["person_id"],
        "recipient_id": values["recipient_id"],
        "data_categories": list(values["data_categories"]),
        "purpose": values["purpose"],
        "legal_basis": values["legal_basis"],
        "consent_id": values["consent_id"],
    }


def summary(cur: Cursor, grouping: str, start: datetime, end: datetime) -> pd.DataFrame:
    """Per recipient or per recipient category over [start, end): counts, people, data
    categories, legal bases, notified on time / late / not at all, blocked, disclosures made
    to a processor without a valid agreement, and the last disclosure. Every recipient (or
    category) is listed, also without disclosures in the period."""
    key, names = GROUPINGS[grouping]
    sql = f"""
        WITH p AS ({_PERIOD}),
        counted AS (
            SELECT {key} AS k,
                count(*) AS disclosures,
                count(DISTINCT p.person_id) AS people,
                list_sort(list(DISTINCT p.legal_basis)) AS legal_bases,
                count(*) FILTER (WHERE p.blocked) AS blocked,
                count(*) FILTER (WHERE NOT p.blocked
                    AND p.notified_on - p.disclosed_on <= $within) AS on_time,
                count(*) FILTER (WHERE NOT p.blocked
                    AND p.notified_on - p.disclosed_on > $within) AS late,
                count(*) FILTER (WHERE NOT p.blocked AND p.notified_on IS NULL) AS not_notified,
                count(*) FILTER (WHERE {_WITHOUT_AGREEMENT}) AS without_agreement,
                max(p.disclosed_at) AS last_disclosure
            FROM p JOIN recipient r ON r.id = p.recipient_id GROUP BY k
        ),
        categories AS (
            SELECT k, list_sort(list(DISTINCT c)) AS data_categories FROM (
                SELECT {key} AS k, unnest(p.data_categories) AS c
                FROM p JOIN recipient r ON r.id = p.recipient_id
            ) GROUP BY k
        ),
        groups AS (SELECT DISTINCT {key} AS k, {names} FROM recipient r)
        SELECT g.* EXCLUDE (k),
            coalesce(c.disclosures, 0) AS disclosures,
            coalesce(c.people, 0) AS people,
            coalesce(dc.data_categories, []) AS data_categories,
            coalesce(c.legal_bases, []) AS legal_bases,
            coalesce(c.blocked, 0) AS blocked,
            coalesce(c.on_time, 0) AS on_time,
            coalesce(c.late, 0) AS late,
            coalesce(c.not_notified, 0) AS not_notified,
            coalesce(c.without_agreement, 0) AS without_agreement,
            c.last_disclosure
        FROM groups g LEFT JOIN counted c ON c.k = g.k LEFT JOIN categories dc ON dc.k = g.k
        ORDER BY disclosures DESC, g.k
    """  # noqa: S608 -- fragments are code constants
    return cur.execute(sql, {"start": start, "end": end, "within": NOTIFY_WITHIN_DAYS}).df()


def per_category_per_month(cur: Cursor, start: datetime, end: datetime) -> pd.DataFrame:
    sql = f"""
        WITH p AS ({_PERIOD})
        SELECT r.category, CAST(date_trunc('month', p.disclosed_on) AS DATE) AS month,
            count(*) AS disclosures
        FROM p JOIN recipient r ON r.id = p.recipient_id
        GROUP BY ALL ORDER BY month, r.category
    """  # noqa: S608 -- fragments are code constants
    return cur.execute(sql, {"start": start, "end": end}).df()


def _drill_filter(only_unnotified: bool) -> str:
    return " AND NOT p.blocked AND p.notified_on IS NULL" if only_unnotified else ""


def recipient_disclosures(
    cur: Cursor,
    recipient_id: int,
    start: datetime,
    end: datetime,
    *,
    only_unnotified: bool,
    limit: int,
    offset: int,
) -> pd.DataFrame:
    """One page of a recipient's disclosures, newest first, with the person's reference and
    name (the service decides who may see them)."""
    sql = f"""
        WITH p AS ({_PERIOD})
        SELECT p.id, p.disclosed_at, p.disclosed_on, p.person_id, pe.reference,
            pe.given_name, pe.tussenvoegsel, pe.family_name, pe.erased_at IS NOT NULL AS erased,
            p.data_categories, p.purpose, p.legal_basis, p.notified_on, p.blocked,
            {_WITHOUT_AGREEMENT} AS without_agreement
        FROM p JOIN recipient r ON r.id = p.recipient_id
        LEFT JOIN person pe ON pe.id = p.person_id
        WHERE p.recipient_id = $recipient{_drill_filter(only_unnotified)}
        ORDER BY p.disclosed_at DESC, p.id DESC
        LIMIT $limit OFFSET $offset
    """  # noqa: S608 -- fragments are code constants
    return cur.execute(
        sql,
        {
            "start": start,
            "end": end,
            "recipient": recipient_id,
            "limit": limit,
            "offset": offset,
        },
    ).df()


def count_recipient_disclosures(
    cur: Cursor, recipient_id: int, start: datetime, end: datetime, *, only_unnotified: bool
) -> int:
    sql = f"""
        WITH p AS ({_PERIOD})
        SELECT count(*) FROM p WHERE p.recipient_id = $recipient{_drill_filter(only_unnotified)}
    """  # noqa: S608 -- fragments are code constants
    row = _one(cur, sql, {"start": start, "end": end, "recipient": recipient_id})
    return int(row[0]) if row else 0


def data_version(cur: Cursor) -> int:
    """Grows with every write: each write leaves an audit entry in the same transaction."""
    row = first_row(cur, "SELECT coalesce(max(id), 0) FROM audit_entry")
    return int(row[0]) if row else 0
