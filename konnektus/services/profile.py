"""A person's profile (recruiters, back office, DPO), sensitive values masked by role (O2).

Values of sensitive categories never leave this module unless the role may see them, and
even then only through `reveal_item`, which writes the view to the audit log first.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import pandas as pd

from konnektus.db import audit, meta
from konnektus.db import consents as consent_rows
from konnektus.db import people as people_rows
from konnektus.db import profile as profile_rows
from konnektus.db import staff as staff_rows
from konnektus.db.database import Cursor, Database
from konnektus.domain import input_limits
from konnektus.domain.permissions import (
    SENSITIVE_CATEGORIES,
    Action,
    NotPermitted,
    can_see_category,
    may_see_person,
)
from konnektus.domain.retention import Clock, RetentionState, retention_state
from konnektus.domain.staff import Actor, StaffMember, audit_identity
from konnektus.services.access import hidden_for, requires
from konnektus.services.requests import RequestError, amsterdam_today

MASK = "••••••"
CONTACT_CHANNELS = ("phone", "email", "meeting", "letter")


@dataclass(frozen=True)
class Profile:
    person: dict[str, Any]
    recruiter: str | None
    retention: RetentionState
    items: pd.DataFrame  # value masked for categories this role may not see or has not revealed
    history: pd.DataFrame
    consents: pd.DataFrame
    disclosures: pd.DataFrame
    requests: pd.DataFrame
    letters: pd.DataFrame
    retention_contacts: pd.DataFrame


def _role(actor: Actor) -> str | None:
    return actor.role.value if isinstance(actor, StaffMember) else None


@requires(Action.VIEW_PROFILE)
def person_profile(db: Database, actor: Actor, person_id: int, *, today: date) -> Profile:
    with db.cursor() as cur:
        person = people_rows.get(cur, person_id)
        if person is None or person["erased_at"] is not None:
            raise RequestError("person_unknown")
        if isinstance(actor, StaffMember) and not may_see_person(actor.role, person["stage"]):
            raise NotPermitted(actor.role, Action.VIEW_APPLICANTS)
        recruiter = (
            staff_rows.name_of(cur, int(person["recruiter_id"]))
            if person["recruiter_id"] is not None
            else None
        )
        items = profile_rows.items(cur, person_id)
        role = _role(actor)
        items["visible"] = [can_see_category(role, c) for c in items["category"]]
        items["sensitive"] = [c in SENSITIVE_CATEGORIES for c in items["category"]]
        # sensitive values are masked for everyone until revealed (and audited);
        # the rest are shown to whoever may open the profile
        items["value"] = [
            v if (visible and not sensitive) else MASK
            for v, visible, sensitive in zip(
                items["value"], items["visible"], items["sensitive"], strict=True
            )
        ]
        state = retention_state(Clock.of(person), today, meta.retention_policy(cur))
        return Profile(
            person=person,
            recruiter=recruiter,
            retention=state,
            items=items,
            history=profile_rows.history(cur, person_id),
            consents=consent_rows.of_person(cur, person_id),
            disclosures=profile_rows.disclosures(cur, person_id, hidden_for(actor)),
            requests=profile_rows.requests(cur, person_id),
            letters=profile_rows.letters(cur, person_id),
            retention_contacts=profile_rows.retention_contacts(cur, person_id),
        )


@requires(Action.VIEW_PROFILE)
def reveal_item(db: Database, actor: Actor, item_id: int, *, now: datetime) -> str:
    """The value of one sensitive item, for a role that may see its category; audited."""
    with db.transaction() as cur:
        found = profile_rows.item(cur, item_id)
        if found is None:
            raise RequestError("item_unknown")
        person_id, category, value = found
        person = people_rows.get(cur, person_id) or {}
        if isinstance(actor, StaffMember) and not may_see_person(
            actor.role, person.get("stage", "")
        ):
            raise NotPermitted(actor.role, Action.VIEW_APPLICANTS)
        return audited_reveal(
            cur,
            actor,
            person_id,
            category,
            value,
            action="sensitive_viewed",
            details={"category": category, "item_id": item_id},
            now=now,
        )


def audited_reveal(
    cur: Cursor,
    actor: Actor,
    person_id: int,
    category: str,
    value: str,
    *,
    action: str,
    details: dict[str, Any],
    now: datetime,
) -> str:
    """`value`, if the actor's role may see `category`; the view goes to the audit log first,
    in the caller's transaction (the profile and the held-data page reveal alike)."""
    staff_id, role = audit_identity(actor)
    if not can_see_category(_role(actor), category):
        raise NotPermitted(role, SENSITIVE_CATEGORIES.get(category, Action.VIEW_PROFILE))
    audit.append(
        cur,
        at=now,
        staff_id=staff_id,
        role=role,
        action=action,
        object_type="person",
        object_id=person_id,
        details=details,
    )
    return value


@requires(Action.LOG_CONTACT)
def log_contact(
    db: Database, actor: Actor, person_id: int, *, channel: str, note: str, now: datetime
) -> int:
    """A contact moment, kept as correspondence (O9): part of the person's data. The note
    loses its control characters and holds at most the form's 2,000 characters (InputRefused
    text_too_long), whoever calls."""
    if channel not in CONTACT_CHANNELS:
        raise RequestError("unknown_contact_channel")
    text = input_limits.checked(note, "note", multiline=True)
    if text is None:
        raise RequestError("contact_note_required")
    staff_id, role = audit_identity(actor)
    with db.transaction() as cur:
        if not people_rows.exists(cur, person_id):
            raise RequestError("person_unknown")
        item_id = profile_rows.add_item(
            cur,
            person_id,
            "correspondence",
            f"[{channel}] {text}",
            amsterdam_today(now),
            "bemiddeling naar werk",
            "legitimate_interest",
        )
        audit.append(
            cur,
            at=now,
            staff_id=staff_id,
            role=role,
            action="contact_logged",
            object_type="person",
            object_id=person_id,
            details={"channel": channel},
        )
    return item_id
