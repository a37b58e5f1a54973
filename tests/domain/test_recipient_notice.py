"""Art. 19: the letter to a recipient, in Dutch for Dutch recipients and English otherwise."""

from __future__ import annotations

import pytest

from konnektus.domain.recipient_notice import (
    person_line,
    recipient_language,
    render_recipient_notice,
)


@pytest.mark.parametrize(("country", "language"), [("NL", "nl"), ("nl", "nl"), ("GB", "en")])
def test_dutch_recipients_get_dutch_and_the_others_english(country: str, language: str) -> None:
    assert recipient_language(country) == language


@pytest.mark.parametrize(
    ("language", "change", "first", "last", "expected"),
    [
        ("nl", "rectification", "5 maart 2026", "5 maart 2026", "Op 5 maart 2026 hebben wij"),
        ("nl", "restriction", "1 mei 2025", "5 maart 2026", "Tussen 1 mei 2025 en 5 maart 2026"),
        ("en", "rectification", "5 March 2026", "5 March 2026", "On 5 March 2026 we disclosed"),
        ("en", "restriction", "1 May 2025", "5 March 2026", "Between 1 May 2025 and 5 March"),
    ],
)
def test_the_letter_says_when_what_went_and_what_changed(
    language: str, change: str, first: str, last: str, expected: str
) -> None:
    subject, body = render_recipient_notice(
        language,
        change,
        recipient="UWV",
        person=person_line(language, "Jan de Vries", "5 maart 1990"),
        first=first,
        last=last,
        categories="BSN",
        details="- Woonplaats: $Zwolle",
        dpo="fg@k.nl",
    )
    assert expected in body and "19" in subject
    assert "Jan de Vries" in body and "fg@k.nl" in body
    assert ("$Zwolle" in body) is (change == "rectification")
