"""The search vocabulary lookups: each word once, a capped number of terms, towns by key."""

from __future__ import annotations

from konnektus.db import search as search_rows
from konnektus.db.database import Database


def add_terms(db: Database, field: str, terms: list[str]) -> None:
    with db.transaction() as cur:
        cur.execute("INSERT INTO search_term SELECT ?, unnest(?::VARCHAR[])", [field, terms])


def test_a_word_given_many_times_is_looked_up_once(empty_db: Database) -> None:
    add_terms(empty_db, "given", ["jan", "janine", "jannes"])
    with empty_db.cursor() as cur:
        found = search_rows.match_terms(cur, ["jan"] * 50, [1] * 50)
    assert list(found) == ["jan"]
    assert sorted(m.term for m in found["jan"]) == ["jan", "janine", "jannes"]


def test_a_word_keeps_only_its_closest_terms(empty_db: Database) -> None:
    many = [f"jan{i:04d}" for i in range(search_rows.MAX_TERMS_PER_WORD * 3)]
    add_terms(empty_db, "family", [*many, "jan"])
    with empty_db.cursor() as cur:
        found = search_rows.match_terms(cur, ["jan"], [1])["jan"]
    assert len(found) == search_rows.MAX_TERMS_PER_WORD
    assert (found[0].term, found[0].distance) == ("jan", 0)


def test_a_glued_town_key_matches_a_town_exactly_or_while_being_typed(empty_db: Database) -> None:
    add_terms(empty_db, "city", ["capelleaandenijssel", "bergen", "bergenopzoom"])
    add_terms(empty_db, "family", ["bergenop"])  # not a town: never read as one
    with empty_db.cursor() as cur:
        found = search_rows.match_towns(
            cur,
            ["capelleaandenijssel", "capelleaan", "bergenop", "janvries"],
            [False, True, False, True],
        )
    assert {key: [(m.term, m.distance) for m in ms] for key, ms in found.items()} == {
        "capelleaandenijssel": [("capelleaandenijssel", 0)],
        "capelleaan": [("capelleaandenijssel", 1)],
    }
