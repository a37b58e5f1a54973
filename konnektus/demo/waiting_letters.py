"""The demo's outbox (issue 20): the demo runs without a mail server, so a notice run of the
demo's day waits in the outbox, as it would on a real installation before delivery.

The first people with untold disclosures get their disclosure notice; their disclosures are
linked to it and stay untold until it is delivered or posted, so the demo's told dates agree
with its letters. One of the letters failed five times, as a refused address would.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Final

from konnektus.db import sharing_notify as notice_rows
from konnektus.db.database import Cursor
from konnektus.db.sharing_notify import Scope
from konnektus.domain.contact import PrivacyContact
from konnektus.services.sharing_notify import notice_letters

PEOPLE: Final = 12


def queue_notices(
    cur: Cursor, today: date, now: datetime, dpo: PrivacyContact, people: int = PEOPLE
) -> int:
    """Queue the notices of `people` people; returns the number of letters waiting."""
    found = notice_rows.rows(cur, Scope(datetime(2000, 1, 1), now, today))
    chosen = found["person_id"].drop_duplicates().head(people)
    found = found[found["person_id"].isin(chosen)]
    if found.empty:
        return 0
    letters, _printed = notice_letters(found, dpo, now, today, None)
    letters.insert(0, "id", notice_rows.letter_ids(cur, len(letters)))
    letters["attempts"] = 0
    letters["last_error"] = None
    first = letters["delivery_status"] == "pending"
    if first.any():  # the mail server refused one address: it waits for a retry
        at = letters.index[first][0]
        letters.loc[at, "delivery_status"] = "failed"
        letters.loc[at, "attempts"] = 5
        letters.loc[at, "last_error"] = "SMTPRecipientsRefused (550)"
    notice_rows.add_letters(cur, letters)
    letter_of = dict(zip(letters["person_id"], letters["id"], strict=True))
    notice_rows.mark_queued(
        cur, [int(i) for i in found["id"]], [int(letter_of[p]) for p in found["person_id"]]
    )
    return len(letters)
