"""The disclosure notice (O8, Art. 13/14 GDPR): one letter per person listing what went to
whom, when and why, and how to withdraw consent or object.

Pure rendering: the service passes every value already in words (data categories, legal
bases, dates in the person's language) and stores the letter in the outbox.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from string import Template
from typing import Final

from konnektus.domain.contact import PrivacyContact, signature_values

KIND: Final = "disclosure_notice"

_TEMPLATES: Final[dict[str, tuple[str, str, str, str]]] = {
    # subject, body, one line per disclosure, the consent paragraph
    "nl": (
        "Kennisgeving van verstrekking van uw persoonsgegevens",
        "Geachte heer/mevrouw $name,\n\n"
        "Wij informeren u dat Konnektus persoonsgegevens van u heeft verstrekt aan de "
        "volgende ontvangers:\n\n"
        "$lines\n\n"
        "${consent_paragraph}"
        "U kunt bezwaar maken tegen een verstrekking die berust op ons gerechtvaardigd belang "
        "(artikel 21 AVG). Wilt u uw toestemming intrekken, bezwaar maken of weten welke "
        "gegevens wij van u hebben, stuur dan een e-mail aan $dpo. Bent u het niet eens met "
        "hoe wij met uw gegevens omgaan, dan kunt u een klacht indienen bij de Autoriteit "
        "Persoonsgegevens.\n\n"
        "$signature\n",
        "- $date: $categories aan $recipient. Doel: $purpose. Grondslag: $basis.",
        "Waar een verstrekking berust op uw toestemming, kunt u die toestemming op elk moment "
        "intrekken (artikel 7, lid 3 AVG); daarna verstrekken wij op die grond niets meer.\n\n",
    ),
    "en": (
        "Notice of disclosure of your personal data",
        "Dear $name,\n\n"
        "We inform you that Konnektus disclosed personal data about you to the following "
        "recipients:\n\n"
        "$lines\n\n"
        "${consent_paragraph}"
        "You may object to a disclosure that relies on our legitimate interest (GDPR "
        "Art. 21). To withdraw your consent, object, or learn which data we hold about you, "
        "e-mail $dpo. If you disagree with how we handle your data, you can complain to the "
        "Dutch Data Protection Authority (Autoriteit Persoonsgegevens).\n\n"
        "$signature\n",
        "- $date: $categories to $recipient. Purpose: $purpose. Legal basis: $basis.",
        "Where a disclosure relies on your consent, you may withdraw that consent at any time "
        "(GDPR Art. 7(3)); we then disclose nothing further on that basis.\n\n",
    ),
}


@dataclass(frozen=True)
class NoticeLine:
    """One disclosure, every value already in the letter's language."""

    date: str
    categories: str
    recipient: str
    purpose: str
    basis: str
    relies_on_consent: bool


def render_notice(
    language: str, *, name: str, lines: Sequence[NoticeLine], dpo: PrivacyContact | str
) -> tuple[str, str]:
    """(subject, body) of one person's notice; Dutch unless the person reads English."""
    subject, body, line, consent = _TEMPLATES[language if language in _TEMPLATES else "nl"]
    listed = "\n".join(
        Template(line).substitute(
            date=item.date,
            categories=item.categories,
            recipient=item.recipient,
            purpose=item.purpose,
            basis=item.basis,
        )
        for item in lines
    )
    return subject, Template(body).substitute(
        name=name,
        lines=listed,
        consent_paragraph=consent if any(i.relies_on_consent for i in lines) else "",
        **signature_values(dpo, language),
    )
