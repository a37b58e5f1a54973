"""Keeping the database file itself clean: after erasures it is rewritten (db/rebuild.py), so
no freed block keeps an erased person's bytes. A daily job of the dashboard, and the command
`python -m konnektus maintenance rebuild` while the dashboard is down."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from konnektus.db import audit, meta, rebuild
from konnektus.db.database import Database
from konnektus.domain.permissions import Action
from konnektus.domain.staff import Actor, audit_identity
from konnektus.services.access import requires

_LAST_REBUILD = "file_rebuilt_at"


@dataclass(frozen=True)
class RebuildReport:
    rebuilt: bool
    bytes_before: int = 0
    bytes_after: int = 0


def rebuild_needed(db: Database) -> bool:
    """Whether anything was erased, or an erasure letter forgot its address, since the last
    rebuild (a file never rebuilt counts from the start)."""
    with db.cursor() as cur:
        last = meta.get(cur, _LAST_REBUILD)
        rows = cur.execute(
            "SELECT greatest((SELECT max(erased_at) FROM person),"
            " (SELECT max(sent_at) FROM letter WHERE recipient_email IS NULL"
            "  AND delivery_status = 'sent'))"
        ).fetchall()
    latest = rows[0][0] if rows else None
    return latest is not None and (last is None or latest > datetime.fromisoformat(last))


@requires(Action.EXECUTE_ERASURE, command_line=True)
def rebuild_database_file(
    db: Database, actor: Actor, *, now: datetime, only_if_needed: bool = True
) -> RebuildReport:
    """Rewrite the file when erasures happened since the last time (or always), audited."""
    if only_if_needed and not rebuild_needed(db):
        return RebuildReport(False)
    before, after = rebuild.rebuild_file(db)
    staff_id, role = audit_identity(actor)
    with db.transaction() as cur:
        meta.put(cur, _LAST_REBUILD, now.isoformat())
        audit.append(
            cur,
            at=now,
            staff_id=staff_id,
            role=role,
            action="file_rebuilt",
            details={"bytes_before": before, "bytes_after": after},
        )
    return RebuildReport(True, before, after)
