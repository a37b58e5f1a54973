"""Letters to people, in Dutch (English on request), rendered from plain templates.

Rendering is pure: the service passes every value, including the dates already formatted
and the DPO contact (O13), and stores the result in the outbox in the same transaction.
"""

from __future__ import annotations

from string import Template
from typing import Final

from konnektus.domain.contact import PrivacyContact, signature_values
from konnektus.domain.errors import CodedError
from konnektus.domain.request_letters import REQUEST_TEMPLATES

LANGUAGES: Final = ("nl", "en")

_TEMPLATES: Final[dict[str, dict[str, tuple[str, str]]]] = {
    # O6: the question, and its one reminder. Each names the person's reference, so whoever
    # takes the answer finds them in one search; `$name` stays available for the address.
    "retention_extension_request": {
        "nl": (
            "Verzoek tot verlenging van de bewaartermijn",
            "Geachte heer/mevrouw,\n\n"
            "Wij bewaren uw gegevens voor onze bemiddeling naar werk twee jaar. De einddatum "
            "van die bewaartermijn is $expiry. Wilt u dat wij uw gegevens nog twee jaar "
            "bewaren? Laat het ons weten door te antwoorden op deze brief of ons te bellen, en "
            "vermeld daarbij uw kenmerk $reference. Zonder uw toestemming verwijderen wij uw "
            "gegevens na het einde van de bewaartermijn.\n\n"
            "$signature\n\n"
            "Uw kenmerk: $reference\n",
        ),
        "en": (
            "Request to extend the retention period",
            "Dear Sir or Madam,\n\n"
            "We keep your data for our job-finding services for two years. The end date of "
            "that retention period is $expiry. Would you like us to keep your data for two "
            "more years? Please let us know by replying to this letter or calling us, quoting "
            "your reference $reference. Without your consent we will erase your data once the "
            "retention period has ended.\n\n"
            "$signature\n\n"
            "Your reference: $reference\n",
        ),
    },
    "retention_extension_reminder": {
        "nl": (
            "Herinnering: verzoek tot verlenging van de bewaartermijn",
            "Geachte heer/mevrouw,\n\n"
            "Op $asked_on vroegen wij u of wij uw gegevens nog twee jaar mogen bewaren. Wij "
            "hebben nog geen antwoord van u ontvangen. De einddatum van de bewaartermijn is "
            "$expiry. Laat u ons weten of wij uw gegevens mogen bewaren? Vermeld daarbij uw "
            "kenmerk $reference. Zonder uw toestemming verwijderen wij uw gegevens na het einde "
            "van de bewaartermijn.\n\n"
            "$signature\n\n"
            "Uw kenmerk: $reference\n",
        ),
        "en": (
            "Reminder: request to extend the retention period",
            "Dear Sir or Madam,\n\n"
            "On $asked_on we asked whether we may keep your data for two more years. We have "
            "not yet received your answer. The end date of the retention period is $expiry. "
            "Would you let us know whether we may keep your data? Please quote your reference "
            "$reference. Without your consent we will erase your data once the retention "
            "period has ended.\n\n"
            "$signature\n\n"
            "Your reference: $reference\n",
        ),
    },
    "extension_notice": {
        "nl": (
            "Verlenging van de termijn voor uw verzoek",
            "Geachte heer/mevrouw,\n\n"
            "Wij hebben uw verzoek ontvangen op $received. Wij hebben meer tijd nodig om het "
            "af te handelen: $reason. De termijn wordt daarom verlengd tot uiterlijk $due "
            "(artikel 12, lid 3 AVG).\n\n"
            "$signature\n",
        ),
        "en": (
            "Extension of the period for your request",
            "Dear Sir or Madam,\n\n"
            "We received your request on $received. We need more time to handle it: $reason. "
            "The period is therefore extended to $due at the latest (GDPR Art. 12(3)).\n\n"
            "$signature\n",
        ),
    },
    "erasure_confirmation": {
        "nl": (
            "Uw gegevens zijn verwijderd",
            "Geachte heer/mevrouw,\n\n"
            "Op $received ontvingen wij uw verzoek om verwijdering van uw persoonsgegevens "
            "(verzoek $request). Wij hebben dit verzoek op $done uitgevoerd.\n\n"
            "$kept_block\n\n"
            "$recipients_line\n\n"
            "Bent u het niet eens met de afhandeling, dan kunt u een klacht indienen bij de "
            "Autoriteit Persoonsgegevens.\n\n"
            "$signature\n",
        ),
        "en": (
            "Your data has been erased",
            "Dear Sir or Madam,\n\n"
            "On $received we received your request to erase your personal data (request "
            "$request). We carried it out on $done.\n\n"
            "$kept_block\n\n"
            "$recipients_line\n\n"
            "If you disagree with how we handled your request, you can complain to the Dutch "
            "Data Protection Authority (Autoriteit Persoonsgegevens).\n\n"
            "$signature\n",
        ),
    },
    "erasure_partial_refusal": {
        "nl": (
            "Uw verzoek om verwijdering: gedeeltelijk uitgevoerd",
            "Geachte heer/mevrouw,\n\n"
            "Op $received ontvingen wij uw verzoek om verwijdering van uw persoonsgegevens "
            "(verzoek $request). Op $done hebben wij dit verzoek gedeeltelijk uitgevoerd; voor "
            "het overige wijzen wij het af.\n\n"
            "Waarom wij niet alles verwijderen: u bent bij ons in dienst. Wij bewaren alleen "
            "de gegevens die een wettelijke plicht van ons als werkgever noemt, zoals de "
            "loonadministratie (artikel 52 AWR) en de kopie van uw identiteitsbewijs (artikel 28 "
            "Wet op de loonbelasting 1964), en wat wij nodig hebben om uw arbeidsovereenkomst "
            "uit te voeren; hieronder staat precies wat. Alle andere gegevens hebben wij "
            "verwijderd. Het recht op verwijdering geldt niet voor "
            "gegevens die nodig zijn om een wettelijke verplichting na te komen (artikel 17, "
            "lid 3, onder b AVG); de grondslag is de uitvoering van de overeenkomst en de "
            "wettelijke verplichting (artikel 6, lid 1, onder b en c AVG).\n\n"
            "Wij hebben verwijderd:\n$removed_lines\n\n"
            "Wij bewaren:\n$kept_lines\n\n"
            "${recipients_block}"
            "Ook de vastlegging van uw toestemmingen, van verstrekkingen aan derden, van "
            "correcties en van uw verzoeken blijft bewaard. Eindigt uw dienstverband, dan "
            "kunt u opnieuw om verwijdering vragen; wij bewaren dan alleen wat de wet "
            "voorschrijft, tot het einde van de wettelijke termijn.\n\n"
            "Bent u het niet eens met deze beslissing, dan kunt u een klacht indienen bij de "
            "Autoriteit Persoonsgegevens en kunt u zich tot de rechter wenden (artikel 12, "
            "lid 4 AVG).\n\n"
            "$signature\n",
        ),
        "en": (
            "Your erasure request: partly carried out",
            "Dear Sir or Madam,\n\n"
            "On $received we received your request to erase your personal data (request "
            "$request). On $done we carried it out in part; for the rest we refuse it.\n\n"
            "Why we do not erase everything: you are employed by us. We keep only the data "
            "a legal duty of ours as an employer names, such as the payroll records (AWR "
            "art. 52) and the copy of your identity document (Wage Tax Act 1964 art. 28), and "
            "what we need to perform your employment contract; exactly what is listed below. "
            "We erased all other data. The right to "
            "erasure does not apply to data needed to comply with a legal obligation (GDPR "
            "Art. 17(3)(b)); the legal basis is the performance of the contract and the legal "
            "obligation (GDPR Art. 6(1)(b) and (c)).\n\n"
            "We erased:\n$removed_lines\n\n"
            "We keep:\n$kept_lines\n\n"
            "${recipients_block}"
            "The record of your consents, of disclosures to third parties, of corrections and "
            "of your requests is kept as well. When your employment ends, you can ask for "
            "erasure again; we will then keep only what the law requires, until the end of "
            "the legal term.\n\n"
            "If you disagree with this decision, you can complain to the Dutch Data Protection "
            "Authority (Autoriteit Persoonsgegevens) and you can go to court (GDPR "
            "Art. 12(4)).\n\n"
            "$signature\n",
        ),
    },
}


_TEMPLATES.update(REQUEST_TEMPLATES)


class UnknownLetter(CodedError, ValueError):
    """No template of that kind."""


def render_letter(
    kind: str, language: str, *, dpo: PrivacyContact | str, **values: str
) -> tuple[str, str]:
    """Return (subject, body); a missing value raises KeyError rather than a gap in a letter.
    `dpo` is the privacy contact (O13): it signs the letter with the title the agency has."""
    if kind not in _TEMPLATES:
        raise UnknownLetter("unknown_letter", kind=kind)
    language = language if language in LANGUAGES else "nl"
    subject, body = _TEMPLATES[kind][language]
    filled = Template(body).substitute(values | signature_values(dpo, language))
    return subject, filled


def letter_kinds() -> tuple[str, ...]:
    return tuple(_TEMPLATES)
