"""Profiles: sensitive values masked by role, reveals audited, actions recorded."""

from __future__ import annotations

from datetime import datetime

import pytest

from konnektus.db.database import Database
from konnektus.domain.permissions import NotPermitted, Role
from konnektus.services import profile as profile_service
from konnektus.services.requests import RequestError
from tests.conftest import DEMO_TODAY
from tests.helpers import demo_member

NOW = datetime(2026, 11, 26, 10, 0)


def employee(db: Database) -> int:
    """Someone holding BSN, IBAN, ID and medical data."""
    return int(
        db.query(
            "SELECT person_id FROM personal_data_item WHERE category = 'medical'"
            " AND person_id IN (SELECT person_id FROM personal_data_item WHERE category = 'bsn')"
            " ORDER BY person_id LIMIT 1"
        )[0][0]
    )


def values_by_category(db: Database, role: Role, person_id: int) -> dict[str, set[str]]:
    profile = profile_service.person_profile(db, demo_member(db, role), person_id, today=DEMO_TODAY)
    found: dict[str, set[str]] = {}
    for category, value in zip(profile.items["category"], profile.items["value"], strict=True):
        found.setdefault(category, set()).add(value)
    return found


@pytest.mark.parametrize("role", [Role.RECRUITER, Role.BACKOFFICE, Role.DPO])
def test_no_role_receives_a_sensitive_value_without_revealing_it(
    demo_db: Database, role: Role
) -> None:
    person_id = employee(demo_db)
    shown = values_by_category(demo_db, role, person_id)
    for category in ("bsn", "bank_account", "identity_document", "medical"):
        assert shown[category] == {profile_service.MASK}, (role, category)
    assert profile_service.MASK not in shown["cv"]


@pytest.mark.parametrize(
    ("role", "category", "allowed"),
    [
        (Role.RECRUITER, "bsn", False),
        (Role.RECRUITER, "bank_account", False),
        (Role.RECRUITER, "medical", False),
        (Role.RECRUITER, "criminal_record_consent", False),
        (Role.BACKOFFICE, "bsn", True),
        (Role.BACKOFFICE, "bank_account", True),
        (Role.BACKOFFICE, "medical", False),
        (Role.DPO, "medical", True),
        (Role.DPO, "bsn", True),
    ],
)
def test_a_reveal_is_allowed_by_role_and_written_to_the_audit_log(
    demo_db: Database, role: Role, category: str, allowed: bool
) -> None:
    row = demo_db.query(
        "SELECT id, person_id, value FROM personal_data_item WHERE category = ? AND person_id IN"
        " (SELECT id FROM person WHERE stage IN ('placed', 'employed', 'former_employee'))"
        " ORDER BY id LIMIT 1",
        [category],
    )[0]
    member = demo_member(demo_db, role)
    before = demo_db.query("SELECT count(*) FROM audit_entry")[0][0]
    if allowed:
        assert profile_service.reveal_item(demo_db, member, int(row[0]), now=NOW) == row[2]
        entry = demo_db.query(
            "SELECT action, object_id, details FROM audit_entry ORDER BY id DESC LIMIT 1"
        )[0]
        assert entry[0] == "sensitive_viewed" and entry[1] == row[1]
        assert category in entry[2] and row[2] not in entry[2]
    else:
        with pytest.raises(NotPermitted):
            profile_service.reveal_item(demo_db, member, int(row[0]), now=NOW)
        assert demo_db.query("SELECT count(*) FROM audit_entry")[0][0] == before


def test_management_cannot_open_a_profile(demo_db: Database) -> None:
    with pytest.raises(NotPermitted):
        profile_service.person_profile(
            demo_db, demo_member(demo_db, Role.MANAGEMENT), employee(demo_db), today=DEMO_TODAY
        )


def test_a_logged_contact_becomes_correspondence_in_the_persons_data(demo_db: Database) -> None:
    person_id = employee(demo_db)
    recruiter = demo_member(demo_db, Role.RECRUITER)
    profile_service.log_contact(
        demo_db,
        recruiter,
        person_id,
        channel="phone",
        note="Belde over **beschikbaarheid** <i>vanaf maart</i>",
        now=NOW,
    )
    stored = demo_db.query(
        "SELECT value FROM personal_data_item WHERE person_id = ?"
        " AND category = 'correspondence' ORDER BY id DESC LIMIT 1",
        [person_id],
    )
    assert stored == [("[phone] Belde over **beschikbaarheid** <i>vanaf maart</i>",)]
    with pytest.raises(RequestError) as refused:
        profile_service.log_contact(
            demo_db, recruiter, person_id, channel="phone", note="  ", now=NOW
        )
    assert (refused.value.code, refused.value.params) == ("contact_note_required", {})
