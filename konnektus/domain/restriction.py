"""Art. 18: while the processing of a person's data is restricted, it is kept and not used.

Refused with a reason until the DPO lifts it: asking them to extend the retention period, new
disclosures to third parties, and corrections of anything but the disputed field (correcting
that field is often what ends the restriction, Art. 18(1)(a)).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from konnektus.domain.errors import CodedError, Term


class Restricted(CodedError):
    """The person's data is restricted (Art. 18); `request` is the restriction request.
    Each raise site names its code (person_restricted, restricted_other_field)."""


def is_restricted(person: Mapping[str, Any]) -> bool:
    return person.get("restricted_since") is not None


def check_not_restricted(person: Mapping[str, Any]) -> None:
    """Raise Restricted for an action that a restriction stops altogether."""
    if is_restricted(person):
        raise Restricted("person_restricted", request=person.get("restriction_request_id"))


def check_rectification_allowed(person: Mapping[str, Any], fields: Iterable[str]) -> None:
    """While restricted, only the disputed field may be corrected."""
    if not is_restricted(person):
        return
    disputed = person.get("restriction_field")
    if disputed is None:
        raise Restricted("person_restricted", request=person.get("restriction_request_id"))
    if set(fields) - {disputed}:
        raise Restricted(
            "restricted_other_field",
            request=person.get("restriction_request_id"),
            field=Term("statement.field", str(disputed)),
        )
