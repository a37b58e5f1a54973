"""The safety ladder's one rule that is not a widget: reading the number a person typed to
confirm a bulk step that cannot be undone (konnektus/ui/confirm.py draws the ladder)."""

from __future__ import annotations

import re

# "6176", "6.176", "6 176" (Dutch thousands) or "6,176" (English): groups of three only, so
# "6,5" or "61.76" is no number of people
_COUNT = re.compile(r"\d+|\d{1,3}(?:[.,\u00a0 ]\d{3})+", re.ASCII)


def typed_count(text: str) -> int | None:
    """The whole number in `text`, or None when it is empty or not a plain count."""
    cleaned = text.strip()
    if not _COUNT.fullmatch(cleaned):
        return None
    return int(re.sub(r"\D", "", cleaned, flags=re.ASCII))


def count_confirmed(text: str, count: int) -> bool:
    """True only when the typed number is exactly `count`, the number of people shown."""
    return typed_count(text) == count
