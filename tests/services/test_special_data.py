"""Medical data after the placement (issue 19 point 6) on a real demo database: the list of
medical data held past its end, and its removal (refused with its code and the database
unchanged when repeated, changed, held back or not permitted)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime

import pytest

from konnektus.db import access_answer
from konnektus.db import special_data as medical_rows
from konnektus.db.database import Database
from konnektus.domain.permissions import NotPermitted, Role
from konnektus.domain.special_data import special_data_ends_on
from konnektus.services import requests as desk
from konnektus.services import special_data as service
from tests.helpers import demo_member, fingerprint

TODAY = date(2026, 11, 26)  # the demo's day
NOW = datetime(2026, 11, 26, 10, 0)  # 11:00 in Amsterdam


def test_the_sql_gives_every_medical_item_the_last_day_the_domain_rule_gives_it(
    demo_db: Database,
) -> None:
    ends: defaultdict[int, list[date | None]] = defaultdict(list)
    for person_id, end in demo_db.query("SELECT person_id, end_date FROM employment"):
        ends[int(person_id)].append(end)
    collected = dict(
        demo_db.query(
            "SELECT i.id, i.collected_on FROM personal_data_item i JOIN person p"
            " ON p.id = i.person_id WHERE i.category = 'medical' AND p.erased_at IS NULL"
            " AND i.held_until IS NULL"
        )
    )
    for months in (0, 3, 12):
        with demo_db.cursor() as cur:
            found = medical_rows.ending_items(cur, TODAY, months)
        expected = {
            item: special_data_ends_on(
                collected_on=on, employment_ends=ends[person], months_after=months, today=TODAY
            )
            for item, person, on in (
                (int(i), int(p), c)
                for i, p, c in demo_db.query(
                    "SELECT id, person_id, collected_on FROM personal_data_item"
                    " WHERE list_contains(?, id)",
                    [list(collected)],
                )
            )
        }
        assert {i: d for i, _p, d in found} == {i: d for i, d in expected.items() if d is not None}
        assert len(found) > 0


def listed(db: Database) -> service.MedicalList:
    return service.medical_past_its_end(db, demo_member(db, Role.DPO), today=TODAY)


def test_the_demo_lists_people_whose_medical_data_is_past_its_end(demo_db: Database) -> None:
    found = listed(demo_db)
    assert found.people > 0 and found.months == 3
    assert (found.rows["days_past"] > 0).all()
    assert all(e < TODAY for e in found.rows["ends_on"])
    running = demo_db.query(
        "SELECT DISTINCT person_id FROM employment WHERE end_date IS NULL OR end_date >= ?",
        [TODAY],
    )
    assert not {int(p) for (p,) in running} & set(found.rows["person_id"])


def medical_of(db: Database, person_id: int) -> int:
    return int(
        db.query(
            "SELECT count(*) FROM personal_data_item WHERE person_id = ? AND category = 'medical'",
            [person_id],
        )[0][0]
    )


def test_removing_one_persons_medical_data_takes_only_that_and_says_so_on_their_record(
    demo_db: Database,
) -> None:
    dpo = demo_member(demo_db, Role.DPO)
    row = listed(demo_db).rows.iloc[0]
    person_id, items = int(row["person_id"]), int(row["items"])
    others = demo_db.query(
        "SELECT count(*) FROM personal_data_item WHERE category <> 'medical' AND person_id = ?",
        [person_id],
    )

    removal = service.remove_medical_data(demo_db, dpo, [person_id], seen_items=items, now=NOW)

    assert removal.person_ids == (person_id,) and removal.items == items
    assert medical_of(demo_db, person_id) == 0
    assert (
        demo_db.query(
            "SELECT count(*) FROM personal_data_item WHERE category <> 'medical' AND person_id = ?",
            [person_id],
        )
        == others
    )
    assert service.medical_removals_of(demo_db, dpo, person_id) == [(NOW, items)]
    with demo_db.cursor() as cur:
        seen = access_answer.consultations(cur, person_id, TODAY)
    assert "special_data_removed" in {c["action"] for c in seen}
    assert person_id not in set(listed(demo_db).rows["person_id"])

    before = fingerprint(demo_db)
    with pytest.raises(service.NothingPastItsEnd) as again:
        service.remove_medical_data(demo_db, dpo, [person_id], seen_items=items, now=NOW)
    assert again.value.code == "already_done"
    assert fingerprint(demo_db) == before


def test_a_restricted_person_or_one_with_an_open_request_keeps_their_medical_data(
    demo_db: Database,
) -> None:
    dpo = demo_member(demo_db, Role.DPO)
    row = listed(demo_db).rows.iloc[0]
    person_id, items = int(row["person_id"]), int(row["items"])
    request_id = desk.log_request(
        demo_db,
        dpo,
        request_type="access",
        channel="email",
        received_at=datetime(2026, 11, 20, 8),
        requester_name="Verzoeker",
        requester_email=None,
        free_text="Wat heeft u van mij?",
        person_id=person_id,
        now=NOW,
    )
    shown = listed(demo_db)
    mine = shown.rows[shown.rows["person_id"] == person_id].iloc[0]
    assert (mine["held_reason"], int(mine["held_request"])) == ("open_request", request_id)

    before = fingerprint(demo_db)
    with pytest.raises(service.AllHeldBack) as refused:
        service.remove_medical_data(demo_db, dpo, [person_id], seen_items=items, now=NOW)
    assert refused.value.code == "all_held_back"
    assert fingerprint(demo_db) == before

    preview = service.medical_removal_preview(demo_db, dpo, today=TODAY)
    assert person_id in preview.held and person_id not in preview.person_ids
    service.remove_all_medical_data(
        demo_db, dpo, seen_people=preview.people, seen_items=preview.items, now=NOW
    )
    assert medical_of(demo_db, person_id) == items
    assert [int(p) for p in listed(demo_db).rows["person_id"]] == [person_id]


@pytest.mark.parametrize("wrong", ["people", "items"])
def test_a_removal_for_everyone_is_refused_when_the_number_is_not_what_the_list_holds(
    demo_db: Database, wrong: str
) -> None:
    dpo = demo_member(demo_db, Role.DPO)
    preview = service.medical_removal_preview(demo_db, dpo, today=TODAY)
    seen = {"seen_people": preview.people, "seen_items": preview.items}
    seen[f"seen_{wrong}"] += 1
    before = fingerprint(demo_db)
    with pytest.raises(service.PastItemsChanged) as refused:
        service.remove_all_medical_data(demo_db, dpo, now=NOW, **seen)
    assert refused.value.code == "changed"
    assert fingerprint(demo_db) == before


def test_a_recruiter_may_not_remove_medical_data_and_nothing_changes(demo_db: Database) -> None:
    preview = service.medical_removal_preview(demo_db, demo_member(demo_db, Role.DPO), today=TODAY)
    before = fingerprint(demo_db)
    with pytest.raises(NotPermitted):
        service.remove_all_medical_data(
            demo_db,
            demo_member(demo_db, Role.RECRUITER),
            seen_people=preview.people,
            seen_items=preview.items,
            now=NOW,
        )
    assert fingerprint(demo_db) == before
