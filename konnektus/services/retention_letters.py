"""O6: asking people to extend the retention period, and the one reminder.

Set-based, for one person or ten thousand: each batch of people is one conditional UPDATE
(only those still due for this term, with the expiry the user saw), their letters rendered
in Python and inserted in one statement, their contacts likewise, and one audit entry, all
in one transaction. Nobody is asked twice for the same term, and a repeated or concurrent
click changes nothing and says who was first.

People without an e-mail address, or whose last e-mail bounced, get a print-ready letter:
their letters of a batch go into one HTML file (a letter row of kind 'print_batch').
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Final

import pandas as pd

from konnektus.db import audit, meta
from konnektus.db import restriction as restriction_rows
from konnektus.db import retention_writes as rows
from konnektus.db.database import Cursor, Database
from konnektus.domain.letters import render_letter
from konnektus.domain.permissions import Action
from konnektus.domain.print_letters import PrintLetter, render_print_batch
from konnektus.domain.restriction import Restricted
from konnektus.domain.staff import Actor, audit_identity
from konnektus.i18n import format_date, translate
from konnektus.services.access import requires
from konnektus.services.requests import AlreadyChanged, amsterdam_today

# People per transaction: big enough to be quick, small enough for a progress bar to move.
BATCH_SIZE: Final = 2_000
ASK: Final = "ask"
REMINDER: Final = "reminder"
_LETTER_KIND: Final = {ASK: "retention_extension_request", REMINDER: "retention_extension_reminder"}
_AUDIT_ACTION: Final = {ASK: "retention_asked", REMINDER: "retention_reminded"}

Progress = Callable[[int, int], None]  # (people handled, people in all)


@dataclass(frozen=True)
class PrintBatch:
    letter_id: int
    letters: int


@dataclass(frozen=True)
class SendReport:
    kind: str  # ask or reminder
    requested: int
    by_email: int
    by_print: int
    skipped: int  # already asked, answered or changed by someone else meanwhile
    print_batches: tuple[PrintBatch, ...]

    @property
    def sent(self) -> int:
        return self.by_email + self.by_print


@requires(Action.ASK_EXTENSION, command_line=True)
def ask_to_extend(
    db: Database,
    actor: Actor,
    seen: Mapping[int, date],
    *,
    now: datetime,
    on_progress: Progress | None = None,
) -> SendReport:
    """Ask everyone in `seen` ({person id: expiry the user saw}) to extend, if they are still
    due or expired and not yet asked for that expiry. Raises AlreadyChanged when nobody was."""
    return _send(db, actor, seen, ASK, now, on_progress)


@requires(Action.ASK_EXTENSION, command_line=True)
def send_reminders(
    db: Database,
    actor: Actor,
    seen: Mapping[int, date],
    *,
    now: datetime,
    on_progress: Progress | None = None,
) -> SendReport:
    """The reminder, once, to everyone in `seen` whose reminder is due and not yet sent."""
    return _send(db, actor, seen, REMINDER, now, on_progress)


def _send(
    db: Database,
    actor: Actor,
    seen: Mapping[int, date],
    kind: str,
    now: datetime,
    on_progress: Progress | None,
) -> SendReport:
    staff_id, role = audit_identity(actor)
    today = amsterdam_today(now)
    targets = _not_restricted(db, list(seen.items()))
    by_email = by_print = 0
    batches: list[PrintBatch] = []
    for start in range(0, len(targets), BATCH_SIZE):
        chunk = targets[start : start + BATCH_SIZE]
        with db.transaction() as cur:
            policy = meta.retention_policy(cur)
            mark = rows.mark_asked if kind == ASK else rows.mark_reminded
            marked = mark(cur, chunk, today, policy)
            if len(marked):
                emailed, printed, batch = _write_letters(cur, marked, kind, today, now)
                audit.append(
                    cur,
                    at=now,
                    staff_id=staff_id,
                    role=role,
                    action=_AUDIT_ACTION[kind],
                    object_type="person",
                    object_id=int(marked["id"].iloc[0]) if len(marked) == 1 else None,
                    details={
                        "people": len(marked),
                        "by_email": emailed,
                        "by_print": printed,
                        "skipped": len(chunk) - len(marked),
                        "print_batch": batch.letter_id if batch else None,
                        "person_ids": sorted(int(i) for i in marked["id"]),
                    },
                )
                by_email += emailed
                by_print += printed
                if batch:
                    batches.append(batch)
        if on_progress is not None:
            on_progress(start + len(chunk), len(targets))
    if targets and by_email + by_print == 0:
        with db.cursor() as cur:
            raise AlreadyChanged(*rows.last_change(cur, targets[0][0]))
    skipped = len(targets) - by_email - by_print
    return SendReport(kind, len(targets), by_email, by_print, skipped, tuple(batches))


def _not_restricted(db: Database, targets: list[tuple[int, date]]) -> list[tuple[int, date]]:
    """Art. 18 and 21: nobody restricted, or whose objection stopped job finding, is asked.
    Asking one such person alone is refused with the reason."""
    with db.cursor() as cur:
        held = restriction_rows.not_to_ask(cur, [person_id for person_id, _ in targets])
    if len(targets) == 1 and held:
        raise Restricted("person_restricted", request=held[targets[0][0]])
    return [target for target in targets if target[0] not in held]


def _write_letters(
    cur: Cursor, people: pd.DataFrame, kind: str, today: date, now: datetime
) -> tuple[int, int, PrintBatch | None]:
    """Outbox letters, contacts and (if needed) the print file for the people just marked."""
    dpo = meta.privacy_contact(cur)
    no_inbox = rows.bounced(cur, [int(i) for i in people["id"]])
    letters = []
    printed: list[PrintLetter] = []
    for person in people.to_dict("records"):
        language = "en" if person["language"] == "en" else "nl"
        email = person["email"] if isinstance(person["email"], str) and person["email"] else None
        if int(person["id"]) in no_inbox:
            email = None
        asked_on = person["extension_asked_on"]
        subject, body = render_letter(
            _LETTER_KIND[kind],
            language,
            expiry=format_date(_day(person["retention_expiry"]), language),
            asked_on=format_date(_day(asked_on), language) if _present(asked_on) else "",
            reference=person["reference"],
            dpo=dpo,
        )
        letters.append((int(person["id"]), language, email, subject, body))
        if email is None:
            printed.append(
                PrintLetter.to_person(
                    person,
                    language=language,
                    reference_label=translate("retention_page.letter_reference", language),
                    dated=format_date(today, language),
                    subject=subject,
                    body=body,
                )
            )
    outbox = pd.DataFrame(
        letters, columns=["person_id", "language", "recipient_email", "subject", "body"]
    )
    outbox["kind"] = _LETTER_KIND[kind]
    outbox["created_at"] = pd.Timestamp(now)
    emailed = [letter[2] is not None for letter in letters]
    outbox["delivery_status"] = ["pending" if e else "not_applicable" for e in emailed]
    rows.add_letters(cur, outbox)
    rows.add_contacts(
        cur,
        pd.DataFrame(
            {
                "person_id": outbox["person_id"],
                "contacted_on": pd.Series([today] * len(outbox), dtype="datetime64[s]"),
                "channel": ["email" if e else "letter" for e in emailed],
                "kind": kind,
            }
        ),
    )
    batch = None
    if printed:
        title = translate(
            f"retention_page.print_title_{kind}",
            "nl",
            date=format_date(today, "nl", "short"),
            count=len(printed),
        )
        html = render_print_batch(printed, title=title, sender=f"Konnektus · {dpo.email}")
        letter_id = rows.add_print_batch(cur, language="nl", subject=title, html=html, at=now)
        batch = PrintBatch(letter_id, len(printed))
    return len(letters) - len(printed), len(printed), batch


def _present(value: object) -> bool:
    return isinstance(value, date) and not isinstance(value, type(pd.NaT))


def _day(value: object) -> date:
    """A date from a frame cell (pandas hands dates back as Timestamps)."""
    if isinstance(value, pd.Timestamp):
        return value.date()
    assert isinstance(value, date)
    return value
