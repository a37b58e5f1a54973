"""Text folding shared by search keys, matching and demo e-mail addresses."""

from __future__ import annotations

import re
import unicodedata


def ascii_fold(text: str) -> str:
    """'Müller' -> 'muller': lower case, accents dropped, only letters and digits kept."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if c.isalnum() and c.isascii()).lower()


_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def is_email(text: str) -> bool:
    """A plausible e-mail address: something@domain.tld, no spaces."""
    return _EMAIL.match(text.strip()) is not None


def full_name(given: object, tussenvoegsel: object, family: object) -> str:
    """'Jan de Vries'; missing parts (None, NaN from a frame, empty) are left out."""
    return " ".join(p for p in (given, tussenvoegsel, family) if isinstance(p, str) and p)
