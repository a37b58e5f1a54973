"""Withdrawing consent per purpose (O8, Art. 7(3)), and removing what was held only on it
(Art. 17(1)(b)).

A withdrawal blocks the disclosures that relied on the consent from that day on, and new ones
are refused (the disclosure rules read the consent). Data kept only because of a withdrawn
consent is listed; the DPO removes exactly the listed items with one confirmed click.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import pandas as pd

from konnektus.db import audit
from konnektus.db import consents as consent_rows
from konnektus.db import sharing_consent as rows
from konnektus.db.database import Database
from konnektus.domain.permissions import Action
from konnektus.domain.sharing import WITHDRAWAL_CHANNELS, data_held_only_on
from konnektus.domain.staff import Actor, audit_identity
from konnektus.services.access import requires
from konnektus.services.requests import AlreadyChanged, RequestError, amsterdam_today
from konnektus.services.sharing_register import SharingError


@dataclass(frozen=True)
class Withdrawal:
    consent_id: int
    disclosures_blocked: int


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
    db: Database, actor: Actor, consent_id: int, *, how: str, now: datetime
) -> Withdrawal:
    """Withdraw one consent from today; disclosures relying on it from today are blocked."""
    if how not in WITHDRAWAL_CHANNELS:
        raise SharingError("unknown_channel")
    staff_id, role = audit_identity(actor)
    today = amsterdam_today(now)
    with db.transaction() as cur:
        found = rows.consent(cur, consent_id)
        if found is None:
            raise SharingError("consent_unknown")
        if not rows.withdraw(cur, consent_id, today, how):
            raise AlreadyChanged(*rows.last_withdrawal(cur, consent_id))
        blocked = consent_rows.block_disclosures_relying_on(cur, [consent_id], today)
        audit.append(
            cur,
            at=now,
            staff_id=staff_id,
            role=role,
            action="consent_withdrawn",
            object_type="consent",
            object_id=consent_id,
            details={"person_id": found["person_id"], "disclosures_blocked": blocked},
        )
    return Withdrawal(consent_id, blocked)


@requires(Action.WITHDRAW_CONSENT)
def held_only_on_withdrawn_consent(db: Database, actor: Actor, person_id: int) -> pd.DataFrame:
    """Items (id, category, purpose, collected on; never a value) whose only ground was a
    consent the person has withdrawn for every purpose it served."""
    with db.cursor() as cur:
        categories = data_held_only_on(rows.withdrawn_purposes(cur, person_id))
        return rows.items_on_consent(cur, person_id, list(categories))


@requires(Action.EXECUTE_ERASURE)
def remove_data_held_on_withdrawn_consent(
    db: Database, actor: Actor, person_id: int, *, seen_item_ids: list[int], now: datetime
) -> int:
    """Remove exactly the items the DPO was shown; nothing when the list changed since."""
    staff_id, role = audit_identity(actor)
    with db.transaction() as cur:
        categories = data_held_only_on(rows.withdrawn_purposes(cur, person_id))
        current = rows.items_on_consent(cur, person_id, list(categories))
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
            details={"items": removed, "categories": list(categories)},
        )
    return removed
