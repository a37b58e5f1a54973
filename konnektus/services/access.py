"""Permission checks at the door of every service function (O2).

`@requires(Action.X)` checks the acting staff member before the function body runs, so a
refused call reads and writes nothing. Every decorated function is registered, which lets a
test call each one with every role that may not use it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Concatenate, ParamSpec, TypeVar

from konnektus.db.database import Database
from konnektus.domain.permissions import Action, NotPermitted, can, hidden_categories
from konnektus.domain.staff import Actor, CommandLineOperator, StaffMember

P = ParamSpec("P")
R = TypeVar("R")

# qualified name -> (function, action, whether the command line may call it)
REGISTRY: dict[str, tuple[Callable[..., object], Action, bool]] = {}


def check(actor: Actor, action: Action, *, command_line: bool = False) -> None:
    """Raise NotPermitted unless `actor` may perform `action` now."""
    if isinstance(actor, CommandLineOperator):
        if command_line:
            return
        raise NotPermitted("cli", action)
    if not actor.active or not can(actor.role, action):
        raise NotPermitted(actor.role if actor.active else "deactivated", action)


def requires(
    action: Action, *, command_line: bool = False
) -> Callable[
    [Callable[Concatenate[Database, Actor, P], R]], Callable[Concatenate[Database, Actor, P], R]
]:
    def decorate(
        function: Callable[Concatenate[Database, Actor, P], R],
    ) -> Callable[Concatenate[Database, Actor, P], R]:
        @functools.wraps(function)
        def guarded(db: Database, actor: Actor, /, *args: P.args, **kwargs: P.kwargs) -> R:
            check(actor, action, command_line=command_line)
            return function(db, actor, *args, **kwargs)

        REGISTRY[f"{function.__module__}.{function.__qualname__}"] = (
            guarded,
            action,
            command_line,
        )
        return guarded

    return decorate


def hidden_for(actor: Actor) -> list[str]:
    """The categories this actor may not learn went somewhere for a named person (issue 20
    point 5); anything but a staff member is shown none of them."""
    return hidden_categories(actor.role if isinstance(actor, StaffMember) else None)
