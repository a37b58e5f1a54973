"""Withdrawing consent per purpose (O8, Art. 7(3)), and removing what was held only on it
(Art. 17(1)(b)).

A withdrawal blocks the disclosures that relied on the consent from that day on, and new ones
are refused (the disclosure rules read the consent). Data kept only because of a withdrawn
consent is listed; the DPO removes exactly the listed items with one confirmed click.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import pandas as pd

from konnektus.db import audit, meta
from konnektus.db import consents as consent_rows
from konnektus.db import letters as letter_rows
from konnektus.db import people as people_rows
from konnektus.db import sharing_consent as rows
from konnektus.db.database import Cursor, Database
from konnektus.domain.letters import render_letter
from konnektus.domain.permissions import Action
from konnektus.domain.sharing import (
    WITHDRAWAL_CHANNELS,
    data_held_only_on,
    period_bounds,
    withdrawal_date_refusal,
)
from konnektus.domain.staff import Actor, audit_identity
from konnektus.i18n import format_date, translate
from konnektus.services.access import requires
from konnektus.services.requests import AlreadyChanged, RequestError, amsterdam_today
from konnektus.services.sharing_register import SharingError


@dataclass(frozen=True)
class Withdrawal:
    consent_id: int
    disclosures_blocked: int
    items_removed: dict[str, int]  # category -> items held only on this consent, removed
    letter_id: int  # the person's confirmation in the outbox


class WithdrawalDateRefused(SharingError):
    """The day the withdrawal was received is missing, in the future or before the consent."""

    codes = (
        "withdrawal_received_missing",
        "withdrawal_received_in_future",
        "withdrawal_received_before_given",
    )


class RemovalOutdated(RequestError):
    """The list of items changed since it was shown; show it again."""

    section = "sharing"
    codes = ("remove_outdated",)

    def __init__(self) -> None:
        super().__init__("remove_outdated")


@requires(Action.WITHDRAW_CONSENT)
def person_consents(db: Database, actor: Actor, person_id: int) -> pd.DataFrame:
    """Every consent of the person, given and withdrawn, oldest first."""
    with db.cursor() as cur:
        return rows.consents_of(cur, person_id)


@requires(Action.WITHDRAW_CONSENT)
def withdraw_consent(
    db: Database,
    actor: Actor,
    consent_id: int,
    *,
    how: str,
    received_on: date | None,
    now: datetime,
) -> Withdrawal:
    """Withdraw one consent from the day the withdrawal was received (Art. 7(3)), which staff
    enter: not in the future, not before the consent was given. In one transaction the
    disclosures relying on it from that day are blocked, the data held only on it goes
    (Art. 17(1)(b)) when no other consent for its purpose still stands, the person's
    confirmation letter is queued and the audit entry written."""
    if how not in WITHDRAWAL_CHANNELS:
        raise SharingError("unknown_channel")
    staff_id, role = audit_identity(actor)
    today = amsterdam_today(now)
    with db.transaction() as cur:
        found = rows.consent(cur, consent_id)
        if found is None:
            raise SharingError("consent_unknown")
        refusal = withdrawal_date_refusal(received_on, found["given_on"], today)
        if refusal is not None:
            raise WithdrawalDateRefused(refusal)
        assert received_on is not None
        if not rows.withdraw(cur, consent_id, received_on, how):
            raise AlreadyChanged(*rows.last_withdrawal(cur, consent_id))
        since, _ = period_bounds(received_on, received_on)  # the received day's first moment
        blocked = consent_rows.block_disclosures_relying_on(cur, [consent_id], since)
        person_id = int(found["person_id"])
        removed = _remove_held_only_on(cur, person_id, str(found["purpose"]))
        letter_id = _confirmation(cur, person_id, found, received_on, removed, now)
        audit.append(
            cur,
            at=now,
            staff_id=staff_id,
            role=role,
            action="consent_withdrawn",
            object_type="consent",
            object_id=consent_id,
            details={
                "person_id": person_id,
                "received_on": received_on.isoformat(),
                "disclosures_blocked": blocked,
                "items_removed": removed,
                "letter_id": letter_id,
            },
        )
    return Withdrawal(consent_id, blocked, removed, letter_id)


def _held_only_on(cur: Cursor, person_id: int, purposes: set[str]) -> pd.DataFrame:
    """The items resting on a consent for one of `purposes` (the consent each names), and
    the items naming none that are kept only for such a consent (CONSENT_ONLY_DATA)."""
    return rows.items_on_consent(
        cur, person_id, sorted(purposes), list(data_held_only_on(purposes))
    )


def _remove_held_only_on(cur: Cursor, person_id: int, purpose: str) -> dict[str, int]:
    """The items (category -> count) resting on consent for `purpose`, once no consent for
    it still stands; removed now, except what a legal hold keeps."""
    if purpose not in rows.withdrawn_purposes(cur, person_id):
        return {}
    items = _held_only_on(cur, person_id, {purpose})
    if items.empty:
        return {}
    rows.remove_items(cur, person_id, [int(i) for i in items["id"]])
    return {str(c): int(n) for c, n in items["category"].value_counts().sort_index().items()}


def _confirmation(
    cur: Cursor,
    person_id: int,
    consent: dict[str, Any],
    received_on: date,
    removed: dict[str, int],
    now: datetime,
) -> int:
    person = people_rows.get(cur, person_id) or {}
    language = "en" if person.get("language") == "en" else "nl"
    if removed:
        block = "\n".join(
            [
                translate("consent_letter.removed_title", language),
                *(f"- {translate(f'category.{c}', language)} ({n})" for c, n in removed.items()),
            ]
        )
    else:
        block = translate("consent_letter.removed_none", language)
    subject, body = render_letter(
        "consent_withdrawal_confirmed",
        language,
        dpo=meta.privacy_contact(cur),
        received=format_date(received_on, language),
        given=format_date(consent["given_on"], language),
        purpose=translate(f"consent_purpose.{consent['purpose']}", language),
        removed_block=block,
    )
    return letter_rows.add(
        cur,
        person_id=person_id,
        request_id=None,
        kind="consent_withdrawal_confirmed",
        language=language,
        recipient_email=person.get("email"),
        subject=subject,
        body=body,
        at=now,
    )


@requires(Action.WITHDRAW_CONSENT)
def held_only_on_withdrawn_consent(db: Database, actor: Actor, person_id: int) -> pd.DataFrame:
    """Items (id, category, purpose, collected on; never a value) whose only ground was a
    consent the person has withdrawn, with no other consent for its purpose still given."""
    with db.cursor() as cur:
        return _held_only_on(cur, person_id, rows.withdrawn_purposes(cur, person_id))


@requires(Action.EXECUTE_ERASURE)
def remove_data_held_on_withdrawn_consent(
    db: Database, actor: Actor, person_id: int, *, seen_item_ids: list[int], now: datetime
) -> int:
    """Remove exactly the items the DPO was shown; nothing when the list changed since."""
    staff_id, role = audit_identity(actor)
    with db.transaction() as cur:
        purposes = rows.withdrawn_purposes(cur, person_id)
        current = _held_only_on(cur, person_id, purposes)
        ids = sorted(int(i) for i in current["id"])
        if not ids:
            raise AlreadyChanged(None, None)
        if ids != sorted(seen_item_ids):
            raise RemovalOutdated
        removed = rows.remove_items(cur, person_id, ids)
        audit.append(
            cur,
            at=now,
            staff_id=staff_id,
            role=role,
            action="consent_data_removed",
            object_type="person",
            object_id=person_id,
            details={"items": removed, "categories": sorted(set(current["category"]))},
        )
    return removed
