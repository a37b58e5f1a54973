"""Cached service reads (konnektus/ui/versioned.py): fresh after any write, at midnight, and
never handed from one staff member to another."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest
import streamlit as st

from konnektus import clock
from konnektus.db import audit
from konnektus.db.database import Database
from konnektus.domain.deadlines import AMSTERDAM
from konnektus.domain.permissions import Role
from konnektus.domain.staff import StaffMember
from konnektus.services import requests as desk
from konnektus.services.access import NotPermitted
from konnektus.services.auth import demo_personas
from konnektus.ui.versioned import MAX_ENTRIES, data_version, per_version

calls: list[tuple[int, date]] = []


def _count_open(db: Database, member: StaffMember, *, status: str) -> int:
    """A read that records each time it really runs."""
    with db.cursor() as cur:
        row = cur.execute("SELECT count(*) FROM request WHERE status = ?", [status]).fetchone()
    calls.append((int(row[0]) if row else 0, clock.today_amsterdam()))
    return int(row[0]) if row else 0


cached_count = per_version(_count_open)


@pytest.fixture(autouse=True)
def fresh_cache() -> Iterator[None]:
    st.cache_data.clear()
    calls.clear()
    yield
    st.cache_data.clear()


def _members(db: Database) -> dict[Role, StaffMember]:
    found: dict[Role, StaffMember] = {}
    for member in demo_personas(db):
        found.setdefault(member.role, member)
    return found


def _audited_write(db: Database) -> None:
    with db.transaction() as cur:
        cur.execute(
            "UPDATE request SET status = 'received' WHERE id = (SELECT min(id) FROM request)"
        )
        audit.append(
            cur,
            at=datetime(2026, 11, 27, 9, 0),
            staff_id=None,
            role="system",
            action="request_status_changed",
            object_type="request",
            object_id=1,
            details={},
        )


def test_a_read_runs_once_until_a_write_leaves_an_audit_entry(demo_db: Database) -> None:
    dpo = _members(demo_db)[Role.DPO]
    first = cached_count(demo_db, dpo, status="received")
    again = cached_count(demo_db, dpo, status="received")
    assert again == first
    assert len(calls) == 1  # the second answer came from the cache

    before = data_version(demo_db)
    _audited_write(demo_db)
    assert data_version(demo_db) > before
    cached_count(demo_db, dpo, status="received")
    assert len(calls) == 2  # the write made it read again


def test_each_member_and_each_argument_gets_its_own_answer(demo_db: Database) -> None:
    members = _members(demo_db)
    cached_count(demo_db, members[Role.DPO], status="received")
    cached_count(demo_db, members[Role.RECRUITER], status="received")
    cached_count(demo_db, members[Role.DPO], status="closed")
    assert len(calls) == 3


def test_midnight_in_amsterdam_makes_it_read_again(demo_db: Database) -> None:
    dpo = _members(demo_db)[Role.DPO]
    evening = datetime(2026, 11, 27, 23, 59, tzinfo=AMSTERDAM)
    with clock.use_clock(clock.ShiftedClock.starting_at(evening)):
        cached_count(demo_db, dpo, status="received")
        cached_count(demo_db, dpo, status="received")
    night = datetime(2026, 11, 28, 0, 1, tzinfo=AMSTERDAM)
    with clock.use_clock(clock.ShiftedClock.starting_at(night)):
        cached_count(demo_db, dpo, status="received")
    assert [day for _, day in calls] == [date(2026, 11, 27), date(2026, 11, 28)]


def test_a_refused_member_is_refused_on_every_call(demo_db: Database) -> None:
    """The service's own permission check runs on a miss, and a refusal is never cached."""
    queue = per_version(desk.request_queue)
    recruiter = _members(demo_db)[Role.RECRUITER]
    for _ in range(2):
        with pytest.raises(NotPermitted):
            queue(demo_db, recruiter, today=date(2026, 11, 27))


def test_the_open_queue_is_the_same_cached_or_not(demo_path: Path) -> None:
    db = Database.open(demo_path)
    try:
        dpo = _members(db)[Role.DPO]
        today = date(2026, 11, 27)
        direct = desk.request_queue(db, dpo, today=today)
        cached = per_version(desk.request_queue)(db, dpo, today=today)
        assert len(direct) > 0
        assert direct.equals(cached)
    finally:
        db.close()


def _count_any(db: Database, member: StaffMember, *, status: str) -> int:
    calls.append((-1, clock.today_amsterdam()))
    return len(status)


def test_each_read_keeps_its_own_answers(demo_db: Database) -> None:
    """A busy read (many filters) does not push another read's answers out of the cache."""
    dpo = _members(demo_db)[Role.DPO]
    cached_count(demo_db, dpo, status="received")
    busy = per_version(_count_any)
    for n in range(MAX_ENTRIES + 4):
        busy(demo_db, dpo, status=f"filter {n}")
    runs = len(calls)
    cached_count(demo_db, dpo, status="received")
    assert len(calls) == runs  # still cached
    busy(demo_db, dpo, status="filter 0")  # the busy read's oldest answer made way
    assert len(calls) == runs + 1
