"""The DPO's view of the audit log in words, its CSV export, and the check of its chain.

Filters take what staff know: a person's reference (K0001614), a request number, a staff
member, and a period of Amsterdam calendar days. Moments are stored in UTC, so a day runs
from Amsterdam midnight to the next Amsterdam midnight in UTC (23:00 or 22:00 the day before);
the conversion happens here, once, so an entry at 00:00 or 23:59 Amsterdam time falls on the
day people see it on.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import pandas as pd

from konnektus.db import anchor, audit, audit_queries
from konnektus.db.database import Cursor, Database
from konnektus.domain.permissions import Action
from konnektus.domain.staff import Actor, audit_identity
from konnektus.i18n import translate
from konnektus.services.access import requires
from konnektus.services.audit_text import COLUMNS, Names, entries_in_words
from konnektus.services.requests import utc_naive

EXPORT_ACTION = "audit_log_exported"


@dataclass(frozen=True)
class AuditFilter:
    actions: tuple[str, ...] = ()
    staff_ids: tuple[int, ...] = ()
    object_type: str | None = None
    object_id: int | None = None
    since: date | None = None  # first Amsterdam day, inclusive
    until: date | None = None  # last Amsterdam day, inclusive
    person_reference: str | None = None
    request_id: int | None = None


@dataclass(frozen=True)
class AuditPage:
    entries: pd.DataFrame  # the columns of audit_text.COLUMNS, as text
    total: int


def _day_bounds_utc(since: date | None, until: date | None) -> tuple[datetime | None, ...]:
    """[start of `since`, start of the day after `until`) in Amsterdam time, as naive UTC."""
    start = utc_naive(datetime.combine(since, time())) if since else None
    end = utc_naive(datetime.combine(until + timedelta(days=1), time())) if until else None
    return start, end


def _params(where: AuditFilter) -> list[object]:
    start, end = _day_bounds_utc(where.since, where.until)
    reference = (where.person_reference or "").strip().upper() or None
    return audit_queries.where_parameters(
        where.actions,
        where.staff_ids,
        where.object_type,
        where.object_id,
        start,
        end,
        reference,
        where.request_id,
    )


def _in_words(cur: Cursor, frame: pd.DataFrame, language: str) -> pd.DataFrame:
    def lookup(people: set[int], staff: set[int], recipients: set[int]) -> Names:
        return Names(
            audit_queries.person_references(cur, people),
            audit_queries.staff_names(cur, staff),
            audit_queries.recipient_names(cur, recipients),
        )

    return entries_in_words(frame, lookup, language)


@requires(Action.VIEW_AUDIT_LOG, command_line=True)
def audit_entries(
    db: Database,
    actor: Actor,
    where: AuditFilter,
    *,
    language: str = "nl",
    limit: int = 100,
    offset: int = 0,
) -> AuditPage:
    """One page of matching entries, newest first, in words."""
    with db.cursor() as cur:
        frame, total = audit_queries.entries(cur, _params(where), limit, offset)
        return AuditPage(_in_words(cur, frame, language), total)


@requires(Action.VIEW_AUDIT_LOG, command_line=True)
def export_audit_csv(
    db: Database, actor: Actor, where: AuditFilter, *, language: str = "nl", now: datetime
) -> bytes:
    """Every matching entry as CSV in words, headed in `language`; the export is audited."""
    staff_id, role = audit_identity(actor)
    with db.transaction() as cur:
        params = _params(where)
        _, total = audit_queries.entries(cur, params, 0, 0)
        frame, _ = audit_queries.entries(cur, params, max(total, 1), 0)
        words = _in_words(cur, frame, language)
        audit.append(
            cur,
            at=now,
            staff_id=staff_id,
            role=role,
            action=EXPORT_ACTION,
            details={"entries": len(words)},
        )
    for column in COLUMNS[1:]:
        words[column] = [_no_formula(str(value)) for value in words[column]]
    words.columns = [translate(f"audit.col_{column}", language) for column in COLUMNS]
    out = io.StringIO()
    words.to_csv(out, index=False)
    return ("\ufeff" + out.getvalue()).encode("utf-8")  # the BOM makes Excel read UTF-8


def _no_formula(text: str) -> str:
    """A cell a spreadsheet would run as a formula (a staff name "=HYPERLINK(...)") stays text."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@requires(Action.VIEW_AUDIT_LOG, command_line=True)
def audit_actions(db: Database, actor: Actor) -> list[str]:
    with db.cursor() as cur:
        return audit_queries.distinct_actions(cur)


@requires(Action.VIEW_AUDIT_LOG, command_line=True)
def audit_staff(db: Database, actor: Actor) -> list[tuple[int, str]]:
    """(id, name) of every staff member, for the filter."""
    with db.cursor() as cur:
        return audit_queries.staff_members(cur)


@requires(Action.VIEW_AUDIT_LOG, command_line=True)
def verify_chain(db: Database, actor: Actor) -> audit.ChainReport:
    with db.cursor() as cur:
        return audit.verify(cur, anchor.path_for(db.path))


@requires(Action.VIEW_AUDIT_LOG, command_line=True)
def audit_head(db: Database, actor: Actor) -> tuple[int, str] | None:
    """(last id, hash): the line to keep outside this machine (`audit anchor --print`)."""
    with db.cursor() as cur:
        return audit.head(cur)


@requires(Action.VIEW_AUDIT_LOG, command_line=True)
def head_on_chain(db: Database, actor: Actor, entry_id: int, digest: str) -> bool:
    """Whether a head kept elsewhere (a ticket, the board report) is still on the chain."""
    with db.cursor() as cur:
        return audit.hash_of(cur, entry_id) == digest
