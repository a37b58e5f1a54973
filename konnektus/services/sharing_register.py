"""The register of recipients (O7): everyone reads it; back office and the DPO add, edit,
suspend and reactivate. Every change is one transaction with its audit entry, conditional on
what the user saw: a colleague who was quicker is named (AlreadyChanged).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import pandas as pd

from konnektus.db import audit
from konnektus.db import sharing_register as register_rows
from konnektus.db.database import Database
from konnektus.domain import input_limits
from konnektus.domain.lawful_bases import adequacy_covers, is_derogation
from konnektus.domain.permissions import Action
from konnektus.domain.sharing import (
    RECIPIENT_CATEGORIES,
    RECIPIENT_KINDS,
    SAFEGUARDS,
    agreement_status,
    in_eea,
    safeguard_required,
)
from konnektus.domain.staff import Actor, audit_identity
from konnektus.services.access import requires
from konnektus.services.requests import AlreadyChanged, RequestError


class SharingError(RequestError):
    """Bad input for the register; `code` is a key under sharing.error in the catalogs."""

    section = "sharing.error"


@dataclass(frozen=True)
class RecipientInput:
    name: str
    category: str
    kind: str
    country: str
    dpa_signed_on: date | None = None
    dpa_expires_on: date | None = None
    safeguard: str | None = None


def _clean(entry: RecipientInput) -> dict[str, Any]:
    # control characters removed, at most the form's 200 characters (InputRefused)
    name = " ".join((input_limits.checked(entry.name, "name") or "").split())
    country = entry.country.strip().upper()
    if not name:
        raise SharingError("name_required")
    if entry.category not in RECIPIENT_CATEGORIES:
        raise SharingError("unknown_category")
    if entry.kind not in RECIPIENT_KINDS:
        raise SharingError("unknown_kind")
    if len(country) != 2 or not country.isalpha():
        raise SharingError("bad_country")
    safeguard = entry.safeguard or None
    if safeguard is not None and safeguard not in SAFEGUARDS:
        raise SharingError("unknown_safeguard")
    if not safeguard_required(country):
        safeguard = None  # inside the EEA no transfer safeguard applies
    elif safeguard == "adequacy_decision" and not adequacy_covers(country):
        raise SharingError("adequacy_not_for_country")  # Art. 45 covers named countries only
    signed, expires = entry.dpa_signed_on, entry.dpa_expires_on
    if expires is not None and signed is None:
        raise SharingError("expiry_without_signing")
    if signed is not None and expires is not None and expires < signed:
        raise SharingError("expires_before_signed")
    return {
        "name": name,
        "category": entry.category,
        "kind": entry.kind,
        "dpa_signed_on": signed,
        "dpa_expires_on": expires,
        "country": country,
        "safeguard": safeguard,
    }


@requires(Action.VIEW_AGGREGATES)
def recipient_register(db: Database, actor: Actor, *, today: date) -> pd.DataFrame:
    """Every recipient with its agreement status on `today` and its transfer flags."""
    with db.cursor() as cur:
        frame = register_rows.recipients(cur)
    frame["agreement"] = [
        agreement_status(k, _day(s), _day(e), today).value
        for k, s, e in zip(
            frame["kind"], frame["dpa_signed_on"], frame["dpa_expires_on"], strict=True
        )
    ]
    frame["outside_eea"] = [not in_eea(c) for c in frame["country"]]
    frame["safeguard_missing"] = frame["outside_eea"] & frame["safeguard"].isna()
    # explicit consent is an Art. 49 derogation, not a safeguard: occasional transfers only
    frame["derogation"] = [is_derogation(s) for s in frame["safeguard"]]
    return frame


@requires(Action.MANAGE_RECIPIENTS)
def add_recipient(db: Database, actor: Actor, entry: RecipientInput, *, now: datetime) -> int:
    fields = _clean(entry)
    staff_id, role = audit_identity(actor)
    with db.transaction() as cur:
        if register_rows.name_taken(cur, fields["name"], None):
            raise SharingError("name_taken")
        recipient_id = register_rows.insert_recipient(cur, fields, now, staff_id)
        audit.append(
            cur,
            at=now,
            staff_id=staff_id,
            role=role,
            action="recipient_added",
            object_type="recipient",
            object_id=recipient_id,
            details={"kind": fields["kind"], "category": fields["category"]},
        )
    return recipient_id


@requires(Action.MANAGE_RECIPIENTS)
def edit_recipient(
    db: Database,
    actor: Actor,
    recipient_id: int,
    entry: RecipientInput,
    *,
    seen_changed_at: datetime | None,
    now: datetime,
) -> None:
    """Save an edit of the version the user saw; a colleague's later save is not overwritten."""
    fields = _clean(entry)
    staff_id, role = audit_identity(actor)
    with db.transaction() as cur:
        before = register_rows.recipient(cur, recipient_id)
        if before is None:
            raise SharingError("recipient_unknown")
        if register_rows.name_taken(cur, fields["name"], recipient_id):
            raise SharingError("name_taken")
        if not register_rows.update_recipient_if_unchanged(
            cur, recipient_id, seen_changed_at, fields, now, staff_id
        ):
            raise AlreadyChanged(*register_rows.last_change(cur, recipient_id))
        audit.append(
            cur,
            at=now,
            staff_id=staff_id,
            role=role,
            action="recipient_edited",
            object_type="recipient",
            object_id=recipient_id,
            details={"fields": sorted(k for k in fields if fields[k] != before[k])},
        )


@requires(Action.MANAGE_RECIPIENTS)
def suspend_recipient(db: Database, actor: Actor, recipient_id: int, *, now: datetime) -> None:
    """No new disclosures to this recipient until it is reactivated."""
    _set_active(db, actor, recipient_id, active=False, now=now)


@requires(Action.MANAGE_RECIPIENTS)
def reactivate_recipient(db: Database, actor: Actor, recipient_id: int, *, now: datetime) -> None:
    _set_active(db, actor, recipient_id, active=True, now=now)


def _set_active(
    db: Database, actor: Actor, recipient_id: int, *, active: bool, now: datetime
) -> None:
    staff_id, role = audit_identity(actor)
    with db.transaction() as cur:
        if register_rows.recipient(cur, recipient_id) is None:
            raise SharingError("recipient_unknown")
        if not register_rows.set_active_if(cur, recipient_id, active, now, staff_id):
            raise AlreadyChanged(*register_rows.last_change(cur, recipient_id))
        audit.append(
            cur,
            at=now,
            staff_id=staff_id,
            role=role,
            action="recipient_reactivated" if active else "recipient_suspended",
            object_type="recipient",
            object_id=recipient_id,
        )


def _day(value: object) -> date | None:
    """A date from a frame cell (NaT/None become None)."""
    if value is None or pd.isna(value):  # type: ignore[call-overload]
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return pd.Timestamp(value).date()  # type: ignore[arg-type]
