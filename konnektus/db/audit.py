"""The append-only, keyed hash chain of the audit log (O2, issue 13).

Each entry's hash is an HMAC-SHA256, under the installation's secret (`db/secret.py`), of the
previous entry's hash and the entry's own fields, so changing, deleting or reordering any
entry breaks every later link, and without the key nobody can recompute the chain after an
edit. Ids are consecutive (given here, under the write lock, not by a sequence that a rolled
back transaction would skip), so a missing id is a deleted entry. A cut tail (the last entries
deleted) leaves a valid chain behind; the anchor file next to the database (`db/anchor.py`)
holds the head after every entry, so `verify` sees that too.

Entries written before migration 012 carry plain SHA-256 links (`keyed` false) and still
verify as they were; from `meta.audit_keyed_from` on every entry must be keyed. Once keyed, a
chain stays keyed (issue 21 point 1): the keyed-from point is written on every anchor line, so
moving it up to pass recomputed plain links off as old ones is reported as a downgrade, and so
is a keyed-from point beyond the chain's end or an anchored entry that is no longer keyed. Every
keyed entry was anchored by `append`, so a keyed chain without its anchor file is tampering,
not "intact".

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
    keyed_from = _keyed_from(cur)
    digest = entry_hash(prev, at, staff_id, role, action, object_type, object_id, text, key)
    cur.execute(
        "INSERT INTO audit_entry (id, occurred_at, staff_id, role, action, object_type,"
        " object_id, details, prev_hash, hash, keyed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, TRUE)",
        [new_id, at, staff_id, role, action, object_type, object_id, text, prev, digest],
    )
    # the head goes to the anchor file once the entry is committed (never for a rollback)
    after_commit(lambda path: anchor.append_head(path, new_id, digest, at, keyed_from))
    return new_id


def _keyed_from(cur: Cursor) -> int:
    row = first_row(cur, "SELECT value FROM meta WHERE key = 'audit_keyed_from'")
    return int(row[0]) if row else 1


def head(cur: Cursor) -> tuple[int, str] | None:
    """(id, hash) of the last entry: the head the anchor file and the board report keep."""
    row = first_row(cur, "SELECT id, hash FROM audit_entry ORDER BY id DESC LIMIT 1")
    return None if row is None else (int(row[0]), str(row[1]))


@dataclass(frozen=True)
class ChainReport:
    """`problem`: None (intact), 'rewritten' (an entry's link does not hold: changed, or
    recomputed without the key; or an anchored head is no longer on the chain), 'gap' (an id
    is missing), 'cut_tail' (the anchor file knows entries the table no longer has, or anchored
    an id twice: a tail cut off and written again), 'downgraded' (the keyed-from point moved,
    or an anchored entry is no longer keyed), 'anchor_missing' (keyed entries, which are always
    anchored, but no anchor file), 'no_key' (keyed entries, but no key to check them).
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
    in the ids, a moved keyed-from point, and (with the anchor file) every anchored head that
    is no longer on the chain: a tail cut off, whether or not new entries followed."""
    rows = cur.execute(
        "SELECT id, occurred_at, staff_id, role, action, object_type, object_id, details,"
        " prev_hash, hash, keyed FROM audit_entry ORDER BY id"
    ).fetchall()
    keyed_from = _keyed_from(cur)
    key = secret.secret(cur, create=False)
    source = secret.source(cur)
    chain: dict[int, tuple[str, bool]] = {}
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
        chain[int(entry_id)] = (str(digest), bool(keyed))
        prev, expected_id = digest, entry_id + 1
    # migration 012 set the point at the chain's end then; it never moves past it legitimately
    if rows and keyed_from > expected_id:
        return ChainReport(len(rows), expected_id, "downgraded", key_source=source)
    if anchor_path is None:
        return ChainReport(len(rows), None, None, False, source)
    heads = anchor.heads(anchor_path)
    if heads is None:
        if any(keyed for _, keyed in chain.values()):
            return ChainReport(len(rows), None, "anchor_missing", False, source)
        return ChainReport(len(rows), None, None, False, source)
    first_keyed = next((entry_id for entry_id, (_, k) in chain.items() if k), None)
    if first_keyed is not None and (not heads or heads[0].entry_id > first_keyed):
        # every keyed entry was anchored from the start: a file that begins later was deleted
        # and started again by the next write
        return ChainReport(len(rows), first_keyed, "anchor_missing", True, source)
    return _check_heads(chain, heads, keyed_from, len(rows), expected_id, source)


def _check_heads(
    chain: dict[int, tuple[str, bool]],
    heads: list[anchor.Head],
    keyed_from: int,
    entries: int,
    next_id: int,
    source: str,
) -> ChainReport:
    """Every anchored head must still be on the chain, at its id, keyed, under the same
    keyed-from point; the first that is not names the problem."""
    seen: set[int] = set()
    for head in heads:
        if head.entry_id in seen:  # anchored twice: the entry it named was cut and replaced
            return ChainReport(entries, head.entry_id, "cut_tail", True, source)
        seen.add(head.entry_id)
        if head.keyed_from is not None and head.keyed_from != keyed_from:
            return ChainReport(entries, head.entry_id, "downgraded", True, source)
        if head.entry_id >= next_id:
            return ChainReport(entries, next_id, "cut_tail", True, source)
        digest, keyed = chain.get(head.entry_id, ("", False))
        if digest != head.digest:
            return ChainReport(entries, head.entry_id, "rewritten", True, source)
        if not keyed:
            return ChainReport(entries, head.entry_id, "downgraded", True, source)
    return ChainReport(entries, None, None, True, source)


def hash_of(cur: Cursor, entry_id: int) -> str | None:
    row = first_row(cur, "SELECT hash FROM audit_entry WHERE id = ?", [entry_id])
    return None if row is None else str(row[0])
