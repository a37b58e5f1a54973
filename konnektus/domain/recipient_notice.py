"""Art. 19 GDPR: the letter telling a recipient that data it received was rectified, that its
processing is restricted, or that it was erased. Pure rendering; the service passes every value
in words. Dutch to recipients in the Netherlands, English to the others.
"""

from __future__ import annotations

from string import Template
from typing import Final

from konnektus.domain.contact import PrivacyContact, signature_values

KIND: Final = "recipient_notice"
CHANGES: Final = ("rectification", "restriction")  # told by hand from the task list
ERASURE: Final = "erasure"  # told by the erasure itself, in its own transaction
# A current employee's erasure removes only job-finding data: told, by the erasure itself, to
# the recipients that received some of what was removed.
PARTIAL_ERASURE: Final = "partial_erasure"

_TEMPLATES: Final[dict[str, dict[str, tuple[str, str]]]] = {
    "nl": {
        "rectification": (
            "Correctie van persoonsgegevens die wij u verstrekten (artikel 19 AVG)",
            "Wij hebben op verzoek van de betrokkene de volgende gegevens gecorrigeerd:\n"
            "$details\n\nWij verzoeken u deze correctie ook in uw administratie door te voeren.",
        ),
        "restriction": (
            "Beperking van de verwerking van persoonsgegevens (artikel 19 AVG)",
            "Op verzoek van de betrokkene is de verwerking van deze gegevens beperkt (artikel "
            "18 AVG). Wij verzoeken u ze tot nader bericht alleen nog te bewaren en niet verder "
            "te gebruiken.",
        ),
        ERASURE: (
            "Wissing van persoonsgegevens die wij u verstrekten (artikel 19 AVG)",
            "Wij hebben de persoonsgegevens van deze persoon gewist (artikel 17 AVG).$held "
            "Wij verzoeken u de gegevens die u van ons ontving ook te wissen, tenzij een eigen "
            "wettelijke plicht u voorschrijft ze te bewaren.",
        ),
        PARTIAL_ERASURE: (
            "Gedeeltelijke wissing van persoonsgegevens die wij u verstrekten (artikel 19 AVG)",
            "Wij hebben op verzoek van de betrokkene een deel van diens persoonsgegevens gewist "
            "(artikel 17 AVG). Van wat wij u verstrekten, betreft dat: $details. Wij verzoeken u "
            "deze gegevens ook te wissen, tenzij een eigen wettelijke plicht u voorschrijft ze "
            "te bewaren. De overige gegevens blijven nodig voor de lopende "
            "arbeidsovereenkomst; voor die gegevens verandert er niets.",
        ),
    },
    "en": {
        "rectification": (
            "Rectification of personal data we disclosed to you (GDPR Art. 19)",
            "At the request of the data subject we have rectified the following data:\n"
            "$details\n\nPlease apply this rectification in your records too.",
        ),
        "restriction": (
            "Restriction of processing of personal data (GDPR Art. 19)",
            "At the request of the data subject, processing of this data is restricted (GDPR "
            "Art. 18). Please only store it and do not use it further until we tell you "
            "otherwise.",
        ),
        ERASURE: (
            "Erasure of personal data we disclosed to you (GDPR Art. 19)",
            "We have erased this person's personal data (GDPR Art. 17).$held Please erase the "
            "data you received from us as well, unless a legal obligation of your own requires "
            "you to keep it.",
        ),
        PARTIAL_ERASURE: (
            "Partial erasure of personal data we disclosed to you (GDPR Art. 19)",
            "At the request of the data subject we have erased part of their personal data "
            "(GDPR Art. 17). Of what we disclosed to you, this concerns: $details. Please erase "
            "this data as well, unless a legal obligation of your own requires you to keep it. "
            "The other data remains necessary for the running employment contract; nothing "
            "changes for it.",
        ),
    },
}
_FRAME: Final = {
    "nl": (
        "Aan: $recipient\n\nGeachte heer/mevrouw,\n\n"
        "$when hebben wij u persoonsgegevens verstrekt van $person ($categories). "
        "$message\n\n"
        "$signature\n"
    ),
    "en": (
        "To: $recipient\n\nDear Sir or Madam,\n\n"
        "$when we disclosed personal data of $person to you ($categories). $message\n\n"
        "$signature\n"
    ),
}


_BORN: Final = {"nl": "geboren op", "en": "born on"}
# An erasure that had to keep something under a running legal hold says so.
_HELD: Final = {
    "nl": " Alleen wat een wettelijke bewaarplicht ons voorschrijft, bewaren wij nog, afgeschermd,"
    " tot die plicht afloopt.",
    "en": " We keep only what a statutory retention duty requires, restricted, until that duty"
    " ends.",
}


def person_line(language: str, name: str, born: str | None) -> str:
    """'Jan de Vries, geboren op 5 maart 1990': enough for the recipient to find the person."""
    return f"{name}, {_BORN.get(language, _BORN['nl'])} {born}" if born else name


def _when(language: str, first: str, last: str) -> str:
    """'Op 5 maart 2026' or 'Tussen 3 januari 2025 en 4 februari 2026'."""
    if language == "en":
        return f"On {first}" if first == last else f"Between {first} and {last}"
    return f"Op {first}" if first == last else f"Tussen {first} en {last}"


def recipient_language(country: str) -> str:
    return "nl" if country.strip().upper() == "NL" else "en"


def render_recipient_notice(
    language: str,
    change: str,
    *,
    recipient: str,
    person: str,
    first: str,
    last: str,
    categories: str,
    details: str,
    dpo: PrivacyContact | str,
    held: bool = False,
) -> tuple[str, str]:
    """(subject, body) of the letter to one recipient about one change. `held`: an erasure
    kept data under a running legal hold."""
    language = language if language in _TEMPLATES else "nl"
    templates = _TEMPLATES[language]
    subject, message = templates[change]
    body = Template(_FRAME[language if language in _FRAME else "nl"]).substitute(
        recipient=recipient,
        person=person,
        when=_when(language, first, last),
        categories=categories,
        message=Template(message).substitute(details=details, held=_HELD[language] if held else ""),
        **signature_values(dpo, language),
    )
    return subject, body
