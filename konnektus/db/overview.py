"""Aggregate figures for the home page: counts only, never a person."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from konnektus.db.consent_proof import UNPROVEN_COUNT_SQL
from konnektus.db.database import Cursor, first_row
from konnektus.db.disclosure_days import DISCLOSED_ON
from konnektus.db.management import WITHOUT_VALID_DPA
from konnektus.db.minimisation import EXCESS_ITEM_FROM, EXCESS_ITEM_WHERE
from konnektus.db.retention_sql import RETENTION_STATE_SQL, state_params
from konnektus.domain.requests import OPEN_STATUSES
from konnektus.domain.retention import RetentionPolicy


@dataclass(frozen=True)
class DatabaseSize:
    people: int
    requests: int
    open_requests: int
    disclosures: int


def database_size(cur: Cursor) -> DatabaseSize:
    row = first_row(
        cur,
        "SELECT (SELECT count(*) FROM person WHERE erased_at IS NULL),"
        " (SELECT count(*) FROM request),"
        " (SELECT count(*) FROM request WHERE list_contains(?, status)),"
        " (SELECT count(*) FROM disclosure)",
        [sorted(OPEN_STATUSES)],
    )
    assert row is not None
    return DatabaseSize(*(int(value) for value in row))


@dataclass(frozen=True)
class ComplianceCounts:
    retention_by_state: dict[str, int]  # O6
    requests_open: int  # O10-O12
    requests_overdue: int
    requests_missed_notice: int
    disclosures_not_notified: int  # O8
    disclosures_after_withdrawal: int  # O8: relied on a consent already withdrawn, not blocked
    excess_data_people: int  # O1
    processors_without_valid_dpa: int  # O7
    items_without_consent_proof: int  # Art. 7(1): on consent, no valid consent record
    disclosures_deferred: int  # O8: notice deferred through today on a ground (UAVG art. 41)


def compliance_counts(cur: Cursor, today: date, policy: RetentionPolicy) -> ComplianceCounts:
    """Aggregates only: how many records keep or break each promise on `today`."""
    states = cur.execute(
        f"SELECT {RETENTION_STATE_SQL} AS state, count(*) FROM person p"  # noqa: S608
        " WHERE p.erased_at IS NULL GROUP BY state",
        state_params(today, policy),
    ).fetchall()
    row = first_row(
        cur,
        "SELECT"  # noqa: S608 (the excess-data predicate is constant SQL)
        " (SELECT count(*) FROM request WHERE list_contains(?, status)),"
        " (SELECT count(*) FROM request WHERE list_contains(?, status) AND due_date < ?),"
        " (SELECT count(*) FROM request WHERE list_contains(?, status) AND one_month_mark < ?"
        "   AND extension_notice_sent_at IS NULL),"
        # untold, apart from the notices deferred through today on a ground (UAVG art. 41)
        " (SELECT count(*) FROM disclosure WHERE notified_on IS NULL AND NOT blocked"
        "   AND NOT coalesce(notice_deferred_until >= ?, false)),"
        " (SELECT count(*) FROM disclosure d JOIN consent c ON c.id = d.consent_id"
        # the withdrawal's day is an Amsterdam day: compare the disclosure's Amsterdam day
        f"   WHERE c.withdrawn_on IS NOT NULL AND {DISCLOSED_ON} >= c.withdrawn_on"
        "   AND NOT d.blocked),"
        # O1: the one excess-data predicate, shared with the list and its removal
        f" (SELECT count(DISTINCT i.person_id) FROM {EXCESS_ITEM_FROM}"
        f"   WHERE {EXCESS_ITEM_WHERE}),"
        " (SELECT count(*) FROM recipient WHERE kind = 'processor' AND active"
        f"   AND {WITHOUT_VALID_DPA.format(day='?')}),"
        f" ({UNPROVEN_COUNT_SQL}),"
        " (SELECT count(*) FROM disclosure WHERE notified_on IS NULL AND NOT blocked"
        "   AND notice_deferred_until >= ?)",
        [
            sorted(OPEN_STATUSES),
            sorted(OPEN_STATUSES),
            today,
            sorted(OPEN_STATUSES),
            today,
            today,
            today,  # the agreement valid today: signed by then
            today,  # and not expired
            today,
        ],
    )
    assert row is not None
    return ComplianceCounts({str(s): int(n) for s, n in states}, *(int(v) for v in row))
