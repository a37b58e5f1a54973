"""Managing staff: validated input, audited changes, a role only from the staff table."""

from __future__ import annotations

from datetime import datetime

import pytest

from konnektus.db import audit
from konnektus.db.database import Database
from konnektus.domain.errors import CodedError
from konnektus.domain.input_limits import InputRefused
from konnektus.domain.permissions import Role
from konnektus.domain.staff import CLI
from konnektus.services import auth
from konnektus.services.staff import (
    StaffError,
    add_staff,
    change_role,
    deactivate_staff,
    list_staff,
    reactivate_staff,
)
from tests.helpers import demo_member

NOW = datetime(2026, 11, 26, 9, 0)


def last_action(db: Database) -> str:
    return str(db.query("SELECT action FROM audit_entry ORDER BY id DESC LIMIT 1")[0][0])


def test_added_staff_can_sign_in_with_their_role(empty_db: Database) -> None:
    added = add_staff(empty_db, CLI, "Eva.Smit@konnektus.nl", "Eva Smit", "recruiter", now=NOW)
    assert added.role is Role.RECRUITER and added.active
    assert auth.staff_for_email(empty_db, "eva.smit@KONNEKTUS.nl", now=NOW) == added
    assert last_action(empty_db) == "staff_added"


@pytest.mark.parametrize(
    ("email", "name", "role", "code", "value"),
    [
        ("not-an-address", "Eva", "dpo", "not_an_email", {"email": "not-an-address"}),
        ("eva@konnektus.nl", "  ", "dpo", "staff_name_required", {}),
        ("eva@konnektus.nl", "Eva", "admin", "unknown_role", {"role": "admin"}),
        # issue 13, break 9: control characters, markup and no limit
        ("eva\x00@konnektus.nl", "Eva", "dpo", "not_an_email", {}),
        ("eva\x1b[31m@konnektus.nl", "Eva", "dpo", "not_an_email", {}),
        ("<svg/onload=alert(1)>@x.nl", "Eva", "dpo", "not_an_email", {}),
        ("eva@konnektus.nl", "\x07\x00\x1b", "dpo", "staff_name_required", {}),
        ("eva@konnektus.nl", "E" * 201, "dpo", "text_too_long", {"limit": 200}),
        ("e" * 250 + "@konnektus.nl", "Eva", "dpo", "not_an_email", {}),
    ],
)
def test_bad_input_is_refused_with_a_clear_message_and_nothing_written(
    empty_db: Database, email: str, name: str, role: str, code: str, value: dict[str, str]
) -> None:
    with pytest.raises((StaffError, InputRefused)) as refused:
        add_staff(empty_db, CLI, email, name, role, now=NOW)
    assert isinstance(refused.value, CodedError)
    assert refused.value.code == code
    assert value.items() <= refused.value.params.items()
    assert empty_db.query("SELECT count(*) FROM staff") == [(0,)]
    assert empty_db.query("SELECT count(*) FROM audit_entry") == [(0,)]


def test_the_same_email_cannot_be_added_twice(empty_db: Database) -> None:
    add_staff(empty_db, CLI, "eva@konnektus.nl", "Eva", "dpo", now=NOW)
    with pytest.raises(StaffError) as refused:
        add_staff(empty_db, CLI, "EVA@konnektus.nl", "Eva again", "recruiter", now=NOW)
    assert refused.value.code == "staff_already_listed"
    assert refused.value.params == {"email": "EVA@konnektus.nl"}


def test_a_deactivated_member_is_refused_at_sign_in_and_the_refusal_is_audited(
    demo_db: Database,
) -> None:
    dpo = demo_member(demo_db, Role.DPO)
    recruiter = demo_member(demo_db, Role.RECRUITER)
    deactivate_staff(demo_db, dpo, recruiter.email, now=NOW)
    with pytest.raises(auth.SignInRefused) as refused:
        auth.staff_for_email(demo_db, recruiter.email, now=NOW)
    assert (refused.value.reason, refused.value.code) == ("deactivated", "sign_in_deactivated")
    assert last_action(demo_db) == "sign_in_refused"
    with pytest.raises(StaffError) as again:
        deactivate_staff(demo_db, dpo, recruiter.email, now=NOW)
    assert (again.value.code, again.value.params) == (
        "staff_already_deactivated",
        {"email": recruiter.email},
    )


def test_an_unknown_email_is_refused_and_the_audit_log_does_not_keep_the_address(
    demo_db: Database,
) -> None:
    with pytest.raises(auth.SignInRefused):
        auth.staff_for_email(demo_db, "stranger@example.org", now=NOW)
    details = demo_db.query("SELECT details FROM audit_entry ORDER BY id DESC LIMIT 1")[0][0]
    assert "unknown_email" in details and "stranger" not in details
    with demo_db.cursor() as cur:
        assert audit.verify(cur).intact


def test_the_staff_list_shows_everyone_for_the_dpo(demo_db: Database) -> None:
    names = {m.name for m in list_staff(demo_db, demo_member(demo_db, Role.DPO))}
    assert {"Sally-Ann de Groot", "Daan de Wit"} <= names


def test_demo_personas_exist_only_on_demo_data(demo_db: Database, empty_db: Database) -> None:
    assert [m.role for m in auth.demo_personas(demo_db)] == [
        Role.MANAGEMENT,
        Role.DPO,
        Role.RECRUITER,
        Role.BACKOFFICE,
    ]
    add_staff(empty_db, CLI, "eva@konnektus.nl", "Eva", "dpo", now=NOW)
    assert auth.demo_personas(empty_db) == []
    assert auth.demo_member(empty_db, 1) is None


def test_control_characters_are_removed_from_a_name(empty_db: Database) -> None:
    added = add_staff(empty_db, CLI, "eva@konnektus.nl", "Eva\x07 \x1bSmit\x00", "dpo", now=NOW)
    assert added.name == "Eva Smit"


def test_a_role_change_counts_from_the_next_click_and_is_audited(empty_db: Database) -> None:
    add_staff(empty_db, CLI, "eva@konnektus.nl", "Eva", "recruiter", now=NOW)
    changed = change_role(empty_db, CLI, "eva@konnektus.nl", "backoffice", now=NOW)
    assert changed.role is Role.BACKOFFICE
    assert auth.staff_for_email(empty_db, "eva@konnektus.nl", now=NOW).role is Role.BACKOFFICE
    assert last_action(empty_db) == "staff_role_changed"
    with pytest.raises(StaffError) as refused:
        change_role(empty_db, CLI, "eva@konnektus.nl", "backoffice", now=NOW)
    assert refused.value.code == "staff_role_unchanged"


def test_a_deactivated_member_can_be_reactivated(empty_db: Database) -> None:
    add_staff(empty_db, CLI, "eva@konnektus.nl", "Eva", "recruiter", now=NOW)
    deactivate_staff(empty_db, CLI, "eva@konnektus.nl", now=NOW)
    assert reactivate_staff(empty_db, CLI, "eva@konnektus.nl", now=NOW).active
    assert last_action(empty_db) == "staff_reactivated"


def test_a_dpo_cannot_change_their_own_role_or_access(empty_db: Database) -> None:
    eva = add_staff(empty_db, CLI, "eva@konnektus.nl", "Eva", "dpo", now=NOW)
    for change in (
        lambda: change_role(empty_db, eva, "eva@konnektus.nl", "recruiter", now=NOW),
        lambda: deactivate_staff(empty_db, eva, "eva@konnektus.nl", now=NOW),
    ):
        with pytest.raises(StaffError) as refused:
            change()
        assert refused.value.code == "staff_own_access"
