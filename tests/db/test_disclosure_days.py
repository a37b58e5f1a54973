"""The per-day sums of the disclosure log stay equal to the log under every kind of write."""

from __future__ import annotations

from datetime import date

from konnektus.db import disclosure_days, sharing_notify
from konnektus.db.database import Database


def test_the_demo_comes_with_its_sums(demo_db: Database) -> None:
    with demo_db.cursor() as cur:
        assert disclosure_days.stale_rows(cur) == 0
    total = demo_db.query("SELECT sum(disclosures) FROM disclosure_day")[0][0]
    assert total == demo_db.query("SELECT count(*) FROM disclosure")[0][0] > 0


def test_a_raw_change_without_refresh_is_noticed_and_refresh_mends_it(demo_db: Database) -> None:
    target = demo_db.query("SELECT min(id) FROM disclosure WHERE notified_on IS NULL")[0][0]
    with demo_db.transaction() as cur:
        cur.execute("UPDATE disclosure SET notified_on = DATE '2026-11-26' WHERE id = ?", [target])
        assert disclosure_days.stale_rows(cur) > 0  # the check can fail
        disclosure_days.refresh(cur, [target])
        assert disclosure_days.stale_rows(cur) == 0


def test_a_disclosure_late_in_the_evening_counts_on_its_amsterdam_day(
    demo_db: Database,
) -> None:
    # 22:30 UTC on 30 June is 00:30 on 1 July in Amsterdam (summer time)
    with demo_db.transaction() as cur:
        added = cur.execute(
            "INSERT INTO disclosure (person_id, recipient_id, data_categories, purpose,"
            " legal_basis, disclosed_at) VALUES (1, 1, ['cv'], 'test', 'contract',"
            " TIMESTAMP '2026-06-30 22:30') RETURNING id"
        ).fetchall()
        disclosure_days.refresh(cur, [int(added[0][0])])
    days = demo_db.query(
        "SELECT day FROM disclosure_day WHERE recipient_id = 1"
        " AND last_at = TIMESTAMP '2026-06-30 22:30'"
    )
    assert days == [(date(2026, 7, 1),)]


def test_growing_the_log_for_a_benchmark_sums_it_again(demo_db: Database) -> None:
    before = demo_db.query("SELECT count(*) FROM disclosure")[0][0]
    with demo_db.transaction() as cur:
        sharing_notify.grow_disclosures(cur, before * 2)
        assert disclosure_days.stale_rows(cur) == 0
