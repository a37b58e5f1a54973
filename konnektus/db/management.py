"""The figures behind the management overview and the board report: counts and sums only,
never a person. Every moment is read as an Amsterdam date; every date goes in as a parameter.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Final

from konnektus.db import snapshots
from konnektus.db.database import Cursor, first_row
from konnektus.db.minimisation import EXCESS_ITEM_FROM, EXCESS_ITEM_WHERE
from konnektus.db.retention_sql import RETENTION_STATE_SQL, state_params
from konnektus.domain.promises import Period
from konnektus.domain.retention import RetentionPolicy
from konnektus.domain.sharing import NOTIFY_WITHIN_DAYS


def amsterdam_date(column: str) -> str:
    """SQL for the Amsterdam calendar date of a naive-UTC timestamp column (code constant).
    Amsterdam is UTC+1 or UTC+2, so before 22:00 UTC it is the UTC date; only later moments
    pay for the time-zone conversion (as in konnektus.db.disclosure_days)."""
    return (
        f"CASE WHEN hour({column}) < 22 THEN CAST({column} AS DATE)"
        f" ELSE CAST(timezone('Europe/Amsterdam', timezone('UTC', {column})) AS DATE) END"
    )


RECEIVED_ON: Final = amsterdam_date("r.received_at")
CLOSED_ON: Final = amsterdam_date("r.closed_at")
OVERDUE_STATES: Final = ("expired", "no_answer", "declined")
ASK_STATES: Final = ("due", "reminder_due")


@dataclass(frozen=True)
class PeriodFigures:
    """What the promises' figures are made of, for one period (stocks at its last day)."""

    erasures_closed: int
    erasures_on_time: int
    others_closed: int
    others_on_time: int
    requests_overdue: int
    missed_notice: int
    retention_states: dict[str, int] | None  # None: no snapshot that far back
    disclosures_measured: int  # told, or past the notification term on the last day
    disclosures_told_in_time: int
    disclosures_after_withdrawal: int
    excess_data_people: int | None  # None: no snapshot that far back
    processors_without_dpa: int


def live_retention_states(cur: Cursor, today: date, policy: RetentionPolicy) -> dict[str, int]:
    rows = cur.execute(
        f"SELECT {RETENTION_STATE_SQL} AS state, count(*) FROM person p"  # noqa: S608
        " WHERE p.erased_at IS NULL GROUP BY state",
        state_params(today, policy),
    ).fetchall()
    return {str(s): int(n) for s, n in rows}


def live_excess_data(cur: Cursor) -> int:
    row = first_row(
        cur,
        f"SELECT count(DISTINCT i.person_id) FROM {EXCESS_ITEM_FROM} WHERE {EXCESS_ITEM_WHERE}",  # noqa: S608
    )
    return int(row[0]) if row else 0


def period_figures(
    cur: Cursor, period: Period, *, today: date, policy: RetentionPolicy
) -> PeriodFigures:
    """The figures of `period`. Stocks hold at its last day: recomputed from the records for
    requests, disclosures and agreements; read live for today, else from the daily snapshot,
    for retention states and excess data."""
    params = {"first": period.first, "last": period.last}
    # one pass over the requests; each scalar aggregate is cheap, one query of many
    # sub-selects was not (DuckDB planned it at several times the cost of its parts)
    requests = cur.execute(
        f"""
        WITH r AS (
            SELECT r.type = 'erasure' AS erasure, {RECEIVED_ON} AS received_on,
                   {CLOSED_ON} AS closed_on, r.due_date, r.one_month_mark,
                   {amsterdam_date("r.extension_notice_sent_at")} AS notice_on
            FROM request r
        ), t AS (
            SELECT *, closed_on BETWEEN $first AND $last AS closed_in,
                   closed_on <= due_date AS on_time,
                   received_on <= $last AND (closed_on IS NULL OR closed_on > $last) AS open_then
            FROM r
        )
        SELECT count(*) FILTER (closed_in AND erasure),
               count(*) FILTER (closed_in AND erasure AND on_time),
               count(*) FILTER (closed_in AND NOT erasure),
               count(*) FILTER (closed_in AND NOT erasure AND on_time),
               count(*) FILTER (open_then AND due_date < $last),
               count(*) FILTER (open_then AND one_month_mark < $last
                                AND (notice_on IS NULL OR notice_on > $last))
        FROM t
        """,  # noqa: S608 -- code constants only
        params,
    ).fetchall()[0]
    disclosures = cur.execute(
        """
        SELECT coalesce(sum(disclosures) FILTER (status <> 'blocked'
                   AND (status <> 'not_notified' OR day + $within < $last)), 0),
               coalesce(sum(disclosures) FILTER (status = 'on_time'), 0)
        FROM disclosure_day WHERE day BETWEEN $first AND $last
        """,
        params | {"within": NOTIFY_WITHIN_DAYS},
    ).fetchall()[0]
    after_withdrawal = cur.execute(
        f"""
        SELECT count(*) FROM disclosure d JOIN consent c ON c.id = d.consent_id
        WHERE c.withdrawn_on IS NOT NULL AND d.disclosed_at >= c.withdrawn_on
          AND NOT d.blocked AND {amsterdam_date("d.disclosed_at")} <= $last
        """,  # noqa: S608 -- code constants only
        {"last": period.last},
    ).fetchall()[0][0]
    without_dpa = cur.execute(
        "SELECT count(*) FROM recipient WHERE kind = 'processor' AND active"
        " AND (dpa_signed_on IS NULL OR dpa_signed_on > ? OR dpa_expires_on < ?)",
        [period.last, period.last],
    ).fetchall()[0][0]
    if period.last >= today:
        states: dict[str, int] | None = live_retention_states(cur, today, policy)
        excess: int | None = live_excess_data(cur)
    else:
        kept = snapshots.on_or_before(cur, period.last)
        states = {
            m.removeprefix(snapshots.RETENTION_PREFIX): v
            for m, v in kept.items()
            if m.startswith(snapshots.RETENTION_PREFIX)
        } or None
        excess = kept.get(snapshots.EXCESS_DATA)
    n = [int(v) for v in requests]
    return PeriodFigures(
        erasures_closed=n[0],
        erasures_on_time=n[1],
        others_closed=n[2],
        others_on_time=n[3],
        requests_overdue=n[4],
        missed_notice=n[5],
        retention_states=states,
        disclosures_measured=int(disclosures[0]),
        disclosures_told_in_time=int(disclosures[1]),
        disclosures_after_withdrawal=int(after_withdrawal),
        excess_data_people=excess,
        processors_without_dpa=int(without_dpa),
    )
