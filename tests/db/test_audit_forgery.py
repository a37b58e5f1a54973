"""The audit chain only the key can extend (issue 21 point 1): the three forgeries that passed
`audit verify` as "intact", each reproduced here and now reported as tampering."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from konnektus.cli import main
from konnektus.db import anchor, audit
from konnektus.db.database import Database
from konnektus.domain.staff import CLI
from konnektus.services.audit_log import verify_chain
from tests.db.test_audit_chain import write_entries


def verify(db: Database) -> audit.ChainReport:
    return verify_chain(db, CLI)


def recompute_plain(db: Database) -> tuple[int, str]:
    """The attacker without the key: every link recomputed as plain SHA-256, marked unkeyed."""
    with db.transaction() as cur:
        rows = cur.execute(
            "SELECT id, occurred_at, staff_id, role, action, object_type, object_id, details"
            " FROM audit_entry ORDER BY id"
        ).fetchall()
        prev = audit.GENESIS
        for entry_id, *fields in rows:
            digest = audit.entry_hash(prev, *fields)
            cur.execute(
                "UPDATE audit_entry SET prev_hash = ?, hash = ?, keyed = FALSE WHERE id = ?",
                [prev, digest, entry_id],
            )
            prev = digest
    return int(rows[-1][0]), prev


def anchor_file(db: Database) -> Path:
    return anchor.path_for(db.path)


def test_a_downgrade_to_plain_hashes_with_a_forged_anchor_line_is_reported(
    empty_db: Database,
) -> None:
    write_entries(empty_db, 7)
    with empty_db.transaction() as cur:
        cur.execute("UPDATE meta SET value = '1000000000' WHERE key = 'audit_keyed_from'")
        cur.execute("UPDATE audit_entry SET details = '{\"n\": 99}' WHERE id = 7")  # the edit
    last_id, last_hash = recompute_plain(empty_db)
    with anchor_file(empty_db).open("a") as handle:  # the attacker appends the new head
        handle.write(f"{last_id} {last_hash} 2026-11-26T10:00:00 1000000000\n")
    report = verify(empty_db)
    assert not report.intact
    assert report.problem == "downgraded"


def test_a_keyed_from_point_beyond_the_chain_is_a_downgrade_even_without_an_anchor(
    empty_db: Database,
) -> None:
    write_entries(empty_db, 4)
    with empty_db.transaction() as cur:
        cur.execute("UPDATE meta SET value = '1000000000' WHERE key = 'audit_keyed_from'")
    recompute_plain(empty_db)
    anchor_file(empty_db).unlink()
    with empty_db.cursor() as cur:
        report = audit.verify(cur, anchor_file(empty_db))
    assert (report.problem, report.first_broken_id) == ("downgraded", 5)


def test_a_downgrade_that_keeps_the_old_anchor_lines_names_the_first_unkeyed_head(
    empty_db: Database,
) -> None:
    """Keyed-from left alone but links recomputed: the first anchored head no longer holds."""
    write_entries(empty_db, 3)
    recompute_plain(empty_db)
    assert verify(empty_db).problem in ("rewritten", "downgraded")


def test_a_cut_tail_followed_by_an_ordinary_write_is_still_found(empty_db: Database) -> None:
    write_entries(empty_db, 7)
    with empty_db.transaction() as cur:
        cur.execute("DELETE FROM audit_entry WHERE id > 5")
    write_entries(empty_db, 1)  # a new entry 6; the anchor's last line now holds again
    report = verify(empty_db)
    assert (report.problem, report.first_broken_id) == ("rewritten", 6)
    write_entries(empty_db, 1)  # and a new entry 7: id 6 is now anchored twice
    report = verify(empty_db)
    assert not report.intact and report.first_broken_id == 6


def test_a_deleted_anchor_file_is_tampering_not_intact(empty_db: Database) -> None:
    write_entries(empty_db, 3)
    assert verify(empty_db).intact and verify(empty_db).anchored
    anchor_file(empty_db).unlink()
    report = verify(empty_db)
    assert (report.problem, report.anchored) == ("anchor_missing", False)
    path = empty_db.path
    empty_db.close()
    result = CliRunner().invoke(main, ["audit", "verify", "--db", str(path)])
    assert result.exit_code == 1, result.output
    assert "anchor_missing" in result.output


def test_the_command_line_exits_non_zero_after_each_forgery(empty_db: Database) -> None:
    write_entries(empty_db, 5)
    with empty_db.transaction() as cur:
        cur.execute("UPDATE meta SET value = '1000000000' WHERE key = 'audit_keyed_from'")
    recompute_plain(empty_db)
    path = empty_db.path
    empty_db.close()
    result = CliRunner().invoke(main, ["audit", "verify", "--db", str(path)])
    assert result.exit_code == 1, result.output
    assert "downgraded" in result.output


def test_an_untouched_chain_with_its_full_anchor_file_verifies(empty_db: Database) -> None:
    write_entries(empty_db, 6)
    heads = anchor.heads(anchor_file(empty_db))
    assert heads is not None and [h.entry_id for h in heads] == [1, 2, 3, 4, 5, 6]
    assert all(h.keyed_from is not None for h in heads)
    report = verify(empty_db)
    assert report.intact and report.anchored


def test_a_head_printed_for_a_ticket_holds_the_chain_to_it_later(empty_db: Database) -> None:
    """`audit anchor --print` gives the line; `audit verify --head` checks the chain against it,
    and fails once the chain was cut, even when the anchor file was cut to match."""
    write_entries(empty_db, 4)
    path = empty_db.path
    empty_db.close()
    runner = CliRunner()
    printed = runner.invoke(main, ["audit", "anchor", "--print", "--db", str(path)])
    assert printed.exit_code == 0, printed.output
    line = printed.output.strip()
    word, entry, digest, _moment = line.split()
    assert (word, entry, len(digest)) == ("konnektus-audit-head", "4", 64)
    kept = runner.invoke(main, ["audit", "verify", "--db", str(path), "--head", line])
    assert kept.exit_code == 0, kept.output

    db = Database.open(path)
    with db.transaction() as cur:
        cur.execute("DELETE FROM audit_entry WHERE id > 2")
    db.close()
    file = anchor.path_for(path)  # the attacker rewrites the file next to the database too
    file.write_text("".join(file.read_text().splitlines(keepends=True)[:2]))
    assert runner.invoke(main, ["audit", "verify", "--db", str(path)]).exit_code == 0
    broken = runner.invoke(main, ["audit", "verify", "--db", str(path), "--head", line])
    assert broken.exit_code == 1  # only the head kept elsewhere still knows entries 3 and 4
    assert "kept_head" in broken.output
    garbled = runner.invoke(main, ["audit", "verify", "--db", str(path), "--head", "4 abc"])
    assert garbled.exit_code == 2 and "64 hex digits" in garbled.output
