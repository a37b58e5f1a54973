"""The append-only, hash-chained audit log (O2).

Each entry's hash covers the previous entry's hash and the entry's own fields, so changing,
deleting or reordering any entry breaks every later link, and `verify` names the first one.
Entries name a person only by an internal id: after an erasure that id leads to nothing
identifying, so the chain never has to be rewritten (which would destroy its value).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from konnektus.db.database import Cursor, first_row

GENESIS = "0" * 64


def entry_hash(
    prev_hash: str,
    occurred_at: datetime,
    staff_id: int | None,
    role: str | None,
    action: str,
    object_type: str | None,
    object_id: int | None,
    details: str,
) -> str:
    payload = json.dumps(
        [
            prev_hash,
            occurred_at.isoformat(),
            staff_id,
            role,
            action,
            object_type,
            object_id,
            details,
        ],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def append(
    cur: Cursor,
    *,
    at: datetime,
    staff_id: int | None,
    role: str | None,
    action: str,
    object_type: str | None = None,
    object_id: int | None = None,
    details: dict[str, Any] | None = None,
) -> int:
    """Add one entry inside the caller's transaction; return its id."""
    text = json.dumps(details or {}, ensure_ascii=False, sort_keys=True, default=str)
    row = first_row(cur, "SELECT hash FROM audit_entry ORDER BY id DESC LIMIT 1")
    prev = str(row[0]) if row else GENESIS
    digest = entry_hash(prev, at, staff_id, role, action, object_type, object_id, text)
    new = first_row(
        cur,
        "INSERT INTO audit_entry (occurred_at, staff_id, role, action, object_type, object_id,"
        " details, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        [at, staff_id, role, action, object_type, object_id, text, prev, digest],
    )
    assert new is not None
    return int(new[0])


@dataclass(frozen=True)
class ChainReport:
    entries: int
    first_broken_id: int | None

    @property
    def intact(self) -> bool:
        return self.first_broken_id is None


def verify(cur: Cursor) -> ChainReport:
    """Recompute every link in id order; report the first entry whose hash does not hold."""
    rows = cur.execute(
        "SELECT id, occurred_at, staff_id, role, action, object_type, object_id, details,"
        " prev_hash, hash FROM audit_entry ORDER BY id"
    ).fetchall()
    prev = GENESIS
    for entry_id, at, staff_id, role, action, otype, oid, details, prev_hash, digest in rows:
        expected = entry_hash(prev, at, staff_id, role, action, otype, oid, details)
        if prev_hash != prev or digest != expected:
            return ChainReport(len(rows), int(entry_id))
        prev = digest
    return ChainReport(len(rows), None)
