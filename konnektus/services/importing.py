"""Issue 14: bringing in the agency's own records (back office and the DPO; the command line).

`check_files` reads and checks everything and writes nothing. `import_checked` writes a clean
check in ONE transaction with its audit entry: everything or nothing, also when the process is
killed half-way (DuckDB commits at the end or not at all). Rows imported before are found by
their external id: the same files a second time change nothing; a changed value is updated
and recorded as a change. Ended employments get their legal holds by the rule of
konnektus/domain/holds.py, people their retention clock from their registration date. A demo
database refuses a real import, and an import marks its database as real, which from then on
refuses demo data (konnektus/demo/generate.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

import numpy as np
import pandas as pd

from konnektus.db import audit, client_recipients, disclosure_days, meta, search
from konnektus.db import import_rows as rows
from konnektus.db import requests as request_rows
from konnektus.db.database import Cursor, Database
from konnektus.db.import_targets import TARGETS
from konnektus.domain.errors import CodedError
from konnektus.domain.import_format import ENTITIES
from konnektus.domain.permissions import Action
from konnektus.domain.staff import Actor, audit_identity
from konnektus.services import import_frames as frames
from konnektus.services.access import requires
from konnektus.services.import_check import EXTERNAL_ID, Checked, KnownRows, check_tables
from konnektus.services.import_read import ReadResult, UploadedFile, read_files
from konnektus.services.import_restriction import restriction_problems
from konnektus.services.requests import amsterdam_today

IMPORTED_ACTION = "data_imported"
# above this many disclosures the per-day sums are summed afresh rather than per day touched
REBUILD_SUMS_ABOVE = 20_000

Progress = Callable[[int, int], None]  # rows written so far, rows in all


class ImportRefused(CodedError):
    """The import cannot run; `code` (under import.refused) says why. Nothing was written."""

    section = "import.refused"


@dataclass(frozen=True)
class EntityCount:
    entity: str
    new: int
    changed: int
    unchanged: int
    skipped: int  # removed here (erased, minimised): not brought back


@dataclass(frozen=True)
class ImportSummary:
    counts: tuple[EntityCount, ...]
    holds_added: int
    holds_moved: int
    clocks_moved: int
    dry_run: bool

    def total(self, what: str) -> int:
        return sum(int(getattr(count, what)) for count in self.counts)

    def of(self, entity: str) -> EntityCount | None:
        return next((c for c in self.counts if c.entity == entity), None)


def known_rows(cur: Cursor) -> KnownRows:
    return KnownRows(
        external_ids={e: frozenset(ids) for e, ids in rows.imported_ids(cur).items()},
        staff=rows.staff_by_email(cur),
        recipient_names=rows.recipient_names(cur),
        consent_person=rows.consent_people(cur),
        recipient_roles=rows.recipient_roles(cur),
        consent_purposes=rows.consent_purposes(cur),
        stopped=rows.stopped_purposes(cur),
        consent_given=rows.consent_given_days(cur),
    )


@requires(Action.IMPORT_DATA, command_line=True)
def check_files(db: Database, actor: Actor, files: list[UploadedFile], *, now: datetime) -> Checked:
    """Read and check the files against the database; writes nothing."""
    return check_read(db, actor, read_files(files), now=now)


@requires(Action.IMPORT_DATA, command_line=True)
def check_read(db: Database, actor: Actor, read: ReadResult, *, now: datetime) -> Checked:
    """Check files already read (the page read them for its preview); writes nothing. A demo
    database is refused before a single cell is read."""
    with db.cursor() as cur:
        if meta.holds_demo_data(cur):
            raise ImportRefused("demo_database")
        known = known_rows(cur)
    checked = check_tables(read.tables, known, today=amsterdam_today(now), now=now)
    checked.problems[:0] = read.problems
    with db.cursor() as cur:
        checked.problems.extend(restriction_problems(cur, checked))  # Art. 18
    return checked


@requires(Action.IMPORT_DATA, command_line=True)
def import_checked(
    db: Database,
    actor: Actor,
    checked: Checked,
    *,
    now: datetime,
    progress: Progress | None = None,
    dry_run: bool = False,
) -> ImportSummary:
    """Write what `check_files` found, in one transaction with its audit entry. A dry run
    does all of it and then rolls back, so its counts are exactly what a real run would do."""
    if checked.problems:
        raise ImportRefused("has_problems", count=len(checked.problems))
    if not any(len(frame) for frame in checked.frames.values()):
        raise ImportRefused("nothing_to_import")
    with db.transaction(commit=not dry_run) as cur:
        if meta.holds_demo_data(cur):
            raise ImportRefused("demo_database")
        # a restriction granted since the check stops the import before its first write;
        # its rows join the check's report, so the page and the command show them
        restricted = restriction_problems(cur, checked)
        if restricted:
            checked.problems.extend(restricted)
            raise ImportRefused("has_problems", count=len(restricted))
        written = _write(cur, actor, checked, now, progress or (lambda _d, _t: None))
        summary = ImportSummary(
            written.counts, written.holds_added, written.holds_moved, written.clocks_moved, dry_run
        )
        if dry_run:
            return summary  # rolled back on leaving the block
        # from now on this database holds real people: demo data is refused for good
        meta.put(cur, meta.DEMO_FLAG, "false")
        staff_id, role = audit_identity(actor)
        audit.append(
            cur,
            at=now,
            staff_id=staff_id,
            role=role,
            action=IMPORTED_ACTION,
            details={
                "files": len(set(checked.sources.values())),
                "new": summary.total("new"),
                "changed": summary.total("changed"),
                "unchanged": summary.total("unchanged"),
                "skipped": summary.total("skipped"),
                "holds": summary.holds_added,
                "per_entity": {
                    c.entity: [c.new, c.changed, c.unchanged, c.skipped] for c in summary.counts
                },
            },
        )
    return summary


def _write(
    cur: Cursor, actor: Actor, checked: Checked, now: datetime, progress: Progress
) -> ImportSummary:
    today = amsterdam_today(now)
    staff_id, _ = audit_identity(actor)
    ids = rows.imported_ids(cur)
    total = sum(len(frame) for frame in checked.frames.values())
    done = 0
    counts: list[EntityCount] = []
    touched: dict[str, list[int]] = {}
    clocks = holds_added = holds_moved = 0
    for entity in ENTITIES:
        frame = checked.frames.get(entity.name)
        if frame is None or frame.empty:
            continue
        target = TARGETS[entity.name]
        incoming = frames.db_frame(entity.name, frame, ids, checked)
        known = ids.setdefault(entity.name, {})
        external = incoming[EXTERNAL_ID].to_numpy(dtype=object)
        seen = np.fromiter((e in known for e in external), dtype=bool, count=len(external))
        old = incoming[seen].copy()
        old["id"] = np.array([known[e] for e in external[seen]], dtype=np.int64)
        live = rows.live_rows(cur, target, old["id"].to_numpy())
        kept = old[live]
        new = incoming[~seen].copy()
        skipped = len(old) - len(kept)
        if target.person == "person_id" and len(new):
            gone = rows.erased_people(cur, [int(i) for i in new["person_id"].dropna().unique()])
            erased = new["person_id"].isin(list(gone))
            skipped += int(erased.sum())
            new = new[~erased]
        new["id"] = rows.new_ids(cur, target.table, len(new))
        if entity.name == "people":
            new = frames.new_people(new)
        rows.insert_rows(cur, target, new, now)
        known.update(zip(new[EXTERNAL_ID], new["id"], strict=True))
        changed = rows.update_rows(cur, target, kept, now, staff_id)
        if entity.name == "people":
            moved = rows.restart_clocks(cur, frames.clock_columns(kept))
            clocks += len(moved)
            changed |= set(moved)
        if entity.name == "requests":
            for request_id, status in zip(new["id"], new["status"], strict=True):
                request_rows.add_event(cur, int(request_id), now, staff_id, None, status, None)
        if entity.name == "employment":
            holds_added, holds_moved = rows.ensure_holds(
                cur, frames.ended_holds(pd.concat([new, kept], ignore_index=True), today)
            )
        touched[entity.name] = [int(i) for i in new["id"]] + sorted(changed)
        counts.append(
            EntityCount(entity.name, len(new), len(changed), len(kept) - len(changed), skipped)
        )
        done += len(frame)
        progress(done, total)
    if touched.get("people"):
        search.refresh_keys(cur, touched["people"])
    # clients are recipients and a proposal is a disclosure to its client, in this transaction
    client_recipients.link_clients(cur, now)
    disclosures = touched.get("disclosures", []) + client_recipients.disclose_proposals(cur, now)
    if len(disclosures) > REBUILD_SUMS_ABOVE:
        disclosure_days.rebuild(cur)
    else:
        disclosure_days.refresh(cur, disclosures)
    return ImportSummary(tuple(counts), holds_added, holds_moved, clocks, False)


REAL_ACTION = "database_marked_real"


@requires(Action.IMPORT_DATA, command_line=True)
def mark_real(db: Database, actor: Actor, *, now: datetime) -> bool:
    """Record that this database is for real people (`init`), unless it already says what it
    holds; True when it was marked now. A real database refuses demo data for good."""
    staff_id, role = audit_identity(actor)
    with db.transaction() as cur:
        if meta.get(cur, meta.DEMO_FLAG) is not None:
            return False
        meta.put(cur, meta.DEMO_FLAG, "false")
        audit.append(cur, at=now, staff_id=staff_id, role=role, action=REAL_ACTION)
    return True
