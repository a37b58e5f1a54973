"""The `meta` table: whether the database holds demo data, and settings (O13 DPO contact)."""

from __future__ import annotations

from konnektus.db.database import Cursor, first_row

DEMO_FLAG = "demo_data"
DPO_CONTACT = "dpo_contact"
DEFAULT_DPO_CONTACT = "sallyann@konnektus.nl"  # the address in the privacy statement


def get(cur: Cursor, key: str) -> str | None:
    row = first_row(cur, "SELECT value FROM meta WHERE key = ?", [key])
    return None if row is None else str(row[0])


def put(cur: Cursor, key: str, value: str) -> None:
    cur.execute(
        "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = ?",
        [key, value, value],
    )


def holds_demo_data(cur: Cursor) -> bool:
    return get(cur, DEMO_FLAG) == "true"


def dpo_contact(cur: Cursor) -> str:
    return get(cur, DPO_CONTACT) or DEFAULT_DPO_CONTACT
