"""Issue 14: one cell of an import file, read as what its column says it is.

Pure rules, no files and no database: each reader takes the text of a cell (already stripped)
and returns the value to store, or raises BadValue with a code the catalogs put into words
("123456789 is geen geldig BSN"). Dates come as ISO (2026-03-05) or as Dutch Excel writes
them (05-03-2026, 5-3-2026, 05/03/2026); a moment may add a time (05-03-2026 14:30), read as
Amsterdam time.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from typing import Final

from stdnum.iso7064 import mod_97_10

from konnektus.domain.deadlines import AMSTERDAM
from konnektus.domain.errors import CodedError
from konnektus.domain.identifiers import InvalidIdentifier, normalise_bsn, normalise_iban
from konnektus.domain.text import clean_text, has_control_characters, is_email

MAX_TEXT: Final = 500  # longer than any field an export should hold; a pasted document is not
_ISO: Final = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DUTCH: Final = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")
_TIME: Final = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2}))?$")
_POSTCODE: Final = re.compile(r"^([1-9][0-9]{3}) ?([A-Za-z]{2})$")
_PHONE_CHARACTERS: Final = re.compile(r"^\+?[0-9 ()\-./]+$")
_COUNTRY: Final = re.compile(r"^[A-Za-z]{2}$")
_PLAIN_EMAIL: Final = re.compile(
    r"^[A-Za-z0-9_+-]+(?:\.[A-Za-z0-9_+-]+)*@"
    r"(?:(?!xn--)[A-Za-z0-9](?:[A-Za-z0-9]|-(?!-)){0,61}(?<!-)\.)+[A-Za-z]{2,63}$"
)
# RFC 6761 special-use names that email-validator refuses (SPECIAL_USE_DOMAIN_NAMES)
_SPECIAL_USE_TLDS: Final = frozenset({"arpa", "invalid", "local", "localhost", "onion", "test"})
_DUTCH_IBAN: Final = re.compile(r"^NL[0-9]{2}[A-Z]{4}[0-9]{10}$")
_IBAN_SEPARATORS: Final = re.compile(r"[ .\-]")  # what stdnum.iban.compact removes
TRUE_WORDS: Final = frozenset({"ja", "j", "yes", "y", "true", "waar", "1", "x"})
FALSE_WORDS: Final = frozenset({"nee", "n", "no", "false", "onwaar", "0"})


class BadValue(CodedError, ValueError):
    """A cell that is not what its column needs; the code is a key under import.problem."""

    section = "import.problem"


def word_key(text: str) -> str:
    """'Gegevens categorieën ' -> 'gegevens_categorieen': how headers and words are compared."""
    folded = unicodedata.normalize("NFKD", text.replace("\ufeff", ""))
    plain = "".join(c for c in folded if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "_", plain).strip("_")


def read_text(text: str) -> str:
    """Free text, without control characters (NUL, ESC, bidi overrides; line breaks and tabs
    stay), as the services store typed text (issue 13); nothing but them is refused."""
    if has_control_characters(text, multiline=True):
        text = clean_text(text, multiline=True)
        if not text:
            raise BadValue("control_characters")
    if len(text) > MAX_TEXT:
        raise BadValue("too_long", value=text[:40] + "…", max=MAX_TEXT)
    return text


def read_identifier(text: str) -> str:
    """An external id or a reference to one: refused with a control character, a tab or a
    line break in it, which would make a second id that looks the same."""
    if has_control_characters(text):
        raise BadValue("control_characters")
    return read_text(text)


def read_date(text: str) -> date:
    """ISO or dd-mm-jjjj (also with / or .); a date that does not exist is refused."""
    iso = _ISO.match(text)
    dutch = _DUTCH.match(text)
    try:
        if iso:
            return date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
        if dutch:
            return date(int(dutch.group(3)), int(dutch.group(2)), int(dutch.group(1)))
    except ValueError:  # the shape of a date, but no such day (31-02-2026): refused below
        pass
    raise BadValue("not_a_date", value=text)


def read_moment(text: str) -> datetime:
    """A date, or a date and a time, in Amsterdam; returned as naive UTC (how it is stored).
    A date alone means noon, so it stays that Amsterdam day whatever the season."""
    day_text, _, time_text = text.replace("T", " ").partition(" ")
    try:
        day = read_date(day_text.strip())
    except BadValue:
        raise BadValue("not_a_moment", value=text) from None
    at = time(12)
    if time_text.strip():
        found = _TIME.match(time_text.strip())
        if not found or int(found.group(1)) > 23 or int(found.group(2)) > 59:
            raise BadValue("not_a_moment", value=text)
        at = time(int(found.group(1)), int(found.group(2)), int(found.group(3) or 0))
    local = datetime.combine(day, at, tzinfo=AMSTERDAM)
    return local.astimezone(UTC).replace(tzinfo=None)


def read_email(text: str) -> str:
    """An address is_email accepts. The plainest addresses (ASCII letters, digits, dots
    between them, a domain of letters) pass on a pattern that is_email's library accepts as
    well (a test holds the two together); 100,000 of them through the library cost 8 s."""
    if (
        _PLAIN_EMAIL.match(text)
        and len(text.partition("@")[0]) <= 64
        and len(text) <= 254
        and text.rpartition(".")[2].lower() not in _SPECIAL_USE_TLDS
    ):
        return text
    if not is_email(text):
        raise BadValue("not_an_email", value=text)
    return text


def read_phone(text: str) -> str:
    """Any usual way of writing a number: 06-12345678, +31 6 1234 5678, (020) 123 45 67.
    Dutch numbers have 10 digits with a leading 0; international ones 8 to 15 after the +."""
    digits = re.sub(r"[^0-9]", "", text)
    if not _PHONE_CHARACTERS.match(text):
        raise BadValue("not_a_phone", value=text)
    if text.startswith("+") or text.startswith("00"):
        international = digits[2:] if text.startswith("00") else digits
        if not 8 <= len(international) <= 15:
            raise BadValue("not_a_phone", value=text)
    elif len(digits) != 10 or not digits.startswith("0"):
        raise BadValue("not_a_phone", value=text)
    return text


def read_postcode(text: str) -> str:
    """A Dutch postcode, stored as '1012 AB'."""
    found = _POSTCODE.match(text)
    if not found:
        raise BadValue("not_a_postcode", value=text)
    return f"{found.group(1)} {found.group(2).upper()}"


def read_bsn(text: str) -> str:
    try:
        return normalise_bsn(text)
    except InvalidIdentifier:
        raise BadValue("invalid_bsn", value=text) from None


def read_iban(text: str) -> str:
    """Dutch IBANs (nearly every row of a payroll export) are checked by their structure and
    python-stdnum's ISO 7064 mod 97-10 check digits: exactly what normalise_iban checks for
    NL, without its registry lookup, which cost 5 s per 100,000 rows (a test keeps the two
    in step). Every other IBAN goes through normalise_iban itself."""
    compact = _IBAN_SEPARATORS.sub("", text).upper()
    if _DUTCH_IBAN.match(compact):
        if mod_97_10.is_valid(compact[4:] + compact[:4]):
            return compact
        raise BadValue("invalid_iban", value=text)
    try:
        return normalise_iban(text)
    except InvalidIdentifier:
        raise BadValue("invalid_iban", value=text) from None


def read_bool(text: str) -> bool:
    key = word_key(text)
    if key in TRUE_WORDS:
        return True
    if key in FALSE_WORDS:
        return False
    raise BadValue("not_a_boolean", value=text)


def read_country(text: str) -> str:
    if not _COUNTRY.match(text):
        raise BadValue("not_a_country", value=text)
    return text.upper()


def read_choice(text: str, choices: tuple[str, ...], aliases: dict[str, str]) -> str:
    """One of `choices`, written as its code or as a word `aliases` knows (Dutch or English)."""
    key = word_key(text)
    if key in choices:
        return key
    if key in aliases:
        return aliases[key]
    raise BadValue("unknown_choice", value=text, allowed=", ".join(choices))


def read_choices(text: str, choices: tuple[str, ...], aliases: dict[str, str]) -> list[str]:
    """Several choices separated by | , or ; (duplicates once, in the order written)."""
    parts = [part.strip() for part in re.split(r"[|,;]", text) if part.strip()]
    if not parts:
        raise BadValue("required")
    found: list[str] = []
    for part in parts:
        value = read_choice(part, choices, aliases)
        if value not in found:
            found.append(value)
    return found


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the files: where (file, line, column as headed) and what (a code
    under import.problem with its values). Line and column are None for the file as a whole."""

    file: str
    line: int | None
    column: str | None
    code: str
    params: dict[str, object] = field(default_factory=dict)

    @classmethod
    def of(cls, file: str, line: int | None, column: str | None, error: BadValue) -> Problem:
        return cls(file, line, column, error.code, dict(error.params))
