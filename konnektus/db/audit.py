"""The append-only, keyed hash chain of the audit log (O2, issue 13).

Each entry's hash is an HMAC-SHA256, under the installation's secret (`db/secret.py`), of the
previous entry's hash and the entry's own fields, so changing, deleting or reordering any
entry breaks every later link, and without the key nobody can recompute the chain after an
edit. Ids are consecutive (given here, under the write lock, not by a sequence that a rolled
back transaction would skip), so a missing id is a deleted entry. A cut tail (the last entries
deleted) leaves a valid chain behind; the anchor file next to the database (`db/anchor.py`)
holds the head after every entry, so `verify` sees that too.

Entries written before migration 012 carry plain SHA-256 links (`keyed` false) and still
verify as they were; from `meta.audit_keyed_from` on every entry must be keyed.

Entries name a person only by an internal id: after an erasure that id leads to nothing
identifying, so the chain never has to be rewritten (which would destroy its value).
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from konnektus.db import anchor, secret
from konnektus.db.database import Cursor, after_commit, first_row

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
    key: bytes | None = None,
) -> str:
    """The link: HMAC-SHA256 under `key`, or plain SHA-256 for entries from before 012."""
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
    if key is None:
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()
    return hmac.new(key, payload.encode("utf-8"), hashlib.sha256).hexdigest()


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
    row = first_row(cur, "SELECT id, hash FROM audit_entry ORDER BY id DESC LIMIT 1")
    prev = str(row[1]) if row else GENESIS
    new_id = int(row[0]) + 1 if row else 1
    key = secret.secret(cur)
    digest = entry_hash(prev, at, staff_id, role, action, object_type, object_id, text, key)
    cur.execute(
        "INSERT INTO audit_entry (id, occurred_at, staff_id, role, action, object_type,"
        " object_id, details, prev_hash, hash, keyed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, TRUE)",
        [new_id, at, staff_id, role, action, object_type, object_id, text, prev, digest],
    )
    # the head goes to the anchor file once the entry is committed (never for a rollback)
    after_commit(lambda path: anchor.append_head(path, new_id, digest, at))
    return new_id


def head(cur: Cursor) -> tuple[int, str] | None:
    """(id, hash) of the last entry: the head the anchor file and the board report keep."""
    row = first_row(cur, "SELECT id, hash FROM audit_entry ORDER BY id DESC LIMIT 1")
    return None if row is None else (int(row[0]), str(row[1]))


@dataclass(frozen=True)
class ChainReport:
    """`problem`: None (intact), 'rewritten' (an entry's link does not hold: changed, or
    recomputed without the key), 'gap' (an id is missing), 'cut_tail' (the anchor file knows
    entries the table no longer has), 'no_key' (keyed entries, but no key to check them).
    `first_broken_id` names the entry: the rewritten one, the first after a gap, or the first
    one missing at the end. `anchored` says whether an anchor file was checked."""

    entries: int
    first_broken_id: int | None
    problem: str | None = None
    anchored: bool = False
    key_source: str = "configured"

    @property
    def intact(self) -> bool:
        return self.problem is None


def verify(cur: Cursor, anchor_path: Path | None = None) -> ChainReport:
    """Recompute every link in id order; report the first entry that does not hold, a gap
    in the ids, or (with the anchor file) a tail cut off after the last anchored head."""
    rows = cur.execute(
        "SELECT id, occurred_at, staff_id, role, action, object_type, object_id, details,"
        " prev_hash, hash, keyed FROM audit_entry ORDER BY id"
    ).fetchall()
    keyed_from_row = first_row(cur, "SELECT value FROM meta WHERE key = 'audit_keyed_from'")
    keyed_from = int(keyed_from_row[0]) if keyed_from_row else 1
    key = secret.secret(cur, create=False)
    source = secret.source(cur)
    prev, expected_id = GENESIS, 1
    for entry_id, at, staff_id, role, action, otype, oid, details, prev_hash, digest, keyed in rows:
        must_be_keyed = entry_id >= keyed_from
        # ids before 012 came from a sequence, which a rolled-back transaction skips
        if entry_id != expected_id and (must_be_keyed or entry_id < expected_id):
            return ChainReport(len(rows), int(expected_id), "gap", key_source=source)
        if must_be_keyed and key is None:
            return ChainReport(len(rows), int(entry_id), "no_key", key_source=source)
        use = key if (keyed or must_be_keyed) else None
        link = entry_hash(prev, at, staff_id, role, action, otype, oid, details, use)
        if prev_hash != prev or digest != link or (must_be_keyed and not keyed):
            return ChainReport(len(rows), int(entry_id), "rewritten", key_source=source)
        prev, expected_id = digest, entry_id + 1
    if anchor_path is not None:
        head = anchor.last_head(anchor_path)
        if head is not None:
            head_id, head_hash = head
            if head_id >= expected_id:
                return ChainReport(len(rows), expected_id, "cut_tail", True, source)
            known = first_row(cur, "SELECT hash FROM audit_entry WHERE id = ?", [head_id])
            if known is None or str(known[0]) != head_hash:
                return ChainReport(len(rows), head_id, "rewritten", True, source)
            return ChainReport(len(rows), None, None, True, source)
    return ChainReport(len(rows), None, None, False, source)
