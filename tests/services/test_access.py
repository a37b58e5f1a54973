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


# Public service functions that need no role check, and why. Anything else must be guarded.
EXEMPT = {
    "konnektus.services.requests.lawful_due": "a pure date rule on a request row a checked"
    " caller read; reads and writes nothing",
    "konnektus.services.requests.kept_late_reason": "checks the typed reason of a late close"
    " for the checked closing services; reads and writes nothing",
    "konnektus.services.sharing_notify.notice_letters": "renders letters from rows a checked"
    " caller read (notify_people, the demo generator); reads and writes nothing itself",
    "konnektus.services.auth.staff_for_email": "sign-in itself: resolves who is acting",
    "konnektus.services.auth.record_sign_in": "records a sign-in the guard established",
    "konnektus.services.auth.record_sign_out": "records the member's own sign-out",
    "konnektus.services.auth.demo_personas": "demo sign-in screen; empty on real data",
    "konnektus.services.auth.demo_member": "demo sign-in; None on real data",
    "konnektus.services.auth.holds_demo_data": "a flag, no personal data",
    "konnektus.services.auth.staff_for_identity": "sign-in itself: resolves who is acting",
    "konnektus.services.auth.email_is_verified": "pure check of the provider's claims",
    "konnektus.services.auth.issue_demo_token": "demo sign-in; None on real data",
    "konnektus.services.auth.member_for_demo_token": "demo sign-in; None on real data",
    "konnektus.services.auth.demo_token_expiry": "reads a token's own expiry, no data",
    "konnektus.services.outbox.deliver_pending": "system job; the page uses send_outbox",
    "konnektus.services.outbox.smtp_settings_from_env": "reads configuration only",
    "konnektus.services.requests.queue_counters": "pure arithmetic on a queue already fetched",
    "konnektus.services.requests.utc_naive": "pure time conversion",
    "konnektus.services.requests.amsterdam_today": "pure time conversion",
    "konnektus.services.requests.local_time": "pure time conversion",
    "konnektus.services.requests.local_times": "pure time conversion",
    "konnektus.services.requests.addressee": "helper inside a guarded transaction (takes a cursor)",
    "konnektus.services.profile.audited_reveal": "helper inside a guarded reveal (takes a cursor)",
    "konnektus.services.audit_text.action_word": "pure rendering of an action code",
    "konnektus.services.audit_text.details_text": "pure rendering of an entry's details",
    "konnektus.services.audit_text.entries_in_words": "pure rendering of rows already fetched",
    "konnektus.services.erasure_text.certificate_text": "pure rendering of an erasure record",
    "konnektus.services.erasure_text.kept_lines": "pure rendering of what was kept",
    "konnektus.services.erasure_text.removed_lines": "pure rendering of what was removed",
    "konnektus.services.sharing_art19.erasure_letters_due": "helper inside a guarded erasure"
    " (takes a cursor)",
    "konnektus.services.sharing_art19.queue_erasure_letters": "helper inside a guarded erasure"
    " (takes a cursor)",
    "konnektus.services.export.build_zip": "pure packaging of rows already fetched",
    "konnektus.services.export.check_seen_export": "helper inside a guarded export or delivery"
    " (takes a cursor)",
    "konnektus.services.import_restriction.restriction_problems": "helper inside a guarded"
    " import check (takes a cursor)",
    "konnektus.services.export_delivery.after_letter_sent": "helper inside the outbox's"
    " transaction (takes a cursor)",
    "konnektus.services.request_letters.queue_request_letter": "helper inside a guarded"
    " request change (takes a cursor)",
    "konnektus.services.request_letters.letter_addressee": "helper inside a guarded"
    " request change (takes a cursor)",
    "konnektus.services.objection_text.purpose_words": "pure rendering of a purpose",
    "konnektus.services.objection_text.stopped_lines": "pure rendering of what stops",
    "konnektus.services.objection_text.objection_letter_values": "pure rendering of an"
    " objection's letter",
    "konnektus.services.objection_text.effect_sentence": "pure rendering of an objection's effect",
    "konnektus.services.request_letters.queue_rectification_letter": "helper inside a guarded"
    " request change (takes a cursor)",
    "konnektus.services.request_letters.posted": "helper inside the outbox's or the request"
    " page's guarded posting (takes a cursor)",
    "konnektus.services.request_letters.notice_delivered": "helper inside the outbox's or a"
    " guarded posting's transaction (takes a cursor)",
    "konnektus.services.retention_cleanup.cleanup_certificate": "pure rendering of a record",
    "konnektus.services.retention_cleanup.report_csv": "pure rendering of a finished run",
    "konnektus.services.statement.render_statement": "pure rendering of rows already fetched",
    "konnektus.services.statement.country_name": "pure rendering of a country code",
    "konnektus.services.sharing_refused.refused_reason_text": "pure rendering of a reason code",
    "konnektus.services.import_check.check_tables": "pure check of files already read, against"
    " rows a guarded import fetched",
    "konnektus.services.import_frames.amsterdam_day": "pure time conversion",
    "konnektus.services.import_frames.blocked": "pure rule on frames already checked",
    "konnektus.services.import_frames.clock_columns": "pure column selection",
    "konnektus.services.import_frames.db_frame": "pure reshaping of checked values",
    "konnektus.services.import_frames.ended_holds": "pure hold rule on checked employments",
    "konnektus.services.import_frames.new_people": "pure reshaping of checked people",
    "konnektus.services.import_frames.noon_utc": "pure time conversion",
    "konnektus.services.import_frames.references": "pure lookup in ids already fetched",
    "konnektus.services.import_read.read_files": "reads uploaded files, not the database",
    "konnektus.services.import_report.problem_message": "pure rendering of a problem",
    "konnektus.services.import_report.problem_text": "pure rendering of a problem",
    "konnektus.services.import_report.report_csv": "pure rendering of problems",
    "konnektus.services.import_report.report_frame": "pure rendering of problems",
    "konnektus.services.importing.known_rows": "helper inside a guarded import (takes a cursor)",
    "konnektus.services.maintenance.rebuild_needed": "system job's check; counts, no data",
    "konnektus.services.outbox.failure_text": "pure rendering of an exception's kind and codes",
}


def public_functions() -> list[str]:
    """Every public function defined in konnektus/services (the access module aside)."""
    names = []
    for module in MODULES:
        if module.__name__.endswith(".access"):
            continue
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if not name.startswith("_") and function.__module__ == module.__name__:
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


def test_every_public_service_function_is_permission_checked_or_exempt_with_a_reason() -> None:
    names = public_functions()
    assert len(names) > len(EXEMPT), "no service functions found"
    unguarded = [n for n in names if n not in REGISTRY and n not in EXEMPT]
    assert unguarded == []
    assert sorted(set(EXEMPT) - set(names)) == [], "exemptions for functions that are gone"
    assert not set(EXEMPT) & set(REGISTRY)


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
