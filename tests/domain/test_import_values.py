"""Issue 14: one cell read as what its column says it is, as tables of cases."""

from __future__ import annotations

from datetime import date, datetime

import numpy as np
import pytest

from konnektus.demo.identifiers import ibans
from konnektus.domain.identifiers import InvalidIdentifier, normalise_iban
from konnektus.domain.import_format import ENTITIES, entity_for_headers, entity_for_name
from konnektus.domain.import_values import (
    BadValue,
    read_bool,
    read_choice,
    read_date,
    read_email,
    read_iban,
    read_moment,
    read_phone,
    read_postcode,
    word_key,
)
from konnektus.domain.text import is_email


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-03-05", date(2026, 3, 5)),
        ("05-03-2026", date(2026, 3, 5)),
        ("5-3-2026", date(2026, 3, 5)),
        ("05/03/2026", date(2026, 3, 5)),
        ("29-02-2024", date(2024, 2, 29)),
    ],
)
def test_dates_are_read_as_iso_or_as_dutch_excel_writes_them(text: str, expected: date) -> None:
    assert read_date(text) == expected


@pytest.mark.parametrize("text", ["29-02-2025", "2026-13-01", "03/05/26", "5 maart 2026", ""])
def test_a_date_that_does_not_exist_or_is_written_otherwise_is_refused(text: str) -> None:
    with pytest.raises(BadValue) as refused:
        read_date(text)
    assert refused.value.code == "not_a_date"


@pytest.mark.parametrize(
    ("text", "stored_utc"),
    [
        ("27-11-2026 00:30", datetime(2026, 11, 26, 23, 30)),  # winter: UTC+1
        ("2026-07-01 09:15", datetime(2026, 7, 1, 7, 15)),  # summer: UTC+2
        ("2026-07-01", datetime(2026, 7, 1, 10, 0)),  # a date alone: noon in Amsterdam
    ],
)
def test_moments_are_amsterdam_time_stored_as_utc(text: str, stored_utc: datetime) -> None:
    assert read_moment(text) == stored_utc


@pytest.mark.parametrize(
    ("text", "valid"),
    [
        ("06-12345678", True),
        ("+31 6 1234 5678", True),
        ("(020) 123 45 67", True),
        ("0031 20 1234567", True),
        ("+44 20 7946 0958", True),
        ("06-1234567", False),
        ("12345678901", False),
        ("bel me", False),
    ],
)
def test_phone_numbers(text: str, valid: bool) -> None:
    if valid:
        assert read_phone(text) == text
    else:
        with pytest.raises(BadValue):
            read_phone(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("1012 AB", "1012 AB"), ("1012ab", "1012 AB"), ("0123 AB", None), ("1012 A", None)],
)
def test_postcodes_are_dutch_and_stored_as_1234_ab(text: str, expected: str | None) -> None:
    if expected is None:
        with pytest.raises(BadValue):
            read_postcode(text)
    else:
        assert read_postcode(text) == expected


@pytest.mark.parametrize(("text", "expected"), [("ja", True), ("Nee", False), ("WAAR", True)])
def test_yes_and_no_in_dutch_or_english(text: str, expected: bool) -> None:
    assert read_bool(text) is expected


def test_choices_take_the_code_or_the_dutch_word() -> None:
    words = {"wettelijke_verplichting": "legal_obligation"}
    choices = ("consent", "legal_obligation")
    assert read_choice("Wettelijke verplichting", choices, words) == "legal_obligation"
    assert read_choice("consent", choices, words) == "consent"
    with pytest.raises(BadValue):
        read_choice("goede reden", choices, words)


def test_the_fast_dutch_iban_check_agrees_with_normalise_iban() -> None:
    rng = np.random.default_rng(3)
    valid = ibans(rng, 300)
    spoiled = [v[:-1] + str((int(v[-1]) + 1) % 10) for v in valid]
    spaced = [" ".join(v[i : i + 4] for i in range(0, len(v), 4)) for v in valid[:20]]
    for text in [*valid, *spoiled, *spaced, "NL91ABNA0417164300", "BE71096123456769"]:
        try:
            expected: str | None = normalise_iban(text)
        except InvalidIdentifier:
            expected = None
        try:
            found: str | None = read_iban(text)
        except BadValue:
            found = None
        assert found == expected, text


@pytest.mark.parametrize("entity", ENTITIES, ids=lambda e: e.name)
def test_every_entity_is_found_by_its_english_or_dutch_name_and_by_its_headers(entity) -> None:  # type: ignore[no-untyped-def]
    assert entity_for_name(entity.name) is entity
    assert entity_for_name(entity.dutch.capitalize()) is entity
    assert entity_for_headers([c.dutch for c in entity.columns]) is entity
    assert word_key("Ingeschreven op") == "ingeschreven_op"


EMAILS = [
    "jan@voorbeeld.nl",
    "Jan.de.Vries@Voorbeeld.NL",
    "p12345@voorbeeld.nl",
    "a_b+c-d@sub.domein.com",
    "a..b@x.nl",
    "a.@x.nl",
    ".a@x.nl",
    "a@x.test",
    "a@x.localhost",
    "a@example.com",
    "a@b.c",
    "a@1.nl",
    "a-b@x-.nl",
    "a@-x.nl",
    "a@x--y.nl",
    "x@xn--bcher-kva.nl",
    "x@xn--zzz.nl",
    "a@x.nl.",
    "a@nl",
    "a b@x.nl",
    "<svg/onload=alert(1)>@x.nl",
    "\u00e9@x.nl",
    "a@x.123",
    "a@" + "x" * 64 + ".nl",
    "x" * 65 + "@x.nl",
    "a@x." + "n" * 64,
]


@pytest.mark.parametrize("text", EMAILS)
def test_the_plain_email_pattern_accepts_only_what_is_email_accepts(text: str) -> None:
    try:
        read_email(text)
        accepted = True
    except BadValue:
        accepted = False
    assert accepted == is_email(text)


def test_the_format_documentation_lists_every_column_of_every_entity() -> None:
    from pathlib import Path

    text = (Path(__file__).resolve().parents[2] / "data" / "samples" / "README.md").read_text()
    for entity in ENTITIES:
        assert f"**{entity.name}** (`{entity.name}.csv`, `{entity.dutch}.csv`" in text
        for column in entity.columns:
            assert f"| `{column.name}` / `{column.dutch}` |" in text, column.name
