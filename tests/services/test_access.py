"""Every service function refuses a role that may not use it, before touching anything."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable

import pytest

import konnektus.services
from konnektus.db.database import Database
from konnektus.domain.permissions import Action, NotPermitted, Role, can
from konnektus.domain.staff import CLI
from konnektus.services.access import REGISTRY, check
from tests.helpers import fingerprint, member

MODULES = [
    importlib.import_module(f"konnektus.services.{info.name}")
    for info in pkgutil.iter_modules(konnektus.services.__path__)
]


def acting_functions() -> list[str]:
    """Public service functions that take (db, actor, ...): each must be permission-checked."""
    names = []
    for module in MODULES:
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if name.startswith("_") or function.__module__ != module.__name__:
                continue
            params = list(inspect.signature(function).parameters)
            if params[:2] == ["db", "actor"]:
                names.append(f"{module.__name__}.{name}")
    return sorted(names)


def call_with_placeholders(function: Callable[..., object], db: Database, actor: object) -> None:
    wrapped = inspect.unwrap(function)
    params = list(inspect.signature(wrapped).parameters.values())[2:]
    positional = [
        None for p in params if p.kind is p.POSITIONAL_OR_KEYWORD and p.default is p.empty
    ]
    keywords = {p.name: None for p in params if p.kind is p.KEYWORD_ONLY and p.default is p.empty}
    function(db, actor, *positional, **keywords)


def test_every_function_that_acts_for_someone_is_permission_checked() -> None:
    names = acting_functions()
    assert names, "no service functions found"
    assert sorted(REGISTRY) == names


REFUSALS = [
    (name, role)
    for name, (_function, action, _cli) in sorted(REGISTRY.items())
    for role in Role
    if not can(role, action)
]


@pytest.mark.parametrize(("name", "role"), REFUSALS)
def test_a_role_without_permission_is_refused_and_nothing_changes(
    demo_db: Database, name: str, role: Role
) -> None:
    function = REGISTRY[name][0]
    before = fingerprint(demo_db)
    with pytest.raises(NotPermitted):
        call_with_placeholders(function, demo_db, member(role))
    assert fingerprint(demo_db) == before


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_a_deactivated_staff_member_is_refused_whatever_the_role(
    demo_db: Database, name: str
) -> None:
    before = fingerprint(demo_db)
    with pytest.raises(NotPermitted):
        call_with_placeholders(REGISTRY[name][0], demo_db, member(Role.DPO, active=False))
    assert fingerprint(demo_db) == before


@pytest.mark.parametrize("action", list(Action))
def test_the_command_line_is_refused_unless_a_function_allows_it(action: Action) -> None:
    with pytest.raises(NotPermitted):
        check(CLI, action)
    check(CLI, action, command_line=True)
