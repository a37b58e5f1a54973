"""The one connection per process, a cursor per unit of work, and one transaction per write.

DuckDB lets one process own a file. Streamlit runs each browser session in its own thread,
and a DuckDB connection shared between threads silently mixes up pending results, so every
unit of work takes its own `cursor()` of the process's root connection.
"""

from __future__ import annotations

import os
import re
import stat
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb

from konnektus.db import migrations, query_timer
from konnektus.db.errors import (
    DatabaseError,
    DatabaseLocked,
    DatabaseUnusable,
    NotADuckDBFile,
    NotAKonnektusDatabase,
    SchemaTooNew,
)

DEFAULT_PATH = Path("data/konnektus.duckdb")
ENV_VAR = "KONNEKTUS_DB"

Cursor = duckdb.DuckDBPyConnection

# Work to do once the current thread's transaction has committed (the audit anchor file),
# given the database's path; dropped when it rolls back. A transaction runs in one thread.
_pending = threading.local()


def after_commit(action: Callable[[Path], None]) -> None:
    """Run `action(path)` after the enclosing `Database.transaction` commits."""
    actions: list[Callable[[Path], None]] | None = getattr(_pending, "actions", None)
    if actions is not None:
        actions.append(action)


def _take_pending() -> list[Callable[[Path], None]]:
    actions: list[Callable[[Path], None]] = getattr(_pending, "actions", None) or []
    _pending.actions = None
    return actions


def first_row(cur: Cursor, sql: str, params: list[Any] | None = None) -> tuple[Any, ...] | None:
    """The first row of a query, or None. Fetches everything, because DuckDB 2 refuses new
    work on a cursor whose previous result was not read to the end."""
    rows = cur.execute(sql, params or []).fetchall()
    return tuple(rows[0]) if rows else None


def configured_path() -> Path:
    """The database path: `KONNEKTUS_DB`, or `data/konnektus.duckdb`."""
    return Path(os.environ.get(ENV_VAR) or DEFAULT_PATH)


class Database:
    """A Konnektus database file, opened, checked and migrated."""

    def __init__(self, root: duckdb.DuckDBPyConnection, path: Path, read_only: bool) -> None:
        self._root = root
        self.path = path
        self.read_only = read_only
        # DuckDB allows one writing process; inside it, writes take turns. That rules out
        # optimistic-concurrency conflicts and keeps the audit chain linear (each entry
        # reads the previous hash), while conditional updates still catch a repeated action.
        self._write_lock = threading.RLock()
        # Cursors in use, and whether the file is being swapped (db/rebuild.py): a swap waits
        # until no cursor is open and holds new ones back until the new file is open.
        self._gate = threading.Condition()
        self._cursors = 0
        self._swapping = False

    @classmethod
    def open(
        cls,
        path: Path | str,
        *,
        read_only: bool = False,
        migrations_dir: Path = migrations.MIGRATIONS_DIR,
    ) -> Database:
        """Open (creating if new) and migrate; refuse foreign, newer or locked files."""
        path = Path(path)
        _check_path(path)
        if not read_only:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError:
                raise DatabaseUnusable(path, "folder_missing") from None
        root = _connect(path, read_only)
        try:
            _check_and_migrate(root, path, read_only, migrations_dir)
        except duckdb.Error as error:  # a file cut off after its header reads until here
            root.close()
            raise _unusable(path, error) from None
        except BaseException:
            root.close()
            raise
        return cls(root, path, read_only)

    @contextmanager
    def cursor(self) -> Iterator[Cursor]:
        """A cursor for one unit of work; fetch results before the next statement."""
        with self._gate:
            self._gate.wait_for(lambda: not self._swapping)
            self._cursors += 1
        try:
            cur = self._root.cursor()
            timer = query_timer.active()  # set only while a benchmark measures queries
            try:
                yield cur if timer is None else query_timer.TimedCursor(cur, timer)  # type: ignore[misc]
            finally:
                cur.close()
        finally:
            with self._gate:
                self._cursors -= 1
                self._gate.notify_all()

    @contextmanager
    def exclusive(self, *, wait_seconds: float = 60.0) -> Iterator[duckdb.DuckDBPyConnection]:
        """The root connection with no other work on it: writes wait (the write lock), open
        cursors are waited for (TimeoutError after `wait_seconds`) and new ones held back.
        Inside, `reopen()` may close the file and open another at `self.path`."""
        with self._write_lock:
            with self._gate:
                self._swapping = True
                try:
                    if not self._gate.wait_for(lambda: self._cursors == 0, wait_seconds):
                        raise TimeoutError("the database stayed busy")
                except BaseException:
                    self._swapping = False
                    self._gate.notify_all()
                    raise
            try:
                yield self._root
            finally:
                with self._gate:
                    self._swapping = False
                    self._gate.notify_all()

    def reopen(self, prepare: Callable[[], None] | None = None) -> None:
        """Close the file, run `prepare` (swap files), open `self.path` again. Only inside
        `exclusive()`. The file is opened again even when `prepare` fails."""
        self._root.close()
        try:
            if prepare is not None:
                prepare()
        finally:
            self._root = _connect(self.path, self.read_only)

    @contextmanager
    def transaction(self, *, commit: bool = True) -> Iterator[Cursor]:
        """One write: everything inside commits together or not at all. With `commit=False`
        the work is done and then rolled back (a dry run that counts exactly)."""
        with self._write_lock, self.cursor() as cur:
            outer = getattr(_pending, "actions", None)
            _pending.actions = []
            cur.begin()
            try:
                yield cur
            except BaseException:
                cur.rollback()
                _take_pending()
                _pending.actions = outer
                raise
            if commit:
                cur.commit()
                actions = _take_pending()
            else:
                cur.rollback()
                actions = _take_pending()
                actions = []
            _pending.actions = outer
            for action in actions:
                action(self.path)

    def query(self, sql: str, params: list[Any] | dict[str, Any] | None = None) -> list[Any]:
        """Run one parametrised read and return all rows."""
        with self.cursor() as cur:
            return cur.execute(sql, params or []).fetchall()

    def close(self) -> None:
        self._root.close()


# Never reach the internet for an extension (DuckDB tries, e.g. sqlite_scanner for a SQLite
# file): the dashboard needs none beyond the built-in ones, and a download is a surprise.
CONNECT_CONFIG: dict[str, str | bool | int | float | list[str]] = {
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
}
_SQLITE_HEADER = b"SQLite format 3\x00"


def _check_path(path: Path) -> None:
    """What can be told before DuckDB touches the path. Only a regular file is ever opened:
    opening a named pipe waits for a writer for ever, and a device is no place for a
    database (issue 21 point 7)."""
    if path.is_dir():
        raise DatabaseUnusable(path, "directory")
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return
    except OSError as error:
        raise DatabaseUnusable(path, "other", error.strerror or type(error).__name__) from None
    if not stat.S_ISREG(mode):
        raise DatabaseUnusable(path, "not_a_file")
    try:
        with path.open("rb") as handle:
            header = handle.read(len(_SQLITE_HEADER))
    except FileNotFoundError:
        return
    except PermissionError:
        raise DatabaseUnusable(path, "not_writable") from None
    except OSError as error:
        raise DatabaseUnusable(path, "other", error.strerror or type(error).__name__) from None
    if header == _SQLITE_HEADER:
        raise DatabaseUnusable(path, "sqlite")


def _unusable(path: Path, error: Exception) -> DatabaseError:
    """A plain sentence for what DuckDB said when it could not open or read the file."""
    message = str(error)
    if "Conflicting lock" in message or "Could not set lock" in message:
        pid = re.search(r"PID (\d+)", message)
        return DatabaseLocked(path, f"process {pid.group(1)}" if pid else "another process")
    if "not a valid DuckDB database file" in message:
        return NotADuckDBFile(path)
    if "Is a directory" in message:
        return DatabaseUnusable(path, "directory")
    if "Permission denied" in message or "Read-only file system" in message:
        return DatabaseUnusable(path, "not_writable")
    if "No such file or directory" in message:
        return DatabaseUnusable(path, "folder_missing")
    damaged = ("Could not read enough bytes", "Corrupt", "corrupt", "checksum", "truncated")
    if any(word in message for word in damaged) or isinstance(error, duckdb.SerializationException):
        return DatabaseUnusable(path, "damaged")
    first_line = message.splitlines()[0] if message else type(error).__name__
    return DatabaseUnusable(path, "other", first_line[:200])


def _connect(path: Path, read_only: bool) -> duckdb.DuckDBPyConnection:
    try:
        return duckdb.connect(str(path), read_only=read_only, config=CONNECT_CONFIG)
    except duckdb.Error as error:
        raise _unusable(path, error) from None


def _check_and_migrate(
    root: duckdb.DuckDBPyConnection, path: Path, read_only: bool, migrations_dir: Path
) -> None:
    tables = {
        row[0]
        for row in root.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'"
        ).fetchall()
    }
    if tables and "schema_migration" not in tables:
        raise NotAKonnektusDatabase(path)
    known = migrations.latest_version(migrations_dir)
    if "schema_migration" in tables:
        found = first_row(root, "SELECT coalesce(max(version), 0) FROM schema_migration")
        if found is not None and found[0] > known:
            raise SchemaTooNew(path, int(found[0]), known)
    if not read_only:
        migrations.apply_pending(root, migrations_dir)
