"""Sharing with outside parties (O7, O8): registering a disclosure, and the summaries that
show who got what and whether the person was told (the register: sharing_register.py).

Every write is one transaction with its audit entry, conditional on what the user saw: a
second click, or a colleague who was quicker, gets AlreadyChanged naming who did it. A
refused disclosure raises DisclosureRefused with a code the page puts into words; the rules
are checked inside the transaction, on the rows as they are then, and nothing is written.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import pandas as pd

from konnektus.db import audit
from konnektus.db import management as figures_sql
from konnektus.db import people as people_rows
from konnektus.db import sharing as sharing_rows
from konnektus.db import sharing_register as register_rows
from konnektus.db.database import Database
from konnektus.domain import input_limits
from konnektus.domain.errors import Term
from konnektus.domain.permissions import Action
from konnektus.domain.promises import NoticeCounts, Period
from konnektus.domain.restriction import check_not_restricted
from konnektus.domain.sharing import (
    DATA_CATEGORIES,
    ConsentFacts,
    PersonFacts,
    RecipientFacts,
    Refusal,
    disclosure_refusal,
    period_bounds,
)
from konnektus.domain.staff import Actor, audit_identity
from konnektus.services.access import hidden_for, requires
from konnektus.services.requests import RequestError, amsterdam_today, utc_naive

PAGE_SIZE = 50
# an identical disclosure registered this recently is a double click, not a new one
DOUBLE_CLICK = timedelta(minutes=2)


class DisclosureRefused(RequestError):
    """The disclosure may not be registered; nothing was written."""

    section = "sharing"
    codes = ("refused",)

    def __init__(self, refusal: Refusal) -> None:
        self.refusal = refusal
        # the reason in words, and the rule's code for whoever asks the DPO about it
        super().__init__(
            "refused", reason=Term("sharing.refusal", refusal.value), rule=refusal.value
        )


class DisclosureAlreadyRegistered(RequestError):
    section = "sharing"
    codes = ("already_registered",)

    def __init__(self, disclosure_id: int) -> None:
        self.disclosure_id = disclosure_id
        super().__init__("already_registered", id=disclosure_id)


@dataclass(frozen=True)
class DisclosurePage:
    rows: pd.DataFrame
    total: int
    page: int
    pages: int


@requires(Action.REGISTER_DISCLOSURE)
def consents_for_disclosure(db: Database, actor: Actor, person_id: int) -> pd.DataFrame:
    """The person's consents (id, purpose, given, withdrawn) to pick the one relied on."""
    with db.cursor() as cur:
        return sharing_rows.consents_of(cur, person_id)


@requires(Action.REGISTER_DISCLOSURE)
def register_disclosure(
    db: Database,
    actor: Actor,
    person_id: int,
    recipient_id: int,
    categories: tuple[str, ...] | list[str],
    purpose: str,
    legal_basis: str,
    consent_id: int | None,
    *,
    now: datetime,
    note: str = "",
    disclosed_at: datetime | None = None,
) -> int:
    """Record that `categories` of the person went to the recipient now (or at `disclosed_at`,
    Amsterdam time if naive, for a disclosure made earlier: not in the future, not before the
    person was registered, and judged by the rules as they stood that day), or refuse.

    `purpose` is a code of the purpose list (konnektus/domain/lawful_bases.py), `note` an
    optional free text with it (for a court order: the order's reference). The lawful-basis
    table, the consent's own purpose and the person's upheld objections are checked inside
    the transaction, on the rows as they are then."""
    staff_id, role = audit_identity(actor)
    moment = now if disclosed_at is None else utc_naive(disclosed_at)
    if moment > now:
        raise RequestError("disclosure_in_future", at=moment)
    today = amsterdam_today(moment)  # the day the rules are judged on
    chosen = tuple(dict.fromkeys(c for c in categories))  # keep order, drop repeats
    cleaned_purpose = purpose.strip()
    # control characters removed, at most the form's 200 characters (InputRefused)
    cleaned_note = " ".join((input_limits.checked(note, "purpose") or "").split())
    with db.transaction() as cur:
        person = people_rows.get(cur, person_id) or {}
        check_not_restricted(person)  # Art. 18: no new sharing
        since = person.get("created_at")
        if since is not None and today < amsterdam_today(since):
            raise RequestError("disclosure_before_person", since=amsterdam_today(since))
        refusal = disclosure_refusal(
            recipient=_recipient_facts(cur, recipient_id),
            person=_person_facts(cur, person_id),
            person_id=person_id,
            categories=chosen,
            purpose=cleaned_purpose,
            legal_basis=legal_basis,
            consent=_consent_facts(cur, consent_id) if legal_basis == "consent" else None,
            today=today,
            note=cleaned_note,
            stopped_purposes=sharing_rows.stopped_purposes(cur, person_id, moment),
        )
        if refusal is not None:
            raise DisclosureRefused(refusal)
        values: dict[str, Any] = {
            "person_id": person_id,
            "recipient_id": recipient_id,
            "data_categories": [c for c in DATA_CATEGORIES if c in chosen],
            "purpose": cleaned_purpose,
            "purpose_note": cleaned_note or None,
            "legal_basis": legal_basis,
            "consent_id": consent_id if legal_basis == "consent" else None,
            "disclosed_at": moment,
            "requested_by": staff_id,
        }
        earlier = sharing_rows.recent_same_disclosure(
            cur, values, moment - DOUBLE_CLICK, moment + DOUBLE_CLICK
        )
        if earlier is not None:
            raise DisclosureAlreadyRegistered(earlier)
        disclosure_id = sharing_rows.insert_disclosure(cur, values)
        audit.append(
            cur,
            at=now,
            staff_id=staff_id,
            role=role,
            action="disclosure_registered",
            object_type="disclosure",
            object_id=disclosure_id,
            details={
                "person_id": person_id,
                "recipient_id": recipient_id,
                "categories": len(values["data_categories"]),
                "purpose": cleaned_purpose,
                "consent_id": values["consent_id"],
            },
        )
    return disclosure_id


def _recipient_facts(cur: Any, recipient_id: int) -> RecipientFacts | None:
    row = register_rows.recipient(cur, recipient_id)
    if row is None:
        return None
    return RecipientFacts(
        kind=row["kind"],
        active=bool(row["active"]),
        country=row["country"],
        dpa_signed_on=row["dpa_signed_on"],
        dpa_expires_on=row["dpa_expires_on"],
        safeguard=row["safeguard"],
        category=row["category"],
    )


def _person_facts(cur: Any, person_id: int) -> PersonFacts | None:
    erased = sharing_rows.person_erased(cur, person_id)
    return None if erased is None else PersonFacts(erased=erased)


def _consent_facts(cur: Any, consent_id: int | None) -> ConsentFacts | None:
    if consent_id is None:
        return None
    row = sharing_rows.consent(cur, consent_id)
    return None if row is None else ConsentFacts(*row)


@requires(Action.VIEW_AGGREGATES)
def sharing_summary(
    db: Database, actor: Actor, *, grouping: str, first_day: date, last_day: date, today: date
) -> pd.DataFrame:
    """Per recipient ('recipient') or recipient category ('category') over the Amsterdam days
    first..last: counts only, never a person. Shares are of the disclosures neither blocked
    nor deferred on `today`: a deferred notice (UAVG art. 41) is neither told nor untold."""
    if grouping not in sharing_rows.GROUPINGS:
        raise RequestError("unknown_grouping")
    start, end = period_bounds(first_day, last_day)
    with db.cursor() as cur:
        frame = sharing_rows.summary(cur, grouping, first_day, last_day, start, end, today)
    counted = (frame["disclosures"] - frame["blocked"] - frame["deferred"]).astype("float64")
    for share, column in (
        ("share_on_time", "on_time"),
        ("share_late", "late"),
        ("share_not_notified", "not_notified"),
    ):
        frame[share] = (frame[column] / counted.where(counted > 0)).fillna(0.0)
    return frame


@requires(Action.VIEW_AGGREGATES)
def told_on_time(
    db: Database, actor: Actor, *, first_day: date, last_day: date, today: date
) -> NoticeCounts:
    """The "told on time" figure of the Amsterdam days first..last, as of the last day (or
    today): the one definition the overview and the board report read too
    (domain.promises.notice_standing)."""
    period = Period(min(first_day, last_day), max(first_day, last_day))
    with db.cursor() as cur:
        found = figures_sql.notice_counts(cur, [period], today=today)[0]
    return figures_sql.total_notices(found)


@requires(Action.VIEW_AGGREGATES)
def disclosures_per_month(
    db: Database, actor: Actor, *, first_day: date, last_day: date
) -> pd.DataFrame:
    """Disclosures per recipient category per calendar month (Amsterdam), for a chart."""
    with db.cursor() as cur:
        return sharing_rows.per_category_per_month(cur, first_day, last_day)


@requires(Action.VIEW_PROFILE)
def recipient_disclosures(
    db: Database,
    actor: Actor,
    recipient_id: int,
    *,
    first_day: date,
    last_day: date,
    only_unnotified: bool = False,
    page: int = 1,
    page_size: int = PAGE_SIZE,
) -> DisclosurePage:
    """One page of the recipient's disclosures, newest first, naming the person (roles that
    may see people only). Erased people keep their reference, never a name. A role that may
    not see a category (a recruiter: BSN, medical, criminal record, financial data) sees the
    other categories only, the purpose withheld, and not the disclosures of nothing else."""
    start, end = period_bounds(first_day, last_day)
    page_size = max(1, min(page_size, 500))
    hidden = hidden_for(actor)
    with db.cursor() as cur:
        total = sharing_rows.count_recipient_disclosures(
            cur, recipient_id, start, end, only_unnotified=only_unnotified, hidden=hidden
        )
        pages = max(1, -(-total // page_size))
        page = min(max(1, page), pages)
        rows = sharing_rows.recipient_disclosures(
            cur,
            recipient_id,
            start,
            end,
            only_unnotified=only_unnotified,
            limit=page_size,
            offset=(page - 1) * page_size,
            hidden=hidden,
        )
    return DisclosurePage(rows, total, page, pages)
