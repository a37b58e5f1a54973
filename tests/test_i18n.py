"""Both catalogs hold the same keys, and every key the code asks for exists."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from konnektus.i18n import (
    LANGUAGES,
    MissingTranslation,
    catalog,
    format_date,
    format_number,
    format_share,
    translate,
)

ROOT = Path(__file__).resolve().parents[1]
SOURCES = [
    ROOT / "app.py",
    *sorted((ROOT / "pages").glob("*.py")),
    *sorted((ROOT / "konnektus").rglob("*.py")),
]
# literal keys only; a prefix built on ("role." + name) ends in a dot and is left out
KEY_CALL = re.compile(r"""\bt(?:ranslate)?\(\s*["']([a-z_]+\.[a-z0-9_.]*[a-z0-9_])["']""")


def test_the_dutch_and_english_catalogs_hold_the_same_keys() -> None:
    nl, en = set(catalog("nl")), set(catalog("en"))
    assert sorted(nl - en) == [], "keys missing from en.toml"
    assert sorted(en - nl) == [], "keys missing from nl.toml"


def test_every_key_used_in_code_is_in_the_catalogs() -> None:
    used = {key for source in SOURCES for key in KEY_CALL.findall(source.read_text("utf-8"))}
    assert used, "the scan found no t() calls at all"
    assert sorted(used - set(catalog("nl"))) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_placeholders_match_between_languages(language: str) -> None:
    placeholder = re.compile(r"\{(\w+)\}")
    for key, text in catalog(language).items():
        assert set(placeholder.findall(text)) == set(placeholder.findall(catalog("nl")[key])), key


def test_a_missing_key_is_an_error_not_a_blank() -> None:
    with pytest.raises(MissingTranslation, match=r"no\.such_key"):
        translate("no.such_key", "nl")


def test_dutch_text_never_says_gdpr() -> None:
    assert not [k for k, v in catalog("nl").items() if "GDPR" in v]


@pytest.mark.parametrize(
    ("value", "language", "expected"),
    [
        (date(2026, 3, 5), "nl", "5 maart 2026"),
        (date(2026, 3, 5), "en", "5 March 2026"),
    ],
)
def test_dates_are_written_the_dutch_way(value: date, language: str, expected: str) -> None:
    assert format_date(value, language) == expected


def test_short_dates_and_numbers_follow_the_language() -> None:
    assert format_date(date(2026, 3, 5), "nl", "short") == "05-03-2026"
    assert format_number(1234, "nl") == "1.234"
    assert format_number(1234, "en") == "1,234"
    assert format_share(0.965, "nl") == "96,5%"
    assert format_share(0.965, "en") == "96.5%"
