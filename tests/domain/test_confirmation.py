"""The number typed to confirm a bulk step that cannot be undone (the safety ladder)."""

from __future__ import annotations

import pytest

from konnektus.domain.confirmation import count_confirmed, typed_count


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("55", 55),
        (" 55 ", 55),
        ("6176", 6176),
        ("6.176", 6176),  # as the Dutch screen shows it
        ("6,176", 6176),  # as the English screen shows it
        ("6 176", 6176),
        ("6\u00a0176", 6176),
        ("1.234.567", 1234567),
        ("0", 0),
        ("", None),
        ("   ", None),
        ("vijf", None),
        ("-5", None),
        ("5,5", None),  # a decimal, not a count
        ("61.76", None),
        ("6.1760", None),
        ("55 personen", None),
        ("\u0665\u0665", None),  # Arabic-Indic digits: not what the screen shows
        ("5e3", None),
    ],
)
def test_a_typed_count_is_a_plain_whole_number_with_thousands_separators_or_nothing(
    text: str, number: int | None
) -> None:
    assert typed_count(text) == number


@pytest.mark.parametrize(
    ("text", "count", "confirmed"),
    [
        ("55", 55, True),
        ("6.176", 6176, True),
        ("54", 55, False),
        ("56", 55, False),
        ("", 55, False),
        ("", 0, False),
        ("055", 55, True),
    ],
)
def test_a_bulk_step_is_confirmed_only_by_exactly_the_number_shown(
    text: str, count: int, confirmed: bool
) -> None:
    assert count_confirmed(text, count) is confirmed
