"""O1: which data is excess for whom, and which article of the GDPR governs it, as tables."""

from __future__ import annotations

import pytest

from konnektus.domain.minimisation import (
    EMPLOYMENT_ONLY,
    GdprArticle,
    article_of,
    excess_categories,
    is_excess_item,
    is_special_category,
)
from konnektus.i18n import LANGUAGES, translate

STAGES = ("applicant", "proposed", "placed", "employed", "former_employee")
ALL_CATEGORIES = (
    *EMPLOYMENT_ONLY,
    "cv",
    "correspondence",
    "survey_answer",
    "emergency_contact",
    "education_proof",
    "insurance_pension",
    "work_permit",
)


def test_the_employment_only_categories_are_the_six_the_privacy_statement_names() -> None:
    assert set(EMPLOYMENT_ONLY) == {
        "bsn",
        "bank_account",
        "identity_document",
        "medical",
        "criminal_record_consent",
        "family_member",
    }


@pytest.mark.parametrize(
    ("category", "stage", "ever_employed", "erased", "held", "excess"),
    [
        # never placed or employed: every employment-only category is excess
        ("bsn", "applicant", False, False, False, True),
        ("bank_account", "applicant", False, False, False, True),
        ("identity_document", "proposed", False, False, False, True),
        ("medical", "proposed", False, False, False, True),
        ("criminal_record_consent", "applicant", False, False, False, True),
        ("family_member", "proposed", False, False, False, True),
        # what job-finding needs is never excess
        ("cv", "applicant", False, False, False, False),
        ("correspondence", "applicant", False, False, False, False),
        ("emergency_contact", "applicant", False, False, False, False),
        ("work_permit", "applicant", False, False, False, False),
        # placed or employed, now or before: the data was needed
        ("bsn", "placed", False, False, False, False),
        ("bsn", "employed", True, False, False, False),
        ("medical", "former_employee", True, False, False, False),
        # an employment row counts even when the stage says applicant again
        ("bsn", "applicant", True, False, False, False),
        ("family_member", "proposed", True, False, False, False),
        # an erased person's leftovers and items kept under a legal obligation are not excess
        ("bsn", "applicant", False, True, False, False),
        ("identity_document", "applicant", False, False, True, False),
    ],
)
def test_an_item_is_excess_only_when_employment_only_and_its_holder_never_placed_or_employed(
    category: str, stage: str, ever_employed: bool, erased: bool, held: bool, excess: bool
) -> None:
    assert (
        is_excess_item(category, stage=stage, ever_employed=ever_employed, erased=erased, held=held)
        is excess
    )


@pytest.mark.parametrize("stage", STAGES)
@pytest.mark.parametrize("ever_employed", [False, True])
def test_excess_categories_are_the_held_employment_only_ones_in_list_order(
    stage: str, ever_employed: bool
) -> None:
    held = ["cv", "family_member", "bsn", "medical", "bsn"]
    found = excess_categories(held, stage=stage, ever_employed=ever_employed, erased=False)
    never = stage in ("applicant", "proposed") and not ever_employed
    assert found == (("bsn", "medical", "family_member") if never else ())


@pytest.mark.parametrize(
    ("category", "article", "special"),
    [
        ("medical", GdprArticle.ART9, True),
        # criminal-record data is Art. 10 data, not an Art. 9 special category
        ("criminal_record_consent", GdprArticle.ART10, False),
        ("bsn", None, False),
        ("bank_account", None, False),
        ("identity_document", None, False),
        ("family_member", None, False),
        ("cv", None, False),
    ],
)
def test_each_category_is_labelled_with_the_article_that_governs_it(
    category: str, article: GdprArticle | None, special: bool
) -> None:
    assert article_of(category) == article
    assert is_special_category(category) is special


@pytest.mark.parametrize(
    ("language", "article", "expected"),
    [
        ("nl", GdprArticle.ART9, "bijzonder persoonsgegeven (art. 9 AVG)"),
        ("nl", GdprArticle.ART10, "strafrechtelijk gegeven (art. 10 AVG)"),
        ("en", GdprArticle.ART9, "special-category data (GDPR Art. 9)"),
        ("en", GdprArticle.ART10, "criminal-record data (GDPR Art. 10)"),
    ],
)
def test_the_article_labels_name_the_article_in_both_languages(
    language: str, article: GdprArticle, expected: str
) -> None:
    assert translate(f"gdpr_article.{article}", language) == expected


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_text_calls_criminal_record_data_an_article_9_special_category(language: str) -> None:
    criminal = translate("gdpr_article.art10", language).lower()
    assert "9" not in criminal
    assert "bijzonder" not in criminal and "special" not in criminal


def test_only_health_and_criminal_record_data_carry_an_article() -> None:
    assert {article_of(c) for c in ALL_CATEGORIES} == {None, GdprArticle.ART9, GdprArticle.ART10}
