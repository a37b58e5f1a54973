"""O5/O6: the retention run, the daily job that keeps the two-year promise without anyone
having to remember it.

It asks everyone whose term nears its end, sends the reminder once, stores "no answer" after
the wait, erases held data whose legal hold has ended, and, when the DPO has switched it on,
cleans up the records whose term ended without an extension (never a restricted person or one
with an open request: konnektus/domain/erasure_block.py). It runs inside the dashboard
process on its schedule (konnektus/jobs) and as `python -m konnektus retention run` while the
dashboard is down (architecture rule 10). Each step is its own transaction with its audit
entry; the run itself is audited with what it did.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import datetime

from konnektus.db import audit, meta
from konnektus.db import retention_run as run_rows
from konnektus.db.database import Database
from konnektus.domain.permissions import Action
from konnektus.domain.retention import RetentionState
from konnektus.domain.staff import Actor, audit_identity
from konnektus.services.access import requires
from konnektus.services.erasure import purge_ended_holds
from konnektus.services.requests import amsterdam_today
from konnektus.services.retention import EVERYONE, list_targets
from konnektus.services.retention_cleanup import clean_up_expired, cleanup_preview
from konnektus.services.retention_letters import ask_to_extend, send_reminders

RUN_ACTION = "retention_run"


@dataclass(frozen=True)
class RetentionRunReport:
    dry_run: bool
    asked: int  # extension questions sent (or, in a dry run, due)
    reminded: int
    marked_no_answer: int
    held_items_removed: int  # held data whose legal hold ended
    held_people_anonymised: int
    cleanup_on: bool  # whether expired records were cleaned up in this run
    cleaned_up: int
    # expired, but restricted or with an open request: left for a later run (a default, so
    # the audit entries of runs before this figure still read)
    held_back: int = 0


@requires(Action.EXECUTE_ERASURE, command_line=True)
def last_run(db: Database, actor: Actor) -> tuple[datetime, RetentionRunReport] | None:
    """When the retention run last ran (by the scheduler or the command line) and what it did."""
    with db.cursor() as cur:
        found = run_rows.last_report_of(cur, RUN_ACTION)
    if found is None:
        return None
    at, details = found
    return at, RetentionRunReport(**json.loads(details))


@requires(Action.EXECUTE_ERASURE, command_line=True)
def auto_cleanup_enabled(db: Database, actor: Actor) -> bool:
    with db.cursor() as cur:
        return meta.get(cur, run_rows.AUTO_CLEANUP) == "on"


@requires(Action.EXECUTE_ERASURE, command_line=True)
def set_auto_cleanup(db: Database, actor: Actor, enabled: bool, *, now: datetime) -> None:
    """The DPO's switch: may the daily run clean up expired records by itself?"""
    staff_id, role = audit_identity(actor)
    with db.transaction() as cur:
        meta.put(cur, run_rows.AUTO_CLEANUP, "on" if enabled else "off")
        audit.append(
            cur,
            at=now,
            staff_id=staff_id,
            role=role,
            action="retention_auto_cleanup_set",
            details={"enabled": enabled},
        )


@requires(Action.EXECUTE_ERASURE, command_line=True)
def retention_run(
    db: Database,
    actor: Actor,
    *,
    now: datetime,
    erase_expired: bool | None = None,
    dry_run: bool = False,
) -> RetentionRunReport:
    """One run. `erase_expired` None follows the DPO's switch; True or False overrides it
    (the command line's --erase-expired). A dry run counts and changes nothing."""
    today = amsterdam_today(now)
    cleanup_on = auto_cleanup_enabled(db, actor) if erase_expired is None else erase_expired
    due = list_targets(db, actor, RetentionState.DUE, EVERYONE, today=today)
    remind = list_targets(db, actor, RetentionState.REMINDER_DUE, EVERYONE, today=today)
    if dry_run:
        with db.cursor() as cur:
            policy = meta.retention_policy(cur)
            silent = run_rows.no_answer_count(cur, today, policy)
            held_items, held_people = run_rows.ended_hold_counts(cur, today)
        preview = cleanup_preview(db, actor, today=today) if cleanup_on else None
        return RetentionRunReport(
            True,
            len(due),
            len(remind),
            silent,
            held_items,
            held_people,
            cleanup_on,
            preview.people if preview else 0,
            len(preview.held_back) if preview else 0,
        )
    asked = ask_to_extend(db, actor, due, now=now) if due else None
    reminded = send_reminders(db, actor, remind, now=now) if remind else None
    silent = _mark_no_answers(db, actor, now=now)
    purged = purge_ended_holds(db, actor, now=now)
    cleaned = clean_up_expired(db, actor, now=now) if cleanup_on else None
    report = RetentionRunReport(
        False,
        asked.by_email + asked.by_print if asked else 0,
        reminded.by_email + reminded.by_print if reminded else 0,
        silent,
        purged.items_removed,
        purged.people_anonymised,
        cleanup_on,
        cleaned.people if cleaned else 0,
        len(cleaned.held_back) if cleaned else 0,
    )
    staff_id, role = audit_identity(actor)
    with db.transaction() as cur:
        audit.append(
            cur, at=now, staff_id=staff_id, role=role, action=RUN_ACTION, details=asdict(report)
        )
    return report


def _mark_no_answers(db: Database, actor: Actor, *, now: datetime) -> int:
    staff_id, role = audit_identity(actor)
    with db.transaction() as cur:
        ids = run_rows.mark_no_answers(cur, amsterdam_today(now), meta.retention_policy(cur))
        if ids:
            audit.append(
                cur,
                at=now,
                staff_id=staff_id,
                role=role,
                action="retention_no_answer_marked",
                details={"people": len(ids), "person_ids": ids},
            )
    return len(ids)
