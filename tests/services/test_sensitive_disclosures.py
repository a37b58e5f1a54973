"""Special categories stay with the roles that may see them (issue 20 point 5): a recruiter
never learns that a named person's BSN, medical, criminal-record or financial data went
somewhere. The drill-down of a recipient, the refused requests and the profile show such a
role the other categories only, the purpose withheld, and no row of nothing else; the roles
that keep the register see it whole. On a real demo database, counted a second way in SQL."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from konnektus.db import disclosure_days
from konnektus.db.database import Database
from konnektus.domain.permissions import Role, hidden_categories
from konnektus.services import profile, sharing
from konnektus.services import sharing_refused as refused
from tests.conftest import DEMO_TODAY
from tests.helpers import demo_member

NOW = datetime(2026, 11, 26, 9, 0)  # UTC, the demo's day
EVER = {"first_day": date(2000, 1, 1), "last_day": DEMO_TODAY}
UK_BOARD = 10  # the demo's "Security Clearance Board UK": ID document and criminal record
TAX = 1  # Belastingdienst: BSN and salary
SPECIAL = {"bsn", "bank_account", "salary", "medical", "criminal_record_consent"}


@pytest.mark.parametrize(
    ("role", "hidden"),
    [
        (Role.RECRUITER, SPECIAL | {"identity_document", "family_member", "emergency_contact"}),
        (Role.MANAGEMENT, SPECIAL | {"identity_document", "family_member", "emergency_contact"}),
        (Role.BACKOFFICE, set()),  # keeps the register: registers and tells
        (Role.DPO, set()),
        (None, SPECIAL | {"identity_document", "family_member", "emergency_contact"}),
    ],
)
def test_each_role_is_kept_from_exactly_these_disclosed_categories(
    role: Role | None, hidden: set[str]
) -> None:
    assert set(hidden_categories(role)) == hidden


def shown_categories(frame) -> set[str]:  # type: ignore[no-untyped-def]
    return {c for cats in frame["data_categories"] for c in cats}


def test_a_recruiter_sees_no_criminal_record_disclosure_of_a_named_person(
    demo_db: Database,
) -> None:
    recruiter = demo_member(demo_db, Role.RECRUITER)
    everything = demo_db.query(
        "SELECT count(*) FROM disclosure WHERE recipient_id = ?", [UK_BOARD]
    )[0][0]
    assert everything > 0  # the demo's board received criminal-record data
    seen = sharing.recipient_disclosures(demo_db, recruiter, UK_BOARD, page_size=500, **EVER)
    assert seen.total == 0 and seen.rows.empty
    dpo = sharing.recipient_disclosures(
        demo_db, demo_member(demo_db, Role.DPO), UK_BOARD, page_size=500, **EVER
    )
    assert dpo.total == everything and "criminal_record_consent" in shown_categories(dpo.rows)


def test_a_recruiter_sees_the_recipient_and_only_the_other_categories_of_a_mixed_disclosure(
    demo_db: Database,
) -> None:
    backoffice = demo_member(demo_db, Role.BACKOFFICE)
    person = int(demo_db.query("SELECT min(id) FROM person WHERE erased_at IS NULL")[0][0])
    new = sharing.register_disclosure(
        demo_db, backoffice, person, TAX, ("bsn", "employment"), "tax_return",
        "legal_obligation", None, now=NOW, note="aangifte loonheffingen",
    )  # fmt: skip
    recruiter = demo_member(demo_db, Role.RECRUITER)
    seen = sharing.recipient_disclosures(demo_db, recruiter, TAX, page_size=500, **EVER)
    # counted a second way: the tax authority's disclosures with a category a recruiter sees
    expected = demo_db.query(
        "SELECT count(*) FROM disclosure WHERE recipient_id = ?"
        " AND len(list_filter(data_categories, lambda c: NOT list_contains(?, c))) > 0",
        [TAX, hidden_categories(Role.RECRUITER)],
    )[0][0]
    assert seen.total == expected == 1
    row = seen.rows.iloc[0]
    assert int(row["id"]) == new and list(row["data_categories"]) == ["employment"]
    assert bool(row["withheld"]) and row["purpose"] is None and row["purpose_note"] is None
    whole = sharing.recipient_disclosures(demo_db, backoffice, TAX, page_size=1, **EVER)
    assert list(whole.rows.iloc[0]["data_categories"]) == ["bsn", "employment"]
    assert whole.rows.iloc[0]["purpose"] == "tax_return" and not whole.rows.iloc[0]["withheld"]


def test_the_profile_shows_a_recruiter_no_special_category_disclosure(demo_db: Database) -> None:
    person = int(
        demo_db.query(
            "SELECT d.person_id FROM disclosure d JOIN person p ON p.id = d.person_id"
            " WHERE p.erased_at IS NULL AND list_contains(d.data_categories, 'medical')"
            " ORDER BY d.person_id LIMIT 1"
        )[0][0]
    )
    recruiter = demo_member(demo_db, Role.RECRUITER)
    seen = profile.person_profile(demo_db, recruiter, person, today=DEMO_TODAY).disclosures
    assert not shown_categories(seen) & set(hidden_categories(Role.RECRUITER))
    dpo = demo_member(demo_db, Role.DPO)
    whole = profile.person_profile(demo_db, dpo, person, today=DEMO_TODAY).disclosures
    assert "medical" in shown_categories(whole) and len(whole) > len(seen)


def test_a_recruiter_sees_a_refused_request_for_special_data_without_it(
    demo_db: Database,
) -> None:
    dpo = demo_member(demo_db, Role.DPO)
    person = int(demo_db.query("SELECT min(id) FROM person WHERE erased_at IS NULL")[0][0])
    referee = int(demo_db.query("SELECT id FROM recipient WHERE category = 'referee'")[0][0])
    received = DEMO_TODAY - timedelta(days=2)
    for minutes, categories in ((0, ["bsn", "medical"]), (5, ["cv", "medical"])):
        refused.record_refused_request(
            demo_db, dpo, person, referee, categories, "reference_check", "bsn_recipient",
            received_on=received, now=NOW + timedelta(minutes=minutes),
        )  # fmt: skip
    recruiter = demo_member(demo_db, Role.RECRUITER)
    seen = refused.refused_requests(demo_db, recruiter, **EVER)
    assert len(seen) == 1 and list(seen.iloc[0]["data_categories"]) == ["cv"]
    assert bool(seen.iloc[0]["withheld"]) and seen.iloc[0]["purpose"] is None
    whole = refused.refused_requests(demo_db, dpo, **EVER)
    assert len(whole) == 2 and "medical" in shown_categories(whole)


def test_a_purpose_that_names_special_data_is_withheld_even_beside_ordinary_categories(
    demo_db: Database,
) -> None:
    """A disclosure of a CV for a "medical examination" tells a recruiter what the withheld
    categories would: the purpose is left out, the recipient and the CV stay."""
    person = int(demo_db.query("SELECT min(id) FROM person WHERE erased_at IS NULL")[0][0])
    health = int(demo_db.query("SELECT min(id) FROM recipient")[0][0])
    with demo_db.transaction() as cur:
        new = int(
            cur.execute(
                "INSERT INTO disclosure (person_id, recipient_id, data_categories, purpose,"
                " legal_basis, disclosed_at, blocked) VALUES (?, ?, ['cv'], 'medical_exam',"
                " 'consent', ?, false) RETURNING id",
                [person, health, NOW],
            ).fetchall()[0][0]
        )
        disclosure_days.refresh(cur, [new])
    recruiter = demo_member(demo_db, Role.RECRUITER)
    seen = sharing.recipient_disclosures(demo_db, recruiter, health, page_size=5000, **EVER)
    row = seen.rows[seen.rows["id"] == new].iloc[0]
    assert list(row["data_categories"]) == ["cv"]
    assert bool(row["withheld"]) and row["purpose"] is None
    dpo = demo_member(demo_db, Role.DPO)
    whole = sharing.recipient_disclosures(demo_db, dpo, health, page_size=5000, **EVER)
    assert whole.rows[whole.rows["id"] == new].iloc[0]["purpose"] == "medical_exam"
