"""Reading the search box: which part of the query is a name, e-mail, phone or postcode."""

from __future__ import annotations

import pytest

from konnektus.domain.search import (
    MAX_TOKENS,
    MAX_TOWN_WORDS,
    ParsedQuery,
    parse_query,
    phone_key,
    town_spans,
    typo_allowance,
    unglue,
    with_town,
)


@pytest.mark.parametrize(
    ("typed", "words", "tussenvoegsel"),
    [
        ("Vries", ("vries",), ()),
        ("de Vries", ("vries",), ("de",)),
        ("Jan de Vries", ("jan", "vries"), ("de",)),
        ("vries jan", ("vries", "jan"), ()),
        ("Müller", ("muller",), ()),
        ("van der Meer", ("meer",), ("van", "der")),
        ("van", ("van",), ()),  # only a tussenvoegsel: search it as a name
        ("  ", (), ()),
    ],
)
def test_names_become_folded_words_and_tussenvoegsels_only_rank(
    typed: str, words: tuple[str, ...], tussenvoegsel: tuple[str, ...]
) -> None:
    parsed = parse_query(typed)
    assert (parsed.words, parsed.tussenvoegsel) == (words, tussenvoegsel)


@pytest.mark.parametrize(
    ("typed", "phone"),
    [
        ("06-12345678", "0612345678"),
        ("06 12 34 56 78", "0612345678"),
        ("+31 6 12345678", "0612345678"),
        ("+31 (0)20 123 4567", "0201234567"),
        ("0031612345678", "0612345678"),
        ("020-1234567", "0201234567"),
    ],
)
def test_a_phone_number_in_any_formatting_becomes_its_digits(typed: str, phone: str) -> None:
    assert parse_query(typed).phone == phone


def test_plus_31_and_a_leading_zero_in_brackets_both_fold_to_one_zero() -> None:
    assert phone_key("+31 (0)6 1234 5678") == "0612345678"
    assert phone_key("+31 6 1234 5678") == "0612345678"


@pytest.mark.parametrize(("typed", "postcode"), [("1012 AB", "1012AB"), ("1012ab", "1012AB")])
def test_a_postcode_is_recognised_with_or_without_the_space(typed: str, postcode: str) -> None:
    assert parse_query(typed).postcode == postcode


def test_an_email_address_is_matched_as_a_whole() -> None:
    assert parse_query(" Jan.DeVries@Ziggo.nl ").email == "jan.devries@ziggo.nl"


@pytest.mark.parametrize(("word", "edits"), [("jo", 0), ("jan", 1), ("vries", 1), ("janssens", 2)])
def test_longer_words_tolerate_more_typos(word: str, edits: int) -> None:
    assert typo_allowance(word) == edits


@pytest.mark.parametrize(
    ("word", "rest"),
    # "dekker" splits too; the search tries the split only when the whole word matches nothing
    [("devries", "vries"), ("vanderberg", "berg"), ("vries", None), ("dekker", "kker")],
)
def test_a_glued_tussenvoegsel_can_be_split_off(word: str, rest: str | None) -> None:
    assert unglue(word) == rest


@pytest.mark.parametrize("typed", ["K0001614", "k0001614", " K0001614 "])
def test_the_reference_on_a_letter_is_found_as_a_reference(typed: str) -> None:
    assert parse_query(typed) == ParsedQuery(reference="K0001614")


def test_a_k_followed_by_other_than_seven_digits_is_a_name_word() -> None:
    assert parse_query("K123").reference is None


# -- towns of several words, and a bounded amount of words ----------------------------------


@pytest.mark.parametrize(
    ("typed", "span", "town", "words", "tussenvoegsel"),
    [
        (
            "Jan de Vries Capelle aan den IJssel",
            (3, 7),
            ("capelle", "aan", "den", "ijssel"),
            ("jan", "vries"),
            ("de",),
        ),
        (
            "Fatima van der Berg Ouderkerk aan de Amstel",
            (4, 8),
            ("ouderkerk", "aan", "de", "amstel"),
            ("fatima", "berg"),
            ("van", "der"),
        ),
        (
            "Pieter Bakker Bergen op Zoom",
            (2, 5),
            ("bergen", "op", "zoom"),
            ("pieter", "bakker"),
            (),
        ),
        ("Den Haag Daan Visser", (0, 2), ("den", "haag"), ("daan", "visser"), ()),
    ],
)
def test_the_words_of_a_town_leave_the_names_and_take_their_tussenvoegsels_with_them(
    typed: str,
    span: tuple[int, int],
    town: tuple[str, ...],
    words: tuple[str, ...],
    tussenvoegsel: tuple[str, ...],
) -> None:
    query = parse_query(typed)
    (found,) = [s for s in town_spans(query.tokens) if (s.start, s.end) == span]
    assert found.key == "".join(town)
    read = with_town(query, found)
    assert (read.town, read.words, read.tussenvoegsel) == (town, words, tussenvoegsel)
    assert not read.empty


def test_runs_of_two_to_five_words_are_tried_as_towns_and_the_last_may_be_half_typed() -> None:
    spans = town_spans(("jan", "bergen", "op", "zoom"))
    assert [(s.start, s.end) for s in spans] == [(0, 2), (0, 3), (0, 4), (1, 3), (1, 4), (2, 4)]
    assert [s.key for s in spans if s.at_end] == ["janbergenopzoom", "bergenopzoom", "opzoom"]
    many = town_spans(tuple(f"w{i}" for i in range(MAX_TOKENS)))
    assert len(many) == sum(min(MAX_TOWN_WORDS, MAX_TOKENS - i) - 1 for i in range(MAX_TOKENS))
    assert max(s.length for s in many) == MAX_TOWN_WORDS


@pytest.mark.parametrize(
    ("typed", "words", "tokens", "ignored"),
    [
        ("jan " * 50, ("jan",), ("jan",), 0),
        ("Jan jan JAN jän", ("jan",), ("jan",), 0),
        ("jan de jan de", ("jan",), ("jan", "de", "jan", "de"), 0),
        ("de " * 50, ("de",), ("de",), 0),
        # 40 words in 180 characters: under the input limit, over the word limit
        ("jan piet " * 20, ("jan", "piet"), ("jan", "piet") * 6, 40 - MAX_TOKENS),
    ],
)
def test_repeated_words_count_once_and_at_most_max_tokens_words_are_read(
    typed: str, words: tuple[str, ...], tokens: tuple[str, ...], ignored: int
) -> None:
    query = parse_query(typed)
    assert (query.words, query.tokens, query.ignored) == (words, tokens, ignored)
