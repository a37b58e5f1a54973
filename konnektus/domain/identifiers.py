"""O4: BSN and IBAN are validated on entry and import, with python-stdnum's checks."""

from __future__ import annotations

from stdnum import iban as _iban
from stdnum.exceptions import ValidationError
from stdnum.nl import bsn as _bsn

from konnektus.domain.errors import CodedError


class InvalidIdentifier(CodedError, ValueError):
    """A BSN or IBAN that fails its check; the code says which, `value` what was typed."""


def normalise_bsn(value: str) -> str:
    """Return the 9-digit BSN, or raise InvalidIdentifier (the Dutch eleven-test)."""
    try:
        return str(_bsn.validate(value))
    except ValidationError:
        raise InvalidIdentifier("invalid_bsn", value=value) from None


def normalise_iban(value: str) -> str:
    """Return the IBAN in compact form, or raise InvalidIdentifier (ISO 13616 check digits)."""
    try:
        return str(_iban.validate(value))
    except ValidationError:
        raise InvalidIdentifier("invalid_iban", value=value) from None


def bsn_check_digit(first_eight: str) -> int | None:
    """The ninth digit that makes `first_eight` pass the eleven-test, or None if none does.

    Eleven-test: 9*d1 + 8*d2 + ... + 2*d8 - 1*d9 is divisible by 11.
    """
    total = sum(int(d) * w for d, w in zip(first_eight, range(9, 1, -1), strict=True))
    digit = total % 11
    return None if digit == 10 else digit
