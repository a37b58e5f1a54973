"""O2 in the services: back office finds and opens only people with a placement or an
employment; recruiters see emergency contacts masked and cannot reveal them."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from konnektus.db.database import Database
from konnektus.domain.permissions import NotPermitted, Role
from konnektus.services.profile import person_profile, reveal_item
from konnektus.services.search import PeopleFilter, search_people
from tests.helpers import demo_member

TODAY = date(2026, 11, 26)


def test_back_office_search_finds_no_applicants(demo_db: Database) -> None:
    everyone = PeopleFilter(stages=("applicant", "proposed", "placed", "employed"))
    found = search_people(
        demo_db, demo_member(demo_db, Role.BACKOFFICE), "", where=everyone, today=TODAY
    )
    assert found.total > 0
    assert set(found.results["stage"]) <= {"placed", "employed", "former_employee"}
    recruiter = search_people(
        demo_db, demo_member(demo_db, Role.RECRUITER), "", where=everyone, today=TODAY
    )
    assert "applicant" in set(recruiter.results["stage"]) or recruiter.total > found.total


def test_back_office_cannot_open_an_applicant(demo_db: Database) -> None:
    applicant = int(demo_db.query("SELECT min(id) FROM person WHERE stage = 'applicant'")[0][0])
    with pytest.raises(NotPermitted):
        person_profile(demo_db, demo_member(demo_db, Role.BACKOFFICE), applicant, today=TODAY)
    person_profile(demo_db, demo_member(demo_db, Role.RECRUITER), applicant, today=TODAY)


def test_recruiters_see_emergency_contacts_masked_and_cannot_reveal_them(
    demo_db: Database,
) -> None:
    item_id, person_id = demo_db.query(
        "SELECT id, person_id FROM personal_data_item WHERE category = 'emergency_contact'"
        " ORDER BY id LIMIT 1"
    )[0]
    recruiter = demo_member(demo_db, Role.RECRUITER)
    profile = person_profile(demo_db, recruiter, int(person_id), today=TODAY)
    shown = profile.items[profile.items["category"] == "emergency_contact"]
    assert not shown["visible"].any()
    with pytest.raises(NotPermitted):
        reveal_item(demo_db, recruiter, int(item_id), now=datetime(2026, 11, 26, 9))
    backoffice = demo_member(demo_db, Role.BACKOFFICE)
    assert reveal_item(demo_db, backoffice, int(item_id), now=datetime(2026, 11, 26, 9))
