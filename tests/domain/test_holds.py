"""O5: the legal holds an ended employment creates, and what a running hold keeps, as tables."""

from __future__ import annotations

from datetime import date

import pytest

from konnektus.domain.erasure import (
    RUNNING_EMPLOYMENT,
    Kept,
    KeptPart,
    is_current_employee,
    kept_after_erasure,
    kept_after_partial_erasure,
    partial_erasure_removes,
)
from konnektus.domain.holds import (
    HoldKind,
    LegalGround,
    NewHold,
    RunningHold,
    held_categories,
    holds_for_ended_employment,
    is_current_employment,
    person_kept_until,
)
from konnektus.domain.import_codes import ITEM_CATEGORIES
from konnektus.domain.objection import removes_category

PAYROLL = HoldKind.PAYROLL_RECORDS.value
ID_COPY = HoldKind.IDENTITY_DOCUMENT.value
DISPUTE = HoldKind.DISPUTE.value


def hold(kind: str, until: date) -> RunningHold:
    ground = {PAYROLL: "awr_52", ID_COPY: "wet_lb_28", DISPUTE: "dispute"}.get(kind, "other")
    return RunningHold(kind, ground, until)


@pytest.mark.parametrize(
    ("ended_on", "payroll_until", "id_copy_until"),
    [
        (date(2025, 6, 15), date(2032, 12, 31), date(2030, 12, 31)),  # mid-year
        (date(2025, 12, 31), date(2032, 12, 31), date(2030, 12, 31)),  # the year's last day
        (date(2026, 1, 1), date(2033, 12, 31), date(2031, 12, 31)),  # the next year's first day
        (date(2024, 2, 29), date(2031, 12, 31), date(2029, 12, 31)),  # a leap day
        (date(2028, 2, 29), date(2035, 12, 31), date(2033, 12, 31)),  # a leap day, later
        (date(2019, 12, 31), date(2026, 12, 31), date(2024, 12, 31)),  # ended long ago
        (date(1999, 12, 31), date(2006, 12, 31), date(2004, 12, 31)),  # across the millennium
    ],
)
def test_an_ended_employment_creates_a_payroll_hold_of_seven_years_and_an_id_copy_hold_of_five(
    ended_on: date, payroll_until: date, id_copy_until: date
) -> None:
    assert holds_for_ended_employment(ended_on) == [
        NewHold(HoldKind.PAYROLL_RECORDS, LegalGround.AWR_52, payroll_until),
        NewHold(HoldKind.IDENTITY_DOCUMENT, LegalGround.WET_LB_28, id_copy_until),
    ]


@pytest.mark.parametrize(
    ("holds", "today", "expected"),
    [
        ([], date(2026, 11, 26), {}),
        (
            [hold(PAYROLL, date(2032, 12, 31)), hold(ID_COPY, date(2030, 12, 31))],
            date(2026, 11, 26),
            {
                "bsn": "2032-12-31",
                "bank_account": "2032-12-31",
                "insurance_pension": "2032-12-31",
                "identity_document": "2030-12-31",
                "work_permit": "2030-12-31",
            },
        ),
        # on the last day of the ID-copy hold it still runs; the day after it does not
        (
            [hold(PAYROLL, date(2032, 12, 31)), hold(ID_COPY, date(2030, 12, 31))],
            date(2030, 12, 31),
            {
                "bsn": "2032-12-31",
                "bank_account": "2032-12-31",
                "insurance_pension": "2032-12-31",
                "identity_document": "2030-12-31",
                "work_permit": "2030-12-31",
            },
        ),
        (
            [hold(PAYROLL, date(2032, 12, 31)), hold(ID_COPY, date(2030, 12, 31))],
            date(2031, 1, 1),
            {"bsn": "2032-12-31", "bank_account": "2032-12-31", "insurance_pension": "2032-12-31"},
        ),
        (
            [hold(PAYROLL, date(2032, 12, 31)), hold(ID_COPY, date(2030, 12, 31))],
            date(2033, 1, 1),
            {},
        ),
        # two employments: the longer hold of the same kind wins
        (
            [hold(PAYROLL, date(2030, 12, 31)), hold(PAYROLL, date(2033, 12, 31))],
            date(2026, 11, 26),
            {"bsn": "2033-12-31", "bank_account": "2033-12-31", "insurance_pension": "2033-12-31"},
        ),
        # a dispute keeps no items of its own; an unknown kind keeps nothing
        (
            [hold(DISPUTE, date(2027, 6, 1)), hold("mystery", date(2040, 1, 1))],
            date(2026, 1, 1),
            {},
        ),
    ],
)
def test_held_categories_are_those_a_running_hold_covers_with_the_longest_date(
    holds: list[RunningHold], today: date, expected: dict[str, str]
) -> None:
    found = held_categories(holds, today)
    assert {category: h.until.isoformat() for category, h in found.items()} == expected


@pytest.mark.parametrize(
    ("holds", "today", "expected_until"),
    [
        ([], date(2026, 11, 26), None),
        ([hold(ID_COPY, date(2030, 12, 31))], date(2026, 11, 26), None),  # ID copy only
        ([hold(PAYROLL, date(2032, 12, 31))], date(2026, 11, 26), date(2032, 12, 31)),
        ([hold(PAYROLL, date(2032, 12, 31))], date(2032, 12, 31), date(2032, 12, 31)),
        ([hold(PAYROLL, date(2032, 12, 31))], date(2033, 1, 1), None),
        ([hold(DISPUTE, date(2027, 6, 1))], date(2026, 11, 26), date(2027, 6, 1)),
        (
            [hold(PAYROLL, date(2026, 12, 31)), hold(DISPUTE, date(2027, 6, 1))],
            date(2026, 11, 26),
            date(2027, 6, 1),
        ),
    ],
)
def test_the_name_and_date_of_birth_are_kept_while_a_payroll_or_dispute_hold_runs(
    holds: list[RunningHold], today: date, expected_until: date | None
) -> None:
    keeper = person_kept_until(holds, today)
    assert (keeper.until if keeper else None) == expected_until


@pytest.mark.parametrize(
    ("end_date", "today", "current"),
    [
        (None, date(2026, 11, 26), True),
        (date(2026, 11, 27), date(2026, 11, 26), True),
        (date(2026, 11, 26), date(2026, 11, 26), True),  # the last working day still counts
        (date(2026, 11, 25), date(2026, 11, 26), False),
        (date(2025, 12, 31), date(2026, 1, 1), False),
    ],
)
def test_an_employment_runs_until_and_including_its_end_date(
    end_date: date | None, today: date, current: bool
) -> None:
    assert is_current_employment(end_date, today) is current


@pytest.mark.parametrize(
    ("stage", "ends", "current"),
    [
        ("applicant", (), False),
        ("employed", (), True),
        ("placed", (date(2020, 1, 1),), True),
        ("former_employee", (date(2026, 1, 31),), False),
        ("former_employee", (date(2026, 1, 31), None), True),  # a second, running employment
    ],
)
def test_a_current_employee_is_placed_employed_or_has_an_employment_that_runs(
    stage: str, ends: tuple[date | None, ...], current: bool
) -> None:
    assert is_current_employee(stage, ends, date(2026, 11, 26)) is current


def test_a_whole_erasure_keeps_only_held_items_that_exist_and_the_payroll_name() -> None:
    holds = [hold(PAYROLL, date(2032, 12, 31)), hold(ID_COPY, date(2030, 12, 31))]
    items = {"bsn": 1, "bank_account": 1, "identity_document": 1, "cv": 1, "medical": 2}
    kept = kept_after_erasure(items, 1, holds, date(2026, 11, 26))
    assert kept == [
        Kept(KeptPart.ITEMS, "bank_account", 1, "awr_52", date(2032, 12, 31)),
        Kept(KeptPart.ITEMS, "bsn", 1, "awr_52", date(2032, 12, 31)),
        Kept(KeptPart.ITEMS, "identity_document", 1, "wet_lb_28", date(2030, 12, 31)),
        Kept(KeptPart.NAME_AND_BIRTH, "", 1, "awr_52", date(2032, 12, 31)),
        Kept(KeptPart.EMPLOYMENT, "", 1, "awr_52", date(2032, 12, 31)),
    ]
    assert kept_after_erasure(items, 1, holds, date(2033, 1, 1)) == []


# Partial erasure of a current employee (Art. 17(3)(b)): only what an employer's legal duty
# names stays, on that duty; an objection to job finding (Art. 21) still takes job-finding
# data only. Every item category, both ways.
PARTIAL_AND_OBJECTION = [
    # category, partial erasure keeps it on (None: removed), objection to job finding removes
    ("cv", None, True),
    ("correspondence", None, True),
    ("survey_answer", None, True),
    ("medical", None, False),
    ("criminal_record_consent", None, False),
    ("emergency_contact", None, False),
    ("family_member", None, False),
    ("education_proof", None, False),
    ("bsn", "awr_52", False),
    ("bank_account", "awr_52", False),
    ("insurance_pension", "awr_52", False),
    ("identity_document", "wet_lb_28", False),
    ("work_permit", "wet_lb_28", False),
]


def test_the_partial_erasure_table_covers_every_item_category() -> None:
    assert sorted(c for c, _kept, _objection in PARTIAL_AND_OBJECTION) == sorted(ITEM_CATEGORIES)


@pytest.mark.parametrize(("category", "kept_on", "objection_removes"), PARTIAL_AND_OBJECTION)
def test_a_partial_erasure_keeps_only_what_a_legal_duty_names(
    category: str, kept_on: str | None, objection_removes: bool
) -> None:
    kept = kept_after_partial_erasure({category: 2}, 1, 0)
    items = [k for k in kept if k.part is KeptPart.ITEMS]
    assert items == ([] if kept_on is None else [Kept(KeptPart.ITEMS, category, 2, kept_on, None)])
    assert partial_erasure_removes(category) is (kept_on is None)
    assert removes_category("job_finding", category) is objection_removes


def test_a_partial_erasure_keeps_what_a_running_hold_covers_though_no_duty_names_it() -> None:
    kept = kept_after_partial_erasure({"medical": 1, "cv": 1}, 1, 0, held=["medical"])
    assert [k for k in kept if k.part is KeptPart.ITEMS] == [
        Kept(KeptPart.ITEMS, "medical", 1, RUNNING_EMPLOYMENT, None)
    ]


def test_a_partial_erasure_keeps_the_person_employment_and_placement_on_the_contract() -> None:
    items = {"cv": 1, "correspondence": 2, "survey_answer": 1, "bsn": 1, "medical": 1}
    kept = kept_after_partial_erasure(items, 1, 1)
    assert kept == [
        Kept(KeptPart.ITEMS, "bsn", 1, "awr_52", None),
        Kept(KeptPart.PERSON_DETAILS, "", 1, RUNNING_EMPLOYMENT, None),
        Kept(KeptPart.EMPLOYMENT, "", 1, RUNNING_EMPLOYMENT, None),
        Kept(KeptPart.PLACEMENT, "", 1, RUNNING_EMPLOYMENT, None),
    ]
