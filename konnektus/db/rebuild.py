"""Rewriting the database file so that freed blocks keep no erased value (issue 13).

DuckDB reuses the blocks of deleted and updated rows, but until it does they still hold the
old bytes: after an erasure and a CHECKPOINT the person's e-mail and name could be read from
the file with grep. Copying the database into a fresh file (`COPY FROM DATABASE`) writes only
the live rows. The dashboard process owns the file (architecture rule 10), so the copy is made
through its own connection and swapped in under it:

1. all writes and reads wait (`Database.exclusive`); CHECKPOINT;
2. ATTACH `<file>.rebuild`, COPY FROM DATABASE into it, DETACH; row counts compared per table;
3. close the file, rename the copy over it (atomic on one file system), open it again.

A crash (even SIGKILL) before the rename leaves the old file as it was and a stray
`.rebuild` file that the next run removes; after the rename the new file is complete. The
audit chain and its anchor file are carried over unchanged.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import duckdb

from konnektus.db.database import Database

ALIAS = "konnektus_rebuild"

# Test hook: called with the name of each step ("copied", "closed", "renamed"), so a fault
# test can kill the process at a known point.
step_hook: Callable[[str], None] | None = None


def _step(name: str) -> None:
    if step_hook is not None:
        step_hook(name)


def rebuild_path(path: Path) -> Path:
    return path.with_name(path.name + ".rebuild")


def _remove(path: Path) -> None:
    for stray in (path, path.with_name(path.name + ".wal")):
        stray.unlink(missing_ok=True)


def _quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _counts(root: duckdb.DuckDBPyConnection, catalog: str) -> dict[str, int]:
    tables = root.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_catalog = ?"
        " AND table_schema = 'main' AND table_type = 'BASE TABLE' ORDER BY 1",
        [catalog],
    ).fetchall()
    return {
        str(t): int(root.execute(f'SELECT count(*) FROM "{catalog}".main."{t}"').fetchall()[0][0])  # noqa: S608
        for (t,) in tables
    }


def rebuild_file(db: Database, *, wait_seconds: float = 60.0) -> tuple[int, int]:
    """Rewrite the file under `db`; returns (bytes before, bytes after)."""
    fresh = rebuild_path(db.path)
    _remove(fresh)  # a copy left by a run that died
    with db.exclusive(wait_seconds=wait_seconds) as root:
        root.execute("SET enable_progress_bar = false")  # no bar in the dashboard's log
        root.execute("CHECKPOINT")
        before = db.path.stat().st_size
        catalog = str(root.execute("SELECT current_database()").fetchall()[0][0])
        try:
            root.execute(f"ATTACH {_quoted(str(fresh))} AS {ALIAS}")
            try:
                root.execute(f'COPY FROM DATABASE "{catalog}" TO {ALIAS}')
                if _counts(root, catalog) != _counts(root, ALIAS):
                    raise RuntimeError("the copy of the database does not hold every row")
            finally:
                root.execute(f"DETACH {ALIAS}")
        except BaseException:
            _remove(fresh)
            raise
        _step("copied")

        def swap() -> None:
            _step("closed")
            os.replace(fresh, db.path)
            _fsync_folder(db.path.parent)
            _step("renamed")

        db.reopen(swap)
    return before, db.path.stat().st_size


def _fsync_folder(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
