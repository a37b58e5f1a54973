"""The settings the DPO keeps, in one place (the settings page and `python -m konnektus
settings`): the privacy contact on every letter and export (O13), the lead times of the
retention question (O6), the request periods the law fixes (deadlines.md: read-only), and
the one of them the agency chooses within the law, how long an extended erasure may take
(the privacy statement's promise, 1 to 3 months). Every change is one transaction with its
audit entry."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from konnektus.db import audit, meta
from konnektus.db.database import Database
from konnektus.domain import input_limits
from konnektus.domain.contact import InvalidContact, PrivacyContact
from konnektus.domain.deadlines import (
    PERIOD_MONTHS,
    check_erasure_extended_months,
    extended_period_months,
)
from konnektus.domain.errors import CodedError
from konnektus.domain.permissions import Action
from konnektus.domain.requests import DEFAULT_IDENTITY_QUESTION_DAYS
from konnektus.domain.retention import RetentionPolicy
from konnektus.domain.special_data import (
    DEFAULT_MONTHS_AFTER_PLACEMENT,
    check_months_after_placement,
)
from konnektus.domain.staff import Actor, audit_identity
from konnektus.domain.text import clean_text
from konnektus.services.access import requires


@dataclass(frozen=True)
class Settings:
    contact: PrivacyContact
    retention: RetentionPolicy
    # request type -> (months, at most this many months from receipt when extended)
    periods: dict[str, tuple[int, int]]
    erasure_extended_months: int  # the policy behind erasure's extended period
    # days after receipt the identity question may still pause the clock (EDPB 01/2022)
    identity_question_days: int = DEFAULT_IDENTITY_QUESTION_DAYS
    # calendar months medical data may stay after the last employment ended (Art. 5(1)(e))
    medical_months_after_placement: int = DEFAULT_MONTHS_AFTER_PLACEMENT


def _request_periods(erasure_extended_months: int) -> dict[str, tuple[int, int]]:
    return {
        kind: (months, extended_period_months(kind, erasure_extended_months))
        for kind, months in PERIOD_MONTHS.items()
    }


@requires(Action.MANAGE_SETTINGS, command_line=True)
def current_settings(db: Database, actor: Actor) -> Settings:
    with db.cursor() as cur:
        erasure_months = meta.erasure_extended_months(cur)
        return Settings(
            meta.privacy_contact(cur),
            meta.retention_policy(cur),
            _request_periods(erasure_months),
            erasure_months,
            meta.identity_question_days(cur),
            meta.medical_months_after_placement(cur),
        )


# the contact's typed fields -> (input limit, lines allowed), as the settings form takes them
_CONTACT_TEXT = {
    "name": ("name", False),
    "phone": ("phone", False),
    "postal_address": ("address", True),
}


def _clean_contact(changes: dict[str, Any]) -> dict[str, Any]:
    """The changes as they may go on every letter: control characters removed from the text
    fields and each within its limit (InputRefused), the address checked by email-validator
    (InvalidContact, as the contact has always refused one)."""
    cleaned = dict(changes)
    for key, (field, multiline) in _CONTACT_TEXT.items():
        if isinstance(cleaned.get(key), str):
            cleaned[key] = input_limits.checked(cleaned[key], field, multiline=multiline) or ""
    if isinstance(cleaned.get("email"), str):
        try:
            email = input_limits.checked_email(cleaned["email"], required=True)
        except input_limits.InputRefused:
            email = None
        if email is None:
            raise InvalidContact("contact_email_invalid", value=clean_text(cleaned["email"])[:80])
        cleaned["email"] = email
    return cleaned


@requires(Action.MANAGE_SETTINGS, command_line=True)
def update_privacy_contact(
    db: Database, actor: Actor, changes: dict[str, Any], *, now: datetime
) -> PrivacyContact:
    """Change fields of the privacy contact; an unusable address is refused, nothing stored."""
    cleaned = _clean_contact(changes)
    staff_id, role = audit_identity(actor)
    with db.transaction() as cur:
        before = meta.privacy_contact(cur)
        after = before.with_changes(**cleaned)
        changed = sorted(k for k, v in asdict(after).items() if asdict(before)[k] != v)
        if not changed:
            return after
        meta.put_privacy_contact(cur, after)
        audit.append(
            cur,
            at=now,
            staff_id=staff_id,
            role=role,
            action="privacy_contact_changed",
            details={"fields": changed},
        )
    return after


@requires(Action.MANAGE_SETTINGS, command_line=True)
def update_retention_policy(
    db: Database, actor: Actor, policy: RetentionPolicy, *, now: datetime
) -> None:
    staff_id, role = audit_identity(actor)
    with db.transaction() as cur:
        before = meta.retention_policy(cur)
        if before == policy:
            return
        meta.put_retention_policy(cur, policy)
        audit.append(
            cur,
            at=now,
            staff_id=staff_id,
            role=role,
            action="retention_policy_changed",
            details=asdict(policy),
        )


@requires(Action.MANAGE_SETTINGS, command_line=True)
def update_erasure_extended_months(
    db: Database, actor: Actor, months: int, *, now: datetime
) -> None:
    """Set how many months from receipt an extended erasure may take (1 to 3, the GDPR's
    ceiling; InvalidPeriodPolicy otherwise, nothing stored). It applies to extensions from
    now on: a notice already sent keeps the date it named."""
    months = check_erasure_extended_months(months)
    staff_id, role = audit_identity(actor)
    with db.transaction() as cur:
        before = meta.erasure_extended_months(cur)
        if before == months:
            return
        meta.put_erasure_extended_months(cur, months)
        audit.append(
            cur,
            at=now,
            staff_id=staff_id,
            role=role,
            action="erasure_extension_policy_changed",
            details={"from": before, "to": months},
        )


class SettingRefused(CodedError, ValueError):
    """A setting outside what the law allows; nothing was stored."""


IDENTITY_QUESTION_DAYS_RANGE = (0, 30)  # "without undue delay": a month at most


@requires(Action.MANAGE_SETTINGS, command_line=True)
def update_identity_question_days(db: Database, actor: Actor, days: int, *, now: datetime) -> None:
    """How many days after receipt the identity question may still pause the clock."""
    low, high = IDENTITY_QUESTION_DAYS_RANGE
    if not low <= days <= high:
        raise SettingRefused("identity_question_days_range", low=low, high=high)
    staff_id, role = audit_identity(actor)
    with db.transaction() as cur:
        if meta.identity_question_days(cur) == days:
            return
        meta.put_identity_question_days(cur, days)
        audit.append(
            cur,
            at=now,
            staff_id=staff_id,
            role=role,
            action="identity_question_days_changed",
            details={"days": days},
        )


@requires(Action.MANAGE_SETTINGS, command_line=True)
def update_medical_months_after_placement(
    db: Database, actor: Actor, months: int, *, now: datetime
) -> None:
    """How many calendar months medical data may stay after the last employment ended (0 to
    12; InvalidSpecialDataTerm otherwise, nothing stored). The list of medical data past its
    end reads it at every look, so a change applies at once."""
    months = check_months_after_placement(months)
    staff_id, role = audit_identity(actor)
    with db.transaction() as cur:
        before = meta.medical_months_after_placement(cur)
        if before == months:
            return
        meta.put_medical_months_after_placement(cur, months)
        audit.append(
            cur,
            at=now,
            staff_id=staff_id,
            role=role,
            action="medical_term_changed",
            details={"from": before, "to": months},
        )
