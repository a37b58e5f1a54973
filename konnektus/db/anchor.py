"""The anchor file: the head of the audit chain, kept outside the database (issue 13).

A keyed chain shows any changed entry, and consecutive ids show a deleted one in the middle,
but deleting the *last* entries leaves a shorter chain that is valid. So after every committed
entry its id and hash are appended to `<database>.anchor`, a text file opened only in append
mode, one line per entry: `<id> <hash> <moment>`. `audit verify` reads the last line: the
table must still hold that id, with that hash. Copy the file off the server (or let a log
shipper follow it) to keep it out of reach of whoever can write the database file.

A crash between the commit and the append leaves the anchor one entry behind, never ahead,
so it can never raise a false alarm.
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path


def path_for(database: Path) -> Path:
    return database.with_name(database.name + ".anchor")


def append_head(database: Path, entry_id: int, digest: str, at: datetime) -> None:
    line = f"{entry_id} {digest} {at.isoformat()}\n".encode("ascii")
    try:
        fd = os.open(path_for(database), os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    except OSError:
        return  # a read-only folder: verify then reports the chain as not anchored
    try:
        os.write(fd, line)
    finally:
        os.close(fd)


def last_head(anchor_file: Path) -> tuple[int, str] | None:
    """(id, hash) of the last anchored entry, or None when there is no anchor yet."""
    try:
        with anchor_file.open("rb") as handle:
            handle.seek(0, os.SEEK_END)
            size = handle.tell()
            handle.seek(max(0, size - 4096))
            lines = handle.read().decode("ascii", "replace").splitlines()
    except OSError:
        return None
    for line in reversed(lines):
        parts = line.split()
        if len(parts) >= 2 and parts[0].isdigit():
            return int(parts[0]), parts[1]
    return None
