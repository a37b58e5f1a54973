"""SQL of the recipient register and the disclosure log (O7, O8).

Summaries are aggregated here, never in Python: at millions of disclosures the page gets a
few dozen rows. A disclosure's day is its Amsterdam calendar date; a period is the half-open
span of stored UTC moments [start, end) that the service computes from Amsterdam dates.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Final

import pandas as pd

from konnektus.db import disclosure_days
from konnektus.db.database import Cursor, first_row
from konnektus.db.disclosure_days import DISCLOSED_ON
from konnektus.domain.lawful_bases import DEROGATIONS
from konnektus.domain.permissions import SENSITIVE_PURPOSES

# How a summary groups: the key of a group, and the columns that name it. Code constants,
# the only fragments put into SQL text.
GROUPINGS: Final = {
    "recipient": ("r.id", "r.id AS recipient_id, r.name, r.category, r.kind"),
    "category": ("r.category", "r.category"),
}

# A processor's agreement did not cover the day (`p` is a disclosure or a disclosure_day row).
_WITHOUT_AGREEMENT: Final = (
    "(r.kind = 'processor' AND (r.dpa_signed_on IS NULL OR {day} < r.dpa_signed_on"
    " OR {day} > r.dpa_expires_on))"
)


def person_erased(cur: Cursor, person_id: int) -> bool | None:
    """True/False for a known person, None for an unknown id."""
    row = first_row(cur, "SELECT erased_at IS NOT NULL FROM person WHERE id = ?", [person_id])
    return None if row is None else bool(row[0])


def consent(cur: Cursor, consent_id: int) -> tuple[int, date, date | None, str] | None:
    row = first_row(
        cur,
        "SELECT person_id, given_on, withdrawn_on, purpose FROM consent WHERE id = ?",
        [consent_id],
    )
    return None if row is None else (int(row[0]), row[1], row[2], str(row[3]))


def stopped_purposes(cur: Cursor, person_id: int, at: datetime) -> frozenset[str]:
    """The purposes an upheld objection of the person stopped by `at` (Art. 21)."""
    rows = cur.execute(
        "SELECT DISTINCT s.purpose FROM processing_stop s JOIN request r ON r.id = s.request_id"
        " WHERE r.person_id = ? AND s.since <= ?",
        [person_id, at],
    ).fetchall()
    return frozenset(str(r[0]) for r in rows)


def consents_of(cur: Cursor, person_id: int) -> pd.DataFrame:
    return cur.execute(
        "SELECT id, purpose, given_on, withdrawn_on FROM consent WHERE person_id = ?"
        " ORDER BY given_on, id",
        [person_id],
    ).df()


def recent_same_disclosure(
    cur: Cursor, values: dict[str, Any], since: datetime, until: datetime
) -> int | None:
    """The id of an identical disclosure made between `since` and `until` (a double click)."""
    row = _one(
        cur,
        "SELECT id FROM disclosure WHERE person_id = $person_id AND recipient_id = $recipient_id"
        " AND data_categories = $data_categories AND purpose = $purpose"
        " AND purpose_note IS NOT DISTINCT FROM $purpose_note"
        " AND legal_basis = $legal_basis AND consent_id IS NOT DISTINCT FROM $consent_id"
        " AND disclosed_at BETWEEN $since AND $until ORDER BY id DESC LIMIT 1",
        {**_disclosure_params(values), "since": since, "until": until},
    )
    return None if row is None else int(row[0])


def insert_disclosure(cur: Cursor, values: dict[str, Any]) -> int:
    row = _one(
        cur,
        "INSERT INTO disclosure (person_id, recipient_id, data_categories, purpose, purpose_note,"
        " legal_basis, consent_id, disclosed_at, requested_by, notified_on, blocked) VALUES"
        " ($person_id, $recipient_id, $data_categories, $purpose, $purpose_note, $legal_basis,"
        " $consent_id, $disclosed_at, $requested_by, NULL, FALSE) RETURNING id",
        {
            **_disclosure_params(values),
            "disclosed_at": values["disclosed_at"],
            "requested_by": values["requested_by"],
        },
    )
    assert row is not None
    disclosure_days.refresh(cur, [int(row[0])])
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
        "purpose_note": values.get("purpose_note"),
        "legal_basis": values["legal_basis"],
        "consent_id": values["consent_id"],
    }


def summary(
    cur: Cursor,
    grouping: str,
    first_day: date,
    last_day: date,
    start: datetime,
    end: datetime,
    today: date,
) -> pd.DataFrame:
    """Per recipient or per recipient category over the Amsterdam days first..last (stored
    moments [start, end)): counts, people, data categories, legal bases, notified on time /
    late / not at all, blocked, disclosures made to a processor without a valid agreement,
    transfers on an Art. 49 derogation (counted: occasional only), and the last disclosure.
    A notice deferred through `today` (UAVG art. 41) is counted as deferred, not as untold.
    Every recipient (or category) is listed, also without disclosures in the period. The
    sums come from `disclosure_day`; only the number of distinct people is counted from the
    log."""
    key, names = GROUPINGS[grouping]
    sql = f"""
        WITH counted AS (
            SELECT {key} AS k,
                sum(p.disclosures) AS disclosures,
                list_sort(list(DISTINCT p.legal_basis)) AS legal_bases,
                list_sort(list_distinct(flatten(list(p.data_categories)))) AS data_categories,
                sum(p.disclosures) FILTER (WHERE p.status = 'blocked') AS blocked,
                sum(p.disclosures) FILTER (WHERE p.status = 'on_time') AS on_time,
                sum(p.disclosures) FILTER (WHERE p.status = 'late') AS late,
                sum(p.disclosures) FILTER (WHERE p.status = 'not_notified'
                    AND (p.deferred_until IS NULL OR p.deferred_until < $today)) AS not_notified,
                sum(p.disclosures) FILTER (WHERE p.status = 'not_notified'
                    AND p.deferred_until >= $today) AS deferred,
                sum(p.disclosures) FILTER (WHERE {_WITHOUT_AGREEMENT.format(day="p.day")})
                    AS without_agreement,
                sum(p.disclosures) FILTER (WHERE list_contains($derogations, r.safeguard))
                    AS under_derogation,
                max(p.last_at) AS last_disclosure
            FROM disclosure_day p JOIN recipient r ON r.id = p.recipient_id
            WHERE p.day BETWEEN $first AND $last
            GROUP BY k
        ),
        people AS (
            SELECT {key} AS k, count(DISTINCT d.person_id) AS people
            FROM disclosure d JOIN recipient r ON r.id = d.recipient_id
            WHERE d.disclosed_at >= $start AND d.disclosed_at < $end
            GROUP BY k
        ),
        groups AS (SELECT DISTINCT {key} AS k, {names} FROM recipient r)
        SELECT g.* EXCLUDE (k),
            CAST(coalesce(c.disclosures, 0) AS BIGINT) AS disclosures,
            coalesce(pp.people, 0) AS people,
            coalesce(c.data_categories, []) AS data_categories,
            coalesce(c.legal_bases, []) AS legal_bases,
            CAST(coalesce(c.blocked, 0) AS BIGINT) AS blocked,
            CAST(coalesce(c.on_time, 0) AS BIGINT) AS on_time,
            CAST(coalesce(c.late, 0) AS BIGINT) AS late,
            CAST(coalesce(c.not_notified, 0) AS BIGINT) AS not_notified,
            CAST(coalesce(c.deferred, 0) AS BIGINT) AS deferred,
            CAST(coalesce(c.without_agreement, 0) AS BIGINT) AS without_agreement,
            CAST(coalesce(c.under_derogation, 0) AS BIGINT) AS under_derogation,
            c.last_disclosure
        FROM groups g LEFT JOIN counted c ON c.k = g.k LEFT JOIN people pp ON pp.k = g.k
        ORDER BY disclosures DESC, g.k
    """  # noqa: S608 -- fragments are code constants
    params = {"first": first_day, "last": last_day, "start": start, "end": end, "today": today}
    return cur.execute(sql, {**params, "derogations": sorted(DEROGATIONS)}).df()


def per_category_per_month(cur: Cursor, first_day: date, last_day: date) -> pd.DataFrame:
    return cur.execute(
        """
        SELECT r.category, CAST(date_trunc('month', p.day) AS DATE) AS month,
            CAST(sum(p.disclosures) AS BIGINT) AS disclosures
        FROM disclosure_day p JOIN recipient r ON r.id = p.recipient_id
        WHERE p.day BETWEEN $first AND $last
        GROUP BY ALL ORDER BY month, r.category
        """,
        {"first": first_day, "last": last_day},
    ).df()


def _drill_filter(only_unnotified: bool) -> str:
    return " AND NOT p.blocked AND p.notified_on IS NULL" if only_unnotified else ""


def shown_categories(column: str) -> str:
    """SQL: the categories of `column` (a VARCHAR[]) outside the parameter $hidden, the
    categories the reader's role may not learn went somewhere for a named person
    (permissions.hidden_categories; [] for a role that sees everything)."""
    return f"list_filter({column}, lambda c: NOT list_contains($hidden::VARCHAR[], c))"


def withheld_columns(alias: str) -> str:
    """SQL select-list for a row with data categories seen by a role with $hidden: only the
    shown categories, the purpose and its note withheld (NULL) when a category was left out
    (a purpose such as a criminal-record check names what went), and `withheld`."""
    shown = shown_categories(f"{alias}.data_categories")
    names = " ".join(
        f"WHEN '{purpose}' THEN '{category}'" for purpose, category in SENSITIVE_PURPOSES.items()
    )
    telling = f"list_contains($hidden::VARCHAR[], CASE {alias}.purpose {names} END)"
    cut = f"(len({shown}) < len({alias}.data_categories) OR coalesce({telling}, false))"
    return (
        f"{shown} AS data_categories,"
        f" CASE WHEN {cut} THEN NULL ELSE {alias}.purpose END AS purpose,"
        f" CASE WHEN {cut} THEN NULL ELSE {alias}.purpose_note END AS purpose_note,"
        f" {cut} AS withheld"
    )


def any_shown(alias: str) -> str:
    """SQL condition: the row has a category the reader may see (else it is left out)."""
    return f"len({shown_categories(f'{alias}.data_categories')}) > 0"


def recipient_disclosures(
    cur: Cursor,
    recipient_id: int,
    start: datetime,
    end: datetime,
    *,
    only_unnotified: bool,
    limit: int,
    offset: int,
    hidden: list[str],
) -> pd.DataFrame:
    """One page of a recipient's disclosures, newest first, with the person's reference and
    name (the service decides who may see them). Categories in `hidden` are left out; a
    disclosure of nothing else is not listed (withheld_columns)."""
    # Two small reads instead of one join: joining the page to the person table scans a
    # million people, looking up the page's fifty people by id does not.
    sql = f"""
        WITH page AS (
            SELECT p.* FROM disclosure p
            WHERE p.disclosed_at >= $start AND p.disclosed_at < $end
              AND p.recipient_id = $recipient{_drill_filter(only_unnotified)}
              AND {any_shown("p")}
            ORDER BY p.disclosed_at DESC, p.id DESC
            LIMIT $limit OFFSET $offset
        ),
        p AS (SELECT d.*, {DISCLOSED_ON} AS disclosed_on FROM page d)
        SELECT p.id, p.disclosed_at, p.disclosed_on, p.person_id,
            {withheld_columns("p")}, p.legal_basis, p.notified_on, p.blocked,
            p.notice_deferred_until, p.notice_letter_id,
            {_WITHOUT_AGREEMENT.format(day="p.disclosed_on")} AS without_agreement
        FROM p JOIN recipient r ON r.id = p.recipient_id
        ORDER BY p.disclosed_at DESC, p.id DESC
    """  # noqa: S608 -- fragments are code constants
    rows = cur.execute(
        sql,
        {
            "start": start,
            "end": end,
            "recipient": recipient_id,
            "limit": limit,
            "offset": offset,
            "hidden": hidden,
        },
    ).df()
    people = cur.execute(
        "SELECT id AS person_id, reference, given_name, tussenvoegsel, family_name,"
        " erased_at IS NOT NULL AS erased FROM person"
        " WHERE id IN (SELECT unnest($ids::BIGINT[]))",
        {"ids": [int(i) for i in rows["person_id"].dropna().unique()]},
    ).df()
    found = rows.merge(people, on="person_id", how="left")
    columns = ["id", "disclosed_at", "disclosed_on", "person_id", "reference", "given_name"]
    columns += ["tussenvoegsel", "family_name", "erased", "data_categories", "purpose"]
    columns += ["purpose_note"]
    columns += ["legal_basis", "notified_on", "blocked", "without_agreement"]
    columns += ["notice_deferred_until", "notice_letter_id", "withheld"]
    return found[columns]


def count_recipient_disclosures(
    cur: Cursor,
    recipient_id: int,
    start: datetime,
    end: datetime,
    *,
    only_unnotified: bool,
    hidden: list[str],
) -> int:
    """How many disclosures recipient_disclosures lists over all its pages."""
    sql = f"""
        SELECT count(*) FROM disclosure p
        WHERE p.disclosed_at >= $start AND p.disclosed_at < $end
          AND p.recipient_id = $recipient{_drill_filter(only_unnotified)}
          AND {any_shown("p")}
    """  # noqa: S608 -- fragments are code constants
    params = {"start": start, "end": end, "recipient": recipient_id, "hidden": hidden}
    row = _one(cur, sql, params)
    return int(row[0]) if row else 0


def data_version(cur: Cursor) -> int:
    """Grows with every write: each write leaves an audit entry in the same transaction."""
    row = first_row(cur, "SELECT coalesce(max(id), 0) FROM audit_entry")
    return int(row[0]) if row else 0
