"""The retention page (O6): counts, the lists that need action, and the answer to the
extension question. Asking and reminding are in services/retention_letters.py.

Recruiters and the DPO use it; management sees only the home page's aggregates. Every list
holds only people not erased, and every figure comes from the one state rule in SQL.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

import pandas as pd

from konnektus.db import audit, meta
from konnektus.db import consents as consent_rows
from konnektus.db import people as people_rows
from konnektus.db import restriction as restriction_rows
from konnektus.db import retention as rows
from konnektus.db import retention_writes as writes
from konnektus.db.database import Database
from konnektus.db.retention import RetentionFilter
from konnektus.domain.consent_origin import JOB_FINDING, extension_answer_how
from konnektus.domain.errors import Term
from konnektus.domain.permissions import Action
from konnektus.domain.retention import (
    ACTION_LISTS,
    AGE_BUCKETS,
    ANSWER_CHANNELS,
    ASKABLE,
    REMINDABLE,
    Clock,
    ExtensionAnswer,
    RetentionState,
    answer_allowed,
    extended_expiry,
    retention_state,
    state_after_answer,
)
from konnektus.domain.staff import Actor, audit_identity
from konnektus.services.access import requires
from konnektus.services.requests import AlreadyChanged, RequestError, amsterdam_today

PAGE_SIZE = 50
EVERYONE = RetentionFilter()


@dataclass(frozen=True)
class RetentionOverview:
    counts: dict[RetentionState, int]  # every state, zero where nobody is in it
    by_age: pd.DataFrame  # age (index in AGE_BUCKETS), state, people: small, for the chart

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@requires(Action.VIEW_RETENTION, command_line=True)
def retention_overview(
    db: Database, actor: Actor, where: RetentionFilter = EVERYONE, *, today: date
) -> RetentionOverview:
    """Counts per state and records by retention age, aggregated in the database."""
    with db.cursor() as cur:
        found = rows.state_age_counts(cur, where, today, meta.retention_policy(cur))
    counts = dict.fromkeys(RetentionState, 0)
    for state, _age, people in found:
        counts[RetentionState(state)] += people
    by_age = pd.DataFrame(found, columns=["state", "age", "people"])
    assert by_age["age"].between(0, len(AGE_BUCKETS) - 1).all()
    return RetentionOverview(counts, by_age)


@dataclass(frozen=True)
class ListPage:
    state: RetentionState
    rows: pd.DataFrame  # one page, soonest expiry first
    total: int
    page: int
    pages: int


@requires(Action.VIEW_RETENTION, command_line=True)
def action_lists(
    db: Database,
    actor: Actor,
    where: RetentionFilter = EVERYONE,
    *,
    today: date,
    pages: Mapping[RetentionState, int] | None = None,
    page_size: int = PAGE_SIZE,
    own_recruiter_id: int | None = None,
) -> dict[RetentionState, ListPage]:
    """One page of each list that needs action (due, reminder due, no answer, expired,
    declined), fetched in one query; `own_recruiter_id`'s candidates come first. Each row
    says in `not_to_ask` which request keeps the person from being asked (a restriction,
    Art. 18, or an upheld objection to job finding, Art. 21), so the list can show it."""
    wanted = {state: max(1, (pages or {}).get(state, 1)) for state in ACTION_LISTS}
    windows = [(s.value, (n - 1) * page_size, page_size) for s, n in wanted.items()]
    with db.cursor() as cur:
        frame = rows.list_pages(
            cur, where, today, meta.retention_policy(cur), windows, own_recruiter_id
        )
        shown = [int(i) for i in frame["id"].dropna()]
        held = restriction_rows.not_to_ask(cur, shown) if shown else {}
    frame["not_to_ask"] = pd.array(
        [held.get(int(i)) if pd.notna(i) else None for i in frame["id"]], dtype="Int64"
    )
    result = {}
    for state, number in wanted.items():
        part = frame[frame["state"] == state.value]
        total = int(part["total"].iloc[0]) if len(part) else 0
        result[state] = ListPage(
            state,
            part[part["id"].notna()]
            .drop(columns=["state", "total"])
            .astype({"id": "int64"})
            .reset_index(drop=True),
            total,
            number,
            max(1, -(-total // page_size)),
        )
    return result


@requires(Action.VIEW_RETENTION, command_line=True)
def list_targets(
    db: Database, actor: Actor, state: RetentionState, where: RetentionFilter, *, today: date
) -> dict[int, date]:
    """Everyone on one list under the filter who may be asked, as {person id: expiry seen}:
    "the whole list" for an ask or a reminder, resolved in the database at the moment of the
    click. Nobody restricted (Art. 18) or whose objection stopped job finding (Art. 21) is
    on it; the page's rows show them as 'Niet vragen'."""
    if state not in ASKABLE | REMINDABLE:
        raise RequestError("list_not_askable", list=Term("retention", state.value))
    with db.cursor() as cur:
        members = rows.list_members(cur, state.value, where, today, meta.retention_policy(cur))
        held = restriction_rows.not_to_ask(cur, [person_id for person_id, _ in members])
    return {person_id: expiry for person_id, expiry in members if person_id not in held}


@requires(Action.VIEW_RETENTION, command_line=True)
def town_choices(db: Database, actor: Actor, *, recruiter_id: int | None = None) -> list[str]:
    """The towns people live in, for the town filter."""
    with db.cursor() as cur:
        return rows.towns(cur, recruiter_id)


@dataclass(frozen=True)
class AnswerRecorded:
    """What changed, for the screen to confirm."""

    answer: ExtensionAnswer
    channel: str
    state_before: RetentionState
    state_after: RetentionState
    expiry_before: date
    expiry_after: date


@requires(Action.RECORD_EXTENSION_ANSWER)
def record_extension_answer(
    db: Database,
    actor: Actor,
    person_id: int,
    *,
    seen_state: str,
    seen_expiry: date,
    answer: str,
    channel: str,
    now: datetime,
) -> AnswerRecorded:
    """O6: the person's answer to "may we keep your data two more years?", however it came.

    Yes adds 24 months to the later of the current expiry and today, and is stored as a consent
    for job finding given today; no marks the record for clean-up; "no answer" closes a
    written question that was never answered. Only while the question is open, and only once
    for the state and expiry the user saw.
    """
    try:
        chosen = ExtensionAnswer(answer)
    except ValueError:
        raise RequestError("unknown_answer") from None
    if chosen in (ExtensionAnswer.NONE, ExtensionAnswer.ASKED):
        raise RequestError("unknown_answer")
    if channel not in ANSWER_CHANNELS:
        raise RequestError("unknown_contact_channel")
    staff_id, role = audit_identity(actor)
    today = amsterdam_today(now)
    with db.transaction() as cur:
        person = people_rows.get(cur, person_id)
        if person is None or person["erased_at"] is not None:
            raise RequestError("person_unknown")
        policy = meta.retention_policy(cur)
        before = retention_state(Clock.of(person), today, policy)
        if (person["extension_state"], person["retention_expiry"]) != (seen_state, seen_expiry):
            raise AlreadyChanged(*writes.last_change(cur, person_id))
        if not answer_allowed(before, person["extension_state"], chosen):
            raise RequestError("extension_not_open")
        granted = chosen is ExtensionAnswer.GRANTED
        new_expiry = extended_expiry(person["retention_expiry"], today) if granted else None
        stored = state_after_answer(chosen)
        if not writes.set_extension_answer(
            cur, person_id, seen_state, seen_expiry, stored.value, new_expiry, granted
        ):
            raise AlreadyChanged(*writes.last_change(cur, person_id))
        writes.record_answer_contact(cur, person_id, today, channel, chosen.value)
        details: dict[str, object] = {"answer": chosen.value, "channel": channel}
        if granted:
            # the yes is the person's consent to two more years of job finding (Art. 6(1)(a),
            # 7(1)): recorded, so it can be shown and withdrawn like any other consent
            details["consent_id"] = consent_rows.add(
                cur, person_id, JOB_FINDING, today, extension_answer_how(channel)
            )
        audit.append(
            cur,
            at=now,
            staff_id=staff_id,
            role=role,
            action="extension_answer",
            object_type="person",
            object_id=person_id,
            details=details,
        )
        after = people_rows.get(cur, person_id)
        assert after is not None
    return AnswerRecorded(
        chosen,
        channel,
        before,
        retention_state(Clock.of(after), today, policy),
        seen_expiry,
        after["retention_expiry"],
    )


@requires(Action.ASK_EXTENSION)
def recent_print_batches(db: Database, actor: Actor, *, limit: int = 20) -> pd.DataFrame:
    """The latest print files (id, created_at, subject), newest first."""
    with db.cursor() as cur:
        return writes.print_batches(cur, limit)


@requires(Action.ASK_EXTENSION)
def print_batch_html(db: Database, actor: Actor, letter_id: int) -> str:
    """One print file, to download again."""
    with db.cursor() as cur:
        found = writes.print_batch(cur, letter_id)
    if found is None:
        raise RequestError("print_file_unknown")
    return found[1]
