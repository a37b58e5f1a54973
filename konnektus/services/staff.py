"""Managing who may sign in (the `staff` command, and later a page for the DPO)."""

from __future__ import annotations

from datetime import datetime

from konnektus.db import audit
from konnektus.db import staff as staff_rows
from konnektus.db.database import Database
from konnektus.domain.errors import CodedError, Term
from konnektus.domain.permissions import Action, Role
from konnektus.domain.staff import Actor, StaffMember, audit_identity
from konnektus.domain.text import is_email
from konnektus.services.access import requires


class StaffError(CodedError, ValueError):
    """Bad input for a staff change; `code` (under errors.*) says what to correct."""


@requires(Action.MANAGE_STAFF, command_line=True)
def add_staff(
    db: Database, actor: Actor, email: str, name: str, role: str, *, now: datetime
) -> StaffMember:
    if not is_email(email.strip()):
        raise StaffError("not_an_email", email=email)
    if not name.strip():
        raise StaffError("staff_name_required")
    try:
        chosen = Role(role)
    except ValueError:
        raise StaffError(
            "unknown_role", role=role, roles=[Term("role", r.value) for r in Role]
        ) from None
    staff_id, actor_role = audit_identity(actor)
    with db.transaction() as cur:
        if staff_rows.by_email(cur, email) is not None:
            raise StaffError("staff_already_listed", email=email.strip())
        new_id = staff_rows.insert(cur, email, name, chosen, now)
        audit.append(
            cur,
            at=now,
            staff_id=staff_id,
            role=actor_role,
            action="staff_added",
            object_type="staff",
            object_id=new_id,
            details={"role": chosen.value},
        )
        member = staff_rows.by_id(cur, new_id)
    assert member is not None
    return member


@requires(Action.MANAGE_STAFF, command_line=True)
def list_staff(db: Database, actor: Actor) -> list[StaffMember]:
    with db.cursor() as cur:
        return staff_rows.all_staff(cur)


@requires(Action.MANAGE_STAFF, command_line=True)
def deactivate_staff(db: Database, actor: Actor, email: str, *, now: datetime) -> StaffMember:
    staff_id, actor_role = audit_identity(actor)
    with db.transaction() as cur:
        member = staff_rows.by_email(cur, email)
        if member is None:
            raise StaffError("staff_not_listed", email=email.strip())
        if not staff_rows.deactivate(cur, member.id):
            raise StaffError("staff_already_deactivated", email=member.email)
        audit.append(
            cur,
            at=now,
            staff_id=staff_id,
            role=actor_role,
            action="staff_deactivated",
            object_type="staff",
            object_id=member.id,
        )
        updated = staff_rows.by_id(cur, member.id)
    assert updated is not None
    return updated
