"""Text folding shared by search keys, matching and demo e-mail addresses."""

from __future__ import annotations

import unicodedata


def ascii_fold(text: str) -> str:
    """'Müller' -> 'muller': lower case, accents dropped, only letters and digits kept."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if c.isalnum() and c.isascii()).lower()
