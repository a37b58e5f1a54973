"""O1, data minimisation: employment-only data held for someone never placed or employed.

The privacy statement asks for no more data than finding work needs. BSN, bank account, ID
copy, medical data, the criminal-record (VOG) consent and family members are needed only once
someone is placed or employed (O4). Held for a candidate who never got that far, they are
*excess*: the dashboard lists such people and removes exactly those items.

The same rule runs in SQL over a million people (konnektus/db/minimisation.py); a test keeps
the two in step on every person of the demo database.

Which article governs the sensitive ones matters for the words we use: health data is a
special category of GDPR Art. 9; criminal-record data is governed by Art. 10 and is *not* an
Art. 9 special category (see shared/docs/glossary.md), so it is never labelled as one.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import Final

# O1/O4: categories only placement or employment justifies, in the order the UI lists them
EMPLOYMENT_ONLY: Final[tuple[str, ...]] = (
    "bsn",
    "bank_account",
    "identity_document",
    "medical",
    "criminal_record_consent",
    "family_member",
)

# Stages of someone never placed or employed (placed, employed and former_employee were).
NEVER_PLACED_STAGES: Final[frozenset[str]] = frozenset({"applicant", "proposed"})


class GdprArticle(StrEnum):
    """The article that governs a category's extra protection (catalog: gdpr_article.*)."""

    ART9 = "art9"  # special categories of personal data (health, ...)
    ART10 = "art10"  # personal data relating to criminal convictions and offences


_ARTICLE_OF: Final[dict[str, GdprArticle]] = {
    "medical": GdprArticle.ART9,
    "criminal_record_consent": GdprArticle.ART10,
}


def article_of(category: str) -> GdprArticle | None:
    """Art. 9 for health data, Art. 10 for criminal-record data, None for everything else."""
    return _ARTICLE_OF.get(category)


def is_special_category(category: str) -> bool:
    """True only for Art. 9 special-category data; criminal-record data is Art. 10."""
    return article_of(category) is GdprArticle.ART9


def is_employment_only(category: str) -> bool:
    return category in EMPLOYMENT_ONLY


def may_hold_employment_data(stage: str, *, ever_employed: bool) -> bool:
    """Placement or any employment (even one whose stage was later set back) justifies it."""
    return ever_employed or stage not in NEVER_PLACED_STAGES


def is_excess_item(
    category: str, *, stage: str, ever_employed: bool, erased: bool, held: bool
) -> bool:
    """One item is excess when it is employment-only and its holder was never placed or
    employed. An erased person's remaining items, and items kept under a legal obligation,
    are someone else's business (erasure and holds), never excess."""
    return (
        is_employment_only(category)
        and not held
        and not erased
        and not may_hold_employment_data(stage, ever_employed=ever_employed)
    )


def excess_categories(
    categories: Iterable[str], *, stage: str, ever_employed: bool, erased: bool
) -> tuple[str, ...]:
    """The person's excess categories (of the unheld ones given), in EMPLOYMENT_ONLY order."""
    held_here = set(categories)
    return tuple(
        c
        for c in EMPLOYMENT_ONLY
        if c in held_here
        and is_excess_item(c, stage=stage, ever_employed=ever_employed, erased=erased, held=False)
    )
