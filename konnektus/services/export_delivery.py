"""When the answer to an access request counts as delivered, and what then happens to it.

By e-mail: once the cover e-mail carrying the encrypted ZIP has gone out (the outbox) and the
DPO has recorded passing on the password by the second channel, in either order. By post:
once the DPO records that the printout went in the post. Delivered, the stored copy goes and
the facts stay (db/request_exports.py).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from konnektus.db import audit
from konnektus.db import letters as letter_rows
from konnektus.db import request_exports as export_rows
from konnektus.db.database import Cursor, Database
from konnektus.domain.permissions import Action
from konnektus.domain.staff import Actor, audit_identity
from konnektus.services.access import requires
from konnektus.services.export import PASSWORD_CHANNELS, check_seen_export
from konnektus.services.requests import RequestError


def _deliver(cur: Cursor, request_id: int, now: datetime, staff_id: int | None, role: str) -> bool:
    if not export_rows.mark_delivered(cur, request_id, now):
        return False
    audit.append(
        cur,
        at=now,
        staff_id=staff_id,
        role=role,
        action="export_delivered",
        object_type="request",
        object_id=request_id,
    )
    return True


def _letter_sent(cur: Cursor, stored: dict[str, Any]) -> bool:
    if stored["letter_id"] is None:
        return False
    letter = letter_rows.get(cur, int(stored["letter_id"]))
    return letter is not None and letter["delivery_status"] == "sent"


@requires(Action.TRIAGE_REQUEST)
def record_password_sent(
    db: Database, actor: Actor, request_id: int, channel: str, *, seen_export: str, now: datetime
) -> bool:
    """The DPO passed the password on; True when that completed the delivery. The password
    belongs to the answer with fingerprint `seen_export`: a remade answer has another."""
    staff_id, role = audit_identity(actor)
    if channel not in PASSWORD_CHANNELS:
        raise RequestError("export_password_channel_unknown")
    with db.transaction() as cur:
        stored = export_rows.get(cur, request_id)
        if stored is None or stored["delivery"] != "encrypted_email":
            raise RequestError("export_not_made")
        if stored["delivered_at"] is not None:
            raise RequestError("export_already_delivered")
        check_seen_export(cur, request_id, stored, seen_export)
        export_rows.record_password_sent(cur, request_id, channel, now)
        audit.append(
            cur,
            at=now,
            staff_id=staff_id,
            role=role,
            action="export_password_sent",
            object_type="request",
            object_id=request_id,
            details={"channel": channel},
        )
        return _letter_sent(cur, stored) and _deliver(cur, request_id, now, staff_id, role)


@requires(Action.TRIAGE_REQUEST)
def record_posted(
    db: Database, actor: Actor, request_id: int, *, seen_export: str, now: datetime
) -> None:
    """The printout (fingerprint `seen_export`) and its cover letter went in the post:
    delivered."""
    staff_id, role = audit_identity(actor)
    with db.transaction() as cur:
        stored = export_rows.get(cur, request_id)
        if stored is None or stored["delivery"] != "post":
            raise RequestError("export_not_made")
        check_seen_export(cur, request_id, stored, seen_export)
        if not _deliver(cur, request_id, now, staff_id, role):
            raise RequestError("export_already_delivered")


def after_letter_sent(cur: Cursor, letter_id: int, now: datetime, role: str) -> None:
    """Called by the outbox in the transaction that marks a letter sent: the cover e-mail of
    an answer whose password was already passed on completes its delivery."""
    request_id = export_rows.request_of_letter(cur, letter_id)
    if request_id is None:
        return
    stored = export_rows.get(cur, request_id)
    if stored is not None and stored["password_sent_at"] is not None:
        _deliver(cur, request_id, now, None, role)


@requires(Action.TRIAGE_REQUEST)
def stored_export(db: Database, actor: Actor, request_id: int) -> dict[str, Any] | None:
    """What is kept of a request's answer (for the request page and the archive)."""
    with db.cursor() as cur:
        return export_rows.get(cur, request_id)
