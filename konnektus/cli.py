"""`python -m konnektus ...`: create the database, fill it with demo data, manage staff,
verify the audit chain. Errors end in one plain sentence and a non-zero exit, no traceback."""

from __future__ import annotations

import dataclasses
import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from datetime import time as dt_time
from pathlib import Path
from typing import Never

import click
import duckdb
from tqdm import tqdm

from konnektus import clock, management_settings
from konnektus.bench import RANDOM_QUERIES, bench_search
from konnektus.bench_browser import bench_browser
from konnektus.bench_browser import report_line as report_browser_line
from konnektus.bench_cleanup import bench_cleanup
from konnektus.bench_import import bench_import
from konnektus.bench_management import bench_management
from konnektus.bench_pages import bench_pages, report_line
from konnektus.bench_retention import bench_retention
from konnektus.bench_sharing import bench_sharing
from konnektus.cli_settings import settings_group, statement_command
from konnektus.clock import now_utc, today_amsterdam
from konnektus.db import anchor, contents
from konnektus.db.database import Database, configured_path
from konnektus.db.errors import DatabaseError
from konnektus.demo.generate import DemoRefused, generate_demo
from konnektus.demo.requests import PLANTED
from konnektus.domain.input_limits import InputRefused
from konnektus.domain.permissions import Role
from konnektus.domain.promises import parse_month
from konnektus.domain.staff import CLI
from konnektus.i18n import error_text
from konnektus.jobs.registry import RETENTION_JOB, take_daily_snapshot
from konnektus.jobs.scheduler import record_run
from konnektus.services.audit_log import audit_head, head_on_chain, verify_chain
from konnektus.services.board_report import build_board_report
from konnektus.services.import_read import UploadedFile
from konnektus.services.import_report import problem_text, report_csv
from konnektus.services.importing import ImportRefused, check_files, import_checked, mark_real
from konnektus.services.maintenance import rebuild_database_file
from konnektus.services.outbox import SmtpLoginNeedsTls, deliver_pending, smtp_settings_from_env
from konnektus.services.retention_run import retention_run
from konnektus.services.staff import (
    StaffError,
    add_staff,
    change_role,
    deactivate_staff,
    list_staff,
    reactivate_staff,
    reset_sign_in,
)


@contextmanager
def opened(path: Path, *, read_only: bool = False) -> Iterator[Database]:
    """Open the database, turning every known failure into a plain message."""
    try:
        db = Database.open(path, read_only=read_only)
    except DatabaseError as error:
        raise click.ClickException(str(error)) from None
    try:
        yield db
    finally:
        db.close()


def _advance(bar: tqdm[Never], people: int) -> None:
    bar.update(people)


db_option = click.option(
    "--db",
    "db_path",
    type=click.Path(path_type=Path),
    default=None,
    help="Database file (default: $KONNEKTUS_DB or data/konnektus.duckdb).",
)


@click.group()
def main() -> None:
    """Konnektus privacy dashboard: command-line tools."""


@main.command()
@db_option
def init(db_path: Path | None) -> None:
    """Create the database (or bring its schema up to date)."""
    path = db_path or configured_path()
    with opened(path) as db:
        if mark_real(db, CLI, now=now_utc()):  # a database made here never takes demo data
            click.echo(f"{path} is a database for real records: demo data will be refused.")
        click.echo(f"Database ready: {path}")


def _left_empty(path: Path) -> bool:
    """A 0-byte regular file with no write-ahead log: it holds nothing to keep."""
    try:
        return path.is_file() and path.stat().st_size == 0 and not _wal(path).exists()
    except OSError:
        return False


def _wal(path: Path) -> Path:
    return path.with_name(path.name + ".wal")


def _remove_partial(path: Path) -> None:
    """The demo file this run created, with its log and anchor: nothing of it is worth keeping."""
    for leftover in (path, _wal(path), anchor.path_for(path)):
        leftover.unlink(missing_ok=True)


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    return (text.splitlines()[0] if text else type(error).__name__)[:200]


def _worth_keeping(path: Path) -> bool:
    """A file holds something: people, or it is marked as a real database. A file left by an
    interrupted first run (no people, not real) is filled again (issue 13)."""
    with opened(path, read_only=True) as db, db.cursor() as cur:
        return contents.holds_something(cur)


@main.command()
@db_option
@click.option("--candidates", type=click.IntRange(1, 5_000_000), default=20_000, show_default=True)
@click.option("--seed", type=int, default=2026, show_default=True)
@click.option(
    "--today",
    type=click.DateTime(["%Y-%m-%d"]),
    default=None,
    help="Generate as if today were this date (default: today in Amsterdam).",
)
@click.option("--if-missing", is_flag=True, help="Do nothing when the database file exists.")
@click.option(
    "--requests",
    type=click.IntRange(len(PLANTED), 10_000_000),
    default=None,
    help=f"Exactly this many requests (default: one per 200 people, at least {len(PLANTED)}).",
)
@click.option(
    "--disclosures",
    type=click.IntRange(0, 100_000_000),
    default=None,
    help="Exactly this many disclosures (default: what the careers make, ~1.2 per person).",
)
def demo(
    db_path: Path | None,
    candidates: int,
    seed: int,
    today: datetime | None,
    if_missing: bool,
    requests: int | None,
    disclosures: int | None,
) -> None:
    """Fill a new database with realistic Dutch demo data (same seed, same data)."""
    path = db_path or configured_path()
    if if_missing and _left_empty(path):  # a first run that died before writing a byte
        path.unlink()
    if if_missing and path.exists() and _worth_keeping(path):
        click.echo(f"{path} exists; keeping it (delete it to generate new demo data).")
        return
    day = today.date() if today else today_amsterdam()
    started = time.perf_counter()
    new_file = not path.exists()
    try:
        with opened(path) as db, tqdm(total=candidates, unit=" people", desc="Demo data") as bar:
            summary = generate_demo(
                db,
                candidates=candidates,
                seed=seed,
                today=day,
                progress=lambda n: _advance(bar, n),
                requests=requests,
                disclosures=disclosures,
            )
    except DemoRefused as error:
        raise click.ClickException(str(error)) from None
    except (OSError, duckdb.Error) as error:  # a full disk, most likely
        if new_file:
            _remove_partial(path)
        kept = "the partial file was removed" if new_file else "the file may be incomplete"
        raise click.ClickException(
            f"Demo data could not be written to {path} ({_first_line(error)}); {kept}."
            " Free some disk space and run the command again."
        ) from None
    except BaseException:  # interrupted: a half-made demo file would block the next `make run`
        if new_file:
            _remove_partial(path)
        raise
    click.echo(
        f"{path}: {summary.people:,} people, {summary.requests:,} requests, "
        f"{summary.disclosures:,} disclosures in {time.perf_counter() - started:.1f} s"
    )


SHOWN_PROBLEMS = 50  # on the terminal; --report writes every one


@main.command("import")
@db_option
@click.argument(
    "files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option("--dry-run", is_flag=True, help="Check and count what would change; write nothing.")
@click.option(
    "--report",
    "report_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write the check report (every problem) as CSV to this file.",
)
def import_command(
    db_path: Path | None, files: tuple[Path, ...], dry_run: bool, report_path: Path | None
) -> None:
    """Import the agency's records from CSV or .xlsx FILES (README "Importing"): everything
    is checked first, then written in one transaction, or nothing is."""
    uploads = [UploadedFile(file.name, file.read_bytes()) for file in files]
    now = now_utc()
    with opened(db_path or configured_path()) as db:
        try:
            checked = check_files(db, CLI, uploads, now=now)
        except ImportRefused as error:
            raise click.ClickException(error_text(error)) from None
        if report_path is not None:
            report_path.write_bytes(report_csv(checked.problems))
        if checked.problems:
            for problem in checked.problems[:SHOWN_PROBLEMS]:
                click.echo(problem_text(problem), err=True)
            hidden = len(checked.problems) - SHOWN_PROBLEMS
            if hidden > 0:
                click.echo(f"... and {hidden:,} more (--report FILE writes them all).", err=True)
            raise click.ClickException(
                error_text(ImportRefused("has_problems", count=len(checked.problems)))
            )
        total = sum(len(frame) for frame in checked.frames.values())
        with tqdm(total=total, unit=" rows", desc="Dry run" if dry_run else "Importing") as bar:
            try:
                summary = import_checked(
                    db,
                    CLI,
                    checked,
                    now=now,
                    dry_run=dry_run,
                    progress=lambda done, _total: _advance(bar, done - int(bar.n)),
                )
            except ImportRefused as error:
                raise click.ClickException(error_text(error)) from None
    for count in summary.counts:
        click.echo(
            f"{count.entity:12} {count.new:>8,} new {count.changed:>8,} changed "
            f"{count.unchanged:>8,} unchanged {count.skipped:>6,} skipped"
        )
    verb = "would add" if dry_run else "added"
    click.echo(
        f"{'Dry run, nothing written: ' if dry_run else ''}{verb} {summary.total('new'):,} rows, "
        f"changed {summary.total('changed'):,}; {summary.holds_added:,} new legal holds."
    )


@main.group()
def staff() -> None:
    """Who may sign in: add, list, deactivate, reactivate, role, reset-sign-in (audited)."""


@staff.command("add")
@db_option
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--role", required=True, type=click.Choice([r.value for r in Role]))
def staff_add(db_path: Path | None, email: str, name: str, role: str) -> None:
    """Add a staff member with a role."""
    with opened(db_path or configured_path()) as db:
        try:
            member = add_staff(db, CLI, email, name, role, now=now_utc())
        except (StaffError, InputRefused) as error:  # the refusal in Dutch, the team's language
            raise click.ClickException(error_text(error)) from None
    click.echo(f"Added {member.email} ({member.role.value}).")


@staff.command("list")
@db_option
def staff_list(db_path: Path | None) -> None:
    """List staff members and their roles."""
    with opened(db_path or configured_path(), read_only=True) as db:
        members = list_staff(db, CLI)
    for member in members:
        state = "active" if member.active else "deactivated"
        click.echo(f"{member.email:40} {member.role.value:11} {state:12} {member.name}")


@staff.command("deactivate")
@db_option
@click.option("--email", required=True)
def staff_deactivate(db_path: Path | None, email: str) -> None:
    """Deactivate a staff member: they are refused from their next click on."""
    with opened(db_path or configured_path()) as db:
        try:
            member = deactivate_staff(db, CLI, email, now=now_utc())
        except StaffError as error:  # the refusal in Dutch, the language of the team
            raise click.ClickException(error_text(error)) from None
    click.echo(f"Deactivated {member.email}.")


@staff.command("reactivate")
@db_option
@click.option("--email", required=True)
def staff_reactivate(db_path: Path | None, email: str) -> None:
    """Give a deactivated staff member access again."""
    with opened(db_path or configured_path()) as db:
        try:
            member = reactivate_staff(db, CLI, email, now=now_utc())
        except StaffError as error:
            raise click.ClickException(error_text(error)) from None
    click.echo(f"Reactivated {member.email} ({member.role.value}).")


@staff.command("role")
@db_option
@click.option("--email", required=True)
@click.option("--role", required=True, type=click.Choice([r.value for r in Role]))
def staff_role(db_path: Path | None, email: str, role: str) -> None:
    """Give a staff member another role (from their next click on)."""
    with opened(db_path or configured_path()) as db:
        try:
            member = change_role(db, CLI, email, role, now=now_utc())
        except StaffError as error:
            raise click.ClickException(error_text(error)) from None
    click.echo(f"{member.email} is now {member.role.value}.")


@staff.command("reset-sign-in")
@db_option
@click.option("--email", required=True)
def staff_reset_sign_in(db_path: Path | None, email: str) -> None:
    """Forget the single sign-on account a member is bound to (they got a new one): the next
    account that signs in with their verified address is bound instead."""
    with opened(db_path or configured_path()) as db:
        try:
            member = reset_sign_in(db, CLI, email, now=now_utc())
        except StaffError as error:
            raise click.ClickException(error_text(error)) from None
    click.echo(f"{member.email}: the next single sign-on account to sign in is bound.")


@main.group()
def maintenance() -> None:
    """Keeping the database file clean (also a daily job of the dashboard)."""


@maintenance.command("rebuild")
@db_option
@click.option("--always", is_flag=True, help="Rewrite even when nothing was erased since.")
def maintenance_rebuild(db_path: Path | None, always: bool) -> None:
    """Rewrite the database file so that no freed block keeps an erased value."""
    with opened(db_path or configured_path()) as db:
        report = rebuild_database_file(db, CLI, now=now_utc(), only_if_needed=not always)
    if not report.rebuilt:
        click.echo("Nothing was erased since the last rebuild; the file is left as it is.")
        return
    click.echo(f"Rewrote the file: {report.bytes_before:,} -> {report.bytes_after:,} bytes.")


@main.group("audit")
def audit_group() -> None:
    """The hash-chained audit log."""


@audit_group.command("anchor")
@db_option
@click.option("--print", "print_line", is_flag=True, required=True, help="Print the head.")
def audit_anchor(db_path: Path | None, print_line: bool) -> None:
    """One line with the chain's head (entries, last id, hash) to paste into a ticket or a log
    outside this machine; `audit verify --head` holds the chain to it later."""
    with opened(db_path or configured_path(), read_only=True) as db:
        head = audit_head(db, CLI)
    if head is None:
        raise click.ClickException("The audit log is empty: there is no head to print.")
    click.echo(
        f"konnektus-audit-head {head[0]} {head[1]} {now_utc().isoformat(timespec='seconds')}Z"
    )


@audit_group.command("verify")
@db_option
@click.option(
    "--head",
    "kept_head",
    default=None,
    help="A head kept elsewhere, 'ID HASH' (from `audit anchor --print` or the board report):"
    " it must still be on the chain.",
)
def audit_verify(db_path: Path | None, kept_head: str | None) -> None:
    """Recompute the chain; name the first entry that does not check out (exit 1)."""
    expected = _parse_head(kept_head) if kept_head else None
    with opened(db_path or configured_path(), read_only=True) as db:
        report = verify_chain(db, CLI)
        kept_ok = expected is None or head_on_chain(db, CLI, *expected)
    if report.intact and not kept_ok:
        assert expected is not None
        click.echo(
            f"Audit log BROKEN (kept_head): entry {expected[0]} no longer has the hash kept"
            " elsewhere: the chain was cut or rewritten since.",
            err=True,
        )
        raise SystemExit(1)
    if report.intact:
        anchored = "every anchored head found" if report.anchored else "NO anchor file"
        click.echo(
            f"Audit log intact: {report.entries:,} entries verified ({anchored}; key: "
            f"{report.key_source})."
        )
        return
    what = {
        "rewritten": "was changed, or its hash recomputed without the key",
        "gap": "is missing: an entry was deleted from the middle",
        "cut_tail": "and everything after it are missing: the tail was cut off (anchor file)",
        "no_key": "cannot be checked: the key (KONNEKTUS_SECRET) is missing",
        "downgraded": "is not keyed as the chain's keyed-from point requires: the chain was"
        " downgraded to plain hashes",
        "anchor_missing": "and the rest cannot be held to their anchors: the anchor file of a"
        " keyed chain is gone",
    }[str(report.problem)]
    click.echo(
        f"Audit log BROKEN ({report.problem}): entry {report.first_broken_id} {what} "
        f"({report.entries:,} entries in the table).",
        err=True,
    )
    raise SystemExit(1)


def _parse_head(text: str) -> tuple[int, str]:
    parts = text.split()
    if parts and parts[0] == "konnektus-audit-head":
        parts = parts[1:]
    if len(parts) < 2 or not parts[0].isdigit() or len(parts[1]) != 64:
        raise click.BadParameter("expected 'ID HASH' (64 hex digits)", param_hint="--head")
    return int(parts[0]), parts[1].lower()


bench_today_option = click.option(
    "--today",
    type=click.DateTime(["%Y-%m-%d"]),
    default=None,
    help="Measure as if today were this date (default: today in Amsterdam).",
)
json_option = click.option(
    "--json",
    "json_path",
    type=click.Path(path_type=Path),
    default=None,
    help="Also write the figures as JSON to this file.",
)


def _bench_moment(path: Path, today: datetime | None) -> tuple[date, datetime]:
    """The day to measure on and the moment writes are dated (naive UTC): a chosen day at
    mid-morning, or now. Refuses first, in one sentence, a file that is locked or not ours."""
    with opened(path, read_only=True):
        pass  # opening is the check: the same plain refusal as every other command
    if today is None:
        return today_amsterdam(), now_utc()
    return today.date(), datetime.combine(today.date(), dt_time(10, 0))


@main.group()
def bench() -> None:
    """Measurements that print figures."""


@bench.command("search")
@db_option
@json_option
def bench_search_command(db_path: Path | None, json_path: Path | None) -> None:
    """Median and 95th percentile of the people search, beside a plain ILIKE scan."""
    with opened(db_path or configured_path(), read_only=True) as db:
        result = bench_search(db, today_amsterdam())
    click.echo(
        f"{result.people:,} people, {result.queries} queries: median {result.p50_ms} ms, "
        f"p95 {result.p95_ms} ms; plain ILIKE scan (floor) {result.floor_ms} ms; hostile "
        f"{result.hostile_ms} ms; slowest of {RANDOM_QUERIES} arbitrary texts "
        f"{result.random_max_ms} ms"
    )
    if json_path is not None:
        json_path.write_text(json.dumps(dataclasses.asdict(result)) + "\n")


@bench.command("retention")
@db_option
@click.option("--people", type=click.IntRange(1), default=10_000, show_default=True)
@bench_today_option
@json_option
def bench_retention_command(
    db_path: Path | None, people: int, today: datetime | None, json_path: Path | None
) -> None:
    """The retention page's reads, and asking PEOPLE to extend, on a copy of the database."""
    path = db_path or configured_path()
    day, now = _bench_moment(path, today)
    result = bench_retention(path, today=day, now=now, ask=people)
    click.echo(
        f"{result.people:,} people: counts and chart {result.overview_ms} ms, five lists "
        f"{result.lists_ms} ms, page {result.page_ms} ms, whole expired list "
        f"{result.whole_list_ms} ms; asked {result.asked:,} people in {result.ask_s} s "
        f"({result.ask_batches} batches, {result.letters_per_s:,.0f} letters/s)"
    )
    if json_path is not None:
        json_path.write_text(json.dumps(dataclasses.asdict(result)) + "\n")


@bench.command("sharing")
@db_option
@click.option("--disclosures", type=click.IntRange(1), default=5_000_000, show_default=True)
@click.option("--notify", type=click.IntRange(1), default=10_000, show_default=True)
@bench_today_option
@json_option
def bench_sharing_command(
    db_path: Path | None,
    disclosures: int,
    notify: int,
    today: datetime | None,
    json_path: Path | None,
) -> None:
    """The sharing page's reads at DISCLOSURES, and notifying NOTIFY people, on a copy."""
    path = db_path or configured_path()
    day, now = _bench_moment(path, today)
    result = bench_sharing(path, disclosures=disclosures, notify=notify, today=day, now=now)
    click.echo(
        f"{result.disclosures:,} disclosures: page {result.page_ms} ms (summary "
        f"{result.summary_ms} ms, per kind {result.summary_by_category_ms} ms, monthly "
        f"{result.monthly_ms} ms, drill-down {result.drill_ms} ms); notified "
        f"{result.notified_people:,} people in {result.notify_s} s"
    )
    if json_path is not None:
        json_path.write_text(json.dumps(dataclasses.asdict(result)) + "\n")


@bench.command("pages")
@db_option
@click.option("--runs", type=click.IntRange(2), default=9, show_default=True)
@click.option("--page", "pages", multiple=True, help="Only this page id (repeatable).")
@click.option("--role", "roles", multiple=True, help="Only this role (repeatable).")
@click.option("--language", type=click.Choice(["nl", "en"]), default="nl", show_default=True)
@bench_today_option
@json_option
def bench_pages_command(
    db_path: Path | None,
    runs: int,
    pages: tuple[str, ...],
    roles: tuple[str, ...],
    language: str,
    today: datetime | None,
    json_path: Path | None,
) -> None:
    """Every page for every role in AppTest: median and p95 of a warm full rerun, beside its
    queries alone (targets: p50 under 150 ms and at most 1.5x the queries), on a copy."""
    path = db_path or configured_path()
    day, _ = _bench_moment(path, today)
    timings = bench_pages(
        path,
        today=day,
        runs=runs,
        language=language,
        only_pages=frozenset(pages),
        only_roles=frozenset(roles),
    )
    for timing in timings:
        click.echo(report_line(timing))
    if json_path is not None:
        rows = [dataclasses.asdict(t) | {"factor": round(t.factor, 2)} for t in timings]
        json_path.write_text(json.dumps(rows, indent=1) + "\n")


@bench.command("management")
@db_option
@bench_today_option
@json_option
def bench_management_command(
    db_path: Path | None, today: datetime | None, json_path: Path | None
) -> None:
    """The management overview's reads on a cold cache (target 300 ms) and the board report
    of last month (target 10 s); the file is only read."""
    path = db_path or configured_path()
    day, now = _bench_moment(path, today)
    with opened(path, read_only=True) as db:
        result = bench_management(db, today=day, now=now)
    click.echo(
        f"{result.people:,} people, {result.requests:,} requests, {result.disclosures:,} "
        f"disclosures: overview {result.overview_ms} ms (promises {result.lights_ms} ms, "
        f"trends {result.trends_ms} ms); board report {result.report_s} s "
        f"({result.report_first_s} s in a fresh process)"
    )
    if json_path is not None:
        json_path.write_text(json.dumps(dataclasses.asdict(result)) + "\n")


@bench.command("browser")
@db_option
@click.option("--runs", type=click.IntRange(1), default=5, show_default=True)
def bench_browser_command(db_path: Path | None, runs: int) -> None:
    """The dashboard as felt in Chromium, on a copy: the sign-in page (target 2 s), a search,
    a filter change and opening a profile (targets 1 s). Needs requirements-dev.txt and
    Debian's chromium, like the browser tests."""
    path = db_path or configured_path()
    _bench_moment(path, None)  # the same plain refusal as every command for a bad file
    for felt in bench_browser(path, runs=runs):
        click.echo(report_browser_line(felt))


@bench.command("cleanup")
@db_option
@click.option("--people", type=click.IntRange(1), default=100_000, show_default=True)
@bench_today_option
def bench_cleanup_command(db_path: Path | None, people: int, today: datetime | None) -> None:
    """Clean up PEOPLE expired records on a copy of the database; print how long it took."""
    path = db_path or configured_path()
    day, now = _bench_moment(path, today)
    result = bench_cleanup(path, today=day, now=now, people=people)
    click.echo(
        f"{result.people:,} people, {result.cleanable:,} to clean up (preview "
        f"{result.preview_ms} ms); cleaned up {result.cleaned:,} in {result.cleanup_s} s "
        f"({result.batches} batches, {result.people_per_s:,} people/s, peak "
        f"{result.peak_rss_mb:,} MB)"
    )


@bench.command("import")
@click.option("--people", type=click.IntRange(1), default=100_000, show_default=True)
@bench_today_option
@json_option
def bench_import_command(people: int, today: datetime | None, json_path: Path | None) -> None:
    """Check and import PEOPLE people with their items into a fresh database in a temporary
    folder, and time the Import page's preview of their file (targets at 100,000: 30 s, 2 s)."""
    day = today.date() if today else today_amsterdam()
    now = datetime.combine(day, dt_time(10)) if today else now_utc()
    result = bench_import(people, today=day, now=now)
    click.echo(
        f"{result.people:,} people, {result.items:,} items ({result.file_mb} MB of CSV): "
        f"preview {result.preview_s} s; read {result.read_s} s, check {result.check_s} s, "
        f"import {result.import_s} s, together {result.total_s} s; the same files again "
        f"{result.again_s} s"
    )
    if json_path is not None:
        json_path.write_text(json.dumps(dataclasses.asdict(result)) + "\n")


@main.group()
def retention() -> None:
    """The two-year retention promise (O6) and legal holds (O5)."""


@retention.command("run")
@db_option
@click.option("--dry-run", is_flag=True, help="Count what the run would do; change nothing.")
@click.option(
    "--erase-expired/--keep-expired",
    default=None,
    help="Clean up records whose term ended without an extension (default: the DPO's setting).",
)
def retention_run_command(db_path: Path | None, dry_run: bool, erase_expired: bool | None) -> None:
    """The daily retention run, for when the dashboard is down: ask, remind, mark silence,
    erase data whose legal hold ended, and (if chosen) clean up expired records."""
    with opened(db_path or configured_path(), read_only=dry_run) as db:
        report = retention_run(db, CLI, now=now_utc(), erase_expired=erase_expired, dry_run=dry_run)
        if not dry_run:
            take_daily_snapshot(db, today=today_amsterdam())  # the day's figures (issue 12)
            record_run(db, RETENTION_JOB, clock.now_aware())
    verb = "would be" if dry_run else "were"
    click.echo(
        f"{'Dry run: ' if dry_run else ''}{report.asked:,} people {verb} asked to extend, "
        f"{report.reminded:,} reminded, {report.marked_no_answer:,} marked 'no answer'; "
        f"{report.held_items_removed:,} held items of {report.held_people_anonymised:,} people "
        f"whose legal hold ended {verb} erased; "
        + (
            f"{report.cleaned_up:,} expired records {verb} cleaned up, {report.held_back:,} held"
            " back (restricted, or with an open request)."
            if report.cleanup_on
            else "expired records were left (clean-up is off)."
        )
    )


@main.group()
def outbox() -> None:
    """Letters waiting for delivery."""


@outbox.command("send")
@db_option
def outbox_send(db_path: Path | None) -> None:
    """Deliver waiting letters by SMTP (KONNEKTUS_SMTP_HOST ...); failures stay queued."""
    settings = smtp_settings_from_env()
    if settings is None:
        raise click.ClickException(
            "No SMTP server configured; set KONNEKTUS_SMTP_HOST (see the README)."
        )
    with opened(db_path or configured_path()) as db:
        try:
            report = deliver_pending(db, settings, now=now_utc())
        except SmtpLoginNeedsTls as error:
            raise click.ClickException(error_text(error, "en")) from None
    click.echo(f"{report.sent} sent, {report.failed} failed (failed letters stay in the outbox).")


@main.command("report")
@db_option
@click.option("--month", "month_text", required=True, help="The month to report on (YYYY-MM).")
def report_command(db_path: Path | None, month_text: str) -> None:
    """The monthly board report (HTML for A4, CSV, Excel) into the current folder, for when
    the dashboard is down; the dashboard sends it itself each month."""
    try:
        month = parse_month(month_text)
    except ValueError:
        raise click.ClickException(f"--month {month_text!r} is not a month (YYYY-MM).") from None
    with opened(db_path or configured_path(), read_only=True) as db:
        report = build_board_report(
            db,
            CLI,
            month,
            today=today_amsterdam(),
            now=now_utc(),
            thresholds=management_settings.load().thresholds,
        )
    for suffix, content in (
        ("html", report.html.encode("utf-8")),
        ("csv", report.csv),
        ("xlsx", report.xlsx),
    ):
        target = Path.cwd() / f"{report.stem}.{suffix}"
        target.write_bytes(content)
        click.echo(f"Wrote {target.name}")
    click.echo(f"Board report on {month_text} built in {report.build_seconds} s.")


main.add_command(settings_group)
main.add_command(statement_command)
