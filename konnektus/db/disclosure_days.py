"""The disclosure log summed per recipient and Amsterdam day (table `disclosure_day`, O7/O8).

At millions of disclosures, summing the log for every view of the sharing page costs more
than the page may take. So the sums are kept: one row per recipient, day, legal basis and
notification status, with the number of disclosures, the data categories and the latest
moment. Every write to `disclosure` refreshes the days it touched, in the same transaction:
`refresh` after adding or changing rows, `rebuild` after bulk loads. The days are exact, so a
period, a data-processing agreement's dates and the notification rule apply per day without
loss. The number of distinct people is not a sum; the summary counts it from the log itself.
"""

from __future__ import annotations

from typing import Final

from konnektus.db.database import Cursor
from konnektus.domain.sharing import NOTIFY_WITHIN_DAYS

# The disclosure's Amsterdam date. Amsterdam is UTC+1 or UTC+2, so before 22:00 UTC the date
# is the UTC date; only later moments need the (costly, per row) time-zone conversion.
DISCLOSED_ON: Final = (
    "CASE WHEN hour(d.disclosed_at) < 22 THEN CAST(d.disclosed_at AS DATE)"
    " ELSE CAST(timezone('Europe/Amsterdam', timezone('UTC', d.disclosed_at)) AS DATE) END"
)
# Told on time means within NOTIFY_WITHIN_DAYS days of the disclosure's Amsterdam date, or
# of the day after a deferral (UAVG art. 41) ended; a blocked disclosure (made under a
# withdrawn consent) is counted apart. Whether an untold notice is still deferred depends on
# the day asked about, so the sums keep the deferral's end (`deferred_until`) beside them.
_STATUS: Final = f"""
    CASE WHEN d.blocked THEN 'blocked'
         WHEN d.notified_on IS NULL THEN 'not_notified'
         WHEN d.notified_on - greatest({DISCLOSED_ON},
              coalesce(d.notice_deferred_until + 1, {DISCLOSED_ON}))
              <= {int(NOTIFY_WITHIN_DAYS)} THEN 'on_time'
         ELSE 'late' END
"""
_SUMS: Final = f"""
    SELECT d.recipient_id, {DISCLOSED_ON} AS day, d.legal_basis, {_STATUS} AS status,
        count(*) AS disclosures,
        list_sort(list_distinct(flatten(list(d.data_categories)))) AS data_categories,
        max(d.disclosed_at) AS last_at,
        d.notice_deferred_until AS deferred_until
    FROM disclosure d
"""  # noqa: S608 -- code constants only
# The recipient-days the given disclosures fall on.
_TOUCHED: Final = f"""
    SELECT DISTINCT d.recipient_id, {DISCLOSED_ON} AS day FROM disclosure d
    WHERE d.id IN (SELECT unnest($ids::BIGINT[]))
"""  # noqa: S608 -- code constants only


def rebuild(cur: Cursor) -> int:
    """Sum the whole log again (after a bulk load or a migration); returns the row count.

    An old file upgraded in one go meets this in migrations 009 and 016, before 019 gave the
    log its deferral columns: then nothing is summed yet, and 019's own step sums it all."""
    if not _has_deferral(cur):
        return 0
    cur.execute("DELETE FROM disclosure_day")
    cur.execute(f"INSERT INTO disclosure_day {_SUMS} GROUP BY ALL")
    found = cur.execute("SELECT count(*) FROM disclosure_day").fetchall()
    return int(found[0][0])


def _has_deferral(cur: Cursor) -> bool:
    found = cur.execute(
        "SELECT count(*) FROM information_schema.columns"
        " WHERE table_name = 'disclosure_day' AND column_name = 'deferred_until'"
    ).fetchall()
    return bool(found[0][0])


def refresh(cur: Cursor, disclosure_ids: list[int]) -> None:
    """Sum again the recipient-days of these disclosures, after they were added or changed."""
    if not disclosure_ids:
        return
    params = {"ids": disclosure_ids}
    cur.execute(
        f"DELETE FROM disclosure_day USING ({_TOUCHED}) t"  # noqa: S608
        " WHERE disclosure_day.recipient_id = t.recipient_id AND disclosure_day.day = t.day",
        params,
    )
    cur.execute(
        f"""
        INSERT INTO disclosure_day
        -- an Amsterdam day lies within its UTC date widened by a day either side, so the
        -- log is read only over that span
        WITH t AS ({_TOUCHED}),
        span AS (SELECT CAST(min(day) AS TIMESTAMP) - INTERVAL 1 DAY AS low,
                        CAST(max(day) AS TIMESTAMP) + INTERVAL 1 DAY AS high FROM t)
        {_SUMS}
        JOIN t ON t.recipient_id = d.recipient_id AND t.day = {DISCLOSED_ON}
        WHERE d.disclosed_at >= (SELECT low FROM span)
          AND d.disclosed_at < (SELECT high FROM span)
        GROUP BY ALL
        """,  # noqa: S608 -- code constants only
        params,
    )


def stale_rows(cur: Cursor) -> int:
    """How many rows of the sums differ from the log summed afresh (0 when kept right)."""
    found = cur.execute(
        f"""
        WITH fresh AS ({_SUMS} GROUP BY ALL),
        kept AS (SELECT * FROM disclosure_day)
        SELECT (SELECT count(*) FROM (FROM fresh EXCEPT ALL FROM kept))
             + (SELECT count(*) FROM (FROM kept EXCEPT ALL FROM fresh))
        """  # noqa: S608 -- code constants only
    ).fetchall()
    return int(found[0][0])
