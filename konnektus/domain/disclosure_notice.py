"""The disclosure notice (O8, Art. 13/14 GDPR): one letter per person listing what went to
whom, when and why, and how to withdraw consent or object; a line of a transfer outside the
EEA names the country and the safeguard (Chapter V), as the Art. 15 statement does. A refused
request from an outside party is told too, in a letter of its own (REFUSED_KIND).

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
REFUSED_KIND: Final = "refused_request_notice"

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
        "- $date: $categories aan $recipient. Doel: $purpose. Grondslag: $basis.$transfer",
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
        "- $date: $categories to $recipient. Purpose: $purpose. Legal basis: $basis.$transfer",
        "Where a disclosure relies on your consent, you may withdraw that consent at any time "
        "(GDPR Art. 7(3)); we then disclose nothing further on that basis.\n\n",
    ),
}


# " Transfer outside the EEA: to <country>, on <safeguard>." after a line abroad
_TRANSFER: Final = {
    "nl": " Doorgifte buiten de EER: naar $country, op grond van: $safeguard.",
    "en": " Transfer outside the EEA: to $country, on the basis of: $safeguard.",
}

_REFUSED: Final[dict[str, tuple[str, str]]] = {
    "nl": (
        "Kennisgeving van een geweigerd verzoek om uw persoonsgegevens",
        "Geachte heer/mevrouw $name,\n\n"
        "Wij informeren u dat $recipient ons op $date heeft gevraagd om de volgende "
        "persoonsgegevens van u: $categories. Opgegeven doel: $purpose.\n\n"
        "Wij hebben dit verzoek geweigerd en niets verstrekt. Reden: $reason\n\n"
        "Wilt u weten welke gegevens wij van u hebben, stuur dan een e-mail aan $dpo. Bent u "
        "het niet eens met hoe wij met uw gegevens omgaan, dan kunt u een klacht indienen bij "
        "de Autoriteit Persoonsgegevens.\n\n"
        "$signature\n",
    ),
    "en": (
        "Notice of a refused request for your personal data",
        "Dear $name,\n\n"
        "We inform you that on $date $recipient asked us for the following personal data "
        "about you: $categories. Purpose given: $purpose.\n\n"
        "We refused this request and disclosed nothing. Reason: $reason\n\n"
        "To learn which data we hold about you, e-mail $dpo. If you disagree with how we "
        "handle your data, you can complain to the Dutch Data Protection Authority "
        "(Autoriteit Persoonsgegevens).\n\n"
        "$signature\n",
    ),
}


@dataclass(frozen=True)
class NoticeLine:
    """One disclosure, every value already in the letter's language. `country` and
    `safeguard` are given (in words) only for a transfer outside the EEA."""

    date: str
    categories: str
    recipient: str
    purpose: str
    basis: str
    relies_on_consent: bool
    country: str | None = None
    safeguard: str | None = None

    def transfer(self, language: str) -> str:
        if self.country is None:
            return ""
        return Template(_TRANSFER[language]).substitute(
            country=self.country, safeguard=self.safeguard or ""
        )


def render_notice(
    language: str, *, name: str, lines: Sequence[NoticeLine], dpo: PrivacyContact | str
) -> tuple[str, str]:
    """(subject, body) of one person's notice; Dutch unless the person reads English."""
    language = language if language in _TEMPLATES else "nl"
    subject, body, line, consent = _TEMPLATES[language]
    listed = "\n".join(
        Template(line).substitute(
            date=item.date,
            categories=item.categories,
            recipient=item.recipient,
            purpose=item.purpose,
            basis=item.basis,
            transfer=item.transfer(language),
        )
        for item in lines
    )
    return subject, Template(body).substitute(
        name=name,
        lines=listed,
        consent_paragraph=consent if any(i.relies_on_consent for i in lines) else "",
        **signature_values(dpo, language),
    )


def render_refused_notice(
    language: str,
    *,
    name: str,
    line: NoticeLine,
    reason: str,
    dpo: PrivacyContact | str,
) -> tuple[str, str]:
    """(subject, body) of the letter telling the person of a refused request; `line` holds
    the day it came in, the data asked for, the party and the purpose given, in words."""
    language = language if language in _REFUSED else "nl"
    subject, body = _REFUSED[language]
    return subject, Template(body).substitute(
        name=name,
        recipient=line.recipient,
        date=line.date,
        categories=line.categories,
        purpose=line.purpose,
        reason=reason,
        **signature_values(dpo, language),
    )
