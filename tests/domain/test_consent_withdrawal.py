"""Art. 7(3) as tables: a withdrawal counts from the day it was received, which staff enter,
and the data held only on the consent goes."""

from __future__ import annotations

from datetime import date

import pytest

from konnektus.domain.sharing import data_held_only_on, withdrawal_date_refusal

TODAY = date(2026, 11, 26)


GIVEN = date(2026, 3, 10)


@pytest.mark.parametrize(
    ("received_on", "refusal"),
    [
        (None, "withdrawal_received_missing"),
        (date(2026, 11, 27), "withdrawal_received_in_future"),  # tomorrow
        (date(2027, 1, 1), "withdrawal_received_in_future"),
        (date(2026, 3, 9), "withdrawal_received_before_given"),  # the day before it was given
        (date(2025, 12, 31), "withdrawal_received_before_given"),
        (date(2026, 3, 10), None),  # withdrawn on the day it was given
        (date(2026, 11, 1), None),
        (date(2026, 11, 26), None),  # today
    ],
)
def test_a_withdrawal_counts_from_a_received_day_between_the_consent_and_today(
    received_on: date | None, refusal: str | None
) -> None:
    assert withdrawal_date_refusal(received_on, GIVEN, TODAY) == refusal


def test_survey_answers_are_held_only_on_a_survey_consent() -> None:
    assert data_held_only_on({"survey"}) == ("survey_answer",)
    assert data_held_only_on({"survey", "criminal_record_check"}) == (
        "criminal_record_consent",
        "survey_answer",
    )
