"""Managing who may sign in: the DPO's staff page and the `staff` command.

Every change is one transaction with its audit entry, conditional on the row as it was, and
takes effect at the member's next click (the role and the active flag are read on every run).
A DPO cannot change their own role or access from the page, so the last DPO cannot lock
everyone out by a slip; the command line (someone holding the file) can.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from konnektus.db import audit
from konnektus.db import staff as staff_rows
from konnektus.db.database import Cursor, Database
from konnektus.domain import input_limits
from konnektus.domain.errors import CodedError, Term
from konnektus.domain.permissions import Action, Role
from konnektus.domain.staff import Actor, StaffMember, audit_identity
from konnektus.services.access import requires


class StaffError(CodedError, ValueError):
    """Bad input for a staff change; `code` (under errors.*) says what to correct."""


@requires(Action.MANAGE_STAFF, command_line=True)
def add_staff(
    db: Database, actor: Actor, email: str, name: str, role: str, *, now: datetime
) -> StaffMember:
    checked_email = input_limits.checked_email(email, required=True)  # or InputRefused
    checked_name = input_limits.checked(name, "name")
    if checked_email is None:
        raise StaffError("not_an_email", email=email)
    if checked_name is None:
        raise StaffError("staff_name_required")
    email, name = checked_email, checked_name
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
        _own(actor, member)
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


def _own(actor: Actor, member: StaffMember) -> None:
    if isinstance(actor, StaffMember) and actor.id == member.id:
        raise StaffError("staff_own_access")


def _changed(
    db: Database,
    actor: Actor,
    email: str,
    change: Callable[[Cursor, StaffMember], bool],
    action: str,
    *,
    now: datetime,
    details: dict[str, object] | None = None,
) -> StaffMember | None:
    """The member after the change, or None when the change did not apply (already so)."""
    staff_id, actor_role = audit_identity(actor)
    with db.transaction() as cur:
        member = staff_rows.by_email(cur, email)
        if member is None:
            raise StaffError("staff_not_listed", email=email.strip())
        _own(actor, member)
        if not change(cur, member):
            return None
        audit.append(
            cur,
            at=now,
            staff_id=staff_id,
            role=actor_role,
            action=action,
            object_type="staff",
            object_id=member.id,
            details=details,
        )
        updated = staff_rows.by_id(cur, member.id)
    assert updated is not None
    return updated


@requires(Action.MANAGE_STAFF, command_line=True)
def change_role(db: Database, actor: Actor, email: str, role: str, *, now: datetime) -> StaffMember:
    """Give a member another role; it counts from their next click."""
    try:
        chosen = Role(role)
    except ValueError:
        raise StaffError(
            "unknown_role", role=role, roles=[Term("role", r.value) for r in Role]
        ) from None
    member = _changed(
        db,
        actor,
        email,
        lambda cur, member: staff_rows.set_role(cur, member.id, member.role, chosen),
        "staff_role_changed",
        now=now,
        details={"role": chosen.value},
    )
    if member is None:
        raise StaffError("staff_role_unchanged", email=email.strip())
    return member


@requires(Action.MANAGE_STAFF, command_line=True)
def reactivate_staff(db: Database, actor: Actor, email: str, *, now: datetime) -> StaffMember:
    member = _changed(
        db,
        actor,
        email,
        lambda cur, m: staff_rows.reactivate(cur, m.id),
        "staff_reactivated",
        now=now,
    )
    if member is None:
        raise StaffError("staff_already_active", email=email.strip())
    return member


@requires(Action.MANAGE_STAFF, command_line=True)
def reset_sign_in(db: Database, actor: Actor, email: str, *, now: datetime) -> StaffMember:
    """Forget which single sign-on account the member signs in with: the next account that
    signs in with their verified address is bound instead (someone got a new account)."""
    member = _changed(
        db,
        actor,
        email,
        lambda cur, m: staff_rows.reset_sub(cur, m.id),
        "staff_sign_in_reset",
        now=now,
    )
    if member is None:
        raise StaffError("staff_not_bound", email=email.strip())
    return member


@requires(Action.MANAGE_STAFF, command_line=True)
def sign_in_bindings(db: Database, actor: Actor) -> dict[int, bool]:
    """Per staff id: whether a single sign-on account is bound (never the account itself)."""
    with db.cursor() as cur:
        return staff_rows.bound_flags(cur)
