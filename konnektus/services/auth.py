"""Sign-in: from an identity (OIDC e-mail or a demo persona) to an active staff member.

The role always comes from the staff table, read on every run, so deactivating someone or
changing their role takes effect at their next click, whatever their browser still holds.
"""

from __future__ import annotations

import hashlib
from datetime import datetime

from konnektus.db import audit, meta
from konnektus.db import staff as staff_rows
from konnektus.db.database import Database
from konnektus.domain.staff import StaffMember


class SignInRefused(Exception):
    """The identity is not an active staff member; the refusal is in the audit log."""


def _fingerprint(email: str) -> str:
    # The audit log holds no personal data of outsiders: an unknown address is kept only as
    # a fingerprint, enough to see repeated attempts by the same address.
    return hashlib.sha256(email.strip().lower().encode("utf-8")).hexdigest()[:16]


def staff_for_email(
    db: Database, email: str | None, *, now: datetime, log_refusal: bool = True
) -> StaffMember:
    """The active staff member with this e-mail, or SignInRefused (and an audit entry,
    unless `log_refusal` is False because this session's refusal is already logged)."""
    with db.cursor() as cur:
        member = staff_rows.by_email(cur, email) if email else None
    if member is not None and member.active:
        return member
    reason = "unknown_email" if member is None else "deactivated"
    if not log_refusal:
        raise SignInRefused(reason)
    with db.transaction() as cur:
        audit.append(
            cur,
            at=now,
            staff_id=member.id if member else None,
            role=None,
            action="sign_in_refused",
            details={"reason": reason, "email_fingerprint": _fingerprint(email or "")},
        )
    raise SignInRefused(reason)


def record_sign_in(db: Database, member: StaffMember, *, method: str, now: datetime) -> None:
    with db.transaction() as cur:
        audit.append(
            cur,
            at=now,
            staff_id=member.id,
            role=member.role.value,
            action="sign_in",
            details={"method": method},
        )


def record_sign_out(db: Database, member: StaffMember, *, now: datetime) -> None:
    with db.transaction() as cur:
        audit.append(cur, at=now, staff_id=member.id, role=member.role.value, action="sign_out")


def holds_demo_data(db: Database) -> bool:
    """Whether the database says it holds demo data (the banner and the demo sign-in)."""
    with db.cursor() as cur:
        return meta.holds_demo_data(cur)


def demo_personas(db: Database) -> list[StaffMember]:
    """One staff member per role to sign in as, only when the database holds demo data."""
    with db.cursor() as cur:
        if not meta.holds_demo_data(cur):
            return []
        return staff_rows.first_of_each_role(cur)


def demo_member(db: Database, staff_id: int) -> StaffMember | None:
    """The demo persona chosen in this session; None on a database with real data."""
    return next((m for m in demo_personas(db) if m.id == staff_id), None)
