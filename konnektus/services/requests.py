"""The DPO's request desk (O10-O12): log, triage and move requests through their lifecycle.

Every change is one transaction with its timeline event and audit entry, and is conditional
on the status the DPO saw: a second click, or a colleague who was quicker, gets
AlreadyChanged naming who did it, and nothing is applied twice.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from typing import Any

import pandas as pd

from konnektus.db import audit, meta, person_data
from konnektus.db import consents as consent_rows
from konnektus.db import letters as letter_rows
from konnektus.db import people as people_rows
from konnektus.db import requests as request_rows
from konnektus.db.database import Cursor, Database
from konnektus.domain import deadlines, input_limits
from konnektus.domain.errors import CodedError
from konnektus.domain.late_close import check_late_reason, late_reason_needed, lawful_due_date
from konnektus.domain.letters import render_letter
from konnektus.domain.permissions import Action
from konnektus.domain.requests import (
    CLOSED_STATUSES,
    OPEN_STATUSES,
    RequestState,
    RequestStatus,
    check_identity_question,
    check_move,
    check_proof_arrival,
    check_reason,
    check_transition,
    missed_extension_notice,
    offered_moves,
    paused_days,
)
from konnektus.domain.staff import Actor, audit_identity
from konnektus.domain.text import ascii_fold, clean_text
from konnektus.i18n import format_date, translate
from konnektus.services.access import requires
from konnektus.services.request_letters import (
    ANSWER_LETTERS,
    queue_rectification_letter,
    queue_request_letter,
)

CHANNELS = ("email", "web_form", "letter", "phone")
S = RequestStatus


class RequestError(CodedError, ValueError):
    """Bad input or a request in the wrong state; `code` (under errors.*) says what to do."""


class AlreadyChanged(RequestError):
    """Someone was quicker: `by` and `at` (stored UTC) name who and when, if known."""

    codes = ("already_changed", "already_changed_unknown")

    def __init__(self, by: str | None, at: datetime | None) -> None:
        self.by, self.at = by, at
        if by is not None and at is not None:
            super().__init__("already_changed", by=by, at=at)
        else:
            super().__init__("already_changed_unknown")


class DuplicateRequest(RequestError):
    codes = ("duplicate_request",)

    def __init__(self, request_id: int) -> None:
        self.request_id = request_id
        super().__init__("duplicate_request", id=request_id)


def utc_naive(moment: datetime) -> datetime:
    """Store moments as naive UTC; a naive input is Amsterdam local time (deadlines.md)."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=deadlines.AMSTERDAM)
    return aware.astimezone(UTC).replace(tzinfo=None)


def amsterdam_today(now_utc: datetime) -> date:
    return deadlines.received_on(now_utc.replace(tzinfo=UTC))


def local_time(stored_utc: datetime) -> datetime:
    """A stored UTC moment as Amsterdam wall-clock time, for people to read."""
    return stored_utc.replace(tzinfo=UTC).astimezone(deadlines.AMSTERDAM).replace(tzinfo=None)


def local_times(column: pd.Series) -> pd.Series:
    local: pd.Series = (
        column.dt.tz_localize("UTC").dt.tz_convert(deadlines.AMSTERDAM).dt.tz_localize(None)
    )
    return local


def _aware(stored_utc: datetime) -> datetime:
    return stored_utc.replace(tzinfo=UTC)


def lawful_due(request: dict[str, Any]) -> date:
    """The date the request had to be closed by in law (domain.late_close.lawful_due_date):
    the extended due date only when the extension notice went out by the one-month mark."""
    sent = request["extension_notice_sent_at"]
    return lawful_due_date(
        request["one_month_mark"],
        request["due_date"],
        amsterdam_today(sent) if sent is not None else None,
    )


def kept_late_reason(request: dict[str, Any], today: date, late_reason: str | None) -> str | None:
    """For every closing step: the reason of the lateness to store, None when the close is on
    time; LateReasonRequired for a late close without one (issue 20 point 4)."""
    cleaned = input_limits.checked(late_reason, "reason", multiline=True)
    return check_late_reason(lawful_due(request), today, cleaned)


@requires(Action.LOG_REQUEST)
def log_request(
    db: Database,
    actor: Actor,
    *,
    request_type: str,
    channel: str,
    received_at: datetime,
    requester_name: str,
    requester_email: str | None,
    free_text: str | None,
    person_id: int | None,
    now: datetime,
) -> int:
    """Log a request as received; its clock starts at `received_at` (Amsterdam if naive)."""
    if request_type not in deadlines.REQUEST_TYPES:
        raise RequestError("unknown_request_type")
    if channel not in CHANNELS:
        raise RequestError("unknown_channel")
    # clean and bounded here, not only in the widgets (issue 13): control characters go,
    # an address with them is refused
    requester_name = input_limits.checked(requester_name, "name") or ""
    free_text = input_limits.checked(free_text, "text", multiline=True)
    if not requester_name:
        raise RequestError("requester_name_required")
    try:
        email = input_limits.checked_email(requester_email)
    except input_limits.InputRefused:
        raise RequestError("not_an_email", email=clean_text(requester_email or "")) from None
    received = utc_naive(received_at)
    if received > now:
        raise RequestError("received_in_future", received=received)
    staff_id, role = audit_identity(actor)
    mark = deadlines.one_month_mark(_aware(received))
    due = deadlines.response_due_date(request_type, _aware(received))
    with db.transaction() as cur:
        if person_id is not None and not people_rows.exists(cur, person_id):
            raise RequestError("person_unknown")
        duplicate = request_rows.same_request(
            cur, request_type, received, requester_name.strip(), email
        )
        if duplicate is not None:
            raise DuplicateRequest(duplicate)
        request_id = request_rows.insert(
            cur,
            {
                "type": request_type,
                "channel": channel,
                "received_at": received,
                "requester_name": requester_name.strip(),
                "requester_email": email,
                "free_text": (free_text or "").strip() or None,
                "person_id": person_id,
                "status": S.RECEIVED.value,
                "one_month_mark": mark,
                "due_date": due,
                "original_due_date": due,
            },
        )
        request_rows.add_event(cur, request_id, now, staff_id, None, S.RECEIVED.value, None)
        audit.append(
            cur,
            at=now,
            staff_id=staff_id,
            role=role,
            action="request_logged",
            object_type="request",
            object_id=request_id,
            details={"type": request_type, "channel": channel, "person_id": person_id},
        )
    return request_id


@requires(Action.TRIAGE_REQUEST)
def request_queue(
    db: Database,
    actor: Actor,
    *,
    today: date,
    statuses: tuple[str, ...] = (),
    types: tuple[str, ...] = (),
    assignee_id: int | None = None,
    search: str = "",
) -> pd.DataFrame:
    """Open requests (or `statuses`), most urgent first, with days left and flags, and for an
    erasure its `promise_due`: the outer date an extension may reach (the privacy statement's
    two months by default), kept in view beside the one-month due date (deadlines.md).

    `search` is a request number ("74" or "#74": that request, open or closed) or words of a
    name (the requester's as written, or the matched person's; every word must occur, case
    and accents ignored, like the candidate search)."""
    wanted = list(statuses) or sorted(OPEN_STATUSES)
    text = clean_text(search or "")[:200]
    digits = text.strip().removeprefix("#").strip()
    number = int(digits) if digits.isdigit() and len(digits) < 12 else None
    tokens = [] if number is not None else [w for w in map(ascii_fold, text.split()) if w][:8]
    with db.cursor() as cur:
        frame = request_rows.open_queue(cur, wanted, list(types), assignee_id, number, tokens)
        erasure_months = meta.erasure_extended_months(cur)
    frame["promise_due"] = [
        deadlines.response_due_date(
            "erasure",
            _aware(at),
            extended=True,
            paused_days=int(paused),
            erasure_extended_months=erasure_months,
        )
        if kind == "erasure"
        else None
        for kind, at, paused in zip(
            frame["type"], frame["received_at"], frame["paused_days"], strict=True
        )
    ]
    frame["days_left"] = [deadlines.days_left(d, today) for d in frame["due_date"]]
    frame["urgency"] = [deadlines.urgency(d, today) for d in frame["due_date"]]
    frame["overdue"] = [deadlines.is_overdue(d, today) for d in frame["due_date"]]
    frame["missed_notice"] = [
        missed_extension_notice(s, m, bool(n), today)
        for s, m, n in zip(
            frame["status"], frame["one_month_mark"], frame["notice_sent"], strict=True
        )
    ]
    frame["received_at"] = local_times(frame["received_at"])
    return frame.sort_values(["days_left", "received_at"], kind="stable").reset_index(drop=True)


@dataclass(frozen=True)
class QueueCounters:
    open: int
    overdue: int
    due_within_7_days: int
    missed_notice: int


def queue_counters(queue: pd.DataFrame) -> QueueCounters:
    return QueueCounters(
        open=len(queue),
        overdue=int(queue["overdue"].sum()),
        due_within_7_days=int(((queue["days_left"] >= 0) & (queue["days_left"] <= 7)).sum()),
        missed_notice=int(queue["missed_notice"].sum()),
    )


@dataclass(frozen=True)
class RequestDetail:
    request: dict[str, Any]
    events: pd.DataFrame
    letters: pd.DataFrame
    person: dict[str, Any] | None
    inventory: pd.DataFrame | None
    state: RequestState  # what the status steps depend on (domain.requests.move_refusal)
    allowed: frozenset[RequestStatus]
    lawful_due: date  # closing after it asks for the reason of the lateness
    close_late: bool  # closing today would be late (domain.late_close)


def _state(request: dict[str, Any], question_days: int) -> RequestState:
    return RequestState(
        status=RequestStatus(request["status"]),
        request_type=str(request["type"]),
        linked=request["person_id"] is not None,
        received_on=deadlines.received_on(_aware(request["received_at"])),
        one_month_mark=request["one_month_mark"],
        identity_question_days=question_days,
    )


@requires(Action.TRIAGE_REQUEST)
def request_detail(db: Database, actor: Actor, request_id: int, *, today: date) -> RequestDetail:
    """A request with its timeline, letters, person, and the statuses it may move to today
    (domain.requests.offered_moves: the one rule the status change checks too)."""
    with db.cursor() as cur:
        request = request_rows.get(cur, request_id)
        if request is None:
            raise RequestError("request_unknown", id=request_id)
        person = people_rows.get(cur, request["person_id"]) if request["person_id"] else None
        inventory = person_data.category_inventory(cur, person["id"]) if person else None
        question_days = meta.identity_question_days(cur)
        state = _state(request, question_days)
        request["identity_question_days"] = question_days
        request["identity_asked_on"] = (
            amsterdam_today(request["identity_requested_at"])
            if request["identity_requested_at"]
            else None
        )
        request["received_local"] = local_time(request["received_at"])
        events = request_rows.events(cur, request_id)
        events["occurred_at"] = local_times(events["occurred_at"])
        due = lawful_due(request)
        return RequestDetail(
            request,
            events,
            letter_rows.for_request(cur, request_id),
            person,
            inventory,
            state,
            offered_moves(state, today),
            due,
            late_reason_needed(due, today),
        )


@requires(Action.TRIAGE_REQUEST)
def change_status(
    db: Database,
    actor: Actor,
    request_id: int,
    *,
    seen_status: str,
    target: str,
    reason: str | None = None,
    proof_arrived_on: date | None = None,
    late_reason: str | None = None,
    now: datetime,
) -> None:
    """Move a request on (identity asked/verified, start, extend, complete, reject, withdraw).

    Asking for identity needs the doubt in `reason` and is possible only within the policy's
    days after receipt; "verified" needs `proof_arrived_on`, the day the proof arrived, which
    ends the pause (EDPB 01/2022, shared/docs/deadlines.md "Paused clock"). Closing after the
    lawful due date needs `late_reason`, kept with the request and in the audit entry."""
    target_status = RequestStatus(target)
    check_transition(seen_status, target_status)
    reason = input_limits.checked(reason, "reason", multiline=True)
    check_reason(target_status, reason)
    staff_id, role = audit_identity(actor)
    today = amsterdam_today(now)
    with db.transaction() as cur:
        request = request_rows.get(cur, request_id)
        if request is None:
            raise RequestError("request_unknown", id=request_id)
        if target_status in CLOSED_STATUSES and request["status"] != seen_status:
            # a stale screen's close is told who was first, before any reason is asked of it
            raise AlreadyChanged(*request_rows.last_change(cur, request_id))
        question_days = meta.identity_question_days(cur)
        # the state the user saw decides; if it is no longer the state, the update says so
        seen = replace(_state(request, question_days), status=RequestStatus(seen_status))
        check_move(seen, target_status, today)
        check_reason(target_status, reason, request["type"])
        late = (
            kept_late_reason(request, today, late_reason)
            if target_status in CLOSED_STATUSES
            else None
        )
        note = reason
        if target_status is S.AWAITING_IDENTITY:
            received = deadlines.received_on(_aware(request["received_at"]))
            check_identity_question(received, today, reason, question_days)
        elif target_status is S.IN_PROGRESS and seen_status == S.AWAITING_IDENTITY:
            asked = amsterdam_today(request["identity_requested_at"] or now)
            check_proof_arrival(asked, proof_arrived_on, today)
            arrived = translate(
                "requests.proof_arrived_note",
                "nl",
                day=format_date(proof_arrived_on, "nl", "short"),
            )
            note = f"{arrived} {reason}" if reason else arrived
        # an erasure is extended like every type, to at most the policy's months (deadlines.md)
        erasure_months = meta.erasure_extended_months(cur)
        changes = _changes_for(
            request,
            seen_status,
            target_status,
            reason,
            now,
            today,
            proof_arrived_on,
            erasure_months=erasure_months,
        )
        if late is not None:
            changes["late_reason"] = late
        if not request_rows.update_if_status(cur, request_id, seen_status, changes):
            raise AlreadyChanged(*request_rows.last_change(cur, request_id))
        request_rows.add_event(
            cur, request_id, now, staff_id, seen_status, target_status.value, note
        )
        if target_status is S.EXTENDED:
            _queue_extension_notice(cur, request, changes["due_date"], reason or "", now)
        elif target_status in ANSWER_LETTERS:
            queue_request_letter(cur, request, ANSWER_LETTERS[target_status], now, reason=reason)
        elif target_status is S.COMPLETED and request["type"] == "rectification":
            queue_rectification_letter(cur, request, now)
        audit.append(
            cur,
            at=now,
            staff_id=staff_id,
            role=role,
            action="request_status_changed",
            object_type="request",
            object_id=request_id,
            details={"from": seen_status, "to": target_status.value}
            | ({"late_reason": late} if late is not None else {}),
        )


def _changes_for(
    request: dict[str, Any],
    seen: str,
    target: RequestStatus,
    reason: str | None,
    now: datetime,
    today: date,
    proof_arrived_on: date | None = None,
    *,
    erasure_months: int = deadlines.DEFAULT_ERASURE_EXTENDED_MONTHS,
) -> dict[str, Any]:
    changes: dict[str, Any] = {"status": target.value}
    received = _aware(request["received_at"])
    if target is S.AWAITING_IDENTITY:
        changes["identity_requested_at"] = now
    elif target is S.IN_PROGRESS and seen == S.AWAITING_IDENTITY:
        asked = request["identity_requested_at"] or now
        arrived = proof_arrived_on or today
        paused = int(request["paused_days"]) + paused_days(amsterdam_today(asked), arrived)
        changes.update(
            identity_verified_at=now,
            paused_days=paused,
            one_month_mark=deadlines.one_month_mark(received, paused_days=paused),
            original_due_date=deadlines.response_due_date(
                request["type"], received, paused_days=paused
            ),
        )
        changes["due_date"] = changes["original_due_date"]
    elif target is S.IN_PROGRESS:
        changes["identity_verified_at"] = request["identity_verified_at"] or now
    elif target is S.EXTENDED:
        changes.update(
            extension_reason=(reason or "").strip(),
            due_date=deadlines.response_due_date(
                request["type"],
                received,
                extended=True,
                paused_days=int(request["paused_days"]),
                erasure_extended_months=erasure_months,
            ),
        )
    else:  # completed, rejected, withdrawn
        changes.update(
            closed_at=now, outcome=target.value, outcome_reason=(reason or "").strip() or None
        )
    return changes


def addressee(cur: Cursor, request: dict[str, Any]) -> tuple[str, str, str | None]:
    """(name, language, e-mail) to write to: the matched person, else the requester."""
    person = people_rows.get(cur, request["person_id"]) if request["person_id"] else None
    if person is not None:
        return (
            people_rows.display_name(person),
            str(person["language"]),
            person["email"] or request["requester_email"],
        )
    return str(request["requester_name"]), "nl", request["requester_email"]


def _queue_extension_notice(
    cur: Cursor, request: dict[str, Any], due: date, reason: str, now: datetime
) -> None:
    name, language, email = addressee(cur, request)
    subject, body = render_letter(
        "extension_notice",
        language,
        name=name,
        reason=reason,
        received=format_date(deadlines.received_on(_aware(request["received_at"])), language),
        due=format_date(due, language),
        dpo=meta.privacy_contact(cur),
    )
    letter_rows.add(
        cur,
        person_id=request["person_id"],
        request_id=request["id"],
        kind="extension_notice",
        language=language,
        recipient_email=email,
        subject=subject,
        body=body,
        at=now,
    )


@requires(Action.TRIAGE_REQUEST)
def assign_request(
    db: Database,
    actor: Actor,
    request_id: int,
    *,
    seen_status: str,
    assignee_id: int,
    now: datetime,
) -> None:
    staff_id, role = audit_identity(actor)
    with db.transaction() as cur:
        if assignee_id not in {i for i, _ in request_rows.assignable_staff(cur)}:
            raise RequestError("assignee_not_dpo")
        if not request_rows.update_if_status(
            cur, request_id, seen_status, {"assignee_id": assignee_id}
        ):
            raise AlreadyChanged(*request_rows.last_change(cur, request_id))
        request_rows.add_event(
            cur, request_id, now, staff_id, None, None, f"assigned to staff {assignee_id}"
        )
        audit.append(
            cur,
            at=now,
            staff_id=staff_id,
            role=role,
            action="request_assigned",
            object_type="request",
            object_id=request_id,
            details={"assignee_id": assignee_id},
        )


@requires(Action.TRIAGE_REQUEST)
def match_person(
    db: Database,
    actor: Actor,
    request_id: int,
    *,
    seen_status: str,
    person_id: int,
    now: datetime,
) -> None:
    """Link the request to the person the DPO chose; never automatic."""
    staff_id, role = audit_identity(actor)
    with db.transaction() as cur:
        if not people_rows.exists(cur, person_id):
            raise RequestError("person_unknown")
        if not request_rows.match_if_unmatched(cur, request_id, seen_status, person_id):
            raise AlreadyChanged(*request_rows.last_change(cur, request_id))
        # letters written before the match belong to the person too: their export and
        # their erasure find them by person (issue 13)
        letter_rows.link_to_person(cur, request_id, person_id)
        request_rows.add_event(
            cur, request_id, now, staff_id, None, None, f"matched to person {person_id}"
        )
        audit.append(
            cur,
            at=now,
            staff_id=staff_id,
            role=role,
            action="request_matched",
            object_type="request",
            object_id=request_id,
            details={"person_id": person_id},
        )


@requires(Action.SEARCH_PEOPLE)
def requester_candidates(
    db: Database, actor: Actor, *, name: str | None, email: str | None
) -> pd.DataFrame:
    """People who may be the requester, to choose from (by e-mail, or every name word)."""
    tokens = [ascii_fold(w) for w in (name or "").split() if ascii_fold(w)]
    with db.cursor() as cur:
        return people_rows.candidates(cur, (email or "").strip() or None, tokens)


@requires(Action.TRIAGE_REQUEST)
def assignable(db: Database, actor: Actor) -> list[tuple[int, str]]:
    with db.cursor() as cur:
        return request_rows.assignable_staff(cur)


@requires(Action.TRIAGE_REQUEST)
def letter_for_download(db: Database, actor: Actor, letter_id: int) -> tuple[str, str]:
    """(file name, text) of a letter in the outbox."""
    with db.cursor() as cur:
        letter = letter_rows.get(cur, letter_id)
    if letter is None:
        raise RequestError("letter_unknown")
    text = f"{letter['subject']}\n\n{letter['body']}"
    return f"konnektus-{letter['kind']}-{letter_id}.txt", text


@requires(Action.VIEW_PROFILE)
def person_consents(db: Database, actor: Actor, person_id: int) -> pd.DataFrame:
    with db.cursor() as cur:
        return consent_rows.of_person(cur, person_id)
