"""O6 rules of the retention page as tables: retention age, who may answer what, print files."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from konnektus.domain.print_letters import PrintLetter, render_print_batch
from konnektus.domain.retention import (
    ANSWERABLE,
    ASKABLE,
    REMINDABLE,
    ExtensionAnswer,
    RetentionState,
    age_bounds,
    age_bucket,
    answer_allowed,
    state_after_answer,
)

S = RetentionState
TODAY = date(2026, 11, 26)


@pytest.mark.parametrize(
    ("term_start", "today", "bucket"),
    [
        (date(2026, 11, 26), TODAY, 0),  # started today
        (date(2027, 1, 1), TODAY, 0),  # a start in the future counts as new
        (date(2025, 11, 27), TODAY, 0),  # one day short of a year
        (date(2025, 11, 26), TODAY, 1),  # exactly one year
        (date(2024, 11, 26), TODAY, 2),
        (date(2023, 11, 27), TODAY, 2),
        (date(2022, 11, 26), TODAY, 4),
        (date(2010, 1, 1), TODAY, 4),  # the last bucket is open-ended
        (date(2024, 2, 29), date(2025, 2, 28), 1),  # a leap day's year ends on 28 February
        (date(2024, 2, 28), date(2025, 2, 28), 1),
        (date(2023, 3, 1), date(2024, 2, 29), 0),
        (date(2023, 2, 28), date(2024, 2, 29), 1),
    ],
)
def test_the_retention_age_counts_whole_years_since_the_term_started(
    term_start: date, today: date, bucket: int
) -> None:
    assert age_bucket(term_start, today) == bucket


@pytest.mark.parametrize(
    ("state", "stored", "granted", "declined", "no_answer"),
    [
        (S.RUNNING, "none", False, False, False),
        (S.DUE, "none", True, True, False),  # a yes by phone before any letter
        (S.EXPIRED, "none", True, True, False),
        (S.ASKED, "asked", True, True, True),
        (S.REMINDER_DUE, "asked", True, True, True),
        (S.NO_ANSWER, "asked", True, True, True),
        (S.NO_ANSWER, "no_answer", True, True, False),  # already stored: nothing to add
        (S.DECLINED, "declined", False, False, False),
        (S.EMPLOYED, "none", False, False, False),
    ],
)
def test_which_answer_may_be_recorded_in_which_state(
    state: RetentionState, stored: str, granted: bool, declined: bool, no_answer: bool
) -> None:
    assert [answer_allowed(state, stored, a) for a in ("granted", "declined", "no_answer")] == [
        granted,
        declined,
        no_answer,
    ]


def test_asking_and_reminding_are_for_disjoint_states_that_can_all_still_be_answered() -> None:
    assert not ASKABLE & REMINDABLE
    assert ASKABLE | REMINDABLE <= ANSWERABLE


@pytest.mark.parametrize(
    ("answer", "stored"),
    [("granted", "none"), ("declined", "declined"), ("no_answer", "no_answer")],
)
def test_a_yes_reopens_the_clock_and_a_no_or_silence_is_kept(answer: str, stored: str) -> None:
    assert state_after_answer(answer) is ExtensionAnswer(stored)


def test_a_print_file_puts_each_letter_on_its_own_page_with_every_value_escaped() -> None:
    letters = [
        PrintLetter(
            name=name,
            street="Lange <Straat> 1",
            postcode="1234 AB",
            city="Utrecht",
            reference=f"K000000{i}",
            reference_label="Uw kenmerk",
            language="nl",
            dated="26 november 2026",
            subject="Verzoek tot verlenging van de bewaartermijn",
            body="Geachte heer/mevrouw,\n\n<script>alert(1)</script>",
        )
        for i, name in enumerate(["Jan & Co", 'Anna "de" Vries'])
    ]
    html = render_print_batch(letters, title="Brieven <2>", sender="Konnektus")
    assert html.count('<section class="letter" lang="nl">') == 2
    assert "page-break-after: always" in html and "<title>Brieven &lt;2&gt;</title>" in html
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "Jan &amp; Co<br>Lange &lt;Straat&gt; 1<br>1234 AB Utrecht" in html
    assert "Anna &quot;de&quot; Vries" in html
    assert "Uw kenmerk: K0000001" in html


@pytest.mark.parametrize(
    "today", [date(2026, 11, 26), date(2025, 2, 28), date(2028, 2, 29), date(2027, 3, 1)]
)
def test_the_age_bounds_give_the_same_buckets_as_counting_calendar_years(today: date) -> None:
    bounds = age_bounds(today)
    start = date(2020, 1, 1)
    while start <= today:
        assert sum(start <= bound for bound in bounds) == age_bucket(start, today), start
        start += timedelta(days=1)
