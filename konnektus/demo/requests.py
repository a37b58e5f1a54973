"""Demo data-subject requests of every type and status, with their timelines (O10-O12).

The first scenarios are planted so that the queue always shows each situation the DPO must
handle: overdue, due this week, paused for identity, extended, past the one-month mark
without an extension notice, unmatched requester. The rest are drawn at random.

Erasure runs on the same clock as every type (deadlines.md): due one month after receipt, and
extended with a notice to at most the privacy statement's two months. Of the erasures closed
at random, some were extended with a notice and finished in their second month (on time), some
were finished in their second month without one (late), the rest within the month.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import numpy as np
import pandas as pd

from konnektus.domain.deadlines import (
    AMSTERDAM,
    REQUEST_TYPES,
    one_month_mark,
    response_due_date,
)
from konnektus.domain.promises import add_months
from konnektus.domain.requests import RequestStatus as S
from konnektus.domain.text import full_name

TYPE_WEIGHTS = [0.3, 0.3, 0.1, 0.05, 0.08, 0.04, 0.1, 0.03]
CHANNELS = ("email", "web_form", "letter", "phone")
REASONS = {
    S.REJECTED: "wettelijke bewaarplicht loonadministratie (art. 52 AWR)",
    S.EXTENDED: "het verzoek betreft gegevens in meerdere systemen van payrollpartners",
}
# why a request was closed after its due date (issue 20 point 4): what a DPO would write; picked
# by request number, not drawn, so the rest of the demo stays the same for the same seed
LATE_REASONS = (
    "Het identiteitsbewijs kwam pas na de uiterste datum binnen.",
    "Vakantie van de behandelend FG; de vervanging was niet geregeld.",
    "De payrollpartner leverde de gegevens later aan dan afgesproken.",
    "Het verzoek lag onopgemerkt in de gedeelde mailbox.",
    "Drukte door de jaarafsluiting van de loonadministratie.",
)
# (days ago received, type, status, paused days, matched)
PLANTED: tuple[tuple[int, str, S, int, bool], ...] = (
    (75, "erasure", S.IN_PROGRESS, 0, True),  # overdue
    (40, "access", S.IN_PROGRESS, 0, True),  # overdue, no extension notice
    (38, "erasure", S.EXTENDED, 0, True),  # extended with a notice: due at the two months
    (26, "access", S.IN_PROGRESS, 0, True),  # due within the week
    (24, "erasure", S.IN_PROGRESS, 0, True),  # due within the week (one month)
    (55, "erasure", S.EXTENDED, 0, True),  # extended, due within the week (two months)
    (12, "portability", S.AWAITING_IDENTITY, 0, False),  # paused; requester not matched yet
    (45, "rectification", S.IN_PROGRESS, 9, True),  # paused earlier, due date moved
    (45, "access", S.EXTENDED, 0, True),  # extended with a notice
    (2, "objection", S.RECEIVED, 0, False),  # fresh, unmatched
    (20, "erasure", S.REJECTED, 0, True),
    (15, "consent_withdrawal", S.WITHDRAWN, 0, True),
    (90, "erasure", S.COMPLETED, 0, True),  # extended with a notice, done in month two: on time
    (5, "restriction", S.RECEIVED, 0, True),
    (8, "automated_decision", S.IN_PROGRESS, 0, True),
    (45, "erasure", S.COMPLETED, 0, True),  # done in month two without a notice: late
)
# How planted closed requests were closed in their second month, by their place in PLANTED:
# (extended with a notice, days after the one-month due date). The 90-day erasure was still
# open at the end of the month it was received after (the trends' past timeline shows it).
# The other closed ones closed on their due date, or today.
PLANTED_CLOSING: dict[int, tuple[bool, int]] = {
    PLANTED.index((90, "erasure", S.COMPLETED, 0, True)): (True, 10),
    len(PLANTED) - 1: (False, 5),
}


# Requests drawn at random arrive over the last RECENT_DAYS (the queue's open work); older
# history, all closed, reaches back HISTORY_MONTHS whole months before this month, so every
# period of the trends (3 to 24 months, issue 20 point 7) shows every month.
RECENT_DAYS = 180
HISTORY_MONTHS = 26


def history_days(today: date) -> int:
    """Days ago of the first day of the month HISTORY_MONTHS before the month of `today`."""
    return (today - add_months(today, -HISTORY_MONTHS)).days


def history_share(today: date) -> float:
    """The share of the drawn requests that falls before the recent days, at an even rate."""
    return max(0, history_days(today) - RECENT_DAYS) / history_days(today)


def _history_days_ago(hist: np.random.Generator, today: date, nth: int) -> int:
    """Days ago of the `nth` history request: the first ones one per month, oldest month
    first, so that each month has one; the others anywhere in the older history."""
    oldest = history_days(today)
    months = HISTORY_MONTHS - RECENT_DAYS // 31
    if nth < months:
        first = add_months(today, -HISTORY_MONTHS + nth)
        last = min(add_months(first, 1), today - timedelta(days=RECENT_DAYS))
        return (today - first).days - int(hist.integers(0, max(1, (last - first).days)))
    return int(hist.integers(RECENT_DAYS, oldest + 1))


def received_at_utc(rng: np.random.Generator, today: date, days_ago: int) -> datetime:
    """A naive UTC moment; late-evening hours occur, so Amsterdam's date can differ."""
    local = datetime.combine(today - timedelta(days=days_ago), time(0), AMSTERDAM)
    local += timedelta(minutes=int(rng.integers(7 * 60, 24 * 60)))
    return local.astimezone(UTC).replace(tzinfo=None)


def _random_status(rng: np.random.Generator, days_ago: int, due_in: int) -> S:
    if due_in < 0:  # past its due date: almost always closed by now
        return S(
            rng.choice(
                [S.COMPLETED, S.REJECTED, S.WITHDRAWN, S.IN_PROGRESS], p=[0.86, 0.06, 0.04, 0.04]
            )
        )
    if days_ago < 3:
        return S.RECEIVED
    return S(
        rng.choice(
            [S.IN_PROGRESS, S.AWAITING_IDENTITY, S.COMPLETED, S.RECEIVED, S.EXTENDED],
            p=[0.45, 0.12, 0.3, 0.08, 0.05],
        )
    )


# Of the erasures closed at random: the share extended with a notice and finished in month
# two, and the share finished in month two without a notice (late).
ERASURE_EXTENDED_SHARE = 0.15
ERASURE_LATE_SHARE = 0.1


def _closing(
    side: np.random.Generator, rtype: str, original_due: date, extended_due: date
) -> tuple[bool, date]:
    """(extended with a notice, day closed) of a request closed at random: on its due date,
    or for some erasures in the second month, with a notice (on time) or without (late)."""
    if rtype != "erasure":
        return False, original_due
    draw = side.random()
    if draw < ERASURE_EXTENDED_SHARE:
        return True, min(original_due + timedelta(days=1 + int(side.integers(0, 25))), extended_due)
    if draw < ERASURE_EXTENDED_SHARE + ERASURE_LATE_SHARE:
        return False, original_due + timedelta(days=1 + int(side.integers(0, 20)))
    return False, original_due


def generate_requests(
    rng: np.random.Generator,
    today: date,
    count: int,
    people: pd.DataFrame,
    staff_dpo: int,
    requester_names: list[str],
    history: int = 0,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """`count` requests of the recent days (at least the planted ones), then `history` older
    ones, all closed, and their events."""
    rows: list[dict[str, object]] = []
    events: list[dict[str, object]] = []
    picks = people.sample(n=min(count, len(people)), random_state=int(rng.integers(2**31)))
    # plain dicts: reading a DataFrame row per request was most of the time at 200,000 requests
    chosen = picks.to_dict("records")
    # a stream of its own for how erasures were closed, so the main stream's draws (and the
    # data drawn after the requests) stay as they were
    side = np.random.default_rng([today.toordinal(), count])
    # and one for the history, for the same reason
    hist = np.random.default_rng([today.toordinal(), count, history])
    older = people.sample(
        n=min(max(history, 1), len(people)), random_state=int(hist.integers(2**31))
    )
    chosen_older = older.to_dict("records")
    recent = max(count, len(PLANTED))
    for index in range(recent + history):
        draw = rng if index < recent else hist
        if index < len(PLANTED):
            days_ago, rtype, status, paused, matched = PLANTED[index]
        else:
            days_ago = (
                int(rng.integers(0, RECENT_DAYS))
                if index < recent
                else _history_days_ago(hist, today, index - recent)
            )
            rtype = str(draw.choice(REQUEST_TYPES, p=TYPE_WEIGHTS))
            paused, matched, status = 0, bool(draw.random() < 0.9), S.RECEIVED
        received = received_at_utc(draw, today, days_ago)
        aware = received.replace(tzinfo=UTC)
        if index >= recent:  # long past its due date: closed
            status = S(draw.choice([S.COMPLETED, S.REJECTED, S.WITHDRAWN], p=[0.9, 0.06, 0.04]))
            paused = int(draw.integers(2, 12)) if draw.random() < 0.2 else 0
        elif index >= len(PLANTED):
            due_in = (response_due_date(rtype, aware) - today).days
            status = _random_status(rng, days_ago, due_in)
            paused = (
                int(rng.integers(2, 12)) if status is not S.RECEIVED and rng.random() < 0.2 else 0
            )
        person = (
            chosen[index % len(chosen)]
            if index < recent
            else chosen_older[(index - recent) % len(chosen_older)]
        )
        # an unmatched request waiting for identity names someone in the records (from an
        # unknown address): the desk offers them to link first, then the proof is confirmed
        name = (
            full_name(person["given_name"], person["tussenvoegsel"], person["family_name"])
            if matched or status is S.AWAITING_IDENTITY
            else str(requester_names[index % len(requester_names)])
        )
        original_due = response_due_date(rtype, aware, paused_days=paused)
        extended_due = response_due_date(rtype, aware, extended=True, paused_days=paused)
        mark = one_month_mark(aware, paused_days=paused)
        request_id = index + 1
        closed = status in (S.COMPLETED, S.REJECTED, S.WITHDRAWN)
        if index in PLANTED_CLOSING:
            extended_then_closed, late_by = PLANTED_CLOSING[index]
            close_on = original_due + timedelta(days=late_by)
        elif closed and index >= len(PLANTED):
            extended_then_closed, close_on = _closing(
                side if index < recent else hist, rtype, original_due, extended_due
            )
        else:
            extended_then_closed, close_on = False, original_due
        if close_on >= today:  # not finished yet by today: closed within the month after all
            extended_then_closed, close_on = False, original_due
        close_at = min(datetime.combine(close_on, time(10)), datetime.combine(today, time(9)))
        extended = status is S.EXTENDED or extended_then_closed
        # late as the archive judges it: the notice went out on day 20, before the one-month
        # mark, so an extended request's lawful date is its extended due date
        late = closed and close_on > (extended_due if extended else original_due)
        rows.append(
            {
                "id": request_id,
                "type": rtype,
                "channel": str(draw.choice(CHANNELS)),
                "received_at": received,
                "requester_name": name,
                "requester_email": person["email"] if matched else None,
                "free_text": "Graag wil ik mijn rechten op grond van de AVG uitoefenen.",
                "person_id": int(person["id"]) if matched else None,
                "status": str(status),
                "assignee_id": None if status is S.RECEIVED else staff_dpo,
                "identity_requested_at": received + timedelta(days=1)
                if paused or status is S.AWAITING_IDENTITY
                else None,
                "identity_verified_at": received + timedelta(days=1 + paused) if paused else None,
                "paused_days": paused,
                "extension_notice_sent_at": received + timedelta(days=20) if extended else None,
                "extension_reason": REASONS[S.EXTENDED] if extended else None,
                "one_month_mark": mark,
                "due_date": extended_due if extended else original_due,
                "original_due_date": original_due,
                "closed_at": close_at if closed else None,
                "outcome": str(status) if closed else None,
                "outcome_reason": REASONS.get(status),
                "late_reason": LATE_REASONS[request_id % len(LATE_REASONS)] if late else None,
            }
        )
        events.append(
            {
                "request_id": request_id,
                "occurred_at": received,
                "staff_id": None,
                "from_status": None,
                "to_status": "received",
                "note": None,
            }
        )
        if extended_then_closed:  # started, extended with its notice, then closed
            steps = [
                (received + timedelta(days=1), "received", S.IN_PROGRESS, None),
                (received + timedelta(days=20), S.IN_PROGRESS, S.EXTENDED, REASONS[S.EXTENDED]),
                (close_at, S.EXTENDED, status, REASONS.get(status)),
            ]
        elif status is not S.RECEIVED:
            steps = [(received + timedelta(days=1), "received", status, REASONS.get(status))]
        else:
            steps = []
        for moment, before, after, note in steps:
            events.append(
                {
                    "request_id": request_id,
                    "occurred_at": moment,
                    "staff_id": staff_dpo,
                    "from_status": str(before),
                    "to_status": str(after),
                    "note": note,
                }
            )
    frame = pd.DataFrame(rows)
    frame["person_id"] = frame["person_id"].astype("Int64")
    frame["assignee_id"] = frame["assignee_id"].astype("Int64")
    return frame, pd.DataFrame(events)
