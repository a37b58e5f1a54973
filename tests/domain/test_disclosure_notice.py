"""The disclosure notice (O8): what went to whom, when and why, in the person's language."""

from __future__ import annotations

import pytest

from konnektus.domain.disclosure_notice import NoticeLine, render_notice

LINE = NoticeLine(
    date="5 maart 2026",
    categories="loongegevens, burgerservicenummer (BSN)",
    recipient="Belastingdienst",
    purpose="loonaangifte",
    basis="wettelijke verplichting",
    relies_on_consent=False,
)


@pytest.mark.parametrize(
    ("language", "salutation", "line"),
    [
        (
            "nl",
            "Geachte heer/mevrouw De Vries,",
            "- 5 maart 2026: loongegevens, burgerservicenummer",
        ),
        ("en", "Dear De Vries,", "- 5 maart 2026: loongegevens, burgerservicenummer"),
        ("fr", "Geachte heer/mevrouw De Vries,", "aan Belastingdienst. Doel: loonaangifte."),
    ],
)
def test_a_notice_lists_each_disclosure_in_the_persons_language(
    language: str, salutation: str, line: str
) -> None:
    subject, body = render_notice(language, name="De Vries", lines=[LINE], dpo="fg@k.nl")
    assert body.startswith(salutation)
    assert line in body
    assert "fg@k.nl" in body and subject


@pytest.mark.parametrize(("relies_on_consent", "mentioned"), [(False, False), (True, True)])
def test_the_consent_paragraph_appears_only_when_a_disclosure_relied_on_consent(
    relies_on_consent: bool, mentioned: bool
) -> None:
    from dataclasses import replace

    line = replace(LINE, relies_on_consent=relies_on_consent)
    _, body = render_notice("nl", name="X", lines=[LINE, line], dpo="fg@k.nl")
    assert ("artikel 7, lid 3 AVG" in body) is mentioned
    assert "bezwaar" in body and "Autoriteit Persoonsgegevens" in body


def test_text_with_dollar_signs_from_the_database_prints_as_it_is() -> None:
    from dataclasses import replace

    line = replace(LINE, purpose="$name ${dpo}", recipient="Fonds $x")
    _, body = render_notice("nl", name="$y", lines=[line], dpo="fg@k.nl")
    assert "Doel: $name ${dpo}." in body and "aan Fonds $x." in body
