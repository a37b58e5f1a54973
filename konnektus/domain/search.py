"""Reading what someone typed into the people search (pure; no database).

One box takes names with or without tussenvoegsel in any order ("vries jan"), e-mail
addresses, phone numbers in any formatting, postcodes and towns. The query is split into the
parts that each match one kind of key.

A town of several words ("Capelle aan den IJssel", "Bergen op Zoom") is one search key
(`capelleaandenijssel`), so its words cannot each match a name: runs of two or more words that
together spell a known town are read as that town (`town_spans`, `with_town`), connecting words
like "aan", "den" and "op" included.

The work a query causes stays bounded: repeated words count once ("jan jan" is "jan"), and at
most MAX_TOKENS words are read; the rest is ignored and the page says so. Without this, "jan "
typed fifty times made fifty identical conditions over a million people (22 s).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from konnektus.domain.text import ascii_fold

# Tussenvoegsel words say little on their own ("de" matches a third of the country); they
# are not required to match, only used to rank people whose tussenvoegsel agrees.
TUSSENVOEGSEL_WORDS = frozenset(
    {
        "van",
        "de",
        "der",
        "den",
        "het",
        "t",
        "ter",
        "ten",
        "in",
        "op",
        "te",
        "la",
        "le",
        "du",
        "da",
        "von",
        "vd",
    }
)
_POSTCODE = re.compile(r"^(\d{4})\s?([a-zA-Z]{2})$")
# the internal reference printed on every letter ("K0001614"), so an answer is found at once
_REFERENCE = re.compile(r"^[kK]\d{7}$")
_PHONE_CHARS = re.compile(r"^[\d\s()+\-./]+$")
MIN_PHONE_DIGITS = 6
# Name and town words read from one query: a full name with two given names, a double
# surname and a town of four words fits ("Maria Johanna van den Berg Capelle aan den IJssel").
MAX_TOKENS = 12
MAX_QUERY_CHARS = 200  # the search box's limit, held here too (issue 13): text past it is not read
MAX_TOWN_WORDS = 5  # the longest town names have four or five words


def phone_key(text: str) -> str:
    """Digits only, +31 / 0031 written as a leading 0: '+31 6 1234 5678' -> '0612345678'."""
    digits = re.sub(r"\D", "", text)
    for prefix in ("0031", "31"):
        if digits.startswith(prefix) and len(digits) > 9:
            rest = digits[len(prefix) :]
            return rest if rest.startswith("0") else "0" + rest  # "+31 (0)20 ..."
    return digits


def postcode_key(text: str) -> str:
    return re.sub(r"\s", "", text).upper()


@dataclass(frozen=True)
class ParsedQuery:
    words: tuple[str, ...] = ()  # folded name or town words that must each match
    tussenvoegsel: tuple[str, ...] = ()  # folded tussenvoegsel words, for ranking only
    email: str | None = None
    phone: str | None = None
    postcode: str | None = None  # "1234AB", or "1234" for a prefix
    reference: str | None = None  # "K0001614"
    raw: str = field(default="", compare=False)
    tokens: tuple[str, ...] = ()  # the folded name and town words in typed order, capped
    town: tuple[str, ...] = ()  # the tokens read as one town (see `with_town`)
    ignored: int = 0  # words beyond MAX_TOKENS, left out of the search

    @property
    def empty(self) -> bool:
        return not (
            self.words or self.town or self.email or self.phone or self.postcode or self.reference
        )


def parse_query(text: str) -> ParsedQuery:
    raw = text[:MAX_QUERY_CHARS].strip()
    if not raw:
        return ParsedQuery(raw=raw)
    if "@" in raw:
        return ParsedQuery(email=raw.lower().strip(), raw=raw)
    if _REFERENCE.match(raw):
        return ParsedQuery(reference=raw.upper(), raw=raw)
    digits = re.sub(r"\D", "", raw)
    if _PHONE_CHARS.match(raw) and len(digits) >= MIN_PHONE_DIGITS:
        return ParsedQuery(phone=phone_key(raw), raw=raw)
    postcode = _POSTCODE.match(raw)
    if postcode:
        return ParsedQuery(postcode=postcode_key(raw), raw=raw)
    tokens: list[str] = []
    postcode_part: str | None = None
    for token in raw.split():
        if re.fullmatch(r"\d{4}", token):
            postcode_part = token
            continue
        folded = ascii_fold(token)
        if folded and (not tokens or tokens[-1] != folded):  # "jan jan jan" reads as "jan"
            tokens.append(folded)
    kept = tuple(tokens[:MAX_TOKENS])
    words, prefix_words = _split(kept)
    return ParsedQuery(
        words=words,
        tussenvoegsel=prefix_words,
        postcode=postcode_part,
        raw=raw,
        tokens=kept,
        ignored=len(tokens) - len(kept),
    )


def _split(tokens: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(words that must match, tussenvoegsel words that only rank), each word once."""
    words = [t for t in dict.fromkeys(tokens) if t not in TUSSENVOEGSEL_WORDS]
    prefix_words = [t for t in dict.fromkeys(tokens) if t in TUSSENVOEGSEL_WORDS]
    if not words and prefix_words:  # someone searched only "van": treat it as a name word
        words, prefix_words = prefix_words, []
    return tuple(words), tuple(prefix_words)


@dataclass(frozen=True)
class TownSpan:
    """Words `start` to `end` (exclusive) of the tokens, glued: a key a town may have."""

    start: int
    end: int
    key: str
    at_end: bool  # the last words typed: the town may still be half typed ("Bergen op Zo")

    @property
    def length(self) -> int:
        return self.end - self.start


def town_spans(tokens: tuple[str, ...]) -> list[TownSpan]:
    """Every run of 2 to MAX_TOWN_WORDS consecutive words, as the town key it would spell."""
    return [
        TownSpan(start, end, "".join(tokens[start:end]), end == len(tokens))
        for start in range(len(tokens))
        for end in range(start + 2, min(start + MAX_TOWN_WORDS, len(tokens)) + 1)
    ]


def with_town(query: ParsedQuery, span: TownSpan) -> ParsedQuery:
    """The query with the span's words read as one town, and the other words as names."""
    rest = query.tokens[: span.start] + query.tokens[span.end :]
    words, prefix_words = _split(rest)
    return replace(
        query,
        words=words,
        tussenvoegsel=prefix_words,
        town=query.tokens[span.start : span.end],
    )


def typo_allowance(word: str) -> int:
    """How many edits (a swap counts as one) a word may be off: none below 3 letters, one up
    to 7, two from 8. Every word must match, so a loose short word is kept in check."""
    if len(word) < 3:
        return 0
    return 1 if len(word) < 8 else 2


# "devries" typed as one word: the tussenvoegsel glued to the surname, longest first
GLUED_PREFIXES = ("vander", "vanden", "vande", "van", "der", "den", "de", "ter", "ten")


def unglue(word: str) -> str | None:
    """'devries' -> 'vries', 'vanderberg' -> 'berg'; None when there is nothing to split."""
    for prefix in GLUED_PREFIXES:
        rest = word[len(prefix) :]
        if word.startswith(prefix) and len(rest) >= 3:
            return rest
    return None
