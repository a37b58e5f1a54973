"""The figures behind the management overview and the board report: counts and sums only,
never a person. Every moment is read as an Amsterdam date; every date goes in as a parameter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Final

from konnektus.db import snapshots
from konnektus.db.database import Cursor, first_row
from konnektus.db.disclosure_days import DISCLOSED_ON
from konnektus.db.minimisation import EXCESS_ITEM_FROM, EXCESS_ITEM_WHERE
from konnektus.db.retention_sql import RETENTION_STATE_SQL, state_params
from konnektus.domain.promises import NOTICE_STANDINGS, NoticeCounts, Period
from konnektus.domain.retention import RetentionPolicy, RetentionState
from konnektus.domain.sharing import NOTIFY_WITHIN_DAYS, period_bounds


def _last_sunday(column: str, month: int) -> str:
    last = f"last_day(make_date(year({column}), {month}, 1))"
    return f"({last} - CAST(dayofweek({last}) AS INTEGER))"


def amsterdam_date(column: str) -> str:
    """SQL for the Amsterdam calendar date of a naive-UTC timestamp column (code constant),
    without a per-row time-zone lookup (that lookup dominated the request figures).
    Amsterdam is UTC+1, or UTC+2 from the last Sunday of March to the last Sunday of October
    (switching at 01:00 UTC): before 22:00 UTC the date is the UTC date, from 23:00 UTC the
    next day, and in the hour between the next day only in summer time. A test checks it
    against the time-zone database every half hour from 2000 to 2040."""
    day = f"CAST({column} AS DATE)"
    summer = f"{day} >= {_last_sunday(column, 3)} AND {day} < {_last_sunday(column, 10)}"
    return (
        f"CASE WHEN hour({column}) < 22 THEN {day}"
        f" WHEN hour({column}) = 23 OR ({summer}) THEN {day} + 1"
        f" ELSE {day} END"
    )


RECEIVED_ON: Final = amsterdam_date("r.received_at")
CLOSED_ON: Final = amsterdam_date("r.closed_at")
# deadlines.md: the date a request had to be answered by in law. Its extended due date counts
# only when the extension notice went out by the one-month mark (Amsterdam date); otherwise
# it is the one-month mark, whatever the type, so an erasure done in its second month without
# a notice is late. The stored due date is not enough: requests closed before migration 015
# keep the two months erasure used to get, as their history.
NOTICE_IN_TIME: Final = (
    "r.extension_notice_sent_at IS NOT NULL"
    f" AND {amsterdam_date('r.extension_notice_sent_at')} <= r.one_month_mark"
)
LAWFUL_DUE: Final = f"CASE WHEN {NOTICE_IN_TIME} THEN r.due_date ELSE r.one_month_mark END"
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
    notices: NoticeCounts  # "told on time" (O8), domain.promises.notice_standing
    disclosures_after_withdrawal: int
    excess_data_people: int | None  # None: no snapshot that far back
    processors_without_dpa: int


# The retention state as a small number instead of its name: the same CASE as
# RETENTION_STATE_SQL (rewritten from it, so the rule stays written once in SQL), each name it
# yields replaced by its position in STATE_CODES. Making a name for each of a million people
# and grouping by it cost about a third more than a number.
STATE_CODES: Final = tuple(str(state) for state in RetentionState)


def _coded_state_sql() -> str:
    coded = re.sub(
        r"\b(THEN|ELSE) '(\w+)'",
        lambda m: f"{m.group(1)} {STATE_CODES.index(m.group(2))}",
        RETENTION_STATE_SQL,
    )
    by_name = " ".join(f"WHEN '{name}' THEN {code}" for code, name in enumerate(STATE_CODES))
    coded = coded.replace("THEN p.extension_state", f"THEN CASE p.extension_state {by_name} END")
    assert "THEN '" not in coded and "ELSE '" not in coded and "THEN p." not in coded
    return coded


CODED_STATE_SQL: Final = _coded_state_sql()


def live_retention_states(cur: Cursor, today: date, policy: RetentionPolicy) -> dict[str, int]:
    rows = cur.execute(
        f"SELECT {CODED_STATE_SQL} AS state, count(*) FROM person p"  # noqa: S608
        " WHERE p.erased_at IS NULL GROUP BY state",
        state_params(today, policy),
    ).fetchall()
    return {STATE_CODES[int(code)]: int(n) for code, n in rows}


def live_excess_data(cur: Cursor) -> int:
    row = first_row(
        cur,
        f"SELECT count(DISTINCT i.person_id) FROM {EXCESS_ITEM_FROM} WHERE {EXCESS_ITEM_WHERE}",  # noqa: S608
    )
    return int(row[0]) if row else 0


def _requests_sql(count: int) -> str:
    """One pass over the requests, grouped by what the figures ask of each request: erasure
    or not, closed by its lawful due date (LAWFUL_DUE), and per period (parameters $start<i>,
    $end<i>: the naive-UTC moments the period's Amsterdam days begin and end; $last<i>: its
    last day)
    closed in it, open at its end, past its due date, past its one-month mark without a
    notice by then. A few dozen groups; _request_counts sums them.

    A moment is compared with the period's bounds as it is stored, so no row is converted to
    its Amsterdam date except a request closed since the first period began (to know whether
    it was closed by its due date). A request closed before that counts in none of the
    figures, so only the open ones and those closed since ($since) are read."""
    flags = []
    for i in range(count):
        flags += [
            f"closed_at >= $start{i} AND closed_at < $end{i} AS closed_in{i}",
            f"received_at < $end{i} AND (closed_at IS NULL OR closed_at >= $end{i}) AS open{i}",
            f"due_date < $last{i} AS overdue{i}",
            f"one_month_mark < $last{i} AND (notice_at IS NULL OR notice_at >= $end{i})"
            f" AS missed{i}",
        ]
    return f"""
        SELECT erasure, closed_on <= lawful_due AS in_time, {", ".join(flags)}, count(*)
        FROM (
            SELECT r.type = 'erasure' AS erasure, r.received_at, r.closed_at,
                   CASE WHEN r.closed_at >= $since THEN {CLOSED_ON} END AS closed_on,
                   CASE WHEN r.closed_at >= $since THEN {LAWFUL_DUE} END AS lawful_due,
                   r.due_date, r.one_month_mark, r.extension_notice_sent_at AS notice_at
            FROM request r
            WHERE r.closed_at IS NULL OR r.closed_at >= $since
        )
        GROUP BY ALL
    """  # noqa: S608 -- code constants only


def _request_counts(groups: list[tuple[Any, ...]], count: int) -> list[int]:
    """Per period, six counts from the groups of _requests_sql: erasures closed, of them on
    time, other requests closed, of them on time, open and past the due date, open and past
    the one-month mark without a notice. (A NULL flag counts as false.)"""
    found = [0] * (6 * count)
    for row in groups:
        erasure, in_time, flags, n = bool(row[0]), bool(row[1]), row[2:-1], int(row[-1])
        for i in range(count):
            closed_in, open_then, overdue, missed = (bool(f) for f in flags[4 * i : 4 * i + 4])
            at = 6 * i
            if closed_in:
                kind = at if erasure else at + 2
                found[kind] += n
                found[kind + 1] += n if in_time else 0
            if open_then:
                found[at + 4] += n if overdue else 0
                found[at + 5] += n if missed else 0
    return found


def _after_withdrawal_sql(count: int) -> str:
    """Per period: disclosures made after a consent was withdrawn, up to the end of the last
    day (parameters $end<i>)."""
    after = [f"count(*) FILTER (d.disclosed_at < $end{i})" for i in range(count)]
    return f"""
        SELECT {", ".join(after)}
        FROM (SELECT consent_id, disclosed_at, blocked FROM disclosure
              WHERE consent_id IS NOT NULL) d  -- 1 in 5 of the log: fewer rows to join
        JOIN consent c ON c.id = d.consent_id
        WHERE c.withdrawn_on IS NOT NULL AND {DISCLOSED_ON} >= c.withdrawn_on
          AND NOT d.blocked
    """  # noqa: S608 -- code constants only


# What the "told on time" figure groups by: nothing, the recipient's category, the recipient.
NOTICE_GROUPS: Final = {"all": "NULL", "category": "r.category", "recipient": "r.id"}


def _notices_sql(group: str) -> str:
    """The SQL of domain.promises.notice_standing: per period (the lists $firsts and $asofs:
    each period's first day, and its last day or today while it runs) and group, the
    disclosures told on time, told late, untold and late (whenever made) and deferred.
    Read from the log, not from the per-day sums: whether a notice was delivered in a period
    is a matter of its own day. Two parts meet the periods: the notices delivered, summed per
    recipient and day first, and the few that were ever untold past their term or deferred
    (a notice delivered on time never was), judged on each period's day. Only the untold and
    those told since the first period began are read. (At 100,000 people, 24 months in
    about 0.15 s; the overview keeps the answer per data version.)"""
    return f"""
        WITH n AS MATERIALIZED (
            SELECT recipient_id, day, notified_on, deferred_until,
                   greatest(day, coalesce(deferred_until + 1, day)) + $within AS due
            FROM (
                SELECT d.recipient_id, {DISCLOSED_ON} AS day, d.notified_on,
                       d.notice_deferred_until AS deferred_until
                FROM disclosure d
                WHERE NOT d.blocked AND (d.notified_on IS NULL OR d.notified_on >= $since)
            )
        ),
        p AS MATERIALIZED (
            SELECT unnest(range(len($firsts))) AS i, unnest($firsts::DATE[]) AS first,
                   unnest($asofs::DATE[]) AS asof
        ),
        -- summed per recipient and day of delivery before meeting the periods
        delivered AS (
            SELECT recipient_id, notified_on, count(*) FILTER (notified_on <= due) AS on_time,
                   count(*) FILTER (notified_on > due) AS told_late
            FROM n WHERE notified_on IS NOT NULL
            GROUP BY ALL
        ),
        told AS (
            SELECT p.i, t.recipient_id, sum(t.on_time) AS on_time,
                   sum(t.told_late) AS told_late, 0 AS untold_late, 0 AS deferred
            FROM delivered t JOIN p ON t.notified_on BETWEEN p.first AND p.asof
            GROUP BY ALL
        ),
        untold AS (
            SELECT n.i, n.recipient_id, 0, 0,
                   -- a notice deferred through asof is due after it: never in this count
                   count(*) FILTER (n.untold_then AND n.due < n.asof),
                   count(*) FILTER (n.untold_then AND n.deferred_until >= n.asof)
            FROM (
                -- untold on the day each period is judged on (a few rows: a cross product
                -- with the periods costs less than a range join)
                SELECT n.*, p.i, p.asof,
                       n.day <= p.asof AND coalesce(n.notified_on > p.asof, true) AS untold_then
                FROM (SELECT * FROM n WHERE notified_on IS NULL OR notified_on > due
                      OR deferred_until IS NOT NULL) n, p
            ) n
            GROUP BY ALL
        )
        SELECT c.i, {NOTICE_GROUPS[group]} AS k, sum(c.on_time), sum(c.told_late),
               sum(c.untold_late), sum(c.deferred)
        FROM (FROM told UNION ALL FROM untold) c JOIN recipient r ON r.id = c.recipient_id
        GROUP BY ALL
    """  # noqa: S608 -- code constants only


def notice_counts(
    cur: Cursor, periods: list[Period], *, today: date, group: str = "all"
) -> list[dict[Any, NoticeCounts]]:
    """Per period, the "told on time" figure per group (key None for group 'all'), each
    period as of its last day, or of today while it runs."""
    params = {
        "within": NOTIFY_WITHIN_DAYS,
        "firsts": [p.first for p in periods],
        "asofs": [min(p.last, today) for p in periods],
        "since": min(p.first for p in periods),
    }
    found: list[dict[Any, NoticeCounts]] = [{} for _ in periods]
    for i, key, *parts in cur.execute(_notices_sql(group), params).fetchall():
        found[int(i)][key] = NoticeCounts(*(int(v) for v in parts))
    return found


def total_notices(found: dict[Any, NoticeCounts]) -> NoticeCounts:
    """The groups of one period summed."""
    return NoticeCounts(
        *(sum(getattr(c, part) for c in found.values()) for part in NOTICE_STANDINGS)
    )


# O7: an active processor without an agreement valid on the day ({day}: a parameter's name);
# the overview's counts (db.overview) use the same predicate.
WITHOUT_VALID_DPA: Final = (
    "(dpa_signed_on IS NULL OR dpa_signed_on > {day} OR dpa_expires_on < {day})"
)


def _processors_sql(count: int) -> str:
    counts = [
        f"count(*) FILTER ({WITHOUT_VALID_DPA.format(day=f'$last{i}')})" for i in range(count)
    ]
    return f"SELECT {', '.join(counts)} FROM recipient WHERE kind = 'processor' AND active"  # noqa: S608


def period_figures(
    cur: Cursor, periods: list[Period], *, today: date, policy: RetentionPolicy
) -> list[PeriodFigures]:
    """The figures of each period, read in the same few scans. Stocks hold at a period's last
    day: recomputed from the records for requests, disclosures and agreements; read live for
    today, else from the daily snapshot, for retention states and excess data."""
    n = len(periods)
    bounds: dict[str, object] = {}
    moments: dict[str, object] = {}  # the naive-UTC moments each period begins and ends
    for i, period in enumerate(periods):
        bounds |= {f"first{i}": period.first, f"last{i}": period.last}
        start, end = period_bounds(period.first, period.last)
        moments |= {f"start{i}": start, f"end{i}": end}
    lasts = {k: v for k, v in bounds.items() if k.startswith("last")}
    since = min(period_bounds(p.first, p.last)[0] for p in periods)
    groups = cur.execute(_requests_sql(n), lasts | moments | {"since": since}).fetchall()
    requests = _request_counts(groups, n)
    ends = {k: v for k, v in moments.items() if k.startswith("end")}
    after_withdrawal = cur.execute(_after_withdrawal_sql(n), ends).fetchall()[0]
    notices = notice_counts(cur, periods, today=today)
    processors = cur.execute(_processors_sql(n), lasts).fetchall()[0]
    found = []
    for i, period in enumerate(periods):
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
        r = requests[6 * i : 6 * i + 6]
        found.append(
            PeriodFigures(
                erasures_closed=r[0],
                erasures_on_time=r[1],
                others_closed=r[2],
                others_on_time=r[3],
                requests_overdue=r[4],
                missed_notice=r[5],
                retention_states=states,
                notices=total_notices(notices[i]),
                disclosures_after_withdrawal=int(after_withdrawal[i]),
                excess_data_people=excess,
                processors_without_dpa=int(processors[i]),
            )
        )
    return found


def held_data_since(cur: Cursor) -> tuple[datetime | None, date | None]:
    """When this database began to hold data: its first audit entry (naive UTC; every write
    leaves one, from the demo's generation or the first import or action on), and the first
    day of its daily snapshots (earlier than that only for the demo, whose history is filled
    backwards). (None, None) for a database nothing was ever written to."""
    row = first_row(
        cur,
        "SELECT (SELECT min(occurred_at) FROM audit_entry), (SELECT min(day) FROM daily_snapshot)",
    )
    return (row[0], row[1]) if row else (None, None)
