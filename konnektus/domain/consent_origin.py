"""How a consent was given or withdrawn, when the dashboard wrote it rather than a person.

`consent.given_how` and `withdrawn_how` hold the words staff typed ("formulier", "e-mail"). Where
the dashboard itself records the consent it stores a marker instead, which every screen and
letter shows in the reader's language: "request 12" (the request desk withdrew it) and
"extension_answer:phone" (a yes to the extension question, O6, is a consent for job finding:
Art. 6(1)(a), 7(1), so it can be shown and withdrawn like any other).
"""

from __future__ import annotations

import re
from typing import Final

JOB_FINDING: Final = "job_finding"  # the consent purpose of the two-year job-finding term
_EXTENSION_ANSWER: Final = "extension_answer"
_MARKER = re.compile(r"(?:request (?P<request>\d+)|extension_answer:(?P<channel>[a-z_]+))")


def extension_answer_how(channel: str) -> str:
    """The `given_how` of the consent a yes to the extension question gives."""
    return f"{_EXTENSION_ANSWER}:{channel}"


def marker(value: str) -> tuple[str, dict[str, str]] | None:
    """(catalog key, values) for a marker the dashboard wrote, or None for typed words."""
    found = _MARKER.fullmatch(value)
    if found is None:
        return None
    if found.group("request") is not None:
        return "requests.via_request", {"id": found.group("request")}
    return "consent_how.extension_answer", {"channel": found.group("channel")}
