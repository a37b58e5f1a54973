"""Sign-in: from an identity (OIDC e-mail or a demo persona) to an active staff member.

The role always comes from the staff table, read on every run, so deactivating someone or
changing their role takes effect at their next click, whatever their browser still holds.

OIDC: only an e-mail address the identity provider says it has verified (`email_verified`)
is matched to the staff list; anyone can type an unverified address into an account at many
providers. The first sign-in binds the staff member to the provider's subject (`sub`, the
account's stable id); from then on the `sub` must match too, so a second account that comes
to claim the same address (a re-created mailbox, a second tenant, a provider that lets users
change their address) is refused. The DPO resets a binding when someone really gets a new
account (the staff page, or `staff reset-sign-in`).

Demo: choosing a persona gives the browser a signed, expiring token (a cookie) so that a
reload keeps the persona; it names the staff member and proves nothing else. Each run still
reads the staff row, and the token counts only on a database that holds demo data.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import secrets
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any, NoReturn

from konnektus.db import audit, meta, secret
from konnektus.db import staff as staff_rows
from konnektus.db.database import Database
from konnektus.domain.errors import CodedError
from konnektus.domain.staff import StaffMember


class SignInRefused(CodedError):
    """The identity is not an active staff member; the refusal is in the audit log.

    `reason` is what the audit entry says (unknown_email, deactivated, email_unverified);
    the message code is `sign_in_<reason>`.
    """

    codes = (
        "sign_in_unknown_email",
        "sign_in_deactivated",
        "sign_in_email_unverified",
        "sign_in_subject_missing",
        "sign_in_subject_mismatch",
    )

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(f"sign_in_{reason}")


def _fingerprint(email: str, key: bytes) -> str:
    # The audit log holds no personal data of outsiders: an unknown address is kept only as
    # a fingerprint, enough to see repeated attempts by the same address. Keyed with the
    # installation's secret, so a guessed address cannot be checked against the log.
    normalised = email.strip().lower().encode("utf-8")
    return hmac.new(key, normalised, hashlib.sha256).hexdigest()[:16]


def email_is_verified(claims: Mapping[str, Any]) -> bool:
    """Whether the identity provider vouches for the e-mail claim. Some providers send the
    claim as the string "true"; a missing claim counts as not verified. Microsoft Entra ID
    never sends `email_verified` for organisational accounts; its optional claim `xms_edov`
    ("email domain owner verified", added in the app registration) stands in for it, but only
    when `email_verified` is absent."""
    verified = claims.get("email_verified")
    if verified is None:
        verified = claims.get("xms_edov")
    return verified is True or (isinstance(verified, str) and verified.lower() == "true")


def staff_for_identity(
    db: Database, claims: Mapping[str, Any], *, now: datetime, log_refusal: bool = True
) -> StaffMember:
    """The active staff member for these OIDC claims, or SignInRefused (audited like
    `staff_for_email`): the e-mail must be one the provider has verified."""
    email = claims.get("email")
    email = str(email) if email else None
    if not email_is_verified(claims):
        _refuse(db, None, "email_unverified", email, now=now, log_refusal=log_refusal)
    member = staff_for_email(db, email, now=now, log_refusal=log_refusal)
    sub = str(claims.get("sub") or "").strip()
    if not sub:
        _refuse(db, member, "subject_missing", email, now=now, log_refusal=log_refusal)
    with db.cursor() as cur:
        bound = staff_rows.bound_sub(cur, member.id)
    if bound is None:
        bound = _bind(db, member, sub, now=now)
    if not hmac.compare_digest(bound.encode("utf-8"), sub.encode("utf-8")):
        _refuse(db, member, "subject_mismatch", email, now=now, log_refusal=log_refusal)
    return member


def _bind(db: Database, member: StaffMember, sub: str, *, now: datetime) -> str:
    """Bind this member to the account signing in now (the first sign-in); the binding in
    force afterwards (another session may have bound first). The audit entry keeps no sub."""
    with db.transaction() as cur:
        taken_by = staff_rows.member_with_sub(cur, sub)
        if taken_by is not None and taken_by != member.id:
            return ""  # one provider account signs in as one staff member, never two
        if staff_rows.bind_sub(cur, member.id, sub, now):
            audit.append(
                cur,
                at=now,
                staff_id=member.id,
                role=member.role.value,
                action="sign_in_bound",
                object_type="staff",
                object_id=member.id,
            )
        return staff_rows.bound_sub(cur, member.id) or ""


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
    _refuse(db, member, reason, email, now=now, log_refusal=log_refusal)


def _refuse(
    db: Database,
    member: StaffMember | None,
    reason: str,
    email: str | None,
    *,
    now: datetime,
    log_refusal: bool,
) -> NoReturn:
    if not log_refusal:
        raise SignInRefused(reason)
    with db.transaction() as cur:
        key = secret.secret(cur)
        assert key is not None
        audit.append(
            cur,
            at=now,
            staff_id=member.id if member else None,
            role=None,
            action="sign_in_refused",
            details={"reason": reason, "email_fingerprint": _fingerprint(email or "", key)},
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


# --- Demo sign-in that survives a reload ---------------------------------------------------

DEMO_TOKEN_LIFETIME = timedelta(hours=8)  # a working day; then choose the persona again
# The signing key lives in the database's own meta table, not in a file next to it: a token
# is then valid for this one database only (a regenerated demo database draws a new key, so
# a token naming staff id 3 of an old file never signs in whoever is id 3 now), there is no
# second file to create, copy along or forget, and whoever can read the database file could
# read every value the token guards anyway. Only demo databases ever get a key.
_DEMO_KEY = "demo_sign_in_key"
_TOKEN_VERSION = "v1"


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _epoch(moment: datetime) -> int:
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    return int(aware.timestamp())


def _signature(key: bytes, signed_part: str) -> str:
    return _b64(hmac.new(key, signed_part.encode("ascii"), hashlib.sha256).digest())


def _demo_key(db: Database, *, create: bool) -> bytes | None:
    with db.cursor() as cur:
        stored = meta.get(cur, _DEMO_KEY)
    if stored is None and create:
        with db.transaction() as cur:  # the write lock: two first sign-ins make one key
            stored = meta.get(cur, _DEMO_KEY)
            if stored is None:
                stored = secrets.token_hex(32)
                meta.put(cur, _DEMO_KEY, stored)
    return bytes.fromhex(stored) if stored else None


def issue_demo_token(db: Database, member: StaffMember, *, now: datetime) -> str | None:
    """A signed token naming this demo persona until `now` + 8 hours; None on real data."""
    if demo_member(db, member.id) is None:
        return None
    key = _demo_key(db, create=True)
    assert key is not None
    payload = {
        "staff": member.id,
        "exp": _epoch(now + DEMO_TOKEN_LIFETIME),
        "nonce": secrets.token_hex(8),  # two tokens for one persona differ (revocation)
    }
    body = _b64(json.dumps(payload, separators=(",", ":")).encode("utf-8"))
    signed_part = f"{_TOKEN_VERSION}.{body}"
    return f"{signed_part}.{_signature(key, signed_part)}"


def demo_token_expiry(token: str) -> int | None:
    """When a token says it expires (Unix seconds), unchecked: only for the cookie's own
    expiry, so the browser drops it when it stops counting anyway."""
    try:
        return int(json.loads(_unb64(token.split(".")[1]))["exp"])
    except (IndexError, ValueError, KeyError, TypeError, binascii.Error):
        return None


def member_for_demo_token(db: Database, token: str, *, now: datetime) -> StaffMember | None:
    """The active demo persona a token names, or None: a token that is malformed, signed
    with another key, altered, expired, or shown to a database without demo data, counts
    for nothing. The staff row is read now, so a deactivated member is out at once."""
    if not holds_demo_data(db):
        return None
    key = _demo_key(db, create=False)
    parts = token.split(".")
    if key is None or len(parts) != 3 or parts[0] != _TOKEN_VERSION:
        return None
    signed_part = f"{parts[0]}.{parts[1]}"
    if not hmac.compare_digest(_signature(key, signed_part), parts[2]):
        return None
    try:
        payload = json.loads(_unb64(parts[1]))
        staff_id, expires = int(payload["staff"]), int(payload["exp"])
    except (ValueError, KeyError, TypeError, binascii.Error):
        return None
    if _epoch(now) >= expires:
        return None
    return demo_member(db, staff_id)
