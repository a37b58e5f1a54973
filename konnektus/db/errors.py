"""Errors of the database layer, each with one plain sentence naming the cause and the fix.

The CLI and the dashboard print `str(error)` as it is, so the messages are written for the
person at the keyboard, not for a developer reading a traceback.
"""

from __future__ import annotations

from pathlib import Path


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
