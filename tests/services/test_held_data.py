"""What legal holds keep of erased people (O5, ruling of issue 8): the figures and the list
agree with direct SQL, every value is masked, a reveal is audited first and only for back
office and the DPO, and erased people never come back through people search."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime

import pytest

from konnektus.db.database import Database
from konnektus.domain.permissions import NotPermitted, Role
from konnektus.domain.staff import CLI
from konnektus.domain.text import full_name
from konnektus.services import held_data as held_service
from konnektus.services.profile import MASK
from konnektus.services.requests import RequestError
from konnektus.services.retention_cleanup import clean_up_expired
from konnektus.services.search import search_people
from tests.conftest import DEMO_TODAY
from tests.helpers import demo_member

NOW = datetime(2026, 11, 26, 10)  # 11:00 in Amsterdam on DEMO_TODAY
ERASED = "[verwijderd]"


@dataclass(frozen=True)
class Erased:
    db: Database
    # person id -> (reference, given name, tussenvoegsel, family name, date of birth), as
    # they were before the clean-up, of the former employees whose holds still run
    held: dict[int, tuple[str, str, str | None, str, date | None]]


@pytest.fixture
def erased(demo_db: Database) -> Iterator[Erased]:
    """The demo database after a clean-up that erased former employees with running holds."""
    before = {
        int(row[0]): (str(row[1]), str(row[2]), row[3], str(row[4]), row[5])
        for row in demo_db.query(
            "SELECT id, reference, given_name, tussenvoegsel, family_name, date_of_birth"
            " FROM person WHERE erased_at IS NULL AND stage = 'former_employee'"
        )
    }
    clean_up_expired(demo_db, CLI, now=NOW)
    held = {
        pid: facts
        for pid, facts in before.items()
        if demo_db.query(
            "SELECT erased_at IS NOT NULL AND EXISTS (SELECT 1 FROM personal_data_item"
            " WHERE person_id = $id AND held_until IS NOT NULL) FROM person WHERE id = $id",
            {"id": pid},
        )[0][0]
    }
    assert len(held) >= 10, "the demo clean-up erases former employees under running holds"
    yield Erased(demo_db, held)


def held_references(db: Database) -> list[str]:
    """Erased people with anything left, straight from the tables."""
    return [
        str(r)
        for (r,) in db.query(
            "SELECT reference FROM person p WHERE erased_at IS NOT NULL AND ("
            " EXISTS (SELECT 1 FROM personal_data_item i WHERE i.person_id = p.id"
            "  AND i.held_until IS NOT NULL)"
            " OR given_name <> $e OR family_name <> $e OR tussenvoegsel IS NOT NULL"
            " OR date_of_birth IS NOT NULL"
            " OR EXISTS (SELECT 1 FROM employment e WHERE e.person_id = p.id))"
            " ORDER BY reference",
            {"e": ERASED},
        )
    ]


def whole_list(db: Database, role: Role = Role.DPO, reference: str = "") -> list[dict[str, object]]:
    member = demo_member(db, role)
    first = held_service.held_list(db, member, reference=reference, now=NOW)
    rows = [{str(k): v for k, v in r.items()} for r in first.rows.to_dict("records")]
    for number in range(2, first.pages + 1):
        found = held_service.held_list(db, member, reference=reference, page=number, now=NOW)
        assert len(found.rows) <= held_service.PAGE_SIZE
        rows += [{str(k): v for k, v in r.items()} for r in found.rows.to_dict("records")]
    assert len(rows) == first.total
    return rows


def test_the_list_holds_exactly_the_erased_people_with_held_data(erased: Erased) -> None:
    db = erased.db
    rows = whole_list(db)
    assert [r["reference"] for r in rows] == held_references(db)
    assert {r["reference"] for r in rows} >= {facts[0] for facts in erased.held.values()}
    first = held_service.held_list(db, demo_member(db, Role.DPO), now=NOW)
    assert len(first.rows) == min(held_service.PAGE_SIZE, first.total)


def test_each_row_says_what_is_kept_until_when_and_on_which_ground(erased: Erased) -> None:
    db = erased.db
    for row in whole_list(db):
        pid = int(str(row["person_id"]))
        categories, dates, grounds = db.query(
            "SELECT list(DISTINCT category ORDER BY category),"
            " list(DISTINCT held_until ORDER BY held_until),"
            " list(DISTINCT held_ground ORDER BY held_ground)"
            " FROM personal_data_item WHERE person_id = ? AND held_until IS NOT NULL",
            [pid],
        )[0]
        keep_until, keep_ground = db.query(
            "SELECT max(until), arg_max(legal_ground, until) FROM legal_hold"
            " WHERE person_id = ? AND category IN ('payroll_records', 'employment')",
            [pid],
        )[0]
        employments = db.query("SELECT count(*) FROM employment WHERE person_id = ?", [pid])[0][0]
        assert row["categories"] == (categories or [])
        assert row["employments"] == employments
        expected_dates = set(dates or [])
        expected_grounds = set(grounds or [])
        if row["name_kept"] or row["birth_kept"] or employments:
            expected_dates.add(keep_until)
            expected_grounds.add(keep_ground)
        assert set(row["until"]) == expected_dates  # type: ignore[call-overload]
        assert set(row["grounds"]) == expected_grounds  # type: ignore[call-overload]


def test_names_and_dates_of_birth_are_masked_in_the_list_for_everyone(erased: Erased) -> None:
    for role in (Role.DPO, Role.BACKOFFICE):
        rows = whole_list(erased.db, role)
        assert any(r["name_kept"] for r in rows)
        for row in rows:
            assert row["name"] == (MASK if row["name_kept"] else "")
            assert row["date_of_birth"] == (MASK if row["birth_kept"] else "")
            real = erased.held.get(int(str(row["person_id"])))
            if real is not None:
                assert real[1] not in json.dumps(row, default=str)


def test_the_list_filters_on_the_reference(erased: Erased) -> None:
    reference = next(iter(erased.held.values()))[0]
    rows = whole_list(erased.db, reference=reference.lower())
    assert [r["reference"] for r in rows] == [reference]
    assert whole_list(erased.db, reference="no-such-reference") == []


def test_the_figures_agree_with_the_tables(erased: Erased) -> None:
    db = erased.db
    figures = held_service.held_figures(db, demo_member(db, Role.BACKOFFICE), now=NOW)
    assert figures.people == len(held_references(db))
    per_category = dict(
        db.query(
            "SELECT category, count(*) FROM personal_data_item i JOIN person p"
            " ON p.id = i.person_id WHERE p.erased_at IS NOT NULL AND i.held_until IS NOT NULL"
            " GROUP BY ALL"
        )
    )
    assert dict(zip(figures.items["category"], figures.items["items"], strict=True)) == (
        per_category
    )
    kinds = dict(zip(figures.items["category"], figures.items["kind"], strict=True))
    assert kinds["bsn"] == "payroll_records" and kinds["identity_document"] == "identity_document"
    held_items = sum(per_category.values())
    names_kept = sum(
        1 for r in whole_list(db) if r["name_kept"] or r["birth_kept"]
    )  # each kept name and date of birth ends with its keeping hold
    assert figures.identities_kept == names_kept
    assert int(figures.endings["values"].sum()) == held_items + names_kept
    assert list(figures.endings["period"]) == sorted(figures.endings["period"])
    assert all(p.month == 1 and p.day == 1 for p in figures.endings["period"])
    monthly = held_service.held_figures(db, demo_member(db, Role.DPO), unit="month", now=NOW)
    assert int(monthly.endings["values"].sum()) == held_items + names_kept
    with pytest.raises(RequestError):
        held_service.held_figures(db, demo_member(db, Role.DPO), unit="week", now=NOW)


def one_held_person(erased: Erased) -> int:
    return min(erased.held)


def test_one_persons_values_are_all_masked_with_date_and_ground(erased: Erased) -> None:
    db = erased.db
    pid = one_held_person(erased)
    person = held_service.held_person(db, demo_member(db, Role.BACKOFFICE), pid, now=NOW)
    assert person.reference == erased.held[pid][0]
    assert set(person.values["value"]) == {MASK}
    assert set(person.values["kind"]) == {"item", "name", "date_of_birth"}
    items = person.values[person.values["kind"] == "item"]
    assert sorted(items["item_id"]) == [
        int(i)
        for (i,) in db.query(
            "SELECT id FROM personal_data_item WHERE person_id = ? AND held_until IS NOT NULL"
            " ORDER BY id",
            [pid],
        )
    ]
    assert person.values["until"].notna().all() and person.values["ground"].notna().all()
    assert person.values["revealable"].all()


def test_revealing_a_held_item_is_audited_first_and_returns_the_value(erased: Erased) -> None:
    db = erased.db
    pid = one_held_person(erased)
    item_id, value = db.query(
        "SELECT id, value FROM personal_data_item WHERE person_id = ? AND category = 'bsn'",
        [pid],
    )[0]
    for role in (Role.BACKOFFICE, Role.DPO):
        member = demo_member(db, role)
        assert held_service.reveal_held_item(db, member, int(item_id), now=NOW) == value
        action, staff_id, object_id, details = db.query(
            "SELECT action, staff_id, object_id, details FROM audit_entry ORDER BY id DESC LIMIT 1"
        )[0]
        assert (action, staff_id, object_id) == ("held_data_viewed", member.id, pid)
        assert json.loads(details) == {"item_id": int(item_id)}


def test_revealing_a_kept_name_or_date_of_birth_is_audited(erased: Erased) -> None:
    db = erased.db
    pid = one_held_person(erased)
    _reference, given, middle, family, born = erased.held[pid]
    member = demo_member(db, Role.BACKOFFICE)
    name = held_service.reveal_kept_identity(db, member, pid, "name", now=NOW)
    assert name == full_name(given, middle, family)
    assert born is not None
    birth = held_service.reveal_kept_identity(db, member, pid, "date_of_birth", now=NOW)
    assert birth == born.strftime("%d-%m-%Y")
    entries = db.query(
        "SELECT action, object_id, details FROM audit_entry ORDER BY id DESC LIMIT 2"
    )
    assert [(a, o, json.loads(d)) for a, o, d in entries] == [
        ("held_data_viewed", pid, {"field": "date_of_birth"}),
        ("held_data_viewed", pid, {"field": "name"}),
    ]
    for value in (name, birth, given, family):
        assert all(value not in str(d) for (d,) in db.query("SELECT details FROM audit_entry"))


def test_a_living_persons_data_is_not_held_data(erased: Erased) -> None:
    db = erased.db
    dpo = demo_member(db, Role.DPO)
    living, item_id = db.query(
        "SELECT p.id, i.id FROM person p JOIN personal_data_item i ON i.person_id = p.id"
        " WHERE p.erased_at IS NULL AND i.category = 'bsn' ORDER BY p.id LIMIT 1"
    )[0]
    audit_before = db.query("SELECT count(*) FROM audit_entry")[0][0]
    with pytest.raises(RequestError):
        held_service.reveal_held_item(db, dpo, int(item_id), now=NOW)
    with pytest.raises(RequestError):
        held_service.reveal_kept_identity(db, dpo, int(living), "name", now=NOW)
    with pytest.raises(RequestError):
        held_service.held_person(db, dpo, int(living), now=NOW)
    assert db.query("SELECT count(*) FROM audit_entry")[0][0] == audit_before


@pytest.mark.parametrize("role", [Role.RECRUITER, Role.MANAGEMENT])
def test_recruiters_and_management_are_refused_everything(erased: Erased, role: Role) -> None:
    db = erased.db
    member = demo_member(db, role)
    pid = one_held_person(erased)
    item_id = db.query(
        "SELECT min(id) FROM personal_data_item WHERE person_id = ? AND held_until IS NOT NULL",
        [pid],
    )[0][0]
    audit_before = db.query("SELECT count(*) FROM audit_entry")[0][0]
    calls = [
        lambda: held_service.held_figures(db, member, now=NOW),
        lambda: held_service.held_list(db, member, now=NOW),
        lambda: held_service.held_person(db, member, pid, now=NOW),
        lambda: held_service.reveal_held_item(db, member, int(item_id), now=NOW),
        lambda: held_service.reveal_kept_identity(db, member, pid, "name", now=NOW),
    ]
    for call in calls:
        with pytest.raises(NotPermitted):
            call()
    assert db.query("SELECT count(*) FROM audit_entry")[0][0] == audit_before


def test_a_recruiter_is_refused_even_a_non_sensitive_held_item(erased: Erased) -> None:
    db = erased.db
    item_id = db.query(
        "SELECT min(i.id) FROM personal_data_item i JOIN person p ON p.id = i.person_id"
        " WHERE p.erased_at IS NOT NULL AND i.held_until IS NOT NULL"
        " AND i.category = 'insurance_pension'"
    )[0][0]
    assert item_id is not None
    assert held_service.reveal_held_item(db, demo_member(db, Role.BACKOFFICE), item_id, now=NOW)
    with pytest.raises(NotPermitted):
        held_service.reveal_held_item(db, demo_member(db, Role.RECRUITER), item_id, now=NOW)


def test_erased_people_with_held_data_never_appear_in_people_search(erased: Erased) -> None:
    db = erased.db
    living, living_reference = db.query(
        "SELECT id, reference FROM person WHERE erased_at IS NULL"
        " AND stage IN ('placed', 'employed', 'former_employee') ORDER BY id LIMIT 1"
    )[0]
    for role in (Role.RECRUITER, Role.BACKOFFICE, Role.DPO):
        member = demo_member(db, role)
        control = search_people(db, member, living_reference, today=DEMO_TODAY)
        assert living in set(control.results["id"]), "search finds a living person by reference"
        for pid, (reference, given, middle, family, _born) in list(erased.held.items())[:10]:
            for query in (reference, full_name(given, middle, family), family):
                found = search_people(db, member, query, today=DEMO_TODAY, page_size=500)
                ids = set() if found.results.empty else {int(i) for i in found.results["id"]}
                assert pid not in ids, (role, query)


def test_the_profile_reveal_does_not_reach_held_items_of_erased_people(erased: Erased) -> None:
    from konnektus.services import profile as profile_service
    from konnektus.services.requests import RequestError

    item_id = erased.db.query(
        "SELECT min(i.id) FROM personal_data_item i JOIN person p ON p.id = i.person_id"
        " WHERE p.erased_at IS NOT NULL AND i.category = 'bsn'"
    )[0][0]
    before = erased.db.query("SELECT count(*) FROM audit_entry")
    with pytest.raises(RequestError):
        profile_service.reveal_item(
            erased.db, demo_member(erased.db, Role.DPO), int(item_id), now=NOW
        )
    assert erased.db.query("SELECT count(*) FROM audit_entry") == before
