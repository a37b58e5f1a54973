"""Plural forms from Babel's plural rules: a word after a number is written {name|one|other} in
the catalogs, and the language's CLDR rule picks the form ("1 persoon", "2 personen")."""

from __future__ import annotations

import re

import pytest

from konnektus.i18n import LANGUAGES, PLURAL_WORDS, catalog, translate
from konnektus.ui.request_queue import days_left_words


@pytest.mark.parametrize(
    ("count", "expected"), [(1, "1 persoon gevonden"), ("1", "1 persoon gevonden")]
)
def test_one_takes_the_singular(count: object, expected: str) -> None:
    assert translate("people.found", "nl", count=count) == expected


@pytest.mark.parametrize("count", [0, 2, "1.000", "21", 1.5])
def test_other_counts_take_the_plural(count: object) -> None:
    assert translate("people.found", "nl", count=count) == (
        f"{count} personen gevonden, beste overeenkomst eerst"
    )


@pytest.mark.parametrize(
    ("language", "count", "expected"),
    [
        ("nl", 1, "1 probleem gevonden. Er wordt niets geïmporteerd tot het is opgelost."),
        ("nl", 3, "3 problemen gevonden. Er wordt niets geïmporteerd tot ze zijn opgelost."),
        ("en", 1, "1 problem found. Nothing is imported until it is solved."),
        ("en", "1,000", "1,000 problems found. Nothing is imported until they are solved."),
    ],
)
def test_each_language_takes_its_own_form(language: str, count: object, expected: str) -> None:
    assert translate("import.problems_found", language, count=count) == expected


@pytest.mark.parametrize(
    ("key", "values", "expected"),
    [
        ("archive.count", {"count": 1}, "1 afgehandeld verzoek (nieuwste eerst, hoogstens 500)."),
        ("settings.months", {"months": 1}, "1 kalendermaand"),
        ("settings.months", {"months": 2}, "2 kalendermaanden"),
        (
            "sharing.notified_done",
            {"letters": 1, "disclosures": 1},
            "1 kennisgeving is klaar voor verzending in de uitgaande post, over 1 verstrekking."
            " Als geïnformeerd telt een verstrekking pas wanneer de brief is afgeleverd of op"
            " de post is gedaan.",
        ),
        (
            "minimisation.all_held_back",
            {"count": 3},
            "Er is niets verwijderd: bij alle 3 gekozen personen houdt een beperking of een"
            " open verzoek de gegevens vast.",
        ),
    ],
)
def test_the_leftovers_of_the_review_read_well(
    key: str, values: dict[str, object], expected: str
) -> None:
    """Issue 20: "1 afgehandelde verzoeken", "1 kennisgevingen", "1 kalendermaand(en)"."""
    assert translate(key, "nl", **values) == expected


# Placeholders that always hold a number of things, and the words that may follow one without
# being a noun that takes a plural ("3 van 10", "2 verzonden", "en 4 meer").
COUNTS = {
    "count", "items", "people", "disclosures", "letters", "months", "days", "rows", "new",
    "changed", "blocked", "removed", "entries", "total", "shown", "found", "held", "high",
    "length", "max",
}  # fmt: skip
NOT_NOUNS = {
    "van", "of", "meer", "more", "verzonden", "sent", "mislukt", "failed", "gewijzigd",
    "changed", "ongewijzigd", "unchanged", "overgeslagen", "skipped", "verwijderd", "removed",
    "getoond", "in", "nu", "nieuwe", "new", "further", "gekozen", "selected", "closed",
    "open", "openstaande", "calendar", "overbodige", "are", "is", "kan",
}  # fmt: skip
NUMBER_THEN_WORD = re.compile(r"\{(\w+)\}\**\s+([\wëéï]+)")


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_noun_after_a_count_has_its_plural_forms(language: str) -> None:
    """A catalog text may not put a fixed noun after a count: the noun is a {name|one|other}
    marker, at most a few words on ("{count} gekozen {count|persoon|personen}")."""
    bare = []
    for key, text in catalog(language).items():
        # a marker's forms are already one or other: only what stands outside them counts
        masked = PLURAL_WORDS.sub(lambda marker: f"<{marker.group(1)}>", text)
        for found in NUMBER_THEN_WORD.finditer(masked):
            name, word = found.groups()
            if name not in COUNTS or word in NOT_NOUNS:
                continue
            if f"<{name}>" not in masked[found.end() : found.end() + 40]:
                bare.append(f"{key}: {{{name}}} {word}")
    assert bare == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_marker_names_a_value_of_its_own_text(language: str) -> None:
    for key, text in catalog(language).items():
        for found in PLURAL_WORDS.finditer(text):
            name = found.group(1)
            assert "{" + name + "}" in text or name == "count", key
            assert "(en)" not in text and "(s)" not in text, key


@pytest.mark.parametrize(
    ("left", "expected"),
    [
        (5, "nog 5 dagen"),
        (1, "nog 1 dag"),
        (0, "vandaag"),
        (-1, "1 dag te laat"),
        (-111, "111 dagen te laat"),
    ],
)
def test_the_queue_says_how_the_due_date_stands_in_words(left: int, expected: str) -> None:
    """Issue 20: "Dagen over −111" reads "111 dagen te laat"."""
    assert days_left_words(left, "nl") == expected
