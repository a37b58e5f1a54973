"""Recording the end of an employment: the holds it creates, once, for roles that may."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from konnektus.db import audit
from konnektus.db.database import Database
from konnektus.domain.permissions import NotPermitted, Role
from konnektus.services import employment as employment_service
from konnektus.services import erasure as erasure_service
from konnektus.services import requests as desk
from tests.helpers import demo_member, fingerprint

NOW = datetime(2026, 11, 26, 9, 0)  # UTC; 26 November in Amsterdam


def running_employment(db: Database) -> tuple[int, int, date]:
    """(employment, person, start) of someone employed now, with a BSN and an ID copy."""
    row = db.query(
        "SELECT e.id, e.person_id, e.start_date FROM employment e JOIN person p"
        " ON p.id = e.person_id WHERE e.end_date IS NULL AND p.stage = 'employed'"
        " AND p.id IN (SELECT person_id FROM personal_data_item WHERE category = 'bsn')"
        " AND p.id IN (SELECT person_id FROM personal_data_item"
        "  WHERE category = 'identity_document')"
        " AND p.id NOT IN (SELECT person_id FROM legal_hold) ORDER BY e.id LIMIT 1"
    )[0]
    return int(row[0]), int(row[1]), row[2]


def holds_of(db: Database, employment_id: int) -> list[tuple[str, str, date]]:
    return [
        (str(k), str(g), u)
        for k, g, u in db.query(
            "SELECT category, legal_ground, until FROM legal_hold WHERE employment_id = ?"
            " ORDER BY category",
            [employment_id],
        )
    ]


@pytest.mark.parametrize(
    ("end_date", "payroll_until", "id_copy_until"),
    [
        (date(2026, 11, 20), date(2033, 12, 31), date(2031, 12, 31)),
        (date(2026, 11, 26), date(2033, 12, 31), date(2031, 12, 31)),  # today itself
        (date(2025, 12, 31), date(2032, 12, 31), date(2030, 12, 31)),  # a year's last day
    ],
)
def test_ending_an_employment_creates_exactly_the_two_holds_with_their_dates(
    demo_db: Database, end_date: date, payroll_until: date, id_copy_until: date
) -> None:
    employment_id, person_id, start = running_employment(demo_db)
    if end_date < start:
        pytest.skip("this demo employment started later")
    backoffice = demo_member(demo_db, Role.BACKOFFICE)

    ended = employment_service.end_employment(
        demo_db, backoffice, employment_id, end_date=end_date, now=NOW
    )

    assert holds_of(demo_db, employment_id) == [
        ("identity_document", "wet_lb_28", id_copy_until),
        ("payroll_records", "awr_52", payroll_until),
    ]
    assert demo_db.query("SELECT count(*) FROM legal_hold WHERE person_id = ?", [person_id]) == [
        (2,)
    ]
    assert len(ended.hold_ids) == 2 and ended.now_former_employee
    assert demo_db.query("SELECT end_date FROM employment WHERE id = ?", [employment_id]) == [
        (end_date,)
    ]
    assert demo_db.query("SELECT stage FROM person WHERE id = ?", [person_id]) == [
        ("former_employee",)
    ]
    entry = demo_db.query(
        "SELECT role, object_id, details FROM audit_entry WHERE action = 'employment_ended'"
    )
    assert [(role, oid) for role, oid, _ in entry] == [("backoffice", employment_id)]
    with demo_db.cursor() as cur:
        assert audit.verify(cur).intact


def test_ending_an_employment_twice_is_refused_naming_who_did_it(demo_db: Database) -> None:
    employment_id, _person_id, _start = running_employment(demo_db)
    dpo = demo_member(demo_db, Role.DPO)
    employment_service.end_employment(
        demo_db, dpo, employment_id, end_date=date(2026, 11, 20), now=NOW
    )
    after_first = fingerprint(demo_db)
    with pytest.raises(desk.AlreadyChanged) as refused:
        employment_service.end_employment(
            demo_db,
            demo_member(demo_db, Role.BACKOFFICE),
            employment_id,
            end_date=date(2026, 11, 21),
            now=NOW,
        )
    assert refused.value.by == dpo.name
    assert fingerprint(demo_db) == after_first


@pytest.mark.parametrize("role", [Role.RECRUITER, Role.MANAGEMENT])
def test_a_role_without_permission_gets_not_permitted_and_nothing_changes(
    demo_db: Database, role: Role
) -> None:
    employment_id, _person_id, _start = running_employment(demo_db)
    before = fingerprint(demo_db)
    with pytest.raises(NotPermitted):
        employment_service.end_employment(
            demo_db, demo_member(demo_db, role), employment_id, end_date=date(2026, 11, 20), now=NOW
        )
    assert fingerprint(demo_db) == before


@pytest.mark.parametrize(
    ("end_date", "code"),
    [(date(2026, 11, 27), "end_in_future"), (date(1990, 1, 1), "end_before_start")],
)
def test_an_end_in_the_future_or_before_the_start_is_refused_and_nothing_changes(
    demo_db: Database, end_date: date, code: str
) -> None:
    employment_id, _person_id, _start = running_employment(demo_db)
    before = fingerprint(demo_db)
    with pytest.raises(employment_service.EmploymentRefused) as refused:
        employment_service.end_employment(
            demo_db, demo_member(demo_db, Role.DPO), employment_id, end_date=end_date, now=NOW
        )
    assert refused.value.code == code
    assert fingerprint(demo_db) == before


def test_an_unknown_employment_is_refused(demo_db: Database) -> None:
    with pytest.raises(employment_service.EmploymentRefused) as refused:
        employment_service.end_employment(
            demo_db, demo_member(demo_db, Role.DPO), 10**9, end_date=date(2026, 11, 20), now=NOW
        )
    assert refused.value.code == "unknown"


def test_someone_with_another_running_employment_stays_employed(demo_db: Database) -> None:
    employment_id, person_id, start = running_employment(demo_db)
    demo_db.query(
        "INSERT INTO employment (person_id, client_id, start_date, payroll_reference)"
        " SELECT person_id, client_id, DATE '2026-10-01', 'PR-SECOND' FROM employment"
        " WHERE id = ?",
        [employment_id],
    )
    ended = employment_service.end_employment(
        demo_db, demo_member(demo_db, Role.BACKOFFICE), employment_id, end_date=start, now=NOW
    )
    assert not ended.now_former_employee
    assert demo_db.query("SELECT stage FROM person WHERE id = ?", [person_id]) == [("employed",)]


def test_after_the_end_an_erasure_keeps_exactly_what_the_new_holds_cover(
    demo_db: Database,
) -> None:
    employment_id, person_id, _start = running_employment(demo_db)
    dpo = demo_member(demo_db, Role.DPO)
    employment_service.end_employment(
        demo_db, dpo, employment_id, end_date=date(2026, 11, 20), now=NOW
    )
    request_id = desk.log_request(
        demo_db,
        dpo,
        request_type="erasure",
        channel="email",
        received_at=datetime(2026, 11, 24, 8),
        requester_name="Verzoeker",
        requester_email=None,
        free_text=None,
        person_id=person_id,
        now=NOW,
    )
    desk.change_status(
        demo_db, dpo, request_id, seen_status="received", target="in_progress", now=NOW
    )
    reference = demo_db.query("SELECT reference FROM person WHERE id = ?", [person_id])[0][0]

    result = erasure_service.execute_erasure(
        demo_db, dpo, request_id, seen_status="in_progress", typed_reference=reference, now=NOW
    )

    assert not result.record.partial
    held = dict(
        demo_db.query(
            "SELECT category, held_until FROM personal_data_item WHERE person_id = ?"
            " AND category IN ('bsn', 'identity_document')",
            [person_id],
        )
    )
    assert held == {"bsn": date(2033, 12, 31), "identity_document": date(2031, 12, 31)}
    assert demo_db.query(
        "SELECT count(*) FROM personal_data_item WHERE person_id = ? AND held_until IS NULL",
        [person_id],
    ) == [(0,)]
