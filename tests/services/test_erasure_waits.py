"""Nobody restricted, and nobody with an open request, is erased: not by the clean-up, not by
the daily run (service, scheduler, command), not by the O1 removal, and an erasure request waits
for the person's other open requests. Once that ends, the next run takes them. On a real demo
database; the restriction and the requests are made through the request desk."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from konnektus.clock import FixedClock, use_clock
from konnektus.db.database import Database
from konnektus.domain.deadlines import AMSTERDAM
from konnektus.domain.erasure_block import BlockReason, ErasureBlock
from konnektus.domain.permissions import Role
from konnektus.domain.staff import CLI, StaffMember
from konnektus.jobs.registry import RETENTION_JOB, default_jobs
from konnektus.jobs.scheduler import Scheduler
from konnektus.services import minimisation
from konnektus.services.erasure import erasure_preview, execute_erasure
from konnektus.services.request_outcomes import lift_restriction, restrict_processing
from konnektus.services.requests import RequestError, change_status, log_request
from konnektus.services.retention_cleanup import clean_up_expired, cleanup_preview
from konnektus.services.retention_run import retention_run, set_auto_cleanup
from tests.conftest import DEMO_TODAY
from tests.helpers import demo_member, fingerprint, held_back_ids, retention_states_by_id
from tests.services.test_minimisation import _item, _person

NOW = datetime(2026, 11, 26, 10, 0)  # naive UTC: 11:00 in Amsterdam on DEMO_TODAY
ROOT = Path(__file__).resolve().parents[2]
COMMAND = (sys.executable, "-m", "konnektus")


def dpo(db: Database) -> StaffMember:
    return demo_member(db, Role.DPO)


def expired(db: Database) -> set[int]:
    states = retention_states_by_id(db, DEMO_TODAY)
    return {i for i, s in states.items() if s in {"no_answer", "declined", "expired"}}


def new_request(db: Database, person_id: int, kind: str) -> int:
    return log_request(
        db,
        dpo(db),
        request_type=kind,
        channel="email",
        received_at=datetime(2026, 11, 26, 9, 0),  # Amsterdam, this morning
        requester_name="Test Persoon",
        requester_email=None,
        free_text=None,
        person_id=person_id,
        now=NOW,
    )


def restrict(db: Database, person_id: int) -> int:
    """Art. 18(1)(c): the data is needed for a court case; granted through the desk."""
    request_id = new_request(db, person_id, "restriction")
    change_status(db, dpo(db), request_id, seen_status="received", target="in_progress", now=NOW)
    restrict_processing(
        db,
        dpo(db),
        request_id,
        seen_status="in_progress",
        disputed_field=None,
        reason="nodig voor een rechtszaak",
        now=NOW,
    )
    return request_id


def withdraw(db: Database, request_id: int, seen: str = "received") -> None:
    change_status(db, dpo(db), request_id, seen_status=seen, target="withdrawn", now=NOW)


def alive(db: Database, person_ids: list[int]) -> set[int]:
    rows = db.query(
        "SELECT id FROM person WHERE erased_at IS NULL AND list_contains(?, id)", [person_ids]
    )
    return {int(i) for (i,) in rows}


def items_of(db: Database, person_id: int) -> list[tuple[object, ...]]:
    return db.query("SELECT * FROM personal_data_item WHERE person_id = ? ORDER BY id", [person_id])


@pytest.fixture
def waiting(demo_db: Database) -> tuple[int, int, int, int]:
    """Two expired people without anything on file: one restricted, one who asked for access.
    Returns (restricted person, restriction request, asking person, access request)."""
    free = sorted(expired(demo_db) - held_back_ids(demo_db, DEMO_TODAY))
    restricted, asking = free[0], free[1]
    return restricted, restrict(demo_db, restricted), asking, new_request(demo_db, asking, "access")


def test_the_clean_up_erases_everyone_expired_but_the_restricted_and_those_with_a_request(
    demo_db: Database, waiting: tuple[int, int, int, int]
) -> None:
    restricted, restriction, asking, access = waiting
    held = expired(demo_db) & held_back_ids(demo_db, DEMO_TODAY)
    assert {restricted, asking} < held  # and the demo's own open requests of expired people
    kept = {p: items_of(demo_db, p) for p in (restricted, asking)}

    preview = cleanup_preview(demo_db, dpo(demo_db), today=DEMO_TODAY)
    assert preview.people == len(expired(demo_db)) - len(held)
    shown = {h.person_id: h.block for h in preview.held_back}
    assert set(shown) == held
    assert shown[restricted] == ErasureBlock(BlockReason.RESTRICTION, restriction)
    assert shown[asking] == ErasureBlock(BlockReason.OPEN_REQUEST, access)

    report = clean_up_expired(demo_db, dpo(demo_db), now=NOW, batch_size=100)
    assert report.people == preview.people
    assert expired(demo_db) == held  # the others are erased, these are not
    assert {p: items_of(demo_db, p) for p in (restricted, asking)} == kept
    assert {h.person_id for h in report.held_back} == held

    # the restriction lifted and the request closed: the next run takes them
    lift_restriction(demo_db, dpo(demo_db), restricted, reason="zaak afgerond", now=NOW)
    withdraw(demo_db, access)
    again = clean_up_expired(demo_db, dpo(demo_db), now=NOW)
    assert again.people == 2
    assert alive(demo_db, [restricted, asking]) == set()


def test_a_request_logged_after_the_preview_still_holds_its_person_back(
    demo_db: Database, waiting: tuple[int, int, int, int]
) -> None:
    preview = cleanup_preview(demo_db, dpo(demo_db), today=DEMO_TODAY)
    late = sorted(expired(demo_db) - held_back_ids(demo_db, DEMO_TODAY))[-1]
    new_request(demo_db, late, "rectification")
    report = clean_up_expired(demo_db, dpo(demo_db), now=NOW, seen_people=preview.people)
    assert report.people == preview.people - 1
    assert alive(demo_db, [late]) == {late}


def test_the_daily_run_by_the_scheduler_holds_them_back_and_takes_them_once_it_ended(
    demo_db: Database, waiting: tuple[int, int, int, int]
) -> None:
    restricted, _, asking, access = waiting
    set_auto_cleanup(demo_db, dpo(demo_db), True, now=NOW)
    scheduler = Scheduler(demo_db, default_jobs())
    with use_clock(FixedClock(datetime(2026, 11, 27, 2, 30, tzinfo=AMSTERDAM))):
        assert RETENTION_JOB in scheduler.run_due()
    assert alive(demo_db, [restricted, asking]) == {restricted, asking}
    assert expired(demo_db) <= held_back_ids(demo_db, DEMO_TODAY)
    lift_restriction(demo_db, dpo(demo_db), restricted, reason="zaak afgerond", now=NOW)
    withdraw(demo_db, access)
    with use_clock(FixedClock(datetime(2026, 11, 28, 2, 30, tzinfo=AMSTERDAM))):
        assert RETENTION_JOB in scheduler.run_due()
    assert alive(demo_db, [restricted, asking]) == set()


def test_a_dry_run_counts_those_held_back_apart(
    demo_db: Database, waiting: tuple[int, int, int, int]
) -> None:
    held = expired(demo_db) & held_back_ids(demo_db, DEMO_TODAY)
    report = retention_run(demo_db, CLI, now=NOW, dry_run=True, erase_expired=True)
    assert report.held_back == len(held)
    assert report.cleaned_up == len(expired(demo_db)) - len(held)


def test_the_command_with_erase_expired_holds_them_back_too(demo_path: Path) -> None:
    db = Database.open(demo_path)
    free = sorted(expired(db) - held_back_ids(db, DEMO_TODAY))
    restricted, asking = free[0], free[1]
    restrict(db, restricted)
    new_request(db, asking, "access")
    db.close()
    done = subprocess.run(
        [*COMMAND, "retention", "run", "--db", str(demo_path), "--erase-expired"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    db = Database.open(demo_path, read_only=True)
    assert alive(db, [restricted, asking]) == {restricted, asking}
    assert expired(db) <= held_back_ids(db, DEMO_TODAY)
    db.close()
    assert "held back (restricted, or with an open request)" in done.stdout


def test_an_erasure_request_waits_for_a_restriction_and_writes_nothing(
    demo_db: Database,
) -> None:
    person = sorted(expired(demo_db) - held_back_ids(demo_db, DEMO_TODAY))[0]
    restriction = restrict(demo_db, person)
    erasure = new_request(demo_db, person, "erasure")
    change_status(
        demo_db, dpo(demo_db), erasure, seen_status="received", target="in_progress", now=NOW
    )
    preview = erasure_preview(demo_db, dpo(demo_db), erasure, today=DEMO_TODAY)
    assert preview.block == ErasureBlock(BlockReason.RESTRICTION, restriction)
    reference = preview.reference
    before = fingerprint(demo_db)
    with pytest.raises(RequestError) as refused:
        execute_erasure(
            demo_db,
            dpo(demo_db),
            erasure,
            seen_status="in_progress",
            typed_reference=reference,
            now=NOW,
        )
    assert (refused.value.code, refused.value.params) == (
        "erasure_restricted",
        {"request": restriction},
    )
    assert fingerprint(demo_db) == before
    lift_restriction(demo_db, dpo(demo_db), person, reason="zaak afgerond", now=NOW)
    execute_erasure(
        demo_db,
        dpo(demo_db),
        erasure,
        seen_status="in_progress",
        typed_reference=reference,
        now=NOW,
    )
    assert alive(demo_db, [person]) == set()


def test_an_erasure_request_waits_for_the_persons_other_open_request_not_for_itself(
    demo_db: Database,
) -> None:
    person = sorted(expired(demo_db) - held_back_ids(demo_db, DEMO_TODAY))[0]
    erasure = new_request(demo_db, person, "erasure")
    change_status(
        demo_db, dpo(demo_db), erasure, seen_status="received", target="in_progress", now=NOW
    )
    assert erasure_preview(demo_db, dpo(demo_db), erasure, today=DEMO_TODAY).block is None
    access = new_request(demo_db, person, "access")
    preview = erasure_preview(demo_db, dpo(demo_db), erasure, today=DEMO_TODAY)
    assert preview.block == ErasureBlock(BlockReason.OPEN_REQUEST, access)
    before = fingerprint(demo_db)
    with pytest.raises(RequestError) as refused:
        execute_erasure(
            demo_db,
            dpo(demo_db),
            erasure,
            seen_status="in_progress",
            typed_reference=preview.reference,
            now=NOW,
        )
    assert (refused.value.code, refused.value.params) == (
        "erasure_other_request",
        {"request": access},
    )
    assert fingerprint(demo_db) == before
    withdraw(demo_db, access)
    execute_erasure(
        demo_db,
        dpo(demo_db),
        erasure,
        seen_status="in_progress",
        typed_reference=preview.reference,
        now=NOW,
    )
    assert alive(demo_db, [person]) == set()


@pytest.fixture
def excess_waiting(demo_db: Database) -> tuple[int, int, int, int, int]:
    """Three applicants with excess data: one restricted, one with an open request, one free.
    Returns (restricted, restriction request, asking, access request, free)."""
    people = []
    for number in (1, 2, 3):
        person = _person(demo_db, f"T000009{number}", "applicant")
        _item(demo_db, person, "bsn")
        _item(demo_db, person, "medical")
        people.append(person)
    restricted, asking, free = people
    restriction = restrict(demo_db, restricted)
    return restricted, restriction, asking, new_request(demo_db, asking, "access"), free


def test_the_o1_removal_leaves_the_restricted_and_those_with_a_request_and_lists_why(
    demo_db: Database, excess_waiting: tuple[int, int, int, int, int]
) -> None:
    restricted, restriction, asking, access, free = excess_waiting
    listing = minimisation.excess_data_people(
        demo_db, dpo(demo_db), today=DEMO_TODAY, page_size=10_000
    )
    rows = listing.rows.set_index("person_id")
    assert (rows.loc[restricted, "held_reason"], rows.loc[restricted, "held_request"]) == (
        "restriction",
        restriction,
    )
    assert (rows.loc[asking, "held_reason"], rows.loc[asking, "held_request"]) == (
        "open_request",
        access,
    )
    assert rows.loc[free, "held_reason"] is None
    assert listing.held_people == 2

    preview = minimisation.removal_preview(demo_db, dpo(demo_db), None, today=DEMO_TODAY)
    assert set(preview.held) == {restricted, asking}
    assert free in preview.person_ids and not {restricted, asking} & set(preview.person_ids)
    kept = {p: items_of(demo_db, p) for p in (restricted, asking)}
    minimisation.remove_all_excess_items(
        demo_db, dpo(demo_db), seen_people=preview.people, seen_items=preview.items, now=NOW
    )
    assert items_of(demo_db, free) == []
    assert {p: items_of(demo_db, p) for p in (restricted, asking)} == kept

    # choosing only them is refused with its code, and nothing changes
    before = fingerprint(demo_db)
    with pytest.raises(minimisation.AllHeldBack) as refused:
        minimisation.remove_excess_items(
            demo_db, dpo(demo_db), [restricted, asking], seen_items=4, now=NOW
        )
    assert (refused.value.code, refused.value.params) == ("all_held_back", {"count": 2})
    assert fingerprint(demo_db) == before

    # once the restriction is lifted and the request closed, they are removable
    lift_restriction(demo_db, dpo(demo_db), restricted, reason="zaak afgerond", now=NOW)
    withdraw(demo_db, access)
    again = minimisation.removal_preview(
        demo_db, dpo(demo_db), [restricted, asking], today=DEMO_TODAY
    )
    assert (set(again.person_ids), again.held) == ({restricted, asking}, {})
    minimisation.remove_excess_items(
        demo_db, dpo(demo_db), [restricted, asking], seen_items=again.items, now=NOW
    )
    assert items_of(demo_db, restricted) == items_of(demo_db, asking) == []
