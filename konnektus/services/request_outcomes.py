"""Rights that take effect: a restriction (Art. 18) marks the person until the DPO lifts it,
an upheld objection (Art. 21) stops the processing for its purpose, and an automated-decision
request (Art. 22) records the human review and its outcome. Each is one transaction with its
request event, its audit entry and its letter to the person."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final

from konnektus.db import access_answer, audit
from konnektus.db import erasure as erasure_rows
from konnektus.db import people as people_rows
from konnektus.db import requests as request_rows
from konnektus.db import restriction as restriction_rows
from konnektus.db.database import Cursor, Database
from konnektus.domain import input_limits
from konnektus.domain.erasure import ErasureRecord
from konnektus.domain.objection import OBJECTION_PURPOSES
from konnektus.domain.permissions import Action
from konnektus.domain.requests import RequestStatus as S
from konnektus.domain.staff import Actor, audit_identity
from konnektus.services import request_letters
from konnektus.services import sharing_art19 as art19
from konnektus.services.access import requires
from konnektus.services.objection_text import effect_sentence, objection_letter_values
from konnektus.services.request_letters import (
    letter_addressee,
    queue_request_letter,
)
from konnektus.services.requests import (
    AlreadyChanged,
    RequestError,
    amsterdam_today,
    kept_late_reason,
)

HANDLING: Final = (S.IN_PROGRESS.value, S.EXTENDED.value)


@dataclass(frozen=True)
class ObjectionResult:
    request_id: int
    purpose: str
    removed_items: dict[str, int]  # category -> items removed
    recipients_told: tuple[str, ...]  # Art. 19 letters queued for these recipients
    kept_for_restriction: int | None  # the restriction request that keeps the data for now


def _open_request(cur: Cursor, request_id: int, kind: str, seen_status: str) -> dict[str, Any]:
    request = request_rows.get(cur, request_id)
    if request is None:
        raise RequestError("request_unknown", id=request_id)
    if request["type"] != kind:
        raise RequestError("wrong_request_type")
    if request["person_id"] is None:
        raise RequestError("restriction_needs_person")
    if seen_status not in HANDLING or request["status"] != seen_status:
        raise AlreadyChanged(*request_rows.last_change(cur, request_id))
    return request


def _complete(
    cur: Cursor,
    request: dict[str, Any],
    seen_status: str,
    reason: str,
    now: datetime,
    staff_id: int | None,
    late_reason: str | None,
) -> dict[str, str]:
    """Close the request; the audit details of the reason of lateness (empty when on time),
    refused with LateReasonRequired when it is late and none was given (issue 20 point 4)."""
    late = kept_late_reason(request, amsterdam_today(now), late_reason)
    changes = {"status": S.COMPLETED.value, "closed_at": now, "outcome": S.COMPLETED.value}
    changes["outcome_reason"] = reason
    if late is not None:
        changes["late_reason"] = late
    if not request_rows.update_if_status(cur, int(request["id"]), seen_status, changes):
        raise AlreadyChanged(*request_rows.last_change(cur, int(request["id"])))
    request_rows.add_event(
        cur, int(request["id"]), now, staff_id, seen_status, S.COMPLETED.value, reason
    )
    return {"late_reason": late} if late is not None else {}


def _words(reason: str | None) -> str:
    """A reason as it goes into the letter: control characters removed, on one line, at
    most 2,000 characters (InputRefused text_too_long)."""
    return " ".join((input_limits.checked(reason, "reason") or "").split())


def _reason(reason: str | None) -> str:
    cleaned = _words(reason)
    if not cleaned:
        raise RequestError("reason_missing")
    return cleaned


@requires(Action.TRIAGE_REQUEST)
def restrict_processing(
    db: Database,
    actor: Actor,
    request_id: int,
    *,
    seen_status: str,
    disputed_field: str | None,
    reason: str | None,
    late_reason: str | None = None,
    now: datetime,
) -> None:
    """Grant a restriction request: the person is restricted from now until the DPO lifts it."""
    staff_id, role = audit_identity(actor)
    why = _reason(reason)
    if disputed_field is not None and disputed_field not in people_rows.RECTIFIABLE:
        raise RequestError("not_rectifiable")
    with db.transaction() as cur:
        request = _open_request(cur, request_id, "restriction", seen_status)
        person_id = int(request["person_id"])
        if not restriction_rows.restrict(cur, person_id, request_id, disputed_field, now):
            person = people_rows.get(cur, person_id) or {}
            raise RequestError("already_restricted", request=person.get("restriction_request_id"))
        late = _complete(cur, request, seen_status, why, now, staff_id, late_reason)
        queue_request_letter(cur, request, "restriction_applied", now, reason=why)
        audit.append(
            cur,
            at=now,
            staff_id=staff_id,
            role=role,
            action="restriction_set",
            object_type="person",
            object_id=person_id,
            details={"request_id": request_id, "field": disputed_field} | late,
        )


@requires(Action.EXECUTE_ERASURE)  # the DPO's alone, like an erasure
def lift_restriction(
    db: Database, actor: Actor, person_id: int, *, reason: str | None, now: datetime
) -> None:
    """End a restriction; the person is told (Art. 18(3)) in the same transaction."""
    staff_id, role = audit_identity(actor)
    why = _reason(reason)
    with db.transaction() as cur:
        person = people_rows.get(cur, person_id)
        if person is None or person["restriction_request_id"] is None:
            raise RequestError("not_restricted")
        request_id = int(person["restriction_request_id"])
        if not restriction_rows.lift(cur, person_id, request_id):
            raise RequestError("not_restricted")
        request = request_rows.get(cur, request_id)
        assert request is not None
        request_rows.add_event(cur, request_id, now, staff_id, None, None, f"lifted: {why}")
        queue_request_letter(cur, request, "restriction_lifted", now, reason=why)
        # what an objection upheld during the restriction stopped goes now, as its letter said
        removed: dict[str, dict[str, int]] = {}
        for objection_id, purpose in restriction_rows.stops_of(cur, person_id):
            objection = request_rows.get(cur, objection_id)
            assert objection is not None
            record, _told = _erase_for(cur, objection, purpose, now, staff_id)
            if record is not None:
                removed[purpose] = dict(record.removed_items)
        audit.append(
            cur,
            at=now,
            staff_id=staff_id,
            role=role,
            action="restriction_lifted",
            object_type="person",
            object_id=person_id,
            details={"request_id": request_id, "objection_data_removed": removed},
        )


@requires(Action.TRIAGE_REQUEST)
def uphold_objection(
    db: Database,
    actor: Actor,
    request_id: int,
    *,
    seen_status: str,
    purpose: str | None,
    reason: str | None,
    late_reason: str | None = None,
    now: datetime,
) -> ObjectionResult:
    """Uphold an objection: the processing for `purpose` stops from now, everywhere that
    purpose is used (Art. 21(1), domain/objection.py), and the data kept only for it goes
    (Art. 17(1)(c)) with the Art. 19 letters to the recipients that got some of it, all in
    this one transaction. While the person's processing is restricted (Art. 18) nothing is
    erased: the data is only stored until the restriction is lifted, and goes then."""
    staff_id, role = audit_identity(actor)
    if purpose not in OBJECTION_PURPOSES:
        raise RequestError("purpose_required")
    why = _reason(reason)
    with db.transaction() as cur:
        request = _open_request(cur, request_id, "objection", seen_status)
        person_id = int(request["person_id"])
        person = people_rows.get(cur, person_id) or {}
        restriction_rows.stop_processing(cur, request_id, purpose, now)
        late = _complete(cur, request, seen_status, why, now, staff_id, late_reason)
        kept_for = person.get("restriction_request_id")
        record, told = (None, []) if kept_for else _erase_for(cur, request, purpose, now, staff_id)
        language, _email = letter_addressee(cur, request)
        queue_request_letter(
            cur,
            request,
            "objection_upheld",
            now,
            reason=why,
            **objection_letter_values(purpose, record, told, kept_for, language),
        )
        removed = dict(record.removed_items) if record else {}
        audit.append(
            cur,
            at=now,
            staff_id=staff_id,
            role=role,
            action="objection_upheld",
            object_type="person",
            object_id=person_id,
            details={
                "request_id": request_id,
                "purpose": purpose,
                "removed": removed,
                "tables": {t: list(c) for t, c in record.tables.items()} if record else {},
                "recipient_letters": len(told),
                "kept_for_restriction": kept_for,
            }
            | late,
        )
    return ObjectionResult(request_id, purpose, removed, tuple(told), kept_for)


def _erase_for(
    cur: Cursor, request: dict[str, Any], purpose: str, now: datetime, staff_id: int | None
) -> tuple[ErasureRecord | None, list[str]]:
    """The partial erasure of what `purpose` alone kept, and the recipients told of it."""
    person_id = int(request["person_id"])
    due = art19.erasure_letters_due(cur, [person_id])  # read before the data goes
    record = erasure_rows.erase_purpose_data(cur, person_id, purpose, today=amsterdam_today(now))
    if record is None:
        return None, []
    told = art19.queue_erasure_letters(
        cur,
        due,
        {person_id: record},
        request_ids={person_id: int(request["id"])},
        now=now,
        staff_id=staff_id,
    ).get(person_id, [])
    return record, told


@requires(Action.TRIAGE_REQUEST)
def record_human_review(
    db: Database,
    actor: Actor,
    request_id: int,
    *,
    seen_status: str,
    outcome: str | None,
    late_reason: str | None = None,
    now: datetime,
) -> None:
    """Art. 22(3): a member of staff reviewed the decision; its outcome is recorded and sent."""
    staff_id, role = audit_identity(actor)
    why = _reason(outcome)
    with db.transaction() as cur:
        request = _open_request(cur, request_id, "automated_decision", seen_status)
        late = _complete(cur, request, seen_status, why, now, staff_id, late_reason)
        queue_request_letter(cur, request, "automated_review", now, reason=why)
        audit.append(
            cur,
            at=now,
            staff_id=staff_id,
            role=role,
            action="automated_review_recorded",
            object_type="request",
            object_id=request_id,
            details=late or None,
        )


@requires(Action.TRIAGE_REQUEST)
def record_letter_posted(db: Database, actor: Actor, letter_id: int, *, now: datetime) -> None:
    """A letter for someone without an e-mail address went in the post: it counts as sent
    (an extension notice then counts as given)."""
    staff_id, role = audit_identity(actor)
    with db.transaction() as cur:
        if not request_letters.posted(cur, letter_id, now, staff_id, role):
            raise RequestError("letter_not_for_post")


@requires(Action.VIEW_PROFILE)
def stopped_purposes(db: Database, actor: Actor, person_id: int) -> list[str]:
    """Art. 21: the purposes an upheld objection of this person stopped (shown on the profile,
    so nobody uses the data for them again)."""
    with db.cursor() as cur:
        return access_answer.stopped_purposes(cur, person_id)


@requires(Action.TRIAGE_REQUEST)
def objection_effect(
    db: Database,
    actor: Actor,
    request_id: int,
    purpose: str | None,
    reason: str | None,
    *,
    language: str,
    now: datetime,
) -> str:
    """For the confirmation step: in one sentence, what upholding this objection to `purpose`
    stops and what it removes of this person now; refused like the upholding itself without
    a purpose or a reason."""
    if purpose not in OBJECTION_PURPOSES:
        raise RequestError("purpose_required")
    _reason(reason)
    with db.cursor() as cur:
        request = request_rows.get(cur, request_id)
        if request is None or request["type"] != "objection" or request["person_id"] is None:
            raise RequestError("wrong_request_type")
        person = people_rows.get(cur, int(request["person_id"])) or {}
        counts = (
            {}
            if person.get("restriction_request_id")
            else erasure_rows.purpose_data_counts(
                cur, int(request["person_id"]), purpose, today=amsterdam_today(now)
            )
        )
    return effect_sentence(purpose, counts, language)
