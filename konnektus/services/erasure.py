"""Carrying out an erasure request (O11): preview, confirm by reference, execute, prove; and
removing held data once its legal hold has ended (O5).

The preview comes from the plan (konnektus/domain/erasure.py); the certificate and the letter
from what the database reports is left after the work, so they say exactly what was kept. The
execution is one transaction: the request is completed conditionally on the status the DPO
saw (so it cannot run twice), the person is erased (whole, keeping only what running legal
holds require; or, for a current employee, in part), and the letter, the certificate, the
letters to the recipients that received the data (Art. 19, read before the data goes), the
timeline event and the audit entry are written with it. The person's letter names exactly the
recipients a letter was queued for.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import pandas as pd

from konnektus.db import audit, meta, person_data, search
from konnektus.db import erasure as erasure_rows
from konnektus.db import erasure_block as block_rows
from konnektus.db import held_data as held_rows
from konnektus.db import letters as letter_rows
from konnektus.db import people as people_rows
from konnektus.db import requests as request_rows
from konnektus.db.database import Cursor, Database
from konnektus.domain import deadlines
from konnektus.domain.erasure import ErasurePlan, ErasureRecord, PersonFacts, erasure_plan
from konnektus.domain.erasure_block import BlockReason, ErasureBlock
from konnektus.domain.holds import RunningHold
from konnektus.domain.letters import render_letter
from konnektus.domain.permissions import Action
from konnektus.domain.requests import RequestStatus
from konnektus.domain.staff import Actor, audit_identity
from konnektus.i18n import format_date, translate
from konnektus.services import sharing_art19 as art19
from konnektus.services.access import requires
from konnektus.services.erasure_text import certificate_text, kept_lines, removed_lines
from konnektus.services.requests import (
    AlreadyChanged,
    RequestError,
    amsterdam_today,
    kept_late_reason,
)

EXECUTABLE_FROM = (RequestStatus.IN_PROGRESS.value, RequestStatus.EXTENDED.value)
PARTIALLY_REFUSED = "partially_refused"  # the outcome of a current employee's erasure


class ConfirmationMismatch(RequestError):
    """The typed reference is not the person's: nothing was erased."""

    section = "erasure"
    codes = ("mismatch",)

    def __init__(self) -> None:
        super().__init__("mismatch")


@dataclass(frozen=True)
class ErasurePreview:
    request_id: int
    person_id: int
    reference: str
    plan: ErasurePlan  # partial or whole, per table, and exactly what stays
    recipients: pd.DataFrame  # Art. 19: who received the data and must be told
    # a restriction or another open request of the person: not now (domain/erasure_block)
    block: ErasureBlock | None = None

    @property
    def holds(self) -> list[RunningHold]:
        return self.plan.holds


def _load(cur: Cursor, request_id: int) -> tuple[dict[str, Any], dict[str, Any]]:
    request = request_rows.get(cur, request_id)
    if request is None or request["type"] != "erasure":
        raise RequestError("not_an_erasure", id=request_id)
    if request["person_id"] is None:
        raise RequestError("erasure_without_person")
    person = people_rows.get(cur, request["person_id"])
    if person is None or person["erased_at"] is not None:
        raise RequestError("already_erased")
    return request, person


def _plan(cur: Cursor, person: dict[str, Any], today: date) -> ErasurePlan:
    person_id = int(person["id"])
    items, holds, ends, placements = person_data.erasure_facts(cur, person_id, today)
    facts = PersonFacts(
        stage=str(person["stage"]),
        counts=person_data.counts_about(cur, person_id),
        items=items,
        holds=tuple(RunningHold(*hold) for hold in holds),
        employment_ends=tuple(ends),
        placement_proposals=placements,
    )
    return erasure_plan(facts, today)


def _deferred_only(recipients: pd.DataFrame, today: date) -> set[str]:
    """The recipients whose every disclosure to the person has its notice deferred on `today`."""
    until = pd.to_datetime(recipients["notice_deferred_until"])
    deferred = until.notna() & (until >= pd.Timestamp(today))
    by_recipient = deferred.groupby(recipients["recipient"]).all()
    return {str(name) for name, only in by_recipient.items() if only}


@requires(Action.EXECUTE_ERASURE)
def erasure_preview(db: Database, actor: Actor, request_id: int, *, today: date) -> ErasurePreview:
    with db.cursor() as cur:
        _request, person = _load(cur, request_id)
        plan = _plan(cur, person, today)
        recipients = person_data.recipients_of(cur, person["id"])
        block = block_rows.block_of(cur, int(person["id"]), today, own_request=request_id)
    return ErasurePreview(
        request_id, int(person["id"]), str(person["reference"]), plan, recipients, block
    )


def _check_not_blocked(cur: Cursor, person_id: int, request_id: int, today: date) -> None:
    """The person's own erasure request is the reason to erase; a restriction (Art. 18) or
    another open request of theirs (answered about the data held when it came in) waits."""
    block = block_rows.block_of(cur, person_id, today, own_request=request_id)
    if block is None:
        return
    if block.reason is BlockReason.RESTRICTION:
        raise RequestError("erasure_restricted", request=block.request_id)
    raise RequestError("erasure_other_request", request=block.request_id)


@dataclass(frozen=True)
class ErasureResult:
    confirmation_letter_id: int  # for a partial erasure: the refusal letter
    certificate_letter_id: int
    record: ErasureRecord

    @property
    def affected(self) -> dict[str, tuple[int, int]]:
        return self.record.tables


@requires(Action.EXECUTE_ERASURE)
def execute_erasure(
    db: Database,
    actor: Actor,
    request_id: int,
    *,
    seen_status: str,
    typed_reference: str,
    late_reason: str | None = None,
    now: datetime,
) -> ErasureResult:
    if seen_status not in EXECUTABLE_FROM:
        raise RequestError("erasure_before_start")
    staff_id, role = audit_identity(actor)
    today = amsterdam_today(now)
    with db.transaction() as cur:
        request = request_rows.get(cur, request_id)
        if request is not None and request["status"] != seen_status:
            raise AlreadyChanged(*request_rows.last_change(cur, request_id))
        request, person = _load(cur, request_id)
        if typed_reference.strip().upper() != str(person["reference"]).upper():
            raise ConfirmationMismatch
        # carried out after the lawful due date: why, kept for the archive (issue 20 point 4)
        late = kept_late_reason(request, today, late_reason)
        person_id = int(person["id"])
        _check_not_blocked(cur, person_id, request_id, today)
        partial = _plan(cur, person, today).partial
        recipients = person_data.recipients_of(cur, person_id)
        due = art19.erasure_letters_due(cur, [person_id])  # the name is still there
        language = str(person["language"])
        email = person["email"] or request["requester_email"]
        done = {
            "status": RequestStatus.COMPLETED.value,
            "closed_at": now,
            "outcome": PARTIALLY_REFUSED if partial else "completed",
        }
        if not request_rows.update_if_status(cur, request_id, seen_status, done):
            raise AlreadyChanged(*request_rows.last_change(cur, request_id))
        if partial:
            record = erasure_rows.erase_job_finding_data(cur, [person_id], today=today)[person_id]
        else:
            record = erasure_rows.erase_people(cur, [person_id], at=now, today=today)[person_id]
            search.refresh_keys(cur, [person_id])
            search.prune_vocabulary(cur)
        if late is not None:  # after the erasure, which blanks every earlier late reason of
            # the person's requests; this one is the archive's account of this very erasure
            request_rows.set_late_reason(cur, request_id, late)
        told = art19.queue_erasure_letters(
            cur,
            due,
            {person_id: record},
            request_ids={person_id: request_id},
            now=now,
            staff_id=staff_id,
        ).get(person_id, [])
        received = deadlines.received_on(request["received_at"].replace(tzinfo=UTC))
        got = sorted(set(recipients.loc[~recipients["blocked"].astype(bool), "recipient"]))
        # UAVG art. 41: the letter to the person names no recipient whose every disclosure
        # to them is still kept from the person (the recipient itself is told all the same)
        secret = _deferred_only(recipients, today)
        named = ([n for n in told if n not in secret], [n for n in got if n not in secret])
        letter_id = _letter(cur, request, record, language, email, received, today, named, now)
        certificate_id = letter_rows.add(
            cur,
            person_id=person_id,
            request_id=request_id,
            kind="erasure_certificate",
            language="nl",
            recipient_email=None,
            subject=translate("erasure_holds.cert_subject", "nl", request=request_id),
            body=certificate_text(
                request_id,
                str(person["reference"]),
                received,
                today,
                record,
                recipients[recipients["recipient"].isin(told) & ~recipients["blocked"]],
            ),
            at=now,
        )
        request_rows.add_event(
            cur,
            request_id,
            now,
            staff_id,
            seen_status,
            RequestStatus.COMPLETED.value,
            "partial erasure carried out" if partial else "erasure carried out",
        )
        audit.append(
            cur,
            at=now,
            staff_id=staff_id,
            role=role,
            action="erasure_executed",
            object_type="person",
            object_id=person_id,
            details={
                "request_id": request_id,
                "partial": partial,
                "tables": {t: list(c) for t, c in record.tables.items()},
                "kept": [[k.part.value, k.category, k.count] for k in record.kept],
                "recipient_letters": len(told),
            }
            | ({"late_reason": late} if late is not None else {}),
        )
    return ErasureResult(letter_id, certificate_id, record)


def _letter(
    cur: Cursor,
    request: dict[str, Any],
    record: ErasureRecord,
    language: str,
    email: str | None,
    received: date,
    today: date,
    recipients: tuple[list[str], list[str]],
    now: datetime,
) -> int:
    """The confirmation of a whole erasure, or the refusal letter of a partial one.
    `recipients`: those a letter was queued for in this transaction, and those that actually
    received the data. The letter says recipients are told only of the first; it says nobody
    received the data only when nobody did."""
    told, got = recipients
    values = {
        "received": format_date(received, language),
        "request": str(request["id"]),
        "done": format_date(today, language),
    }
    if record.partial:
        kind = "erasure_partial_refusal"
        # recipients are named only when this erasure told them (Art. 19): those that
        # received some of the removed job-finding data
        told_line = (
            translate("erasure.letter_partial_recipients", language, names=", ".join(told)) + "\n\n"
            if told
            else ""
        )
        values |= {
            "removed_lines": "\n".join(removed_lines(record, language)),
            "kept_lines": "\n".join(kept_lines(record.kept, language)),
            "recipients_block": told_line,
        }
    else:
        kind = "erasure_confirmation"
        if told:
            line = translate("erasure.letter_recipients", language, names=", ".join(told))
        elif got:  # cannot happen while an erasure queues the letters itself; never claim it
            line = translate("erasure.letter_recipients_untold", language, names=", ".join(got))
        else:
            line = translate("erasure.letter_no_recipients", language)
        values["recipients_line"] = line
        values["kept_block"] = (
            "\n".join(
                [
                    translate("erasure_holds.letter_kept", language),
                    *kept_lines(record.kept, language),
                ]
            )
            if record.kept
            else translate("erasure_holds.letter_nothing_kept", language)
        )
    subject, body = render_letter(kind, language, dpo=meta.privacy_contact(cur), **values)
    return letter_rows.add(
        cur,
        person_id=request["person_id"],
        request_id=request["id"],
        kind=kind,
        language=language,
        recipient_email=email,
        subject=subject,
        body=body,
        at=now,
    )


@dataclass(frozen=True)
class PurgeReport:
    items_removed: int  # held items whose hold ended
    people_anonymised: int  # name and date of birth emptied, employment rows gone
    employments_removed: int
    person_ids: tuple[int, ...]  # everyone who lost held data in this run


@requires(Action.EXECUTE_ERASURE, command_line=True)
def purge_ended_holds(db: Database, actor: Actor, *, now: datetime) -> PurgeReport:
    """For the scheduled retention run: the data erased people were kept under a legal hold
    goes once that hold has ended (the day after its `until`). One transaction, audited with
    counts and internal ids only."""
    staff_id, role = audit_identity(actor)
    today = amsterdam_today(now)
    with db.transaction() as cur:
        purged = held_rows.purge_ended_holds(cur, today=today)
        if purged.people_anonymised:
            search.refresh_keys(cur, purged.people_anonymised)
        report = PurgeReport(
            purged.items_removed,
            len(purged.people_anonymised),
            purged.employments_removed,
            tuple(purged.people_touched),
        )
        audit.append(
            cur,
            at=now,
            staff_id=staff_id,
            role=role,
            action="held_data_purged",
            details={
                "today": today.isoformat(),
                "items_removed": report.items_removed,
                "people_anonymised": report.people_anonymised,
                "employments_removed": report.employments_removed,
                "person_ids": list(report.person_ids),
            },
        )
    return report
