"""Use cases of the management overview (issue 12): the promises as traffic lights, compared
with the period before, and the trends behind them. Aggregates only, never a person."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from konnektus.db import management as figures_sql
from konnektus.db import management_trends as trends_sql
from konnektus.db import meta
from konnektus.db import sharing as sharing_sql
from konnektus.db.database import Database
from konnektus.db.management import ASK_STATES, OVERDUE_STATES, PeriodFigures
from konnektus.domain.permissions import Action
from konnektus.domain.promises import (
    PROMISES,
    Light,
    Period,
    Promise,
    Threshold,
    light,
    share,
)
from konnektus.domain.staff import Actor
from konnektus.services.access import requires

OPEN_TIMELINE_LIMIT = 40  # the open requests with the nearest due dates, on the timeline


@dataclass(frozen=True)
class PromiseFigure:
    promise: Promise
    value: float | None  # a count, or a share in percent; None: nothing to measure
    previous: float | None  # the same in the period before
    light: Light
    # counted apart, shown beside the figure: the notices deferred (UAVG art. 41) as of the
    # period's last day, for "told on time"; None for the other promises
    apart: int | None = None


@dataclass(frozen=True)
class Trends:
    requests: pd.DataFrame  # month, type, received, closed
    on_time: pd.DataFrame  # month, group, closed, on_time
    # open at the end of the period: request, type, received_on, drawn_from (received_on, or
    # the period's first day), one_month_mark, due_date, extended (notice sent by then)
    open_requests: pd.DataFrame
    open_total: int
    retention: pd.DataFrame  # day, state, people
    # month, category, disclosures (made that month), on_time and measured (the "told on
    # time" figure of that month, domain.promises.notice_standing)
    disclosures: pd.DataFrame


def _states_sum(states: dict[str, int] | None, wanted: tuple[str, ...]) -> int | None:
    return None if states is None else sum(states.get(s, 0) for s in wanted)


def _promise_values(f: PeriodFigures) -> dict[str, float | None]:
    """Each promise's figure from the period's figures (counts, or shares in percent)."""
    return {
        "erasure_on_time": share(f.erasures_on_time, f.erasures_closed),
        "requests_on_time": share(f.others_on_time, f.others_closed),
        "requests_overdue": f.requests_overdue,
        "missed_notice": f.missed_notice,
        "retention_overdue": _states_sum(f.retention_states, OVERDUE_STATES),
        "retention_asks_due": _states_sum(f.retention_states, ASK_STATES),
        "disclosures_told_in_time": f.notices.share,
        "disclosures_after_withdrawal": f.disclosures_after_withdrawal,
        "excess_data": f.excess_data_people,
        "processors_without_dpa": f.processors_without_dpa,
    }


def _judge(
    current: PeriodFigures, previous: PeriodFigures, thresholds: dict[str, Threshold]
) -> list[PromiseFigure]:
    now, before = _promise_values(current), _promise_values(previous)
    apart = {"disclosures_told_in_time": current.notices.deferred}
    return [
        PromiseFigure(
            p,
            now[p.key],
            before[p.key],
            light(p.kind, now[p.key], thresholds[p.key]),
            apart.get(p.key),
        )
        for p in PROMISES
    ]


@requires(Action.VIEW_AGGREGATES, command_line=True)
def promise_figures(
    db: Database,
    actor: Actor,
    period: Period,
    previous: Period,
    *,
    today: date,
    thresholds: dict[str, Threshold],
) -> list[PromiseFigure]:
    """Every promise's figure in `period`, beside the period before, with its light."""
    with db.cursor() as cur:
        policy = meta.retention_policy(cur)
        current, before = figures_sql.period_figures(
            cur, [period, previous], today=today, policy=policy
        )
    return _judge(current, before, thresholds)


@requires(Action.VIEW_AGGREGATES, command_line=True)
def trends(db: Database, actor: Actor, period: Period, *, today: date | None = None) -> Trends:
    """The charts' data over `period`, summed per month in SQL; the open requests are those
    open at the end of its last day; each month's "told on time" as of its last day (today
    for this month; without `today`, the period's last day)."""
    with db.cursor() as cur:
        requests, on_time = trends_sql.request_months(cur, period)
        open_requests, open_total = trends_sql.open_requests_timeline(
            cur, period, OPEN_TIMELINE_LIMIT
        )
        return Trends(
            requests=requests,
            on_time=on_time,
            open_requests=open_requests,
            open_total=open_total,
            retention=trends_sql.retention_over_time(cur, period.first, period.last),
            disclosures=trends_sql.disclosures_per_category_month(
                cur, period, today=period.last if today is None else today
            ),
        )


@requires(Action.VIEW_AGGREGATES)
def data_version(db: Database, actor: Actor) -> int:
    """Grows with every write (each write leaves an audit entry): the overview's cache key."""
    with db.cursor() as cur:
        return sharing_sql.data_version(cur)
