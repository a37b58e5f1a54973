"""The people search on a real demo database: every form from the issue finds its person."""

from __future__ import annotations

from datetime import datetime

import pytest

from konnektus.db import search as search_rows
from konnektus.db.database import Database
from konnektus.db.search import PeopleFilter
from konnektus.domain.permissions import NotPermitted, Role
from konnektus.domain.retention import RetentionState
from konnektus.domain.search import MAX_QUERY_CHARS, MAX_TOKENS, phone_key
from konnektus.services.rectification import rectify_person
from konnektus.services.search import search_people
from tests.conftest import DEMO_TODAY
from tests.helpers import demo_member, domain_retention_states


def first_hit(db: Database, query: str) -> tuple[str, str | None, str]:
    found = search_people(db, demo_member(db, Role.RECRUITER), query, today=DEMO_TODAY)
    assert found.total > 0, query
    row = found.results.iloc[0]
    tv = row["tussenvoegsel"] if isinstance(row["tussenvoegsel"], str) else None
    return str(row["given_name"]), tv, str(row["family_name"])


DEMO_TODAY_NOON = datetime(2026, 11, 26, 12, 0)
JAN = ("Jan", "de", "Vries")
SANNE = ("Sanne", None, "Müller")


@pytest.mark.parametrize(
    ("query", "person"),
    [
        ("Jan de Vries", JAN),
        ("vries jan", JAN),
        ("Jan Vries", JAN),
        ("jan devries", JAN),
        ("JAN DE VRIES", JAN),
        ("Jna de Vries", JAN),
        ("Jan de Vreis", JAN),
        ("jan.devries@ziggo.nl", JAN),
        ("Jan.DeVries@Ziggo.NL", JAN),
        ("06-12345678", JAN),
        ("0612345678", JAN),
        ("06 12 34 56 78", JAN),
        ("+31 6 12345678", JAN),
        ("1012 AB", JAN),
        ("1012ab", JAN),
        ("Sanne Muller", SANNE),
        ("sanne müller", SANNE),
        ("Müller Sanne", SANNE),
        ("+31 6 87654321", SANNE),
        ("0687654321", SANNE),
        ("Sanne Utrecht", SANNE),
    ],
)
def test_every_search_form_finds_the_intended_person_first(
    demo_db: Database, query: str, person: tuple[str, str | None, str]
) -> None:
    assert first_hit(demo_db, query) == person


def test_a_surname_alone_finds_everyone_with_it_with_or_without_tussenvoegsel(
    demo_db: Database,
) -> None:
    recruiter = demo_member(demo_db, Role.RECRUITER)
    expected = demo_db.query("SELECT count(*) FROM person WHERE family_name = 'Vries'")[0][0]
    assert expected > 1
    for query in ("Vries", "de Vries", "vries"):
        found = search_people(demo_db, recruiter, query, today=DEMO_TODAY)
        assert found.total >= expected
        assert all(found.results.head(expected if expected < 25 else 25)["family_name"] == "Vries")


def test_muller_finds_muller_with_an_umlaut_and_without(demo_db: Database) -> None:
    found = search_people(
        demo_db, demo_member(demo_db, Role.RECRUITER), "Muller", today=DEMO_TODAY, page_size=500
    )
    assert "Müller" in set(found.results["family_name"])


def test_a_query_that_matches_nobody_returns_nothing(demo_db: Database) -> None:
    recruiter = demo_member(demo_db, Role.RECRUITER)
    for query in ("qzxjvw", "nobody@nowhere.example", "0000000000", "9999 ZZ"):
        assert search_people(demo_db, recruiter, query, today=DEMO_TODAY).total == 0


def test_results_are_paginated_without_overlap(demo_db: Database) -> None:
    recruiter = demo_member(demo_db, Role.RECRUITER)
    first = search_people(demo_db, recruiter, "Vries", today=DEMO_TODAY, page=1, page_size=10)
    second = search_people(demo_db, recruiter, "Vries", today=DEMO_TODAY, page=2, page_size=10)
    assert first.total == second.total > 20 and first.pages == -(-first.total // 10)
    assert not set(first.results["id"]) & set(second.results["id"])


def test_filters_narrow_by_stage_recruiter_and_retention_state(demo_db: Database) -> None:
    recruiter = demo_member(demo_db, Role.RECRUITER)
    where = PeopleFilter(
        stages=("former_employee",), recruiter_id=recruiter.id, retention_states=("expired",)
    )
    found = search_people(demo_db, recruiter, "", where=where, today=DEMO_TODAY, page_size=500)
    assert found.total > 0
    assert set(found.results["stage"]) == {"former_employee"}
    assert set(found.results["recruiter"]) == {recruiter.name}
    assert set(found.results["retention_state"]) == {"expired"}


def test_the_sql_retention_state_agrees_with_the_domain_rule(demo_db: Database) -> None:
    recruiter = demo_member(demo_db, Role.RECRUITER)
    for state in RetentionState:
        found = search_people(
            demo_db,
            recruiter,
            "",
            where=PeopleFilter(retention_states=(state,)),
            today=DEMO_TODAY,
            page_size=50,
        )
        assert found.total > 0, state
        ids = [int(i) for i in found.results["id"]]
        assert set(domain_retention_states(demo_db, DEMO_TODAY, ids)) == {state.value}


def test_the_stored_phone_key_agrees_with_the_query_rule(demo_db: Database) -> None:
    rows = demo_db.query("SELECT phone, phone_key FROM person WHERE phone IS NOT NULL LIMIT 2000")
    assert all(phone_key(phone) == key for phone, key in rows)


def test_a_rectified_name_is_found_under_the_new_name(demo_db: Database) -> None:
    dpo = demo_member(demo_db, Role.DPO)
    person_id = int(
        demo_db.query("SELECT id FROM person WHERE given_name = 'Jan' AND family_name = 'Vries'")[
            0
        ][0]
    )
    rectify_person(
        demo_db, dpo, person_id, {"family_name": "Zwanenburg-Oudshoorn"}, now=DEMO_TODAY_NOON
    )
    assert first_hit(demo_db, "jan zwanenburgoudshoorn")[2] == "Zwanenburg-Oudshoorn"


def test_management_may_not_search_people(demo_db: Database) -> None:
    with pytest.raises(NotPermitted):
        search_people(demo_db, demo_member(demo_db, Role.MANAGEMENT), "Vries", today=DEMO_TODAY)


def test_search_text_reaches_sql_only_as_a_parameter(demo_db: Database) -> None:
    recruiter = demo_member(demo_db, Role.RECRUITER)
    nasty = "'; DROP TABLE person; --"
    assert search_people(demo_db, recruiter, nasty, today=DEMO_TODAY).total == 0
    assert demo_db.query("SELECT count(*) FROM person")[0][0] > 0


def test_the_reference_printed_on_a_letter_finds_exactly_that_person(demo_db: Database) -> None:
    recruiter = demo_member(demo_db, Role.RECRUITER)
    found = search_people(demo_db, recruiter, "k0000002", today=DEMO_TODAY)
    assert found.total == 1
    assert found.results.iloc[0]["reference"] == "K0000002"


# -- names followed by a town of several words (issue 11 point 6) ---------------------------

TOWN_PEOPLE = (
    # given, tussenvoegsel, family, town
    ("Jan", "de", "Vries", "Capelle aan den IJssel"),
    ("Fatima", "van der", "Berg", "Ouderkerk aan de Amstel"),
    ("Pieter", None, "Bakker", "Bergen op Zoom"),
    ("Pieter", None, "Bakker", "Bergen"),  # the same name in a one-word town that starts alike
    ("Anna", "de", "Jong", "Utrecht"),
    ("Daan", None, "Visser", "Den Haag"),
)


@pytest.fixture
def town_db(demo_db: Database) -> Database:
    """The demo database with the people above (ids 101-106), their keys refreshed."""
    ids = list(range(101, 101 + len(TOWN_PEOPLE)))
    with demo_db.transaction() as cur:
        for person_id, (given, tv, family, town) in zip(ids, TOWN_PEOPLE, strict=True):
            cur.execute(
                "UPDATE person SET given_name = ?, tussenvoegsel = ?, family_name = ?, city = ?,"
                " erased_at = NULL WHERE id = ?",
                [given, tv, family, town, person_id],
            )
        search_rows.refresh_keys(cur, ids)
    return demo_db


@pytest.mark.parametrize(
    ("query", "town"),
    [
        ("Jan de Vries Capelle aan den IJssel", "Capelle aan den IJssel"),
        ("jan de vries capelle aan den ijssel", "Capelle aan den IJssel"),
        ("Capelle aan den IJssel Jan de Vries", "Capelle aan den IJssel"),
        ("Vries Capelle aan den IJssel", "Capelle aan den IJssel"),
        ("Jan de Vries Capelle aan den IJs", "Capelle aan den IJssel"),  # still typing
        ("Fatima van der Berg Ouderkerk aan de Amstel", "Ouderkerk aan de Amstel"),
        ("Berg Ouderkerk aan de Amstel", "Ouderkerk aan de Amstel"),
        ("Pieter Bakker Bergen op Zoom", "Bergen op Zoom"),
        ("Pieter Bakker Bergen", "Bergen"),
        ("Anna de Jong Utrecht", "Utrecht"),
        ("Daan Visser Den Haag", "Den Haag"),
    ],
)
def test_a_full_name_followed_by_its_town_finds_the_person_in_that_town(
    town_db: Database, query: str, town: str
) -> None:
    found = search_people(
        town_db, demo_member(town_db, Role.RECRUITER), query, today=DEMO_TODAY, page_size=500
    )
    assert found.total > 0, query
    first = found.results.iloc[0]
    wanted = next(p for p in TOWN_PEOPLE if p[3] == town)
    assert (first["given_name"], first["family_name"], first["city"]) == (
        wanted[0],
        wanted[2],
        town,
    )
    if " " in town:  # the words of a town of several words match only that town
        assert set(found.results["city"]) == {town}


def test_a_town_of_several_words_alone_lists_its_people(town_db: Database) -> None:
    expected = town_db.query("SELECT count(*) FROM person WHERE city = 'Bergen op Zoom'")[0][0]
    found = search_people(
        town_db, demo_member(town_db, Role.RECRUITER), "Bergen op Zoom", today=DEMO_TODAY
    )
    assert found.total == expected


# -- bounded work (issue 13 point 5) --------------------------------------------------------


def planned_queries(
    db: Database, monkeypatch: pytest.MonkeyPatch, *texts: str
) -> list[search_rows.PeopleQuery]:
    """The SQL each search ran, caught on its way to the database."""
    caught: list[search_rows.PeopleQuery] = []
    run = search_rows.find_people

    def spy(cur: object, query: search_rows.PeopleQuery) -> object:
        caught.append(query)
        return run(cur, query)  # type: ignore[arg-type]

    monkeypatch.setattr(search_rows, "find_people", spy)
    recruiter = demo_member(db, Role.RECRUITER)
    for text in texts:
        search_people(db, recruiter, text, today=DEMO_TODAY)
    return caught


def test_a_word_typed_fifty_times_builds_the_query_of_the_word_typed_once(
    demo_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    once, fifty = planned_queries(demo_db, monkeypatch, "jan", "jan " * 50)
    assert fifty.sql == once.sql
    assert fifty.params == once.params


def test_many_different_words_build_a_query_of_at_most_max_tokens_words(
    demo_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 39 different words in 194 characters: under the input limit, over the word limit
    words = [f"jan{letter}" for letter in "abcdefghijklmnopqrstuvwxyz"]
    words += [f"pie{letter}" for letter in "abcdefghijklm"]
    text = " ".join(words)
    assert len(text) <= MAX_QUERY_CHARS
    (query,) = planned_queries(demo_db, monkeypatch, text)
    # one "(list_contains(...) OR ...)" condition per word, and each word's term list capped
    assert query.sql.count("list_contains(?, p.") <= MAX_TOKENS * 3 * 3
    lists = [p for p in query.params if isinstance(p, list)]
    assert all(len(terms) <= search_rows.MAX_TERMS_PER_WORD * 2 for terms in lists)
    found = search_people(demo_db, demo_member(demo_db, Role.RECRUITER), text, today=DEMO_TODAY)
    assert found.ignored_words == len(words) - MAX_TOKENS


def test_a_word_repeated_gives_the_same_people_as_the_word_once(demo_db: Database) -> None:
    recruiter = demo_member(demo_db, Role.RECRUITER)
    once = search_people(demo_db, recruiter, "jan", today=DEMO_TODAY)
    many = search_people(demo_db, recruiter, "jan " * 50, today=DEMO_TODAY)
    assert many.total == once.total and many.ignored_words == 0
    assert list(many.results["id"]) == list(once.results["id"])
