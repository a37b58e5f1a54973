"""More demo disclosures than the careers make (`demo --disclosures D`), for sizing tests.

The careers give about 1.2 disclosures per person (several per employee). To reach `D`,
each extra one repeats a valid disclosure the careers made (same person, recipient, data,
purpose, legal basis and consent) at another moment of that person's employment, the way wage
returns and pension contributions recur. The moment is drawn only where the original was
allowed: inside the employment, before the consent it relies on was withdrawn, and while a
processor's agreement ran. So the extra rows add no breach the dashboard would flag; the
planted ones stay as they are. Like the careers, about 88% were notified within two weeks.

Built in chunks: the extra rows go in as (original id, moment, notified on) frames that
DuckDB joins to the original, so no data-category lists pass through pandas.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from konnektus.db.database import Cursor

CHUNK = 500_000
NOTIFIED_SHARE = 0.88  # as in konnektus.demo.career._disclosures
DAY = np.timedelta64(1, "D")

# Each disclosure the careers made, with the window in which a repeat stays valid: from the
# employment's start (and the agreement's signing) to the day before the first of: the
# employment's end (or today), the consent's withdrawal, the processor agreement's expiry.
_WINDOWS = """
SELECT d.id,
       greatest(e.start_date, coalesce(r.dpa_signed_on, e.start_date)) AS first_day,
       least(coalesce(e.end_date, $today), $today,
             coalesce(c.withdrawn_on - 1, $today),
             coalesce(r.dpa_expires_on - 1, $today)) AS last_day
FROM disclosure d
JOIN employment e ON e.person_id = d.person_id
JOIN recipient r ON r.id = d.recipient_id
JOIN person p ON p.id = d.person_id
LEFT JOIN consent c ON c.id = d.consent_id
WHERE NOT d.blocked AND p.erased_at IS NULL AND r.category <> 'client'
  AND (r.kind <> 'processor' OR r.dpa_signed_on IS NOT NULL)
ORDER BY d.id
"""

_COPY = """
INSERT INTO disclosure (person_id, recipient_id, data_categories, purpose, purpose_note,
                        legal_basis, consent_id, disclosed_at, requested_by, notified_on, blocked)
SELECT d.person_id, d.recipient_id, d.data_categories, d.purpose, d.purpose_note, d.legal_basis,
       d.consent_id, x.disclosed_at, NULL, x.notified_on::DATE, FALSE
FROM _more_disclosures x JOIN disclosure d ON d.id = x.original_id
ORDER BY x.row
"""


def count(cur: Cursor) -> int:
    found = cur.execute("SELECT count(*) FROM disclosure").fetchall()
    return int(found[0][0])


def reach(cur: Cursor, rng: np.random.Generator, target: int, today: date) -> int:
    """Add (or, below what the careers made, drop) disclosures until there are `target`."""
    have = count(cur)
    if target < have:
        _drop(cur, rng, have - target)
        return target
    if target == have:
        return have
    windows = cur.execute(_WINDOWS, {"today": today}).df()
    first = windows["first_day"].to_numpy(dtype="datetime64[D]")
    last = windows["last_day"].to_numpy(dtype="datetime64[D]")
    usable = last >= first
    if not usable.any():
        raise ValueError("the demo has no disclosure to repeat; use more --candidates")
    ids = windows["id"].to_numpy()[usable]
    first, last = first[usable], last[usable]
    span = (last - first) // DAY + 1  # days in the window, at least 1
    ts_today = np.datetime64(today, "s")
    missing = target - have
    while missing:
        size = min(CHUNK, missing)
        pick = rng.integers(0, len(ids), size)
        day = first[pick] + rng.integers(0, span[pick]).astype("timedelta64[D]")
        # office hours, 08:00-18:00, as the careers' 09:00 plus a little spread
        moment = day.astype("datetime64[s]") + (rng.integers(8 * 3600, 18 * 3600, size)).astype(
            "timedelta64[s]"
        )
        moment = np.minimum(moment, ts_today)
        notified = rng.random(size) < NOTIFIED_SHARE
        told = moment.astype("datetime64[D]") + rng.integers(0, 15, size).astype("timedelta64[D]")
        told = np.minimum(told, np.datetime64(today, "D"))
        frame = pd.DataFrame(
            {
                "row": np.arange(size),
                "original_id": ids[pick],
                "disclosed_at": moment.astype("datetime64[us]"),
                "notified_on": np.where(notified, told, np.datetime64("NaT", "D")).astype(
                    "datetime64[s]"
                ),
            }
        )
        cur.register("_more_disclosures", frame)
        try:
            cur.execute(_COPY)
        finally:
            cur.unregister("_more_disclosures")
        missing -= size
    return target


def _drop(cur: Cursor, rng: np.random.Generator, how_many: int) -> None:
    """Fewer than the careers made: drop a random sample of the ordinary (unblocked) ones."""
    # a proposal's disclosure stays with its proposal (konnektus/db/client_recipients.py)
    found = cur.execute(
        "SELECT id FROM disclosure WHERE NOT blocked AND id NOT IN"
        " (SELECT disclosure_id FROM proposal WHERE disclosure_id IS NOT NULL) ORDER BY id"
    ).fetchall()
    ids = np.array([i for (i,) in found], dtype=np.int64)
    if how_many > len(ids):
        raise ValueError("cannot drop the disclosures the demo plants as breaches")
    gone = rng.choice(ids, how_many, replace=False)
    cur.execute(
        "DELETE FROM disclosure WHERE id IN (SELECT unnest($ids::BIGINT[]))",
        {"ids": gone.tolist()},
    )
