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


@pytest.mark.parametrize(
    ("language", "held", "erased", "kept"),
    [
        ("nl", False, "gewist (artikel 17 AVG)", None),
        ("nl", True, "gewist (artikel 17 AVG)", "afgeschermd"),
        ("en", False, "erased this person's personal data", None),
        ("en", True, "erased this person's personal data", "restricted"),
    ],
)
def test_an_erasure_letter_asks_the_recipient_to_erase_and_says_what_a_hold_keeps(
    language: str, held: bool, erased: str, kept: str | None
) -> None:
    subject, body = render_recipient_notice(
        language,
        "erasure",
        recipient="UWV",
        person=person_line(language, "Jan de Vries", "5 maart 1990"),
        first="5 maart 2026",
        last="5 maart 2026",
        categories="BSN",
        details="",
        dpo="fg@k.nl",
        held=held,
    )
    assert "19" in subject and erased in body and "Jan de Vries" in body
    assert ("afgeschermd" in body or "restricted" in body) is held
    if kept is not None:
        assert kept in body
