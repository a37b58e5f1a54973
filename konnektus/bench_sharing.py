"""`python -m konnektus.bench_sharing --db FILE`: time what the sharing page asks of the
database at millions of disclosures, and notifying ten thousand people, on a copy of FILE.

The copy is grown to the wanted number of disclosures by repeating the existing ones a day
apart, so the figures hold for a register of that size. Enough disclosures are then marked
unnotified to cover `notify` people, and one notice run covers them all (it runs once).
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from konnektus.clock import today_amsterdam
from konnektus.db import sharing_notify as notice_rows
from konnektus.db.database import Database
from konnektus.domain.permissions import Role
from konnektus.domain.staff import StaffMember
from konnektus.services import sharing, sharing_notify
from konnektus.services import sharing_register as recipients


@dataclass(frozen=True)
class SharingBenchResult:
    disclosures: int
    summary_ms: float  # per recipient, the headline and the compliance chart
    summary_by_category_ms: float
    monthly_ms: float  # the chart per kind of recipient per month
    drill_ms: float  # one page of one recipient's disclosures
    page_ms: float  # everything one run of the page reads (per-recipient view)
    notified_people: int
    notified_disclosures: int
    notify_s: float


def _median_ms(call: Callable[[], object], repeats: int) -> float:
    timings = []
    for _ in range(repeats):
        started = time.perf_counter()
        call()
        timings.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(timings), 1)


def _bench_actor(db: Database) -> StaffMember:
    row = db.query("SELECT id, email, name FROM staff WHERE role = 'dpo' AND active LIMIT 1")
    if not row:
        raise SystemExit("The database has no active DPO to run the benchmark as.")
    return StaffMember(int(row[0][0]), str(row[0][1]), str(row[0][2]), Role.DPO, True)


def bench_sharing(
    source: Path, *, disclosures: int, notify: int, today: date, now: datetime, repeats: int = 5
) -> SharingBenchResult:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.duckdb"
        shutil.copy(source, path)
        db = Database.open(path)
        try:
            with db.transaction() as cur:
                total = notice_rows.grow_disclosures(cur, disclosures)
            actor = _bench_actor(db)
            first, last = today - timedelta(days=365), today

            def page() -> None:
                recipients.recipient_register(db, actor, today=today)
                summary = sharing.sharing_summary(
                    db, actor, grouping="recipient", first_day=first, last_day=last, today=today
                )
                sharing.disclosures_per_month(db, actor, first_day=first, last_day=last)
                busiest = int(summary["recipient_id"].iloc[0])
                sharing.recipient_disclosures(db, actor, busiest, first_day=first, last_day=last)
                sharing_notify.notice_preview(
                    db, actor, recipient_id=busiest, first_day=first, last_day=last, today=today
                )

            figures = {
                "summary_ms": _median_ms(
                    lambda: sharing.sharing_summary(
                        db, actor, grouping="recipient", first_day=first, last_day=last, today=today
                    ),
                    repeats,
                ),
                "summary_by_category_ms": _median_ms(
                    lambda: sharing.sharing_summary(
                        db, actor, grouping="category", first_day=first, last_day=last, today=today
                    ),
                    repeats,
                ),
                "monthly_ms": _median_ms(
                    lambda: sharing.disclosures_per_month(
                        db, actor, first_day=first, last_day=last
                    ),
                    repeats,
                ),
                "drill_ms": _median_ms(
                    lambda: sharing.recipient_disclosures(
                        db, actor, 1, first_day=first, last_day=last
                    ),
                    repeats,
                ),
                "page_ms": _median_ms(page, repeats),
            }
            with db.transaction() as cur:
                notice_rows.unnotify_people(cur, notify)
            origin = date(1900, 1, 1)
            preview = sharing_notify.notice_preview(
                db, actor, first_day=origin, last_day=today, today=today
            )
            started = time.perf_counter()
            run = sharing_notify.notify_people(
                db,
                actor,
                seen_disclosures=preview.disclosures,
                now=now,
                first_day=origin,
                last_day=today,
            )
            notify_s = round(time.perf_counter() - started, 2)
        finally:
            db.close()
    return SharingBenchResult(
        disclosures=total,
        notified_people=run.letters,
        notified_disclosures=run.disclosures,
        notify_s=notify_s,
        **figures,
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--db", type=Path, required=True, help="a database file (not changed)")
    parser.add_argument("--disclosures", type=int, default=5_000_000)
    parser.add_argument("--notify", type=int, default=10_000, help="people to notify")
    parser.add_argument("--today", type=date.fromisoformat, default=today_amsterdam())
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)
    now = datetime.combine(args.today, datetime.min.time()) + timedelta(hours=9)
    result = bench_sharing(
        args.db, disclosures=args.disclosures, notify=args.notify, today=args.today, now=now
    )
    for name, value in asdict(result).items():
        print(f"{name:>24}: {value}")
    if args.json:
        args.json.write_text(json.dumps(asdict(result), indent=1))


if __name__ == "__main__":
    main()
