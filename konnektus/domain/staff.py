"""Who is acting: a signed-in staff member, or the operator at the server's command line."""

from __future__ import annotations

from dataclasses import dataclass

from konnektus.domain.permissions import Role


@dataclass(frozen=True)
class StaffMember:
    id: int
    email: str
    name: str
    role: Role
    active: bool


@dataclass(frozen=True)
class CommandLineOperator:
    """Someone with a shell on the server: they hold the database file itself, so the
    command line may manage staff; what they do is audited under the role "cli"."""

    name: str = "command line"
    audit_role: str = "cli"


Actor = StaffMember | CommandLineOperator
CLI = CommandLineOperator()
# The dashboard's own scheduled jobs (konnektus/jobs): the same standing as the command line,
# which runs the same jobs while the dashboard is down, but audited as "scheduler".
SCHEDULER = CommandLineOperator(name="scheduler", audit_role="scheduler")


def audit_identity(actor: Actor) -> tuple[int | None, str]:
    """(staff id, role) as the audit log records them."""
    if isinstance(actor, CommandLineOperator):
        return None, actor.audit_role
    return actor.id, actor.role.value
