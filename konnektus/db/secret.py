"""The installation's secret: the key of the audit chain and of refusal fingerprints.

Read from `KONNEKTUS_SECRET`, else from `[konnektus] secret` in the secrets file
(`KONNEKTUS_SECRETS_FILE`, default `.streamlit/secrets.toml`, the file single sign-on is
configured in). A database without one configured (every demo database, and a real one
until the operator sets it) gets a generated key in its own `meta` table: a chain keyed
with a key stored next to it stops only a careless edit, so `audit verify` says which kind
of key it used, and the README asks a real installation to configure one.
"""

from __future__ import annotations

import os
import secrets
import tomllib
from pathlib import Path

from konnektus.db.database import Cursor, first_row

ENV_VAR = "KONNEKTUS_SECRET"
FILE_ENV_VAR = "KONNEKTUS_SECRETS_FILE"
DEFAULT_FILE = Path(".streamlit/secrets.toml")
_META_KEY = "generated_secret"
_MIN_LENGTH = 16


def configured_secret() -> bytes | None:
    """The secret the operator configured (environment first), or None."""
    value = os.environ.get(ENV_VAR)
    if not value:
        path = Path(os.environ.get(FILE_ENV_VAR) or DEFAULT_FILE)
        try:
            section = tomllib.loads(path.read_text("utf-8")).get("konnektus", {})
        except (OSError, tomllib.TOMLDecodeError):
            section = {}
        value = section.get("secret") if isinstance(section, dict) else None
    if not value or len(str(value)) < _MIN_LENGTH:
        return None
    return str(value).encode("utf-8")


def stored_secret(cur: Cursor) -> bytes | None:
    row = first_row(cur, "SELECT value FROM meta WHERE key = ?", [_META_KEY])
    return bytes.fromhex(str(row[0])) if row else None


def secret(cur: Cursor, *, create: bool = True) -> bytes | None:
    """The key in force: the configured secret, else this database's generated one (made
    now, inside the caller's transaction, when `create` and there is none yet)."""
    configured = configured_secret()
    if configured is not None:
        return configured
    stored = stored_secret(cur)
    if stored is None and create:
        stored = secrets.token_bytes(32)
        cur.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING",
            [_META_KEY, stored.hex()],
        )
        stored = stored_secret(cur)
    return stored


def source(cur: Cursor) -> str:
    """'configured', 'database' (a generated key kept in the file) or 'none'."""
    if configured_secret() is not None:
        return "configured"
    return "database" if stored_secret(cur) is not None else "none"
