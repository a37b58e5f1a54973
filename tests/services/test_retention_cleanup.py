"""O6: cleaning up records whose term ended without an extension, in batches, holds respected."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from datetime import datetime
from pathlib import Path

import pytest

from konnektus.db import anchor, audit
from konnektus.db.database import Database
from konnektus.demo.generate import generate_demo
from konnektus.domain.permissions import NotPermitted, Role
from konnektus.domain.retention import CLEANABLE
from konnektus.domain.staff import CLI
from konnektus.services.requests import AlreadyChanged
from konnektus.services.retention_cleanup import (
    CleanupChanged,
    clean_up_expired,
    cleanup_preview,
    report_csv,
)
from tests.conftest import DEMO_TODAY
from tests.helpers import demo_member, domain_retention_states, held_back_ids

NOW = datetime(2026, 11, 26, 10, 0)  # 11:00 in Amsterdam on DEMO_TODAY
ROOT = Path(__file__).resolve().parents[2]


def cleanable_ids(db: Database) -> set[int]:
    """Expired without an extension, and neither restricted nor with an open request."""
    ids = [int(i) for (i,) in db.query("SELECT id FROM person WHERE erased_at IS NULL ORDER BY id")]
    states = domain_retention_states(db, DEMO_TODAY, ids)
    expired = {i for i, state in zip(ids, states, strict=True) if state in CLEANABLE}
    return expired - held_back_ids(db, DEMO_TODAY)


def test_the_preview_counts_exactly_the_people_the_domain_rule_calls_cleanable(
    demo_db: Database,
) -> None:
    preview = cleanup_preview(demo_db, demo_member(demo_db, Role.DPO), today=DEMO_TODAY)
    expected = cleanable_ids(demo_db)
    assert preview.people == len(expected) > 0
    assert set(preview.by_state) <= {s.value for s in CLEANABLE}
    items = demo_db.query(
        "SELECT count(*) FROM personal_data_item WHERE list_contains(?, person_id)",
        [sorted(expected)],
    )[0][0]
    assert preview.items == items
    assert 0 < preview.items_held < preview.items


def test_a_clean_up_erases_every_expired_record_and_nobody_else(demo_db: Database) -> None:
    dpo = demo_member(demo_db, Role.DPO)
    targets = cleanable_ids(demo_db)
    others = demo_db.query(
        "SELECT * FROM person WHERE erased_at IS NULL AND NOT list_contains(?, id) ORDER BY id",
        [sorted(targets)],
    )
    progress: list[tuple[int, int]] = []
    report = clean_up_expired(
        demo_db, dpo, now=NOW, batch_size=100, progress=lambda d, t: progress.append((d, t))
    )
    assert report.people == len(targets)
    assert report.batches == -(-len(targets) // 100)
    assert progress[-1] == (len(targets), len(targets))
    # everyone cleaned up is erased, the others are exactly as they were
    assert demo_db.query(
        "SELECT count(*) FROM person WHERE erased_at IS NULL AND list_contains(?, id)",
        [sorted(targets)],
    ) == [(0,)]
    assert (
        demo_db.query(
            "SELECT * FROM person WHERE erased_at IS NULL AND NOT list_contains(?, id) ORDER BY id",
            [sorted(targets)],
        )
        == others
    )
    # one certificate each, naming the person only by reference
    certificates = demo_db.query(
        "SELECT l.person_id, l.body, p.reference FROM letter l JOIN person p ON p.id = l.person_id"
        " WHERE l.kind = 'erasure_certificate' AND list_contains(?, l.person_id)",
        [sorted(targets)],
    )
    assert sorted(pid for pid, *_ in certificates) == sorted(targets)
    assert all(reference in body for _, body, reference in certificates)
    assert {c.certificate_id for c in report.cleaned} == {
        int(i)
        for (i,) in demo_db.query(
            "SELECT id FROM letter WHERE kind = 'erasure_certificate'"
            " AND list_contains(?, person_id)",
            [sorted(targets)],
        )
    }


def test_held_payroll_data_stays_after_a_clean_up_and_the_certificate_says_until_when(
    demo_db: Database,
) -> None:
    targets = cleanable_ids(demo_db)
    held = demo_db.query(
        "SELECT DISTINCT i.person_id FROM personal_data_item i JOIN legal_hold h"
        " ON h.person_id = i.person_id AND h.category = 'payroll_records' AND h.until >= ?"
        " WHERE i.category = 'bsn' AND list_contains(?, i.person_id) ORDER BY 1 LIMIT 1",
        [DEMO_TODAY, sorted(targets)],
    )
    assert held, "the demo holds a former employee with a running payroll hold to clean up"
    person_id = held[0][0]
    clean_up_expired(demo_db, demo_member(demo_db, Role.DPO), now=NOW)
    kept = demo_db.query(
        "SELECT category, held_until FROM personal_data_item WHERE person_id = ? ORDER BY 1",
        [person_id],
    )
    assert kept and all(until is not None for _, until in kept)
    assert "bsn" in {category for category, _ in kept}
    body = demo_db.query(
        "SELECT body FROM letter WHERE person_id = ? AND kind = 'erasure_certificate'",
        [person_id],
    )[0][0]
    until = max(until for _, until in kept)
    assert until.strftime("%d-%m-%Y") in body
    assert "BSN" in body and "bsn" not in body.replace("BSN", "")


def test_a_second_clean_up_finds_nobody_and_says_who_did_it(demo_db: Database) -> None:
    dpo = demo_member(demo_db, Role.DPO)
    seen = cleanup_preview(demo_db, dpo, today=DEMO_TODAY).people
    clean_up_expired(demo_db, dpo, now=NOW, seen_people=seen)
    with pytest.raises(AlreadyChanged) as refused:
        clean_up_expired(demo_db, dpo, now=NOW, seen_people=seen)
    assert refused.value.by == dpo.name


def what_a_clean_up_changes(db: Database) -> tuple[object, ...]:
    return tuple(
        db.query(sql)[0]
        for sql in (
            "SELECT count(*), count(erased_at) FROM person",
            "SELECT count(*) FROM personal_data_item",
            "SELECT count(*) FROM letter",
            "SELECT count(*) FROM audit_entry",
        )
    )


@pytest.mark.parametrize("off_by", [-1, -10_000])
def test_a_clean_up_confirmed_for_fewer_people_than_it_would_erase_is_refused_and_erases_nobody(
    demo_db: Database, off_by: int
) -> None:
    dpo = demo_member(demo_db, Role.DPO)
    shown = cleanup_preview(demo_db, dpo, today=DEMO_TODAY).people
    before = what_a_clean_up_changes(demo_db)
    with pytest.raises(CleanupChanged) as refused:
        clean_up_expired(demo_db, dpo, now=NOW, seen_people=shown + off_by)
    assert refused.value.key == "retention_cleanup.changed"
    assert (refused.value.seen, refused.value.found) == (shown + off_by, shown)
    assert what_a_clean_up_changes(demo_db) == before


def test_only_the_dpo_and_the_command_line_may_clean_up(demo_db: Database) -> None:
    for role in (Role.RECRUITER, Role.BACKOFFICE, Role.MANAGEMENT):
        with pytest.raises(NotPermitted):
            clean_up_expired(demo_db, demo_member(demo_db, role), now=NOW)
        with pytest.raises(NotPermitted):
            cleanup_preview(demo_db, demo_member(demo_db, role), today=DEMO_TODAY)
    assert clean_up_expired(demo_db, CLI, now=NOW).people > 0


def test_the_report_has_a_dutch_row_per_person(demo_db: Database) -> None:
    report = clean_up_expired(demo_db, demo_member(demo_db, Role.DPO), now=NOW)
    lines = report_csv(report, "nl").splitlines()
    assert lines[0].startswith("Kenmerk;Stand bewaartermijn;Bewaartermijn tot")
    assert len(lines) == report.people + 1
    assert all(line.startswith("K") for line in lines[1:])


WORKER = textwrap.dedent(
    """
    import sys, time
    from datetime import datetime
    from pathlib import Path
    from konnektus.db.database import Database
    from konnektus.domain.staff import CLI
    from konnektus.services.retention_cleanup import clean_up_expired

    def progress(done, total):
        print(done, flush=True)
        time.sleep(0.3)  # time for the test to kill us between two batches, or inside one

    db = Database.open(Path(sys.argv[1]))
    clean_up_expired(db, CLI, now=datetime(2026, 11, 26, 10), batch_size=150, progress=progress)
    """
)


def test_a_clean_up_killed_midway_leaves_every_person_fully_done_or_untouched(
    tmp_path: Path,
) -> None:
    path = tmp_path / "thousands.duckdb"
    db = Database.open(path)
    generate_demo(db, candidates=8000, seed=9, today=DEMO_TODAY)
    targets = cleanable_ids(db)
    items_before = dict(
        db.query(
            "SELECT person_id, count(*) FROM personal_data_item WHERE list_contains(?, person_id)"
            " GROUP BY 1",
            [sorted(targets)],
        )
    )
    db.close()
    worker = subprocess.Popen(
        [sys.executable, "-c", WORKER, str(path)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert worker.stdout is not None
    assert int(worker.stdout.readline()) == 150  # the first batch is committed
    worker.stdout.readline()  # and the second
    os.kill(worker.pid, signal.SIGKILL)
    worker.wait(timeout=30)

    db = Database.open(path)
    done = {
        int(i)
        for (i,) in db.query(
            "SELECT id FROM person WHERE erased_at IS NOT NULL AND list_contains(?, id)",
            [sorted(targets)],
        )
    }
    assert 300 <= len(done) < len(targets)
    certified = {
        int(i)
        for (i,) in db.query(
            "SELECT person_id FROM letter WHERE kind = 'erasure_certificate'"
            " AND list_contains(?, person_id)",
            [sorted(targets)],
        )
    }
    assert certified == done  # every erased person has a certificate, nobody else does
    items_after = dict(
        db.query(
            "SELECT person_id, count(*) FROM personal_data_item"
            " WHERE list_contains(?, person_id) AND held_until IS NULL GROUP BY 1",
            [sorted(targets)],
        )
    )
    untouched = targets - done
    assert {p: items_after.get(p, 0) for p in untouched} == {
        p: items_before.get(p, 0) for p in untouched
    }
    assert not set(items_after) & done  # the erased keep held items only
    # and a new run carries on with whoever is left
    report = clean_up_expired(db, CLI, now=NOW)
    assert report.people == len(untouched)
    with db.cursor() as cur:  # nothing half-done in the audit log either (issue 13)
        assert audit.verify(cur, anchor.path_for(path)).intact
    db.close()
