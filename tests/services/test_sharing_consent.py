"""Withdrawing consent per purpose, and removing what was held only on it, on a demo database."""

from __future__ import annotations

from datetime import date, datetime

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
RECEIVED = date(2026, 11, 25)  # the withdrawal reached us the day before it was entered
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
    sharing_consent.withdraw_consent(
        demo_db, recruiter, consent, how="phone", received_on=RECEIVED, now=NOW
    )
    consents = sharing_consent.person_consents(demo_db, recruiter, person).set_index("purpose")
    assert consents.loc["criminal_record_check", "withdrawn_how"] == "phone"
    # only the VOG consent: the reference check (and job finding) still stand
    assert list(consents.index[consents["withdrawn_on"].notna()]) == ["criminal_record_check"]
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
    sharing_consent.withdraw_consent(
        demo_db, dpo, consent, how="email", received_on=RECEIVED, now=NOW
    )
    before = fingerprint(demo_db)
    with pytest.raises(AlreadyChanged) as caught:
        sharing_consent.withdraw_consent(
            demo_db,
            demo_member(demo_db, Role.BACKOFFICE),
            consent,
            how="email",
            received_on=RECEIVED,
            now=NOW,
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
        sharing_consent.withdraw_consent(
            demo_db, dpo, consent_id, how=how, received_on=RECEIVED, now=NOW
        )
    assert caught.value.code == code
    assert fingerprint(demo_db) == before


def test_data_held_only_on_a_consent_withdrawn_elsewhere_is_listed_and_removed_by_the_dpo(
    demo_db: Database,
    dpo,  # type: ignore[no-untyped-def]
) -> None:
    """A withdrawal recorded outside this screen (an import of the recruitment system's
    records) leaves its data to the DPO's list; one recorded here removes it at once."""
    person, consent = vog_person(demo_db)
    assert sharing_consent.held_only_on_withdrawn_consent(demo_db, dpo, person).empty
    with demo_db.transaction() as cur:
        cur.execute(
            "UPDATE consent SET withdrawn_on = ?, withdrawn_how = 'email' WHERE id = ?",
            [RECEIVED, consent],
        )
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
    sharing_consent.withdraw_consent(
        demo_db, dpo, consent, how="email", received_on=RECEIVED, now=NOW
    )
    assert sharing_consent.held_only_on_withdrawn_consent(demo_db, dpo, person).empty


@pytest.mark.parametrize("role", [Role.MANAGEMENT])
def test_management_may_not_see_or_withdraw_consents(demo_db: Database, role: Role) -> None:
    person, consent = vog_person(demo_db)
    before = fingerprint(demo_db)
    for call in (
        lambda: sharing_consent.person_consents(demo_db, member(role), person),
        lambda: sharing_consent.withdraw_consent(
            demo_db, member(role), consent, how="email", received_on=RECEIVED, now=NOW
        ),
        lambda: sharing_consent.held_only_on_withdrawn_consent(demo_db, member(role), person),
    ):
        with pytest.raises(NotPermitted):
            call()
    assert fingerprint(demo_db) == before


# --- the day it was received, the letter, the data held only on it (Art. 7(3), 17(1)(b)) ------


def test_a_withdrawal_counts_from_the_day_it_was_received_and_blocks_what_went_since(
    demo_db: Database,
    dpo,  # type: ignore[no-untyped-def]
) -> None:
    """Received on the 20th, entered on the 26th: a disclosure on the 22nd relied on a consent
    already withdrawn, so it is blocked; one on the 19th stays."""
    person, consent = vog_person(demo_db)
    before_it = sharing.register_disclosure(
        demo_db, dpo, person, JUSTIS, ("identity_document",), "criminal_record_check", "consent",
        consent, now=datetime(2026, 11, 19, 10),
    )  # fmt: skip
    after_it = sharing.register_disclosure(
        demo_db, dpo, person, JUSTIS, ("identity_document",), "criminal_record_check", "consent",
        consent, now=datetime(2026, 11, 22, 10),
    )  # fmt: skip
    done = sharing_consent.withdraw_consent(
        demo_db, dpo, consent, how="letter", received_on=date(2026, 11, 20), now=NOW
    )
    assert done.disclosures_blocked == 1
    assert demo_db.query(
        "SELECT id, blocked FROM disclosure WHERE id IN (?, ?) ORDER BY id", [before_it, after_it]
    ) == [(before_it, False), (after_it, True)]
    assert demo_db.query("SELECT withdrawn_on FROM consent WHERE id = ?", [consent]) == [
        (date(2026, 11, 20),)
    ]


def test_a_disclosure_just_after_amsterdam_midnight_of_the_received_day_is_blocked(
    demo_db: Database,
    dpo,  # type: ignore[no-untyped-def]
) -> None:
    person, consent = vog_person(demo_db)
    # 20 November 00:30 in Amsterdam is 19 November 23:30 UTC
    early = sharing.register_disclosure(
        demo_db, dpo, person, JUSTIS, ("identity_document",), "criminal_record_check", "consent",
        consent, now=datetime(2026, 11, 19, 23, 30),
    )  # fmt: skip
    sharing_consent.withdraw_consent(
        demo_db, dpo, consent, how="letter", received_on=date(2026, 11, 20), now=NOW
    )
    assert demo_db.query("SELECT blocked FROM disclosure WHERE id = ?", [early]) == [(True,)]


@pytest.mark.parametrize(
    ("received_on", "code"),
    [
        (None, "withdrawal_received_missing"),
        (date(2026, 11, 27), "withdrawal_received_in_future"),
        (date(2000, 1, 1), "withdrawal_received_before_given"),
    ],
)
def test_a_received_day_outside_the_consent_and_today_is_refused_and_nothing_changes(
    demo_db: Database,
    dpo,  # type: ignore[no-untyped-def]
    received_on: date | None,
    code: str,
) -> None:
    _, consent = vog_person(demo_db)
    before = fingerprint(demo_db)
    with pytest.raises(SharingError) as caught:
        sharing_consent.withdraw_consent(
            demo_db, dpo, consent, how="email", received_on=received_on, now=NOW
        )
    assert caught.value.code == code
    assert fingerprint(demo_db) == before


@pytest.mark.parametrize(
    ("language", "words"),
    [
        (
            "nl",
            ("Uw toestemming is ingetrokken", "Op 20 november 2026 ontvingen wij", "VOG-aanvraag"),
        ),
        (
            "en",
            (
                "Your consent has been withdrawn",
                "On 20 November 2026 we received",
                "certificate of conduct",
            ),
        ),
    ],
)
def test_the_person_gets_a_confirmation_naming_the_day_and_what_was_erased(
    demo_db: Database,
    dpo,  # type: ignore[no-untyped-def]
    language: str,
    words: tuple[str, str, str],
) -> None:
    person, consent = vog_person(demo_db)
    with demo_db.transaction() as cur:
        cur.execute("UPDATE person SET language = ? WHERE id = ?", [language, person])
    held = demo_db.query(
        "SELECT count(*) FROM personal_data_item WHERE person_id = ?"
        " AND category = 'criminal_record_consent' AND legal_basis = 'consent'",
        [person],
    )[0][0]
    done = sharing_consent.withdraw_consent(
        demo_db, dpo, consent, how="letter", received_on=date(2026, 11, 20), now=NOW
    )
    assert done.items_removed == {"criminal_record_consent": held}
    kind, subject, body, status, email = demo_db.query(
        "SELECT kind, subject, body, delivery_status, recipient_email FROM letter WHERE id = ?",
        [done.letter_id],
    )[0]
    assert kind == "consent_withdrawal_confirmed" and subject == words[0]
    assert words[1] in body and words[2] in body
    assert f"({held})" in body
    assert email == demo_db.query("SELECT email FROM person WHERE id = ?", [person])[0][0]
    assert status in ("pending", "not_applicable")
    assert demo_db.query(
        "SELECT count(*) FROM personal_data_item WHERE person_id = ?"
        " AND category = 'criminal_record_consent' AND legal_basis = 'consent'",
        [person],
    ) == [(0,)]
    assert demo_db.query("SELECT action FROM audit_entry ORDER BY id DESC LIMIT 1") == [
        ("consent_withdrawn",)
    ]


def test_withdrawing_a_survey_consent_erases_the_survey_answers_given_on_it(
    demo_db: Database,
    dpo,  # type: ignore[no-untyped-def]
) -> None:
    person, consent = (
        int(v)
        for v in demo_db.query(
            "SELECT i.person_id, min(i.consent_id) FROM personal_data_item i"
            " JOIN person p ON p.id = i.person_id WHERE i.category = 'survey_answer'"
            " AND i.legal_basis = 'consent' AND p.erased_at IS NULL"
            " GROUP BY i.person_id ORDER BY i.person_id LIMIT 1"
        )[0]
    )
    others = demo_db.query(
        "SELECT count(*) FROM personal_data_item WHERE person_id = ?"
        " AND category <> 'survey_answer'",
        [person],
    )
    done = sharing_consent.withdraw_consent(
        demo_db, dpo, consent, how="web_form", received_on=date(2026, 11, 24), now=NOW
    )
    assert set(done.items_removed) == {"survey_answer"}
    assert demo_db.query(
        "SELECT count(*) FROM personal_data_item WHERE person_id = ?"
        " AND category = 'survey_answer'",
        [person],
    ) == [(0,)]
    assert (
        demo_db.query(
            "SELECT count(*) FROM personal_data_item WHERE person_id = ?"
            " AND category <> 'survey_answer'",
            [person],
        )
        == others
    )
    body = demo_db.query("SELECT body FROM letter WHERE id = ?", [done.letter_id])[0][0]
    assert "enquêtes" in body


# --- the items resting on the consent are what goes (the consent each names, migration 017) --


def applicant_with_cv(db: Database) -> tuple[int, int, int]:
    """(person, their job-finding consent, their CV resting on it), one consent of it."""
    row = db.query(
        "SELECT i.person_id, i.consent_id, i.id FROM personal_data_item i"
        " JOIN person p ON p.id = i.person_id WHERE i.category = 'cv'"
        " AND p.erased_at IS NULL AND p.restricted_since IS NULL"
        " AND (SELECT count(*) FROM consent c WHERE c.person_id = i.person_id"
        "  AND c.purpose = 'job_finding') = 1 ORDER BY i.person_id LIMIT 1"
    )[0]
    return int(row[0]), int(row[1]), int(row[2])


@pytest.mark.parametrize(
    ("named", "category", "basis", "goes"),
    [
        ("withdrawn", "cv", "consent", True),  # rests on the withdrawn consent
        ("withdrawn", "correspondence", "consent", True),  # whatever its category
        ("withdrawn", "correspondence", "legitimate_interest", False),  # another ground
        ("other", "cv", "consent", False),  # rests on another purpose's consent
        (None, "cv", "consent", False),  # names none: no guess for job finding
        (None, "survey_answer", "consent", False),  # names none, another purpose's data
    ],
)
def test_a_withdrawal_takes_the_items_resting_on_that_consent_and_nothing_else(
    demo_db: Database,
    dpo,  # type: ignore[no-untyped-def]
    named: str | None,
    category: str,
    basis: str,
    goes: bool,
) -> None:
    person, consent, cv = applicant_with_cv(demo_db)
    with demo_db.transaction() as cur:
        other = cur.execute(
            "INSERT INTO consent (person_id, purpose, given_on, given_how)"
            " VALUES (?, 'reference_check', DATE '2020-01-01', 'e-mail') RETURNING id",
            [person],
        ).fetchall()[0][0]
        item = cur.execute(
            "INSERT INTO personal_data_item (person_id, category, value, collected_on, purpose,"
            " legal_basis, consent_id) VALUES (?, ?, 'x', DATE '2026-01-05', 'doel', ?, ?)"
            " RETURNING id",
            [person, category, basis, {"withdrawn": consent, "other": other, None: None}[named]],
        ).fetchall()[0][0]
    sharing_consent.withdraw_consent(
        demo_db, dpo, consent, how="email", received_on=RECEIVED, now=NOW
    )
    left = {r[0] for r in demo_db.query(
        "SELECT id FROM personal_data_item WHERE person_id = ?", [person]
    )}  # fmt: skip
    assert cv not in left  # the CV rested on the job-finding consent
    assert (item not in left) == goes


def test_an_old_item_naming_no_consent_still_goes_by_what_its_kind_is_kept_for(
    demo_db: Database,
    dpo,  # type: ignore[no-untyped-def]
) -> None:
    """An item of a file from before migration 017 that no consent could be matched to: a VOG
    item on consent goes with the last VOG consent, as it did before items named theirs."""
    person, consent = vog_person(demo_db)
    with demo_db.transaction() as cur:
        cur.execute(
            "UPDATE personal_data_item SET consent_id = NULL WHERE person_id = ?"
            " AND category = 'criminal_record_consent'",
            [person],
        )
    done = sharing_consent.withdraw_consent(
        demo_db, dpo, consent, how="email", received_on=RECEIVED, now=NOW
    )
    assert set(done.items_removed) == {"criminal_record_consent"}
