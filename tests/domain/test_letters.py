"""Every letter template renders in both languages: the salutation the glossary prescribes, no
placeholder or code left in the text, and the signature of the title the agency really has."""

from __future__ import annotations

import re
from string import Template

import pytest

from konnektus.domain import letters
from konnektus.domain.contact import PrivacyContact
from konnektus.domain.letters import LANGUAGES, letter_kinds, render_letter

LEFTOVER = re.compile(r"[$]|\{|\}|\b[a-z]+_[a-z_]+\b")  # a placeholder, or a code like legal_basis
SALUTATION = {"nl": "Geachte heer/mevrouw,", "en": "Dear Sir or Madam,"}
CONTACT = PrivacyContact(
    email="privacy@konnektus.nl",
    name="S. Jansen",
    postal_address="Postbus 123\n3000 AB Rotterdam",
    phone="010 123 45 67",
)


def placeholders(kind: str, language: str) -> set[str]:
    _, body = letters._TEMPLATES[kind][language]
    found = Template(body).pattern.finditer(body)
    return {m.group("named") or m.group("braced") for m in found} - {None, "signature", "dpo"}


def sample_values(kind: str, language: str) -> dict[str, str]:
    names = sorted(placeholders(kind, language))
    return {name: f"Waarde{index}" for index, name in enumerate(names)}


CASES = [(kind, language) for kind in letter_kinds() for language in LANGUAGES]


@pytest.mark.parametrize(("kind", "language"), CASES)
def test_every_template_renders_without_leftover_placeholders_or_codes(
    kind: str, language: str
) -> None:
    subject, body = render_letter(kind, language, dpo=CONTACT, **sample_values(kind, language))
    assert not LEFTOVER.search(subject), subject
    leftover = LEFTOVER.findall(body.replace("privacy@konnektus.nl", ""))
    assert leftover == [], f"{kind}/{language}: {leftover}"


@pytest.mark.parametrize(("kind", "language"), CASES)
def test_every_letter_opens_with_the_salutation_of_the_glossary(kind: str, language: str) -> None:
    _, body = render_letter(kind, language, dpo=CONTACT, **sample_values(kind, language))
    assert body.startswith(SALUTATION[language])
    assert "Beste" not in body


@pytest.mark.parametrize(("kind", "language"), CASES)
def test_every_letter_carries_the_full_privacy_contact(kind: str, language: str) -> None:
    _, body = render_letter(kind, language, dpo=CONTACT, **sample_values(kind, language))
    for part in ("privacy@konnektus.nl", "S. Jansen", "010 123 45 67", "Postbus 123"):
        assert part in body


def test_a_letter_is_signed_by_the_privacy_team_unless_a_dpo_is_appointed() -> None:
    values = sample_values("request_refusal", "nl")
    _, plain = render_letter("request_refusal", "nl", dpo=CONTACT, **values)
    assert "Privacyteam" in plain and "Functionaris gegevensbescherming" not in plain
    appointed = CONTACT.with_changes(dpo_appointed=True)
    _, signed = render_letter("request_refusal", "nl", dpo=appointed, **values)
    assert "Functionaris gegevensbescherming" in signed and "Privacyteam" not in signed


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_refusal_gives_the_complaint_and_the_court(language: str) -> None:
    for kind in ("request_refusal", "request_partial_refusal"):
        _, body = render_letter(kind, language, dpo=CONTACT, **sample_values(kind, language))
        assert "Autoriteit Persoonsgegevens" in body
        assert ("rechter" if language == "nl" else "court") in body


def test_no_letter_says_bijgaand() -> None:
    for kind, language in CASES:
        _, body = render_letter(kind, language, dpo=CONTACT, **sample_values(kind, language))
        assert "bijgaand" not in body.lower(), kind


def test_the_new_templates_exist() -> None:
    assert {
        "identity_request",
        "request_refusal",
        "request_partial_refusal",
        "rectification_done",
        "restriction_applied",
        "restriction_lifted",
        "objection_upheld",
        "automated_review",
        "access_cover",
        "access_cover_post",
    } <= set(letter_kinds())
