"""Migration 016's data step: old disclosures get a purpose code, clients become recipients
and proposals disclosures (konnektus/db/migrations/016_lawful_disclosures.sql)."""

from __future__ import annotations

import pandas as pd

from konnektus import clock
from konnektus.db import client_recipients, disclosure_days
from konnektus.db.database import Cursor
from konnektus.domain.import_codes import DISCLOSURE_PURPOSE_WORDS
from konnektus.domain.import_values import word_key
from konnektus.domain.lawful_bases import (
    CONSENT_PURPOSES,
    DISCLOSURE_PURPOSES,
    UNSPECIFIED_PURPOSE,
)


def purposes_as_codes(cur: Cursor) -> int:
    """Read each old free-text purpose as a code, keeping the text as the note: a disclosure
    on consent takes its consent's purpose, other texts the code their words stand for, and
    what cannot be read is 'unspecified'. Returns the number of disclosures changed."""
    texts = cur.execute(
        "SELECT DISTINCT purpose FROM disclosure WHERE NOT list_contains($known, purpose)",
        {"known": list(DISCLOSURE_PURPOSES)},
    ).fetchall()
    mapping = [(str(text), _code_for(str(text))) for (text,) in texts if text is not None]
    if not mapping:
        return 0
    frame = pd.DataFrame(mapping, columns=["text", "code"])
    cur.register("_purpose_codes", frame)
    try:
        changed = cur.execute(
            "UPDATE disclosure SET purpose_note = coalesce(purpose_note, purpose),"
            " purpose = coalesce("
            "  (SELECT c.purpose FROM consent c WHERE c.id = disclosure.consent_id"
            "   AND list_contains($consent_codes, c.purpose)),"
            "  (SELECT m.code FROM _purpose_codes m WHERE m.text = disclosure.purpose),"
            "  $unspecified)"
            " WHERE NOT list_contains($known, purpose) RETURNING id",
            {
                "consent_codes": list(CONSENT_PURPOSES),
                "unspecified": UNSPECIFIED_PURPOSE,
                "known": list(DISCLOSURE_PURPOSES),
            },
        ).fetchall()
    finally:
        cur.unregister("_purpose_codes")
    return len(changed)


def _code_for(text: str) -> str | None:
    key = word_key(text)
    if key in DISCLOSURE_PURPOSES:
        return key
    return DISCLOSURE_PURPOSE_WORDS.get(key)


def upgrade(cur: Cursor) -> None:
    purposes_as_codes(cur)
    now = clock.now_utc()
    client_recipients.link_clients(cur, now)
    client_recipients.disclose_proposals(cur, now)
    disclosure_days.rebuild(cur)
