"""Closing a request after its lawful due date needs the reason of the lateness (issue 20
point 4): every closing service refuses without one and changes nothing, keeps it with the
request and in the audit entry, and the archive shows it."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, datetime

import pytest

from konnektus.db.database import Database
from konnektus.domain.late_close import LateReasonRequired
from konnektus.domain.permissions import Role
from konnektus.domain.staff import StaffMember
from konnektus.services import archive as archive_service
from konnektus.services import erasure as erasure_service
from konnektus.services import request_outcomes as outcomes
from konnektus.services import requests as desk
from tests.helpers import demo_member, fingerprint

NOW = datetime(2026, 11, 26, 9, 0)  # UTC: 10:00 in Amsterdam
TODAY = date(2026, 11, 26)
# received Thursday 1 October 2026: one month ends Sunday 1 November -> due Monday 2 November
LATE_RECEIVED = datetime(2026, 10, 1, 10, 0)
LATE_DUE = date(2026, 11, 2)
REASON = "Het identiteitsbewijs kwam pas na de uiterste datum binnen."


@pytest.fixture
def dpo(demo_db: Database) -> StaffMember:
    return demo_member(demo_db, Role.DPO)


def free_person(db: Database) -> tuple[int, str]:
    """A person with no request and no restriction: nothing holds their erasure back."""
    found = db.query(
        "SELECT id, reference FROM person WHERE erased_at IS NULL AND restricted_since IS NULL"
        " AND id NOT IN (SELECT person_id FROM request WHERE person_id IS NOT NULL)"
        " ORDER BY id LIMIT 1"
    )[0]
    return int(found[0]), str(found[1])


def started(
    db: Database,
    dpo: StaffMember,
    kind: str,
    received: datetime,
    person: int | None = None,
    email: str | None = "ineke@example.nl",
) -> int:
    request_id = desk.log_request(
        db,
        dpo,
        request_type=kind,
        channel="email",
        received_at=received,
        requester_name="Ineke Jansen",
        requester_email=email,
        free_text="Graag mijn rechten uitoefenen.",
        person_id=person,
        now=NOW,
    )
    desk.change_status(db, dpo, request_id, seen_status="received", target="in_progress", now=NOW)
    return request_id


def late_reason_of(db: Database, request_id: int) -> str | None:
    value = db.query("SELECT late_reason FROM request WHERE id = ?", [request_id])[0][0]
    return None if value is None else str(value)


def last_audit(db: Database, action: str) -> dict[str, object]:
    details = db.query(
        "SELECT details FROM audit_entry WHERE action = ? ORDER BY id DESC LIMIT 1", [action]
    )[0][0]
    loaded: dict[str, object] = json.loads(details)
    return loaded


# each closing step: (request type, how to close it with a late reason, its audit action)
Closer = Callable[[Database, StaffMember, int, str | None], object]


def _status(target: str) -> Closer:
    def close(db: Database, dpo: StaffMember, request_id: int, late: str | None) -> object:
        return desk.change_status(
            db,
            dpo,
            request_id,
            seen_status="in_progress",
            target=target,
            reason="wettelijke bewaarplicht" if target == "rejected" else None,
            late_reason=late,
            now=NOW,
        )

    return close


def _restrict(db: Database, dpo: StaffMember, request_id: int, late: str | None) -> object:
    return outcomes.restrict_processing(
        db,
        dpo,
        request_id,
        seen_status="in_progress",
        disputed_field=None,
        reason="De juistheid wordt betwist.",
        late_reason=late,
        now=NOW,
    )


def _review(db: Database, dpo: StaffMember, request_id: int, late: str | None) -> object:
    return outcomes.record_human_review(
        db,
        dpo,
        request_id,
        seen_status="in_progress",
        outcome="Opnieuw beoordeeld door een recruiter.",
        late_reason=late,
        now=NOW,
    )


CLOSERS = [
    pytest.param("access", _status("completed"), "request_status_changed", id="completed"),
    pytest.param("access", _status("rejected"), "request_status_changed", id="rejected"),
    pytest.param("portability", _status("withdrawn"), "request_status_changed", id="withdrawn"),
    pytest.param("restriction", _restrict, "restriction_set", id="restriction"),
    pytest.param("automated_decision", _review, "automated_review_recorded", id="review"),
]


@pytest.mark.parametrize(("kind", "close", "action"), CLOSERS)
def test_a_late_close_without_a_reason_is_refused_and_changes_nothing(
    demo_db: Database, dpo: StaffMember, kind: str, close: Closer, action: str
) -> None:
    person, _ = free_person(demo_db)
    request_id = started(demo_db, dpo, kind, LATE_RECEIVED, person)
    before = fingerprint(demo_db)
    for late in (None, "  "):
        with pytest.raises(LateReasonRequired) as refused:
            close(demo_db, dpo, request_id, late)
        assert refused.value.params == {"due": LATE_DUE}
    assert fingerprint(demo_db) == before


@pytest.mark.parametrize(("kind", "close", "action"), CLOSERS)
def test_a_late_close_keeps_its_reason_with_the_audit_entry_and_in_the_archive(
    demo_db: Database, dpo: StaffMember, kind: str, close: Closer, action: str
) -> None:
    person, _ = free_person(demo_db)
    request_id = started(demo_db, dpo, kind, LATE_RECEIVED, person)
    close(demo_db, dpo, request_id, f"  {REASON} ")
    assert late_reason_of(demo_db, request_id) == REASON
    assert last_audit(demo_db, action)["late_reason"] == REASON
    found = archive_service.closed_requests(demo_db, dpo, closed_from=TODAY, closed_to=TODAY)
    mine = found[found["id"] == request_id].iloc[0]
    assert mine["late_reason"] == REASON and not mine["on_time"]
    assert archive_service.archived_request(demo_db, dpo, request_id).request["late_reason"] == (
        REASON
    )


def test_an_erasure_carried_out_late_needs_the_reason_too(
    demo_db: Database, dpo: StaffMember
) -> None:
    person, reference = free_person(demo_db)
    request_id = started(demo_db, dpo, "erasure", LATE_RECEIVED, person)
    before = fingerprint(demo_db)
    with pytest.raises(LateReasonRequired):
        erasure_service.execute_erasure(
            demo_db, dpo, request_id, seen_status="in_progress", typed_reference=reference, now=NOW
        )
    assert fingerprint(demo_db) == before
    erasure_service.execute_erasure(
        demo_db,
        dpo,
        request_id,
        seen_status="in_progress",
        typed_reference=reference,
        late_reason=REASON,
        now=NOW,
    )
    assert late_reason_of(demo_db, request_id) == REASON
    assert last_audit(demo_db, "erasure_executed")["late_reason"] == REASON


def test_closing_on_the_due_date_asks_nothing_and_keeps_nothing(
    demo_db: Database, dpo: StaffMember
) -> None:
    # received 26 October: one month ends Thursday 26 November, today, the due date itself
    request_id = started(demo_db, dpo, "access", datetime(2026, 10, 26, 10, 0))
    detail = desk.request_detail(demo_db, dpo, request_id, today=TODAY)
    assert detail.lawful_due == TODAY and not detail.close_late
    _status("completed")(demo_db, dpo, request_id, "wordt niet bewaard")
    assert late_reason_of(demo_db, request_id) is None
    assert "late_reason" not in last_audit(demo_db, "request_status_changed")


def test_an_extension_with_its_notice_delivered_in_time_is_not_late(
    demo_db: Database, dpo: StaffMember
) -> None:
    request_id = started(demo_db, dpo, "access", LATE_RECEIVED, email=None)
    # extended on 1 October, its notice posted the same day (no e-mail address): in time
    desk.change_status(
        demo_db,
        dpo,
        request_id,
        seen_status="in_progress",
        target="extended",
        reason="Gegevens in meerdere systemen.",
        now=datetime(2026, 10, 1, 12, 0),
    )
    (letter_id,) = demo_db.query(
        "SELECT id FROM letter WHERE request_id = ? AND kind = 'extension_notice'", [request_id]
    )[0]
    outcomes.record_letter_posted(demo_db, dpo, int(letter_id), now=datetime(2026, 10, 1, 13, 0))
    assert not desk.request_detail(demo_db, dpo, request_id, today=TODAY).close_late
    desk.change_status(
        demo_db, dpo, request_id, seen_status="extended", target="completed", now=NOW
    )
    assert late_reason_of(demo_db, request_id) is None


def test_an_extension_whose_notice_never_went_out_is_late_after_the_one_month_mark(
    demo_db: Database, dpo: StaffMember
) -> None:
    request_id = started(demo_db, dpo, "access", LATE_RECEIVED)
    desk.change_status(
        demo_db,
        dpo,
        request_id,
        seen_status="in_progress",
        target="extended",
        reason="Gegevens in meerdere systemen.",
        now=datetime(2026, 10, 1, 12, 0),
    )
    detail = desk.request_detail(demo_db, dpo, request_id, today=TODAY)
    assert detail.lawful_due == LATE_DUE and detail.close_late
    with pytest.raises(LateReasonRequired):
        desk.change_status(
            demo_db, dpo, request_id, seen_status="extended", target="completed", now=NOW
        )


def test_the_demo_gives_every_late_closed_request_a_reason_and_no_other(
    demo_db: Database, dpo: StaffMember
) -> None:
    found = archive_service.closed_requests(
        demo_db, dpo, closed_from=date(2020, 1, 1), closed_to=TODAY
    )
    late = found[~found["on_time"].astype(bool)]
    assert len(late) > 0
    assert late["late_reason"].notna().all()
    assert found.loc[found["on_time"].astype(bool), "late_reason"].isna().all()
