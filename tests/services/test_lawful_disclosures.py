"""Issue 19, point 3: the register refuses what the lawful-basis table forbids, in Dutch, with
the rule's code, and writes nothing (on a real demo database)."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest

from konnektus.db.database import Database
from konnektus.domain.errors import CodedError
from konnektus.domain.permissions import Role
from konnektus.domain.restriction import Restricted
from konnektus.domain.sharing import Refusal
from konnektus.i18n import error_text
from konnektus.services import sharing
from konnektus.services.requests import utc_naive
from konnektus.services.sharing import DisclosureRefused
from tests.helpers import demo_member, fingerprint

NOW = datetime(2026, 11, 26, 9, 0)  # UTC
UK_BOARD = 10  # Security Clearance Board UK (adequacy decision)
REFEREE = 17


def diploma_consent(db: Database) -> tuple[int, int]:
    """A standing consent for a diploma check, and its person."""
    row = db.query(
        "SELECT c.id, c.person_id FROM consent c JOIN person p ON p.id = c.person_id"
        " WHERE c.purpose = 'diploma_check' AND c.withdrawn_on IS NULL AND p.erased_at IS NULL"
        " AND p.restricted_since IS NULL ORDER BY c.id LIMIT 1"
    )[0]
    return int(row[0]), int(row[1])


def refused(db: Database, **values: object) -> DisclosureRefused:
    actor = demo_member(db, Role.BACKOFFICE)
    before = fingerprint(db)
    with pytest.raises(DisclosureRefused) as caught:
        sharing.register_disclosure(db, actor, now=NOW, **values)  # type: ignore[arg-type]
    assert fingerprint(db) == before
    return caught.value


def test_medical_bsn_and_criminal_data_to_a_uk_board_on_a_diploma_consent_are_refused(
    demo_db: Database,
) -> None:
    consent_id, person_id = diploma_consent(demo_db)
    error = refused(
        demo_db,
        person_id=person_id,
        recipient_id=UK_BOARD,
        categories=("medical", "bsn", "criminal_record_consent"),
        purpose="criminal_record_check",
        legal_basis="consent",
        consent_id=consent_id,
    )
    assert error.refusal is Refusal.HEALTH_RECIPIENT
    text = error_text(error, "nl")
    assert text.startswith("Niet vastgelegd: medische en vaccinatiegegevens gaan alleen naar")
    assert "artikel 9 AVG" in text and "(regel: health_recipient)" in text
    assert "GDPR Art. 9" in error_text(error, "en")


def test_criminal_data_to_a_uk_board_on_a_diploma_consent_is_refused_as_another_purpose(
    demo_db: Database,
) -> None:
    consent_id, person_id = diploma_consent(demo_db)
    error = refused(
        demo_db,
        person_id=person_id,
        recipient_id=UK_BOARD,
        categories=("criminal_record_consent",),
        purpose="criminal_record_check",
        legal_basis="consent",
        consent_id=consent_id,
    )
    assert error.refusal is Refusal.CONSENT_OTHER_PURPOSE
    assert "een toestemming draagt alleen haar eigen doel" in error_text(error, "nl")


def test_bsn_and_medical_data_to_a_referee_on_legitimate_interest_are_refused(
    demo_db: Database,
) -> None:
    _, person_id = diploma_consent(demo_db)
    error = refused(
        demo_db,
        person_id=person_id,
        recipient_id=REFEREE,
        categories=("bsn", "medical"),
        purpose="reference_check",
        legal_basis="legitimate_interest",
        consent_id=None,
    )
    assert error.refusal is Refusal.BSN_RECIPIENT
    assert "artikel 46 UAVG" in error_text(error, "nl")


def test_after_an_upheld_objection_to_reference_checks_a_disclosure_to_a_referee_is_refused(
    demo_db: Database,
) -> None:
    row = demo_db.query(
        "SELECT c.id, c.person_id FROM consent c JOIN person p ON p.id = c.person_id"
        " WHERE c.purpose = 'reference_check' AND c.withdrawn_on IS NULL"
        " AND p.erased_at IS NULL AND p.restricted_since IS NULL ORDER BY c.id LIMIT 1"
    )[0]
    consent_id, person_id = int(row[0]), int(row[1])
    values = {
        "person_id": person_id,
        "recipient_id": REFEREE,
        "categories": ("cv",),
        "purpose": "reference_check",
        "legal_basis": "consent",
        "consent_id": consent_id,
    }
    with demo_db.transaction() as cur:  # the objection as the request desk upholds it
        request_id = cur.execute(
            "INSERT INTO request (type, channel, received_at, requester_name, person_id, status,"
            " one_month_mark, due_date, original_due_date) VALUES ('objection', 'email',"
            " TIMESTAMP '2026-11-20 09:00', 'Bezwaarmaker', ?, 'completed', DATE '2026-12-21',"
            " DATE '2026-12-21', DATE '2026-12-21') RETURNING id",
            [person_id],
        ).fetchall()[0][0]
        cur.execute(
            "INSERT INTO processing_stop VALUES"
            " (?, 'reference_check', TIMESTAMP '2026-11-25 10:00')",
            [request_id],
        )
    error = refused(demo_db, **values)
    assert error.refusal is Refusal.PURPOSE_OBJECTED
    assert "artikel 21 AVG" in error_text(error, "nl")


def test_a_lawful_disclosure_records_its_purpose_code_and_note(demo_db: Database) -> None:
    actor = demo_member(demo_db, Role.BACKOFFICE)
    person_id = int(demo_db.query("SELECT min(person_id) FROM employment")[0][0])
    new = sharing.register_disclosure(
        demo_db,
        actor,
        person_id,
        8,  # Rechtbank Rotterdam
        ("employment",),
        "court_order",
        "legal_obligation",
        None,
        now=NOW,
        note="  Bevel  ROT-2026-17 ",
    )
    assert demo_db.query(
        "SELECT purpose, purpose_note, legal_basis FROM disclosure WHERE id = ?", [new]
    ) == [("court_order", "Bevel ROT-2026-17", "legal_obligation")]


def test_a_disclosure_for_a_restricted_person_is_refused_with_its_coded_message(
    demo_db: Database,
) -> None:
    actor = demo_member(demo_db, Role.BACKOFFICE)
    person_id = int(demo_db.query("SELECT min(person_id) FROM employment")[0][0])
    with demo_db.transaction() as cur:
        cur.execute(
            "UPDATE person SET restricted_since = TIMESTAMP '2026-11-01',"
            " restriction_request_id = 4"
            " WHERE id = ?",
            [person_id],
        )
    before = fingerprint(demo_db)
    with pytest.raises(Restricted) as caught:
        sharing.register_disclosure(
            demo_db, actor, person_id, 1, ("bsn",), "tax_return", "legal_obligation", None, now=NOW
        )
    assert fingerprint(demo_db) == before
    assert "artikel 18 AVG" in error_text(caught.value, "nl")


def test_a_disclosure_made_earlier_is_judged_as_of_its_own_day(demo_db: Database) -> None:
    """Issue 20 point 8: a consent withdrawn after the disclosure still carried it that day."""
    row = demo_db.query(
        "SELECT c.id, c.person_id, c.purpose, c.withdrawn_on FROM consent c"
        " JOIN person p ON p.id = c.person_id WHERE c.purpose = 'reference_check'"
        " AND c.withdrawn_on IS NOT NULL AND c.withdrawn_on - c.given_on > 2"
        " AND p.erased_at IS NULL AND p.restricted_since IS NULL ORDER BY c.id LIMIT 1"
    )[0]
    consent_id, person_id, purpose, withdrawn_on = row
    values = {
        "person_id": person_id,
        "recipient_id": REFEREE,
        "categories": ("cv",),
        "purpose": purpose,
        "legal_basis": "consent",
        "consent_id": consent_id,
    }
    error = refused(demo_db, **values)  # today the consent is withdrawn
    assert error.refusal is Refusal.CONSENT_WITHDRAWN
    actor = demo_member(demo_db, Role.BACKOFFICE)
    before = datetime.combine(withdrawn_on - timedelta(days=1), time(10, 0))  # Amsterdam
    new = sharing.register_disclosure(demo_db, actor, now=NOW, disclosed_at=before, **values)  # type: ignore[arg-type]
    stored = demo_db.query("SELECT disclosed_at FROM disclosure WHERE id = ?", [new])[0][0]
    assert stored == utc_naive(before)


@pytest.mark.parametrize(
    ("when", "code"),
    [
        (NOW + timedelta(hours=2), "disclosure_in_future"),  # 11:00 Amsterdam: after now
        (datetime(2001, 1, 1, 12, 0), "disclosure_before_person"),
    ],
)
def test_a_disclosure_moment_in_the_future_or_before_the_person_is_refused(
    demo_db: Database, when: datetime, code: str
) -> None:
    person_id = int(demo_db.query("SELECT min(person_id) FROM employment")[0][0])
    actor = demo_member(demo_db, Role.BACKOFFICE)
    before = fingerprint(demo_db)
    with pytest.raises(CodedError) as caught:
        sharing.register_disclosure(
            demo_db, actor, person_id, 8, ("employment",), "court_order", "legal_obligation",
            None, now=NOW, note="ECLI:NL:RBROT:2026:1", disclosed_at=when,
        )  # fmt: skip
    assert caught.value.code == code
    assert fingerprint(demo_db) == before
    assert "toekomst" in error_text(caught.value, "nl") or "inschrijving" in error_text(
        caught.value, "nl"
    )
