"""O6: clean up the records whose two-year term ended without an extension.

The people in state "no answer", "declined" and "expired" (never "employed") are erased with
the one erasure of konnektus/db/erasure.py, so running legal holds are respected and each
person gets a certificate that says exactly what was kept, on which ground and until when.
Nobody whose processing is restricted (Art. 18) or who has an open request is erased
(konnektus/domain/erasure_block.py): the preview lists them with the request they wait for,
and a later run takes them once it has ended. Each batch asks the rule again inside its own
transaction, so a request logged while the clean-up runs still holds its person back.

Set-based, in batches: each batch is one transaction (erasure, search keys, certificates,
the letters to the recipients that received the data (Art. 19, read before the data goes, one
query for the batch, inserted in bulk), audit entry), so an interrupted run (even kill -9)
leaves every person either fully erased or untouched, and a second run simply carries on with
whoever is left.
"""

from __future__ import annotations

import csv
import io
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

import pandas as pd

from konnektus.db import audit, bulk, meta, search
from konnektus.db import erasure as erasure_rows
from konnektus.db import erasure_block as block_rows
from konnektus.db import retention_run as run_rows
from konnektus.db.database import Cursor, Database
from konnektus.domain.erasure import ErasureRecord
from konnektus.domain.erasure_block import ErasureBlock
from konnektus.domain.permissions import Action
from konnektus.domain.retention import RetentionPolicy
from konnektus.domain.staff import Actor, audit_identity
from konnektus.i18n import format_date, translate
from konnektus.services import sharing_art19 as art19
from konnektus.services.access import requires
from konnektus.services.erasure_text import kept_lines, removed_lines
from konnektus.services.requests import AlreadyChanged, RequestError, amsterdam_today

CLEANUP_ACTION = "retention_cleanup"
BATCH_SIZE = 2_000
# One clean-up at a time in this process (the only process that may open the file).
_RUNNING = threading.Lock()


class CleanupRunning(RequestError):
    """Another clean-up is running right now; nothing was started."""

    section = "retention_cleanup"
    codes = ("running_elsewhere",)

    def __init__(self) -> None:
        super().__init__("running_elsewhere")


class CleanupChanged(RequestError):
    """The clean-up would now erase more people than were confirmed (the list grew since it
    was shown); nobody was erased."""

    section = "retention_cleanup"
    codes = ("changed",)

    def __init__(self, seen: int, found: int) -> None:
        self.seen, self.found = seen, found
        super().__init__("changed", seen=seen, found=found)


@dataclass(frozen=True)
class HeldBack:
    """A person whose term ended but who is not cleaned up now, and what they wait for."""

    person_id: int
    reference: str
    state: str
    block: ErasureBlock


@dataclass(frozen=True)
class CleanupPreview:
    people: int  # who a clean-up would erase now (those held back not included)
    by_state: dict[str, int]
    items: int  # personal data items these people hold
    items_held: int  # of which a running legal hold keeps
    held_back: tuple[HeldBack, ...] = ()  # restricted, or with an open request: not now


@dataclass(frozen=True)
class CleanedPerson:
    reference: str
    state: str
    expiry: date
    removed_items: int
    kept: str  # what stays, in Dutch, on one line
    certificate_id: int


@dataclass
class CleanupReport:
    people: int = 0
    batches: int = 0
    cleaned: list[CleanedPerson] = field(default_factory=list)
    held_back: list[HeldBack] = field(default_factory=list)  # after the run: still waiting


Progress = Callable[[int, int], None]  # (people done, people in this run)


@requires(Action.EXECUTE_ERASURE, command_line=True)
def cleanup_preview(db: Database, actor: Actor, *, today: date) -> CleanupPreview:
    """How many people and items a clean-up would touch today, and how many items stay."""
    with db.cursor() as cur:
        policy = meta.retention_policy(cur)
        waiting = _held_back(cur, today, policy)
        ids = [h.person_id for h in waiting]
        by_state = run_rows.cleanable_by_state(cur, today, policy, held=ids)
        items, kept = run_rows.cleanable_items(cur, today, policy, held=ids)
    return CleanupPreview(sum(by_state.values()), by_state, items, kept, tuple(waiting))


def _held_back(cur: Cursor, today: date, policy: RetentionPolicy) -> list[HeldBack]:
    """The clean-up candidates the erasure rule holds back today, by reference: one query for
    the facts of everyone restricted or with an open request, one for who of them is due."""
    blocks = block_rows.blocked_people(cur, today)
    if not blocks:
        return []
    return [
        HeldBack(person_id, reference, state, blocks[person_id])
        for person_id, reference, state in run_rows.cleanable_among(cur, blocks, today, policy)
    ]


@requires(Action.EXECUTE_ERASURE, command_line=True)
def clean_up_expired(
    db: Database,
    actor: Actor,
    *,
    now: datetime,
    seen_people: int | None = None,
    batch_size: int = BATCH_SIZE,
    max_people: int | None = None,
    progress: Progress | None = None,
) -> CleanupReport:
    """Erase everyone whose term ended without an extension, in batches of `batch_size`.

    `seen_people` is the count the user confirmed (typed, konnektus/ui/confirm.py): when nobody
    is left, the repeated click is answered with who cleaned up last ("already done by X");
    any other number than the people it would erase now is refused (CleanupChanged), nothing
    erased. Without it (the daily run, the command line) it erases whoever is due.
    """
    if not _RUNNING.acquire(blocking=False):
        raise CleanupRunning
    try:
        return _clean_up(
            db,
            actor,
            now=now,
            seen=seen_people,
            size=batch_size,
            most=max_people,
            progress=progress,
        )
    finally:
        _RUNNING.release()


def _clean_up(
    db: Database,
    actor: Actor,
    *,
    now: datetime,
    seen: int | None,
    size: int,
    most: int | None,
    progress: Progress | None,
) -> CleanupReport:
    staff_id, role = audit_identity(actor)
    today = amsterdam_today(now)
    with db.cursor() as cur:
        policy = meta.retention_policy(cur)
        held = {h.person_id for h in _held_back(cur, today, policy)}
        total = run_rows.cleanable_count(cur, today, policy, held=held)
        if most is not None:
            total = min(total, most)
        if total == 0 and seen:
            raise AlreadyChanged(*run_rows.last_run_of(cur, CLEANUP_ACTION))
        # More people than were confirmed is refused; fewer is a person held back since the
        # preview (a request logged, a hold placed), whom the clean-up must spare anyway.
        if seen is not None and total > seen:
            raise CleanupChanged(seen, total)
    report = CleanupReport()
    while report.people < total:
        with db.transaction() as cur:
            ids = run_rows.cleanable_ids(
                cur, today, policy, limit=min(size, total - report.people), held=held
            )
            if not ids:
                break
            # asked again where it is decided: a request logged since the start holds too
            newly = block_rows.blocked_people(cur, today, ids)
            if newly:
                held |= newly.keys()
                ids = [i for i in ids if i not in newly]
                if not ids:
                    continue
            facts = run_rows.cleanup_facts(cur, ids, today, policy)
            due = art19.erasure_letters_due(cur, ids)  # the names are still there
            records = erasure_rows.erase_people(cur, ids, at=now, today=today)
            search.refresh_keys(cur, ids)
            told = art19.queue_erasure_letters(
                cur, due, records, request_ids={}, now=now, staff_id=staff_id
            )
            certificates = _certificates(cur, records, facts, told, today, now)
            audit.append(
                cur,
                at=now,
                staff_id=staff_id,
                role=role,
                action=CLEANUP_ACTION,
                details={
                    "people": len(records),
                    "person_ids": sorted(records),
                    "recipient_letters": sum(len(names) for names in told.values()),
                },
            )
        for person_id in sorted(records):
            reference, state, expiry = facts[person_id]
            record = records[person_id]
            report.cleaned.append(
                CleanedPerson(
                    reference,
                    state,
                    expiry,
                    sum(record.removed_items.values()),
                    "; ".join(line.strip(" -") for line in kept_lines(record.kept, "nl")),
                    certificates[person_id],
                )
            )
        report.people += len(records)
        report.batches += 1
        if progress is not None:
            progress(report.people, total)
    if report.people:
        with db.transaction() as cur:
            search.prune_vocabulary(cur)
    with db.cursor() as cur:
        report.held_back = _held_back(cur, today, policy)
    return report


def _certificates(
    cur: Cursor,
    records: dict[int, ErasureRecord],
    facts: dict[int, tuple[str, str, date]],
    told: dict[int, list[str]],
    today: date,
    now: datetime,
) -> dict[int, int]:
    """One certificate per person, in one bulk insert; person id -> letter id."""
    people = sorted(records)
    letter_ids = run_rows.next_letter_ids(cur, len(people))
    frame = pd.DataFrame(
        {
            "id": letter_ids,
            "person_id": people,
            "kind": "erasure_certificate",
            "language": "nl",
            "subject": [
                translate("retention_cleanup.cert_subject", "nl", reference=facts[p][0])
                for p in people
            ],
            "body": [
                cleanup_certificate(facts[p], records[p], today, told.get(p, [])) for p in people
            ],
            "created_at": now,
            "delivery_status": "not_applicable",
        }
    )
    bulk.insert_frame(cur, "letter", frame)
    return dict(zip(people, letter_ids, strict=True))


def cleanup_certificate(
    fact: tuple[str, str, date], record: ErasureRecord, done: date, told: Sequence[str] = ()
) -> str:
    """The certificate of a clean-up, in Dutch; it names the person only by reference, and the
    recipients a letter was queued for (`told`; none means no recipient received the data)."""
    reference, state, expiry = fact

    def nl(key: str, **values: object) -> str:
        return translate(key, "nl", **values)

    lines = [
        nl("erasure.cert_title"),
        "",
        nl(
            "retention_cleanup.cert_reason",
            reference=reference,
            expiry=format_date(expiry, "nl", "short"),
            state=nl(f"retention.{state}"),
        ),
        nl("retention_cleanup.cert_done", done=format_date(done, "nl", "short")),
        "",
        nl("erasure_holds.cert_removed"),
        *removed_lines(record, "nl"),
        "",
        nl("erasure.cert_kept"),
        *kept_lines(record.kept, "nl"),
        "",
        nl("erasure.cert_recipients"),
        *[f"- {name}" for name in told],
        *([] if told else [f"- {nl('erasure.cert_no_recipients')}"]),
        "",
        nl("erasure.cert_footer"),
    ]
    return "\n".join(lines) + "\n"


REPORT_COLUMNS = ("reference", "state", "expiry", "removed_items", "kept", "certificate_id")


def report_csv(report: CleanupReport, language: str) -> str:
    """The run's report for download: one row per person, Dutch headers and words."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow([translate(f"retention_cleanup.col_{c}", language) for c in REPORT_COLUMNS])
    for person in report.cleaned:
        writer.writerow(
            [
                person.reference,
                translate(f"retention.{person.state}", language),
                format_date(person.expiry, language, "short"),
                person.removed_items,
                person.kept,
                person.certificate_id,
            ]
        )
    return out.getvalue()
