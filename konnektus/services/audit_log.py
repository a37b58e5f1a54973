"""The DPO's view of the audit log, and the check that its chain is unbroken."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from konnektus.db import audit, audit_queries
from konnektus.db.database import Database
from konnektus.domain.deadlines import AMSTERDAM
from konnektus.domain.permissions import Action
from konnektus.domain.staff import Actor
from konnektus.services.access import requires


@dataclass(frozen=True)
class AuditFilter:
    actions: tuple[str, ...] = ()
    staff_ids: tuple[int, ...] = ()
    object_type: str | None = None
    object_id: int | None = None
    since: date | None = None
    until: date | None = None


@dataclass(frozen=True)
class AuditPage:
    entries: pd.DataFrame
    total: int


@requires(Action.VIEW_AUDIT_LOG, command_line=True)
def audit_entries(
    db: Database, actor: Actor, where: AuditFilter, *, limit: int = 100, offset: int = 0
) -> AuditPage:
    with db.cursor() as cur:
        frame, total = audit_queries.entries(
            cur,
            where.actions,
            where.staff_ids,
            where.object_type,
            where.object_id,
            where.since,
            where.until,
            limit,
            offset,
        )
    # stored in UTC; staff read Amsterdam time
    frame["occurred_at"] = (
        frame["occurred_at"].dt.tz_localize("UTC").dt.tz_convert(AMSTERDAM).dt.tz_localize(None)
    )
    return AuditPage(frame, total)


@requires(Action.VIEW_AUDIT_LOG, command_line=True)
def audit_actions(db: Database, actor: Actor) -> list[str]:
    with db.cursor() as cur:
        return audit_queries.distinct_actions(cur)


@requires(Action.VIEW_AUDIT_LOG, command_line=True)
def verify_chain(db: Database, actor: Actor) -> audit.ChainReport:
    with db.cursor() as cur:
        return audit.verify(cur)
