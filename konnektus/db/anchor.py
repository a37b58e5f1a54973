"""The anchor file: the head of the audit chain, kept outside the database (issue 13).

A keyed chain shows any changed entry, and consecutive ids show a deleted one in the middle,
but deleting the *last* entries leaves a shorter chain that is valid. So after every committed
entry its id and hash are appended to `<database>.anchor`, a text file opened only in append
mode, one line per entry: `<id> <hash> <moment> <keyed-from>`. `audit verify` checks every
line (issue 21 point 1): each anchored head must still be on the chain at its id with its hash,
so a tail cut off and then written again is found by the heads it replaced; an id anchored twice
is such a rewrite too (a committed entry is anchored once). The keyed-from point (the first id
that must carry a keyed link) is on every line, so moving it in the database to pass plain
SHA-256 links off as old entries shows. Copy the file off the server (or let a log shipper
follow it) to keep it out of reach of whoever can write the database file.

A crash between the commit and the append leaves the anchor one entry behind, never ahead,
so it can never raise a false alarm.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path


def path_for(database: Path) -> Path:
    return database.with_name(database.name + ".anchor")


@dataclass(frozen=True)
class Head:
    entry_id: int
    digest: str
    keyed_from: int | None  # None on lines written before issue 21


def append_head(database: Path, entry_id: int, digest: str, at: datetime, keyed_from: int) -> None:
    line = f"{entry_id} {digest} {at.isoformat()} {keyed_from}\n".encode("ascii")
    try:
        fd = os.open(path_for(database), os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    except OSError:
        return  # a read-only folder: verify then reports the chain as not anchored
    try:
        os.write(fd, line)
    finally:
        os.close(fd)


def heads(anchor_file: Path) -> list[Head] | None:
    """Every anchored head in file order, or None when there is no anchor file."""
    try:
        with anchor_file.open("rb") as handle:
            text = handle.read().decode("ascii", "replace")
    except OSError:  # gone, or unreadable: either way no head can be checked
        return None
    found = []
    for line in text.splitlines():
        parts = line.split()
        if len(parts) >= 2 and parts[0].isdigit():
            keyed_from = int(parts[3]) if len(parts) >= 4 and parts[3].isdigit() else None
            found.append(Head(int(parts[0]), parts[1], keyed_from))
    return found
