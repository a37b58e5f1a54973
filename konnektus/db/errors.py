"""Errors of the database layer, each with one plain sentence naming the cause and the fix.

The CLI and the dashboard print `str(error)` as it is, so the messages are written for the
person at the keyboard, not for a developer reading a traceback.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar


class DatabaseError(Exception):
    """A database that cannot be used; the message says why and what to do."""


class DatabaseLocked(DatabaseError):
    def __init__(self, path: Path, holder: str) -> None:
        self.path = path
        self.holder = holder
        super().__init__(
            f"The database {path} is in use by another program ({holder}); "
            "stop that program (for example the running dashboard) and try again."
        )


class NotADuckDBFile(DatabaseError):
    def __init__(self, path: Path) -> None:
        self.path = path
        super().__init__(
            f"The file {path} is not a DuckDB database; it was left untouched. "
            "Point KONNEKTUS_DB at a Konnektus database file, or at a new path to create one."
        )


class NotAKonnektusDatabase(DatabaseError):
    def __init__(self, path: Path) -> None:
        self.path = path
        super().__init__(
            f"The DuckDB file {path} holds tables but no Konnektus schema; it was left "
            "untouched. Point KONNEKTUS_DB at a Konnektus database, or at a new path."
        )


class SchemaTooNew(DatabaseError):
    def __init__(self, path: Path, found: int, known: int) -> None:
        self.path = path
        self.found = found
        self.known = known
        super().__init__(
            f"The database {path} has schema version {found}, newer than this program "
            f"knows (up to {known}); it was left untouched. Update the dashboard's code "
            "(git pull) before opening it."
        )


class MigrationFailed(DatabaseError):
    def __init__(self, name: str, cause: Exception) -> None:
        self.name = name
        super().__init__(
            f"Migration {name} failed and was rolled back ({cause}); the database is as it "
            "was before. Fix the migration file and try again."
        )


class DatabaseUnusable(DatabaseError):
    """The path cannot be opened as a database: a folder, a damaged or foreign file, a file
    or folder this program may not write. `cause` is one of the keys of _SENTENCES."""

    _SENTENCES: ClassVar[dict[str, str]] = {
        "directory": "{path} is a folder, not a database file. Point KONNEKTUS_DB at a file "
        "inside it (for example {path}/konnektus.duckdb).",
        "damaged": "The database file {path} is damaged or incomplete (cut off while it was "
        "written or copied); it was left untouched. Restore it from a backup, or move it "
        "aside and start with a new one.",
        "sqlite": "The file {path} is a SQLite database, not a DuckDB one; it was left "
        "untouched. Point KONNEKTUS_DB at a Konnektus database file.",
        "not_writable": "The database file {path} (or its folder) cannot be written by this "
        "program. Give the user that runs the dashboard write access, or choose another path.",
        "folder_missing": "The database {path} cannot be created there: its folder does not "
        "exist or this program may not write in it. Choose a path in a folder it may write.",
        "not_a_file": "{path} is not an ordinary file (a pipe, a device or a socket), so it was "
        "not opened: reading it could hang or destroy it. Point KONNEKTUS_DB at a database file.",
        "other": "The database {path} could not be opened ({detail}); it was left untouched.",
    }

    def __init__(self, path: Path, cause: str, detail: str = "") -> None:
        self.path = path
        self.cause = cause
        super().__init__(self._SENTENCES[cause].format(path=path, detail=detail))
