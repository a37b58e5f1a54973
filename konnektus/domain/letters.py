"""Letters to people, in Dutch (English on request), rendered from plain templates.

Rendering is pure: the service passes every value, including the dates already formatted
and the DPO contact (O13), and stores the result in the outbox in the same transaction.
"""

from __future__ import annotations

from string import Template
from typing import Final

LANGUAGES: Final = ("nl", "en")

_TEMPLATES: Final[dict[str, dict[str, tuple[str, str]]]] = {
    "retention_extension_request": {
        "nl": (
            "Verzoek tot verlenging van de bewaartermijn",
            "Beste $name,\n\n"
            "Wij bewaren uw gegevens voor onze bemiddeling naar werk twee jaar. Die "
            "bewaartermijn loopt af op $expiry. Wilt u dat wij uw gegevens nog twee jaar "
            "bewaren? Laat het ons weten; zonder uw toestemming verwijderen wij ze.\n\n"
            "Met vriendelijke groet,\nKonnektus\nFunctionaris gegevensbescherming: $dpo\n",
        ),
        "en": (
            "Request to extend the retention period",
            "Dear $name,\n\n"
            "We keep your data for our job-finding services for two years. That retention "
            "period ends on $expiry. Would you like us to keep your data for two more years? "
            "Please let us know; without your consent we will erase it.\n\n"
            "Kind regards,\nKonnektus\nData protection officer: $dpo\n",
        ),
    },
    "extension_notice": {
        "nl": (
            "Verlenging van de termijn voor uw verzoek",
            "Beste $name,\n\n"
            "Wij hebben uw verzoek ontvangen op $received. Wij hebben meer tijd nodig om het "
            "af te handelen: $reason. De termijn wordt daarom verlengd tot uiterlijk $due "
            "(artikel 12, lid 3 AVG).\n\n"
            "Met vriendelijke groet,\nKonnektus\nFunctionaris gegevensbescherming: $dpo\n",
        ),
        "en": (
            "Extension of the period for your request",
            "Dear $name,\n\n"
            "We received your request on $received. We need more time to handle it: $reason. "
            "The period is therefore extended to $due at the latest (GDPR Art. 12(3)).\n\n"
            "Kind regards,\nKonnektus\nData protection officer: $dpo\n",
        ),
    },
}


class UnknownLetter(ValueError):
    pass


def render_letter(kind: str, language: str, **values: str) -> tuple[str, str]:
    """Return (subject, body); a missing value raises KeyError rather than a gap in a letter."""
    if kind not in _TEMPLATES:
        raise UnknownLetter(f"No letter template '{kind}'")
    subject, body = _TEMPLATES[kind][language if language in LANGUAGES else "nl"]
    return subject, Template(body).substitute(values)


def letter_kinds() -> tuple[str, ...]:
    return tuple(_TEMPLATES)
