"""O1 on a real demo database: the excess-data list, its removal, and who may do either."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import pytest

from konnektus.db import audit
from konnektus.db.database import Database
from konnektus.domain.minimisation import EMPLOYMENT_ONLY, excess_categories, is_special_category
from konnektus.domain.permissions import NotPermitted, Role
from konnektus.services import minimisation as service
from konnektus.services.overview import compliance
from tests.conftest import DEMO_TODAY
from tests.helpers import demo_member, fingerprint, member

NOW = datetime(2026, 11, 26, 10, 0)

# An independent statement of the rule: never placed or employed, not erased, an unheld item
# of an employment-only category.
DIRECT_SQL = (
    "SELECT p.id, list_sort(list(DISTINCT i.category)), count(*) FROM person p"
    " JOIN personal_data_item i ON i.person_id = p.id"
    " LEFT JOIN (SELECT DISTINCT person_id FROM employment) e ON e.person_id = p.id"
    " WHERE p.stage IN ('applicant', 'proposed') AND e.person_id IS NULL"
    " AND p.erased_at IS NULL AND i.held_until IS NULL AND list_contains(?, i.category)"
    " GROUP BY p.id ORDER BY p.id"
)


@dataclass(frozen=True)
class Scenario:
    """People added to the demo data, one for each side of the rule."""

    excess: dict[int, set[str]]  # person id -> the categories that must go
    spared: list[int]  # hold employment-only data they may keep


def _person(db: Database, reference: str, stage: str, *, erased: bool = False) -> int:
    return int(
        db.query(
            "INSERT INTO person (reference, given_name, family_name, source, stage, created_at,"
            " retention_term_start, retention_expiry, erased_at)"
            " VALUES (?, 'Test', ?, 'website', ?, ?, ?, ?, ?) RETURNING id",
            [
                reference,
                f"<b>{reference}</b>*",  # markup in a name must stay literal text
                stage,
                NOW,
                date(2025, 1, 1),
                date(2027, 1, 1),
                NOW if erased else None,
            ],
        )[0][0]
    )


def _item(db: Database, person_id: int, category: str, *, held: bool = False) -> None:
    db.query(
        "INSERT INTO personal_data_item (person_id, category, value, collected_on, purpose,"
        " legal_basis, special_category, held_until) VALUES (?, ?, ?, ?, 'test', 'consent', ?, ?)",
        [
            person_id,
            category,
            f"secret-{category}-{person_id}",
            date(2024, 3, 5),
            is_special_category(category),
            date(2030, 12, 31) if held else None,
        ],
    )


@pytest.fixture
def scenario(demo_db: Database) -> Scenario:
    everything = ["bsn", "medical", "criminal_record_consent", "family_member", "cv"]
    applicant = _person(demo_db, "T0000001", "applicant")
    for category in everything:
        _item(demo_db, applicant, category)
    proposed = _person(demo_db, "T0000002", "proposed")
    for category in ("bank_account", "identity_document", "identity_document", "work_permit"):
        _item(demo_db, proposed, category)
    # an employment row justifies the data even though the stage says applicant again
    once_employed = _person(demo_db, "T0000003", "applicant")
    _item(demo_db, once_employed, "bsn")
    demo_db.query(
        "INSERT INTO employment (person_id, client_id, start_date, end_date, payroll_reference)"
        " VALUES (?, (SELECT min(id) FROM client), ?, ?, 'PR-T3')",
        [once_employed, date(2023, 1, 1), date(2023, 6, 30)],
    )
    erased = _person(demo_db, "T0000004", "applicant", erased=True)
    _item(demo_db, erased, "bsn")
    with_held_item = _person(demo_db, "T0000005", "applicant")
    _item(demo_db, with_held_item, "identity_document", held=True)
    placed = _person(demo_db, "T0000006", "placed")
    _item(demo_db, placed, "bsn")
    return Scenario(
        excess={
            applicant: {"bsn", "medical", "criminal_record_consent", "family_member"},
            proposed: {"bank_account", "identity_document"},
        },
        spared=[once_employed, erased, with_held_item, placed],
    )


def dpo(db: Database) -> Any:
    return demo_member(db, Role.DPO)


def whole_list(db: Database) -> list[dict[str, Any]]:
    first = service.excess_data_people(db, dpo(db), today=DEMO_TODAY)
    rows = []
    for number in range(1, first.pages + 1):
        rows += service.excess_data_people(db, dpo(db), today=DEMO_TODAY, page=number).rows.to_dict(
            "records"
        )
    return rows


def items(db: Database) -> set[tuple[Any, ...]]:
    return set(db.query("SELECT * FROM personal_data_item"))


def other_tables(db: Database) -> dict[str, str]:
    return {
        table: digest
        for table, digest in fingerprint(db).items()
        if table not in ("personal_data_item", "audit_entry")
    }


def removal_entries(db: Database) -> list[tuple[Any, ...]]:
    return db.query(
        "SELECT staff_id, role, object_type, object_id, details FROM audit_entry"
        " WHERE action = 'excess_data_removed' ORDER BY id"
    )


# --- the list ------------------------------------------------------------------------------


def test_the_list_equals_a_direct_sql_statement_of_the_rule(
    demo_db: Database, scenario: Scenario
) -> None:
    expected = {
        person_id: (sorted(categories), count)
        for person_id, categories, count in demo_db.query(DIRECT_SQL, [list(EMPLOYMENT_ONLY)])
    }
    listed = {
        row["person_id"]: (sorted(row["categories"]), row["items"]) for row in whole_list(demo_db)
    }
    assert listed == expected
    assert set(scenario.excess) <= set(listed)
    assert not set(scenario.spared) & set(listed)
    assert listed[next(iter(scenario.excess))][1] == 4  # the CV is not counted


def test_the_list_agrees_with_the_domain_rule_for_every_person(
    demo_db: Database, scenario: Scenario
) -> None:
    rows = demo_db.query(
        "SELECT p.id, p.stage, p.erased_at IS NOT NULL,"
        " EXISTS (SELECT 1 FROM employment e WHERE e.person_id = p.id),"
        " list(i.category) FILTER (WHERE i.held_until IS NULL)"
        " FROM person p JOIN personal_data_item i ON i.person_id = p.id GROUP BY ALL"
    )
    by_rule = {
        person_id: list(found)
        for person_id, stage, erased, employed, categories in rows
        if (
            found := excess_categories(
                categories or [], stage=stage, ever_employed=employed, erased=erased
            )
        )
    }
    assert {row["person_id"]: row["categories"] for row in whole_list(demo_db)} == by_rule
    assert by_rule[next(iter(scenario.excess))] == [
        "bsn",
        "medical",
        "criminal_record_consent",
        "family_member",
    ]


def test_each_row_names_the_person_their_stage_recruiter_and_first_collection(
    demo_db: Database, scenario: Scenario
) -> None:
    rows = {row["reference"]: row for row in whole_list(demo_db)}
    mine = rows["T0000001"]
    assert mine["name"] == "Test <b>T0000001</b>*"
    assert mine["stage"] == "applicant"
    assert mine["first_collected"] == date(2024, 3, 5)
    demo_row = next(r for r in rows.values() if not r["reference"].startswith("T"))
    recruiter = demo_db.query(
        "SELECT s.name FROM person p JOIN staff s ON s.id = p.recruiter_id WHERE p.id = ?",
        [demo_row["person_id"]],
    )
    assert demo_row["recruiter"] == recruiter[0][0]


def test_the_list_comes_in_pages_of_fifty_by_reference_with_the_totals(demo_db: Database) -> None:
    demo_db.query(
        "INSERT INTO personal_data_item (person_id, category, value, collected_on, purpose,"
        " legal_basis) SELECT id, 'family_member', 'x', DATE '2025-01-01', 'test', 'contract'"
        " FROM person WHERE stage = 'applicant' AND id NOT IN (SELECT person_id FROM employment)"
        " ORDER BY id LIMIT 100"
    )
    people, total_items = demo_db.query(
        f"SELECT count(*), sum(n) FROM ({DIRECT_SQL}) AS t(id, categories, n)",
        [list(EMPLOYMENT_ONLY)],
    )[0]
    assert people > 100
    first = service.excess_data_people(demo_db, dpo(demo_db), today=DEMO_TODAY)
    assert (first.total_people, first.total_items) == (people, total_items)
    assert len(first.rows) == service.PAGE_SIZE == 50
    assert first.pages == -(-people // 50)
    listed = whole_list(demo_db)
    references = [row["reference"] for row in listed]
    assert references == sorted(references) and len(set(references)) == people
    beyond = service.excess_data_people(demo_db, dpo(demo_db), today=DEMO_TODAY, page=999)
    assert beyond.page == first.pages and len(beyond.rows) == people - 50 * (first.pages - 1)


def test_the_home_page_counts_exactly_the_people_on_the_list(
    demo_db: Database, scenario: Scenario
) -> None:
    counts = compliance(demo_db, demo_member(demo_db, Role.MANAGEMENT), today=DEMO_TODAY)
    assert counts.excess_data_people == len(whole_list(demo_db)) > len(scenario.excess)


# --- removal -------------------------------------------------------------------------------


def test_removing_selected_people_deletes_exactly_their_employment_only_items(
    demo_db: Database, scenario: Scenario
) -> None:
    chosen = list(scenario.excess)
    others = other_tables(demo_db)
    before = items(demo_db)
    home_before = compliance(demo_db, dpo(demo_db), today=DEMO_TODAY).excess_data_people
    preview = service.removal_preview(demo_db, dpo(demo_db), chosen, today=DEMO_TODAY)
    assert preview.items == 7 and preview.people == 2

    removal = service.remove_excess_items(
        demo_db, dpo(demo_db), chosen, seen_items=preview.items, now=NOW
    )

    assert removal.people == 2 and removal.items == 7
    assert removal.items_by_category == {
        "bsn": 1,
        "medical": 1,
        "criminal_record_consent": 1,
        "family_member": 1,
        "bank_account": 1,
        "identity_document": 2,
    }
    gone = before - items(demo_db)
    assert {(row[1], row[2]) for row in gone} == {
        (person_id, category)
        for person_id, categories in scenario.excess.items()
        for category in categories
    }
    assert len(gone) == 7 and items(demo_db) <= before
    left = demo_db.query(
        "SELECT category FROM personal_data_item WHERE list_contains(?, person_id) ORDER BY 1",
        [chosen],
    )
    assert left == [("cv",), ("work_permit",)]  # the rest of their record stays
    assert other_tables(demo_db) == others
    home_after = compliance(demo_db, dpo(demo_db), today=DEMO_TODAY).excess_data_people
    assert home_after == home_before - 2


def test_a_removal_writes_one_audit_entry_with_ids_and_counts_and_no_values(
    demo_db: Database, scenario: Scenario
) -> None:
    chosen = list(scenario.excess)
    values = [
        row[0]
        for row in demo_db.query(
            "SELECT value FROM personal_data_item WHERE list_contains(?, person_id)", [chosen]
        )
    ]
    service.remove_excess_items(demo_db, dpo(demo_db), chosen, seen_items=7, now=NOW)
    [(staff_id, role, object_type, object_id, details)] = removal_entries(demo_db)
    assert (staff_id, role) == (dpo(demo_db).id, "dpo")
    assert (object_type, object_id) == (None, None)
    recorded = json.loads(details)
    assert recorded == {
        "scope": "selection",
        "person_ids": sorted(chosen),
        "people": 2,
        "items": 7,
        "items_by_category": {
            "bank_account": 1,
            "bsn": 1,
            "criminal_record_consent": 1,
            "family_member": 1,
            "identity_document": 2,
            "medical": 1,
        },
        "held_back": [],
    }
    assert not any(value in details for value in values)
    with demo_db.cursor() as cur:
        assert audit.verify(cur).intact


def test_removing_for_the_whole_list_empties_it_and_touches_nobody_else(
    demo_db: Database, scenario: Scenario
) -> None:
    listed = whole_list(demo_db)
    seen_items = sum(row["items"] for row in listed)
    others = other_tables(demo_db)
    before = items(demo_db)

    removal = service.remove_all_excess_items(
        demo_db, dpo(demo_db), seen_people=len(listed), seen_items=seen_items, now=NOW
    )

    assert (removal.people, removal.items) == (len(listed), seen_items)
    assert whole_list(demo_db) == []
    gone = before - items(demo_db)
    assert len(gone) == seen_items
    assert {row[1] for row in gone} == {row["person_id"] for row in listed}
    assert all(row[2] in EMPLOYMENT_ONLY for row in gone)
    spared = demo_db.query(
        "SELECT count(*) FROM personal_data_item WHERE list_contains(?, person_id)",
        [scenario.spared],
    )[0][0]
    assert spared == 4
    assert other_tables(demo_db) == others
    assert compliance(demo_db, dpo(demo_db), today=DEMO_TODAY).excess_data_people == 0
    assert json.loads(removal_entries(demo_db)[0][4])["scope"] == "whole_list"


@pytest.mark.parametrize("whole", [False, True])
def test_a_second_click_removes_nothing_writes_nothing_and_says_who_already_did_it(
    demo_db: Database, scenario: Scenario, whole: bool
) -> None:
    def remove(seen_people: int, seen_items: int) -> service.Removal:
        if whole:
            return service.remove_all_excess_items(
                demo_db, dpo(demo_db), seen_people=seen_people, seen_items=seen_items, now=NOW
            )
        return service.remove_excess_items(
            demo_db, dpo(demo_db), list(scenario.excess), seen_items=seen_items, now=NOW
        )

    preview = service.removal_preview(
        demo_db, dpo(demo_db), None if whole else list(scenario.excess), today=DEMO_TODAY
    )
    remove(preview.people, preview.items)
    after_first = fingerprint(demo_db)
    with pytest.raises(service.NothingToRemove) as refused:
        remove(preview.people, preview.items)
    assert refused.value.by == dpo(demo_db).name and refused.value.at == NOW
    assert fingerprint(demo_db) == after_first


def test_nothing_to_remove_without_an_earlier_removal_names_nobody(demo_db: Database) -> None:
    someone = int(demo_db.query("SELECT min(id) FROM person WHERE stage = 'placed'")[0][0])
    with pytest.raises(service.NothingToRemove) as refused:
        service.remove_excess_items(demo_db, dpo(demo_db), [someone], seen_items=1, now=NOW)
    assert (refused.value.by, refused.value.at) == (None, None)


def test_a_removal_is_refused_when_the_list_changed_since_the_preview(
    demo_db: Database, scenario: Scenario
) -> None:
    chosen = list(scenario.excess)
    preview = service.removal_preview(demo_db, dpo(demo_db), chosen, today=DEMO_TODAY)
    _item(demo_db, chosen[0], "bsn")  # someone adds an item after the DPO looked
    before = fingerprint(demo_db)
    with pytest.raises(service.ExcessChanged) as refused:
        service.remove_excess_items(
            demo_db, dpo(demo_db), chosen, seen_items=preview.items, now=NOW
        )
    assert (refused.value.seen_items, refused.value.found_items) == (7, 8)
    with pytest.raises(service.ExcessChanged):
        service.remove_all_excess_items(demo_db, dpo(demo_db), seen_people=1, seen_items=8, now=NOW)
    assert fingerprint(demo_db) == before


def test_a_failure_before_the_audit_entry_leaves_every_item_in_place(
    demo_db: Database, scenario: Scenario, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = fingerprint(demo_db)

    def broken_audit(*_args: object, **_kwargs: object) -> int:
        raise OSError("disk full")

    monkeypatch.setattr(audit, "append", broken_audit)
    with pytest.raises(OSError):
        service.remove_excess_items(
            demo_db, dpo(demo_db), list(scenario.excess), seen_items=7, now=NOW
        )
    assert fingerprint(demo_db) == before


def test_an_empty_selection_is_refused(demo_db: Database) -> None:
    with pytest.raises(service.RequestError):
        service.remove_excess_items(demo_db, dpo(demo_db), [], seen_items=0, now=NOW)


# --- who may ---------------------------------------------------------------------------------

USE_CASES: dict[str, Callable[[Database, Any], object]] = {
    "list": lambda db, actor: service.excess_data_people(db, actor, today=DEMO_TODAY),
    "preview": lambda db, actor: service.removal_preview(db, actor, None, today=DEMO_TODAY),
    "remove selected": lambda db, actor: service.remove_excess_items(
        db, actor, [1], seen_items=1, now=NOW
    ),
    "remove all": lambda db, actor: service.remove_all_excess_items(
        db, actor, seen_people=8, seen_items=8, now=NOW
    ),
}


@pytest.mark.parametrize("use_case", sorted(USE_CASES))
@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        (Role.DPO, True),
        (Role.BACKOFFICE, False),
        (Role.RECRUITER, False),
        (Role.MANAGEMENT, False),
    ],
)
def test_only_the_dpo_may_see_the_list_or_remove_excess_data(
    demo_db: Database, use_case: str, role: Role, allowed: bool
) -> None:
    before = fingerprint(demo_db)
    if allowed:
        # person 1 holds no excess data: allowed, and nothing to do
        with contextlib.suppress(service.NothingToRemove):
            USE_CASES[use_case](demo_db, member(role))
    else:
        with pytest.raises(NotPermitted):
            USE_CASES[use_case](demo_db, member(role))
        assert fingerprint(demo_db) == before


def test_the_stored_special_category_flag_marks_only_article_9_data(demo_db: Database) -> None:
    flagged = demo_db.query(
        "SELECT DISTINCT category FROM personal_data_item WHERE special_category ORDER BY 1"
    )
    assert flagged == [("medical",)]
    assert all(is_special_category(category) for (category,) in flagged)
