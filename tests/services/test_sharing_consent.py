"""Withdrawing consent per purpose, and removing what was held only on it, on a demo database."""

from __future__ import annotations

from datetime import datetime

import pytest

from konnektus.db.database import Database
from konnektus.domain.permissions import NotPermitted, Role
from konnektus.domain.sharing import Refusal
from konnektus.services import sharing, sharing_consent
from konnektus.services.requests import AlreadyChanged
from konnektus.services.sharing import DisclosureRefused
from konnektus.services.sharing_register import SharingError
from tests.helpers import demo_member, fingerprint, member

NOW = datetime(2026, 11, 26, 9, 0)  # UTC
JUSTIS = 6  # recipient of VOG requests, on the basis of consent


def vog_person(db: Database) -> tuple[int, int]:
    """(person, consent) for someone with a standing VOG consent and a VOG item on consent."""
    row = db.query(
        "SELECT c.person_id, c.id FROM consent c JOIN person p ON p.id = c.person_id"
        " WHERE c.purpose = 'criminal_record_check' AND c.withdrawn_on IS NULL"
        " AND p.erased_at IS NULL AND EXISTS (SELECT 1 FROM personal_data_item i"
        "  WHERE i.person_id = c.person_id AND i.category = 'criminal_record_consent'"
        "  AND i.legal_basis = 'consent')"
        " AND (SELECT count(*) FROM consent o WHERE o.person_id = c.person_id"
        "  AND o.purpose = c.purpose) = 1 ORDER BY c.id LIMIT 1"
    )[0]
    return int(row[0]), int(row[1])


@pytest.fixture
def dpo(demo_db: Database):  # type: ignore[no-untyped-def]
    return demo_member(demo_db, Role.DPO)


def test_withdrawing_one_purpose_leaves_the_others_and_blocks_new_disclosures(
    demo_db: Database,
    dpo,  # type: ignore[no-untyped-def]
) -> None:
    person, consent = vog_person(demo_db)
    with demo_db.transaction() as cur:
        cur.execute(
            "INSERT INTO consent (person_id, purpose, given_on, given_how)"
            " VALUES (?, 'reference_check', DATE '2026-01-05', 'e-mail')",
            [person],
        )
    recruiter = demo_member(demo_db, Role.RECRUITER)
    sharing_consent.withdraw_consent(demo_db, recruiter, consent, how="phone", now=NOW)
    consents = sharing_consent.person_consents(demo_db, recruiter, person).set_index("purpose")
    assert consents.loc["criminal_record_check", "withdrawn_how"] == "phone"
    assert consents["withdrawn_on"].isna().sum() == 1  # the reference check still stands
    with pytest.raises(DisclosureRefused) as caught:
        sharing.register_disclosure(
            demo_db,
            dpo,
            person,
            JUSTIS,
            ("identity_document",),
            "criminal_record_check",
            "consent",
            consent,
            now=NOW,
        )
    assert caught.value.refusal is Refusal.CONSENT_WITHDRAWN
    assert demo_db.query(
        "SELECT action, object_type, object_id FROM audit_entry ORDER BY id DESC LIMIT 1"
    ) == [("consent_withdrawn", "consent", consent)]


def test_a_second_withdrawal_names_who_was_first_and_writes_nothing(
    demo_db: Database,
    dpo,  # type: ignore[no-untyped-def]
) -> None:
    _, consent = vog_person(demo_db)
    sharing_consent.withdraw_consent(demo_db, dpo, consent, how="email", now=NOW)
    before = fingerprint(demo_db)
    with pytest.raises(AlreadyChanged) as caught:
        sharing_consent.withdraw_consent(
            demo_db, demo_member(demo_db, Role.BACKOFFICE), consent, how="email", now=NOW
        )
    assert caught.value.by == dpo.name
    assert fingerprint(demo_db) == before


@pytest.mark.parametrize(
    ("how", "consent", "code"),
    [("pigeon", None, "unknown_channel"), ("email", 10**9, "consent_unknown")],
)
def test_a_bad_withdrawal_is_refused_with_a_code(
    demo_db: Database,
    dpo,
    how: str,
    consent: int | None,
    code: str,  # type: ignore[no-untyped-def]
) -> None:
    consent_id = consent if consent is not None else vog_person(demo_db)[1]
    before = fingerprint(demo_db)
    with pytest.raises(SharingError) as caught:
        sharing_consent.withdraw_consent(demo_db, dpo, consent_id, how=how, now=NOW)
    assert caught.value.code == code
    assert fingerprint(demo_db) == before


def test_data_held_only_on_a_withdrawn_consent_is_listed_and_removed_by_the_dpo(
    demo_db: Database,
    dpo,  # type: ignore[no-untyped-def]
) -> None:
    person, consent = vog_person(demo_db)
    assert sharing_consent.held_only_on_withdrawn_consent(demo_db, dpo, person).empty
    sharing_consent.withdraw_consent(demo_db, dpo, consent, how="email", now=NOW)
    listed = sharing_consent.held_only_on_withdrawn_consent(demo_db, dpo, person)
    assert set(listed["category"]) == {"criminal_record_consent"}
    assert "value" not in listed.columns
    ids = [int(i) for i in listed["id"]]
    recruiter = member(Role.RECRUITER)
    before = fingerprint(demo_db)
    with pytest.raises(NotPermitted):
        sharing_consent.remove_data_held_on_withdrawn_consent(
            demo_db, recruiter, person, seen_item_ids=ids, now=NOW
        )
    with pytest.raises(sharing_consent.RemovalOutdated):
        sharing_consent.remove_data_held_on_withdrawn_consent(
            demo_db, dpo, person, seen_item_ids=[*ids[:-1], 10**9], now=NOW
        )
    assert fingerprint(demo_db) == before
    removed = sharing_consent.remove_data_held_on_withdrawn_consent(
        demo_db, dpo, person, seen_item_ids=ids, now=NOW
    )
    assert removed == len(ids)
    left = demo_db.query(
        "SELECT count(*) FROM personal_data_item WHERE person_id = ?"
        " AND category = 'criminal_record_consent'",
        [person],
    )
    assert left == [(0,)]
    assert sharing_consent.held_only_on_withdrawn_consent(demo_db, dpo, person).empty
    with pytest.raises(AlreadyChanged):
        sharing_consent.remove_data_held_on_withdrawn_consent(
            demo_db, dpo, person, seen_item_ids=ids, now=NOW
        )


def test_a_purpose_with_another_standing_consent_keeps_its_data(demo_db: Database, dpo) -> None:  # type: ignore[no-untyped-def]
    person, consent = vog_person(demo_db)
    with demo_db.transaction() as cur:
        cur.execute(
            "INSERT INTO consent (person_id, purpose, given_on, given_how)"
            " VALUES (?, 'criminal_record_check', DATE '2026-02-01', 'portaal')",
            [person],
        )
    sharing_consent.withdraw_consent(demo_db, dpo, consent, how="email", now=NOW)
    assert sharing_consent.held_only_on_withdrawn_consent(demo_db, dpo, person).empty


@pytest.mark.parametrize("role", [Role.MANAGEMENT])
def test_management_may_not_see_or_withdraw_consents(demo_db: Database, role: Role) -> None:
    person, consent = vog_person(demo_db)
    before = fingerprint(demo_db)
    for call in (
        lambda: sharing_consent.person_consents(demo_db, member(role), person),
        lambda: sharing_consent.withdraw_consent(
            demo_db, member(role), consent, how="email", now=NOW
        ),
        lambda: sharing_consent.held_only_on_withdrawn_consent(demo_db, member(role), person),
    ):
        with pytest.raises(NotPermitted):
            call()
    assert fingerprint(demo_db) == before
