"""Numbered SQL migration files, each applied once in its own transaction and recorded.

A file named `NNN_what_it_does.sql` in `konnektus/db/migrations/` is version NNN. The table
`schema_migration` records which versions ran, so opening a database applies exactly the
missing ones, in order. A database that records a version this code does not have was made
by newer code and is refused rather than half-understood.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb

from konnektus import clock
from konnektus.db.errors import MigrationFailed

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
_NAME = re.compile(r"^(\d{3})_[a-z0-9_]+\.sql$")


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str


def discover(directory: Path = MIGRATIONS_DIR) -> list[Migration]:
    migrations = []
    for file in sorted(directory.glob("*.sql")):
        match = _NAME.match(file.name)
        if match is None:
            raise ValueError(f"Migration file name {file.name} is not NNN_name.sql")
        migrations.append(Migration(int(match.group(1)), file.stem, file.read_text("utf-8")))
    versions = [m.version for m in migrations]
    if len(set(versions)) != len(versions):
        raise ValueError(f"Two migration files share a version number in {directory}")
    return migrations


def latest_version(directory: Path = MIGRATIONS_DIR) -> int:
    return max((m.version for m in discover(directory)), default=0)


def ensure_ledger(cur: duckdb.DuckDBPyConnection) -> None:
    cur.execute(
        "CREATE TABLE IF NOT EXISTS schema_migration ("
        " version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL)"
    )


def applied_versions(cur: duckdb.DuckDBPyConnection) -> set[int]:
    return {row[0] for row in cur.execute("SELECT version FROM schema_migration").fetchall()}


def _fill_search_keys(cur: duckdb.DuckDBPyConnection) -> None:
    from konnektus.db.search import refresh_keys  # the keys' one definition

    refresh_keys(cur)


def _sum_disclosure_days(cur: duckdb.DuckDBPyConnection) -> None:
    from konnektus.db.disclosure_days import rebuild  # the sums' one definition

    rebuild(cur)


def _first_daily_snapshot(cur: duckdb.DuckDBPyConnection) -> None:
    """A file that already holds people gets today's figures at once, so the management
    trends start from the upgrade instead of from the first daily run."""
    from konnektus.db import meta, snapshots

    if cur.execute("SELECT count(*) FROM person").fetchall()[0][0]:
        snapshots.take(cur, clock.today_amsterdam(), meta.retention_policy(cur))


def _audit_erasure_due_dates(cur: duckdb.DuckDBPyConnection) -> None:
    """One audit entry naming the open erasure requests whose due dates 015 moved."""
    from konnektus.db import audit

    ids = [int(r[0]) for r in cur.execute("SELECT id FROM migrated_015 ORDER BY id").fetchall()]
    cur.execute("DROP TABLE migrated_015")
    if ids:
        audit.append(
            cur,
            at=clock.now_utc(),
            staff_id=None,
            role=None,
            action="erasure_due_dates_migrated",
            details={"requests": ids, "months": 1},
        )


# Data steps that SQL alone should not repeat: run right after their migration, in its
# transaction (version 3 adds the search keys, version 9 the disclosure sums, version 10 the
# first daily snapshot, version 15 records which requests it gave new due dates, version 16
# the purpose codes, client recipients and proposal disclosures, version 17 links items on
# consent to their consent; what is already in the file needs them filled).
def _lawful_disclosures(cur: duckdb.DuckDBPyConnection) -> None:
    from konnektus.db.lawful_upgrade import upgrade  # purposes, client recipients, proposals

    upgrade(cur)


def _link_item_consents(cur: duckdb.DuckDBPyConnection) -> None:
    from konnektus.db.consent_proof import link_unlinked  # the link's one definition

    link_unlinked(cur)


# version 19 sums the log again, with each deferral's end (the earlier sums waited for it)
AFTER: dict[str, Callable[[duckdb.DuckDBPyConnection], None]] = {
    "003_search_keys": _fill_search_keys,
    "009_disclosure_day": _sum_disclosure_days,
    "010_daily_snapshot": _first_daily_snapshot,
    "015_erasure_one_month": _audit_erasure_due_dates,
    "016_lawful_disclosures": _lawful_disclosures,
    "017_item_consent": _link_item_consents,
    "019_refused_requests_and_deferral": _sum_disclosure_days,
}


def apply_pending(cur: duckdb.DuckDBPyConnection, directory: Path = MIGRATIONS_DIR) -> list[str]:
    """Apply every migration not yet recorded; return the names applied."""
    ensure_ledger(cur)
    done = applied_versions(cur)
    applied = []
    for migration in discover(directory):
        if migration.version in done:
            continue
        cur.begin()
        try:
            cur.execute(migration.sql)
            if migration.name in AFTER:
                AFTER[migration.name](cur)
            cur.execute(
                "INSERT INTO schema_migration VALUES (?, ?, ?)",
                [migration.version, migration.name, clock.now_utc()],
            )
            cur.commit()
        except duckdb.Error as error:
            cur.rollback()
            raise MigrationFailed(migration.name, error) from error
        applied.append(migration.name)
    return applied
