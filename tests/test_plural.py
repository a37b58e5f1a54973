"""A count of one takes the singular where the catalogs have one ("1 persoon gevonden")."""

from __future__ import annotations

import pytest

from konnektus.i18n import LANGUAGES, SINGULAR, catalog, translate


@pytest.mark.parametrize(
    ("count", "expected"), [(1, "1 persoon gevonden"), ("1", "1 persoon gevonden")]
)
def test_one_takes_the_singular(count: object, expected: str) -> None:
    assert translate("people.found", "nl", count=count) == expected


@pytest.mark.parametrize("count", [0, 2, "1.000", "21"])
def test_other_counts_take_the_plural(count: object) -> None:
    assert translate("people.found", "nl", count=count) == (
        f"{count} personen gevonden, beste overeenkomst eerst"
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_singular_belongs_to_a_text_with_a_count(language: str) -> None:
    words = catalog(language)
    singulars = [key for key in words if key.endswith(SINGULAR)]
    assert singulars
    for key in singulars:
        plain = key.removesuffix(SINGULAR)
        assert "{count}" in words[plain], plain
