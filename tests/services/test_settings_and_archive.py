"""O13 and the archive: the privacy contact the DPO sets reaches every letter and export; the
request periods are shown as the law sets them; a finished erasure is found again in the
archive with its certificate."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from konnektus.db.database import Database
from konnektus.domain.contact import InvalidContact, PrivacyContact, contact_gaps
from konnektus.domain.permissions import NotPermitted, Role
from konnektus.domain.staff import CLI
from konnektus.services import archive, settings
from konnektus.services import erasure as erasure_service
from konnektus.services import requests as desk
from tests.helpers import demo_member, fingerprint

NOW = datetime(2026, 11, 26, 9, 0)


def finished_erasure(db: Database) -> tuple[int, str]:
    """An erasure carried out today for someone without legal holds; (request, reference)."""
    dpo = demo_member(db, Role.DPO)
    person_id, reference = db.query(
        "SELECT id, reference FROM person WHERE stage = 'applicant' AND erased_at IS NULL"
        " ORDER BY id LIMIT 1"
    )[0]
    request_id = desk.log_request(
        db,
        dpo,
        request_type="erasure",
        channel="email",
        received_at=datetime(2026, 11, 20, 8),
        requester_name="Verzoeker",
        requester_email=None,
        free_text=None,
        person_id=int(person_id),
        now=NOW,
    )
    desk.change_status(db, dpo, request_id, seen_status="received", target="in_progress", now=NOW)
    erasure_service.execute_erasure(
        db, dpo, request_id, seen_status="in_progress", typed_reference=reference, now=NOW
    )
    return request_id, str(reference)


def test_the_dpo_sets_the_contact_and_letters_carry_it(demo_db: Database) -> None:
    dpo = demo_member(demo_db, Role.DPO)
    settings.update_privacy_contact(
        demo_db,
        dpo,
        {"name": "S. Jansen", "phone": "010 123 45 67", "postal_address": "Postbus 123"},
        now=NOW,
    )
    finished_erasure(demo_db)
    body = demo_db.query(
        "SELECT body FROM letter WHERE kind = 'erasure_confirmation' ORDER BY id DESC LIMIT 1"
    )[0][0]
    assert "S. Jansen" in body and "010 123 45 67" in body and "Postbus 123" in body
    # the demo's staff list holds an active DPO: the letter carries the title (Art. 37)
    assert "Functionaris gegevensbescherming" in body and "Privacyteam" not in body
    assert demo_db.query("SELECT action FROM audit_entry WHERE action LIKE 'privacy%'") == [
        ("privacy_contact_changed",)
    ]


def test_letters_sign_as_functionaris_exactly_while_a_dpo_is_on_the_staff_list(
    demo_db: Database,
) -> None:
    """Issue 20 point 9: "FG aangesteld" follows the staff table, not a box that can go stale."""
    current = settings.current_settings(demo_db, CLI).contact
    assert current.dpo_appointed
    assert current.signature("nl").split("\n")[3:5] == [
        "Functionaris gegevensbescherming",
        "privacy@konnektus.nl",
    ]
    demo_db.query("UPDATE staff SET active = false WHERE role = 'dpo'")
    current = settings.current_settings(demo_db, CLI).contact
    assert not current.dpo_appointed and current.title("nl") == "Privacyteam"


@pytest.mark.parametrize(
    ("email", "phone", "address", "gaps"),
    [
        ("privacy@konnektus.nl", "030 700 12 34", "Postbus 1", ()),
        ("sallyann@konnektus.nl", "030 700 12 34", "Postbus 1", ("personal_mailbox",)),
        ("FG@konnektus.nl", "", "Postbus 1", ("no_phone",)),
        ("privacy@konnektus.nl", "030", "", ("no_postal_address",)),
        ("jan.devries@konnektus.nl", "", "", ("personal_mailbox", "no_phone", "no_postal_address")),
    ],
)
def test_the_settings_name_what_the_contact_lacks(
    email: str, phone: str, address: str, gaps: tuple[str, ...]
) -> None:
    contact = PrivacyContact(email=email, phone=phone, postal_address=address)
    assert contact_gaps(contact) == gaps


def test_an_unusable_address_is_refused_and_nothing_changes(demo_db: Database) -> None:
    with pytest.raises(InvalidContact):
        settings.update_privacy_contact(demo_db, CLI, {"email": "geen adres"}, now=NOW)
    assert settings.current_settings(demo_db, CLI).contact.email == "privacy@konnektus.nl"


def test_settings_are_the_dpos(demo_db: Database) -> None:
    with pytest.raises(NotPermitted):
        settings.current_settings(demo_db, demo_member(demo_db, Role.BACKOFFICE))


def test_request_periods_give_erasure_one_month_extended_to_the_policys_two(
    demo_db: Database,
) -> None:
    current = settings.current_settings(demo_db, CLI)
    assert current.periods["erasure"] == (1, 2) and current.erasure_extended_months == 2
    assert current.periods["access"] == (1, 3)


@pytest.mark.parametrize("months", [1, 3])
def test_the_dpo_sets_the_erasure_extension_within_the_gdpr_with_an_audit_entry(
    demo_db: Database, months: int
) -> None:
    dpo = demo_member(demo_db, Role.DPO)
    settings.update_erasure_extended_months(demo_db, dpo, months, now=NOW)
    current = settings.current_settings(demo_db, CLI)
    assert current.periods["erasure"] == (1, months) and current.periods["access"] == (1, 3)
    assert demo_db.query("SELECT action, details FROM audit_entry ORDER BY id DESC LIMIT 1") == [
        ("erasure_extension_policy_changed", f'{{"from": 2, "to": {months}}}')
    ]


@pytest.mark.parametrize("months", [0, -1, 4])
def test_an_erasure_extension_beyond_the_gdpr_is_refused_and_nothing_changes(
    demo_db: Database, months: int
) -> None:
    from konnektus.domain.deadlines import InvalidPeriodPolicy

    entries = demo_db.query("SELECT count(*) FROM audit_entry")
    with pytest.raises(InvalidPeriodPolicy) as refused:
        settings.update_erasure_extended_months(
            demo_db, demo_member(demo_db, Role.DPO), months, now=NOW
        )
    assert refused.value.code == "erasure_extension_months_out_of_range"
    assert settings.current_settings(demo_db, CLI).erasure_extended_months == 2
    assert demo_db.query("SELECT count(*) FROM meta WHERE key = 'erasure_extended_months'") == [
        (0,)
    ]
    assert demo_db.query("SELECT count(*) FROM audit_entry") == entries


def test_only_the_dpo_sets_the_erasure_extension(demo_db: Database) -> None:
    with pytest.raises(NotPermitted):
        settings.update_erasure_extended_months(
            demo_db, demo_member(demo_db, Role.BACKOFFICE), 3, now=NOW
        )


@pytest.mark.parametrize("months", [0, 1, 12])
def test_the_dpo_sets_the_term_of_medical_data_after_the_placement_with_an_audit_entry(
    demo_db: Database, months: int
) -> None:
    assert settings.current_settings(demo_db, CLI).medical_months_after_placement == 3
    settings.update_medical_months_after_placement(
        demo_db, demo_member(demo_db, Role.DPO), months, now=NOW
    )
    assert settings.current_settings(demo_db, CLI).medical_months_after_placement == months
    assert demo_db.query("SELECT action, details FROM audit_entry ORDER BY id DESC LIMIT 1") == [
        ("medical_term_changed", f'{{"from": 3, "to": {months}}}')
    ]


@pytest.mark.parametrize("months", [-1, 13, 36])
def test_a_medical_term_outside_0_to_12_months_is_refused_and_nothing_changes(
    demo_db: Database, months: int
) -> None:
    from konnektus.domain.special_data import InvalidSpecialDataTerm

    before = fingerprint(demo_db)
    with pytest.raises(InvalidSpecialDataTerm) as refused:
        settings.update_medical_months_after_placement(
            demo_db, demo_member(demo_db, Role.DPO), months, now=NOW
        )
    assert refused.value.code == "special_data_term_out_of_range"
    assert fingerprint(demo_db) == before


def test_only_the_dpo_sets_the_term_of_medical_data(demo_db: Database) -> None:
    before = fingerprint(demo_db)
    with pytest.raises(NotPermitted):
        settings.update_medical_months_after_placement(
            demo_db, demo_member(demo_db, Role.RECRUITER), 6, now=NOW
        )
    assert fingerprint(demo_db) == before


def test_the_archive_reopens_a_finished_erasure_with_its_certificate(demo_db: Database) -> None:
    request_id, reference = finished_erasure(demo_db)
    dpo = demo_member(demo_db, Role.DPO)
    found = archive.closed_requests(
        demo_db,
        dpo,
        kinds=("erasure",),
        closed_from=date(2026, 11, 1),
        closed_to=date(2026, 11, 30),
        reference=reference.lower(),
    )
    assert list(found["id"]) == [request_id]
    assert bool(found["has_certificate"].iloc[0])
    reopened = archive.archived_request(demo_db, dpo, request_id)
    assert reopened.certificate is not None
    assert "VERKLARING VAN VERWIJDERING" in reopened.certificate["body"]
    assert len(reopened.events) >= 2


def test_the_archive_filters_by_period_and_type(demo_db: Database) -> None:
    dpo = demo_member(demo_db, Role.DPO)
    # October: the demo's erasure extended with a notice, finished in its second month
    older = archive.closed_requests(
        demo_db, dpo, closed_from=date(2026, 10, 1), closed_to=date(2026, 10, 31)
    )
    # what the demo closed in October (Amsterdam days; summer time ends on the 25th), counted
    # directly
    closed = {
        str(r[0])
        for r in demo_db.query(
            "SELECT DISTINCT type FROM request WHERE closed_at >= TIMESTAMP '2026-09-30 22:00'"
            " AND closed_at < TIMESTAMP '2026-10-31 23:00'"
        )
    }
    assert "erasure" in closed and set(older["type"]) == closed
    absent = next(k for k in ("rectification", "portability", "objection") if k not in closed)
    assert archive.closed_requests(
        demo_db, dpo, kinds=(absent,), closed_from=date(2026, 10, 1), closed_to=date(2026, 10, 31)
    ).empty
