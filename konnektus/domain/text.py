"""Text folding shared by search keys, matching and demo e-mail addresses."""

from __future__ import annotations

import re
import unicodedata

from email_validator import EmailNotValidError, validate_email


def ascii_fold(text: str) -> str:
    """'Müller' -> 'muller': lower case, accents dropped, only letters and digits kept."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if c.isalnum() and c.isascii()).lower()


MAX_EMAIL_LENGTH = 254  # RFC 5321's limit on a forward path


def is_email(text: str) -> bool:
    """A valid e-mail address by RFC 5322/6531, checked by email-validator (a well-kept
    library; a home-made pattern let `<svg/onload=...>@x.nl` through, issue 13). The syntax
    only: no DNS lookup, the dashboard may run without network."""
    text = text.strip()
    if not text or len(text) > MAX_EMAIL_LENGTH or has_control_characters(text):
        return False
    try:
        validate_email(text, check_deliverability=False)
    except EmailNotValidError:
        return False
    return True


# C0 and C1 control characters and DEL (NUL, BEL, ESC, ...) and the invisible bidi overrides
# that can disguise a name; tab and newline are allowed only in free text.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_LINE_BREAKS = re.compile("[\t\n\r]")


def has_control_characters(text: str, *, multiline: bool = False) -> bool:
    if _CONTROL.search(text) is not None:
        return True
    return not multiline and _LINE_BREAKS.search(text) is not None


def clean_text(text: str, *, multiline: bool = False) -> str:
    """Typed text as it may be stored: control characters removed (a line's tabs and line
    breaks become spaces), line ends as \\n, surrounding space trimmed, Unicode in NFC."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub("", text)
    if not multiline:
        text = _LINE_BREAKS.sub(" ", text)
    return text.strip()


def full_name(given: object, tussenvoegsel: object, family: object) -> str:
    """'Jan de Vries'; missing parts (None, NaN from a frame, empty) are left out."""
    return " ".join(p for p in (given, tussenvoegsel, family) if isinstance(p, str) and p)
