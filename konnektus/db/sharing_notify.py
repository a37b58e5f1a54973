"""SQL for notifying people of disclosures (O8) and for exporting the register and the log.

Set-based: one query selects what a notice run covers, one UPDATE marks it notified, the
letters go in as one frame. A scope is a recipient, one disclosure, or everything, always
inside a period of stored UTC moments [start, end).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Final

import pandas as pd

from konnektus.db import bulk, disclosure_days
from konnektus.db.database import Cursor

# disclosures not yet told nor waiting in the outbox to be told, not blocked, not deferred on
# $today (UAVG art. 41: due again from the day after the deferral's end), of people not
# erased, inside the scope
_SCOPE: Final = (
    " FROM disclosure d JOIN person pe ON pe.id = d.person_id"
    " JOIN recipient r ON r.id = d.recipient_id"
    " WHERE d.notified_on IS NULL AND d.notice_letter_id IS NULL AND NOT d.blocked"
    " AND pe.erased_at IS NULL"
    " AND (d.notice_deferred_until IS NULL OR d.notice_deferred_until < $today)"
    " AND d.disclosed_at >= $start AND d.disclosed_at < $end"
    " AND ($recipient::BIGINT IS NULL OR d.recipient_id = $recipient::BIGINT)"
    " AND ($disclosure::BIGINT IS NULL OR d.id = $disclosure::BIGINT)"
)


@dataclass(frozen=True)
class Scope:
    start: datetime
    end: datetime
    today: date  # a notice deferred through this day is left out
    recipient_id: int | None = None
    disclosure_id: int | None = None

    def params(self) -> dict[str, Any]:
        return {
            "today": self.today,
            "start": self.start,
            "end": self.end,
            "recipient": self.recipient_id,
            "disclosure": self.disclosure_id,
        }


def counts(cur: Cursor, scope: Scope) -> tuple[int, int, int]:
    """(disclosures, people, people with an e-mail address) a notice run would cover."""
    rows = cur.execute(
        "SELECT count(*), count(DISTINCT d.person_id),"
        " count(DISTINCT d.person_id) FILTER (WHERE pe.email IS NOT NULL)" + _SCOPE,
        scope.params(),
    ).fetchall()
    return int(rows[0][0]), int(rows[0][1]), int(rows[0][2])


def rows(cur: Cursor, scope: Scope) -> pd.DataFrame:
    """Every disclosure in the scope with what its letter needs, grouped by person."""
    return cur.execute(
        "SELECT d.id, d.person_id, d.disclosed_at, d.data_categories, d.purpose, d.legal_basis,"
        " r.name AS recipient, r.country, r.safeguard, pe.given_name, pe.tussenvoegsel,"
        " pe.family_name, pe.email,"
        " pe.language, pe.reference, pe.street, pe.postcode, pe.city"
        + _SCOPE
        + " ORDER BY d.person_id, d.disclosed_at, d.id",
        scope.params(),
    ).df()


def letter_ids(cur: Cursor, count: int) -> list[int]:
    """`count` fresh letter ids, so a bulk insert of letters knows them beforehand."""
    rows = cur.execute("SELECT nextval('letter_id_seq') FROM range(?)", [count]).fetchall()
    return [int(r[0]) for r in rows]


def mark_queued(cur: Cursor, ids: list[int], letter_ids: list[int]) -> int:
    """Link each disclosure to the letter that will tell of it, only those still untold and
    unqueued; returns how many. Told (`notified_on`) comes only with delivery (`told_by`)."""
    done = cur.execute(
        "UPDATE disclosure SET notice_letter_id = t.letter"
        " FROM (SELECT unnest($ids::BIGINT[]) AS id, unnest($letters::BIGINT[]) AS letter) t"
        " WHERE disclosure.id = t.id AND disclosure.notified_on IS NULL"
        " AND disclosure.notice_letter_id IS NULL RETURNING disclosure.id",
        {"ids": ids, "letters": letter_ids},
    ).fetchall()
    return len(done)


def told_by(cur: Cursor, letter_id: int, on: date) -> int:
    """The letter was delivered or posted on `on`: its disclosures are told that day."""
    done = cur.execute(
        "UPDATE disclosure SET notified_on = ? WHERE notice_letter_id = ? AND notified_on IS NULL"
        " RETURNING id",
        [on, letter_id],
    ).fetchall()
    disclosure_days.refresh(cur, [int(r[0]) for r in done])
    return len(done)


def disclosure_notice_state(cur: Cursor, disclosure_id: int) -> tuple[Any, ...] | None:
    """(notified_on, notice_deferred_until, person erased) of one disclosure, or None."""
    found = cur.execute(
        "SELECT d.notified_on, d.notice_deferred_until, pe.erased_at IS NOT NULL"
        " FROM disclosure d JOIN person pe ON pe.id = d.person_id WHERE d.id = ?",
        [disclosure_id],
    ).fetchall()
    return tuple(found[0]) if found else None


def defer_notice(
    cur: Cursor,
    disclosure_id: int,
    *,
    ground: str,
    until: date,
    seen_until: date | None,
    at: datetime,
    by: int | None,
) -> bool:
    """Defer the notice of one untold disclosure, only if its deferral is still the one the
    user saw (`seen_until`); True when it was changed."""
    done = cur.execute(
        "UPDATE disclosure SET notice_deferral_ground = $ground, notice_deferred_until = $until,"
        " notice_deferred_at = $at, notice_deferred_by = $by"
        " WHERE id = $id AND notified_on IS NULL"
        " AND notice_deferred_until IS NOT DISTINCT FROM $seen RETURNING id",
        {"ground": ground, "until": until, "at": at, "by": by, "id": disclosure_id,
         "seen": seen_until},
    ).fetchall()  # fmt: skip
    disclosure_days.refresh(cur, [disclosure_id] if done else [])
    return bool(done)


def add_letters(cur: Cursor, letters: pd.DataFrame) -> int:
    return bulk.insert_frame(cur, "letter", letters)


def print_file(cur: Cursor, letter_id: int) -> str | None:
    """The HTML of one print batch (a letter row of kind 'print_batch')."""
    found = cur.execute(
        "SELECT body FROM letter WHERE id = ? AND kind = 'print_batch'", [letter_id]
    ).fetchall()
    return str(found[0][0]) if found else None


def last_notice_run(cur: Cursor) -> tuple[str | None, datetime | None]:
    """Who ran the latest notice run, and when (for 'already done by X')."""
    found = cur.execute(
        "SELECT s.name, a.occurred_at FROM audit_entry a LEFT JOIN staff s ON s.id = a.staff_id"
        " WHERE a.action = 'disclosures_notified' ORDER BY a.id DESC LIMIT 1"
    ).fetchall()
    return (found[0][0], found[0][1]) if found else (None, None)


def register_export(cur: Cursor) -> pd.DataFrame:
    return cur.execute(
        "SELECT id, name, category, kind, dpa_signed_on, dpa_expires_on, country, safeguard,"
        " active FROM recipient ORDER BY id"
    ).df()


def log_export(cur: Cursor, start: datetime, end: datetime) -> pd.DataFrame:
    """The disclosure log by internal ids and reference, never a name (for the authority)."""
    return cur.execute(
        "SELECT d.id, d.disclosed_at, pe.reference AS person_reference, d.recipient_id,"
        " r.name AS recipient, d.data_categories, d.purpose, d.purpose_note, d.legal_basis,"
        " d.consent_id,"
        " d.notified_on, d.blocked FROM disclosure d JOIN recipient r ON r.id = d.recipient_id"
        " LEFT JOIN person pe ON pe.id = d.person_id"
        " WHERE d.disclosed_at >= ? AND d.disclosed_at < ? ORDER BY d.disclosed_at, d.id",
        [start, end],
    ).df()


def grow_disclosures(cur: Cursor, target: int, spread_days: int = 7 * 365) -> int:
    """Benchmark only: repeat the existing disclosures, each copy shifted further back, until
    there are `target`; the copies spread over `spread_days` (a retention period's worth)."""
    rows = cur.execute("SELECT count(*) FROM disclosure").fetchall()
    have = int(rows[0][0])
    if have == 0 or have >= target:
        return have
    repeats = -(-(target - have) // have)
    step = max(1, spread_days // repeats)
    cur.execute(
        "INSERT INTO disclosure (person_id, recipient_id, data_categories, purpose, purpose_note,"
        " legal_basis, consent_id, disclosed_at, requested_by, notified_on, blocked)"
        " SELECT person_id, recipient_id, data_categories, purpose, purpose_note, legal_basis,"
        " consent_id,"
        " disclosed_at - to_days(CAST(g * $step AS INTEGER)), requested_by,"
        " notified_on - CAST(g * $step AS INTEGER), blocked"
        " FROM disclosure, range(1, $repeats + 1) t(g) LIMIT $missing",
        {"repeats": repeats, "missing": target - have, "step": step},
    )
    disclosure_days.rebuild(cur)
    return target


def unnotify_people(cur: Cursor, people: int) -> int:
    """Benchmark only: everyone told, then the latest disclosure of `people` living people
    untold again, so one notice run covers exactly that many people."""
    cur.execute(
        "UPDATE disclosure SET notified_on = CAST(disclosed_at AS DATE) + 7"
        " WHERE notified_on IS NULL"
    )
    done = cur.execute(
        "UPDATE disclosure SET notified_on = NULL WHERE id IN ("
        " SELECT max(d.id) FROM disclosure d JOIN person p ON p.id = d.person_id"
        " WHERE p.erased_at IS NULL AND NOT d.blocked"
        " GROUP BY d.person_id ORDER BY d.person_id LIMIT $people) RETURNING id",
        {"people": people},
    ).fetchall()
    disclosure_days.rebuild(cur)
    return len(done)
