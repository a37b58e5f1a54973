"""Telling recipients of a rectification or restriction (Art. 19), on a demo database; the
notices of before migration 8 keep their person and change."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

import pytest

from konnektus.db import disclosure_days
from konnektus.db.database import Database
from konnektus.db.migrations import MIGRATIONS_DIR, discover
from konnektus.domain.permissions import NotPermitted, Role
from konnektus.services import sharing_art19 as art19
from konnektus.services.requests import AlreadyChanged
from konnektus.services.sharing_register import SharingError
from tests.helpers import demo_member, fingerprint, member

NOW = datetime(2026, 11, 26, 9, 0)  # UTC
UK_BOARD = 10


@pytest.fixture
def dpo(demo_db: Database):  # type: ignore[no-untyped-def]
    return demo_member(demo_db, Role.DPO)


def completed_request(db: Database, request_type: str) -> tuple[int, int, set[int]]:
    """A completed request of a living person with disclosures; (request, person, recipients)."""
    person = int(
        db.query(
            "SELECT min(d.person_id) FROM disclosure d JOIN person p ON p.id = d.person_id"
            " WHERE p.erased_at IS NULL AND p.id NOT IN (SELECT person_id FROM request"
            "  WHERE person_id IS NOT NULL AND status = 'completed')"
        )[0][0]
    )
    with db.transaction() as cur:
        added = cur.execute(
            "INSERT INTO disclosure (person_id, recipient_id, data_categories, purpose,"
            " legal_basis, disclosed_at, blocked) VALUES (?, ?, ['identity_document'],"
            " 'offshore registratie', 'legal_obligation', TIMESTAMP '2026-03-02 10:00', FALSE)"
            " RETURNING id",
            [person, UK_BOARD],
        ).fetchall()
        disclosure_days.refresh(cur, [int(added[0][0])])
        request = cur.execute(
            "INSERT INTO request (type, channel, received_at, requester_name, person_id, status,"
            " one_month_mark, due_date, original_due_date, closed_at) VALUES (?, 'email',"
            " TIMESTAMP '2026-11-01 10:00', 'betrokkene', ?, 'completed', DATE '2026-12-01',"
            " DATE '2026-12-01', DATE '2026-12-01', TIMESTAMP '2026-11-20 10:00') RETURNING id",
            [request_type, person],
        ).fetchall()[0][0]
        cur.execute(
            "INSERT INTO person_change (person_id, request_id, field, old_value, new_value,"
            " changed_at) VALUES (?, ?, 'city', 'Zwole', 'Zwolle', TIMESTAMP '2026-11-20 10:00')",
            [person, request],
        )
    recipients = {
        int(r[0])
        for r in db.query(
            "SELECT DISTINCT recipient_id FROM disclosure WHERE person_id = ?"
            " AND disclosed_at <= TIMESTAMP '2026-11-20 10:00'",
            [person],
        )
    }
    return int(request), person, recipients


def test_every_recipient_of_the_person_is_a_task(demo_db: Database, dpo) -> None:  # type: ignore[no-untyped-def]
    request, _, recipients = completed_request(demo_db, "rectification")
    tasks = art19.recipient_tasks(demo_db, dpo)
    mine = tasks[tasks["request_id"] == request]
    assert set(mine["recipient_id"]) == recipients
    assert mine["letter_id"].isna().all()


def test_a_recipient_gets_a_letter_naming_the_person_and_the_correction(
    demo_db: Database,
    dpo,  # type: ignore[no-untyped-def]
) -> None:
    request, person, recipients = completed_request(demo_db, "rectification")
    dutch = min(recipients - {UK_BOARD})
    letter = art19.queue_recipient_letter(demo_db, dpo, request, dutch, now=NOW)
    kind, language, email, body, person_id = demo_db.query(
        "SELECT kind, language, recipient_email, body, person_id FROM letter WHERE id = ?",
        [letter],
    )[0]
    name = demo_db.query("SELECT name FROM recipient WHERE id = ?", [dutch])[0][0]
    family = demo_db.query("SELECT family_name FROM person WHERE id = ?", [person])[0][0]
    assert (kind, language, email, person_id) == ("recipient_notice", "nl", None, person)
    assert f"Aan: {name}" in body and family in body
    assert "- Woonplaats: Zwolle" in body
    english = art19.queue_recipient_letter(demo_db, dpo, request, UK_BOARD, now=NOW)
    body_en = demo_db.query("SELECT body FROM letter WHERE id = ?", [english])[0][0]
    assert body_en.startswith("To: Security Clearance Board UK") and "rectified" in body_en
    assert demo_db.query("SELECT action FROM audit_entry ORDER BY id DESC LIMIT 1") == [
        ("recipient_notice_queued",)
    ]


def test_a_restriction_letter_asks_the_recipient_to_only_store_the_data(
    demo_db: Database,
    dpo,  # type: ignore[no-untyped-def]
) -> None:
    request, _, recipients = completed_request(demo_db, "restriction")
    letter = art19.queue_recipient_letter(demo_db, dpo, request, min(recipients), now=NOW)
    body = demo_db.query("SELECT body FROM letter WHERE id = ?", [letter])[0][0]
    assert "beperkt" in body or "restricted" in body


def test_queueing_twice_or_ticking_off_twice_names_who_was_first(
    demo_db: Database,
    dpo,  # type: ignore[no-untyped-def]
) -> None:
    request, _, recipients = completed_request(demo_db, "rectification")
    recipient = min(recipients)
    art19.queue_recipient_letter(demo_db, dpo, request, recipient, now=NOW)
    before = fingerprint(demo_db)
    with pytest.raises(AlreadyChanged) as caught:
        art19.queue_recipient_letter(demo_db, dpo, request, recipient, now=NOW)
    assert caught.value.by == dpo.name
    assert fingerprint(demo_db) == before
    task = art19.recipient_tasks(demo_db, dpo).set_index(["request_id", "recipient_id"])
    notice = int(task.loc[(request, recipient), "notice_id"])
    art19.tick_off_recipient_letter(demo_db, dpo, notice, now=NOW)
    open_tasks = art19.recipient_tasks(demo_db, dpo)
    assert not (
        (open_tasks["request_id"] == request) & (open_tasks["recipient_id"] == recipient)
    ).any()
    all_tasks = art19.recipient_tasks(demo_db, dpo, open_only=False)
    done = all_tasks[
        (all_tasks["request_id"] == request) & (all_tasks["recipient_id"] == recipient)
    ]
    assert done["sent_at"].notna().all()
    before = fingerprint(demo_db)
    with pytest.raises(AlreadyChanged):
        art19.tick_off_recipient_letter(demo_db, dpo, notice, now=NOW)
    assert fingerprint(demo_db) == before


def test_a_request_without_that_recipient_is_refused_with_a_code(demo_db: Database, dpo) -> None:  # type: ignore[no-untyped-def]
    request, _, recipients = completed_request(demo_db, "rectification")
    stranger = next(i for i in range(1, 19) if i not in recipients)
    before = fingerprint(demo_db)
    with pytest.raises(SharingError) as caught:
        art19.queue_recipient_letter(demo_db, dpo, request, stranger, now=NOW)
    assert caught.value.code == "no_recipient_task"
    assert fingerprint(demo_db) == before


@pytest.mark.parametrize("role", [Role.MANAGEMENT, Role.RECRUITER, Role.BACKOFFICE])
def test_only_the_dpo_tells_recipients(demo_db: Database, role: Role) -> None:
    request, _, recipients = completed_request(demo_db, "rectification")
    before = fingerprint(demo_db)
    with pytest.raises(NotPermitted):
        art19.queue_recipient_letter(demo_db, member(role), request, min(recipients), now=NOW)
    with pytest.raises(NotPermitted):
        art19.recipient_tasks(demo_db, member(role))
    assert fingerprint(demo_db) == before


def test_a_notice_queued_before_migration_8_gets_its_person_and_change(tmp_path: Path) -> None:
    older = tmp_path / "upto7"
    older.mkdir()
    for migration in discover():
        if migration.version < 8:
            shutil.copy(MIGRATIONS_DIR / f"{migration.name}.sql", older)
    path = tmp_path / "old.duckdb"
    db = Database.open(path, migrations_dir=older)
    with db.transaction() as cur:
        request = cur.execute(
            "INSERT INTO request (type, channel, received_at, requester_name, person_id, status,"
            " one_month_mark, due_date, original_due_date) VALUES ('restriction', 'email',"
            " TIMESTAMP '2026-11-01 10:00', 'betrokkene', 42, 'completed', DATE '2026-12-01',"
            " DATE '2026-12-01', DATE '2026-12-01') RETURNING id"
        ).fetchall()[0][0]
        cur.execute(
            "INSERT INTO recipient_notice (request_id, recipient_id, letter_id, created_at)"
            " VALUES (?, 3, 7, TIMESTAMP '2026-11-20 10:00')",
            [request],
        )
    db.close()
    db = Database.open(path)
    assert db.query("SELECT request_id, person_id, change FROM recipient_notice") == [
        (request, 42, "restriction")
    ]
    db.close()
