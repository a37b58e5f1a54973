"""The command line, run as a new process the way staff run it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[1]


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "konnektus", *args], cwd=ROOT, capture_output=True, text=True
    )


def test_staff_can_be_added_listed_and_deactivated(tmp_path: Path) -> None:
    db = str(tmp_path / "k.duckdb")
    assert cli("init", "--db", db).returncode == 0
    added = cli(
        "staff",
        "add",
        "--db",
        db,
        "--email",
        "eva@konnektus.nl",
        "--name",
        "Eva Smit",
        "--role",
        "dpo",
    )
    assert added.returncode == 0, added.stderr
    listed = cli("staff", "list", "--db", db)
    assert "eva@konnektus.nl" in listed.stdout and "active" in listed.stdout
    assert cli("staff", "deactivate", "--db", db, "--email", "eva@konnektus.nl").returncode == 0
    assert "deactivated" in cli("staff", "list", "--db", db).stdout
    again = cli("staff", "deactivate", "--db", db, "--email", "eva@konnektus.nl")
    assert again.returncode == 1 and "Traceback" not in again.stderr
    assert "De toegang van eva@konnektus.nl was al ingetrokken." in again.stderr


def test_a_bad_role_is_refused_in_one_line(tmp_path: Path) -> None:
    result = cli(
        "staff",
        "add",
        "--db",
        str(tmp_path / "k.duckdb"),
        "--email",
        "a@b.nl",
        "--name",
        "A",
        "--role",
        "admin",
    )
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "'admin' is not one of" in result.stderr


def test_audit_verify_passes_then_names_the_entry_altered_with_sql(tmp_path: Path) -> None:
    db = str(tmp_path / "k.duckdb")
    for email in ("a@konnektus.nl", "b@konnektus.nl", "c@konnektus.nl"):
        assert (
            cli(
                "staff", "add", "--db", db, "--email", email, "--name", "N", "--role", "recruiter"
            ).returncode
            == 0
        )
    verified = cli("audit", "verify", "--db", db)
    assert verified.returncode == 0 and "intact: 3 entries" in verified.stdout
    con = duckdb.connect(db)
    second = con.execute("SELECT id FROM audit_entry ORDER BY id LIMIT 1 OFFSET 1").fetchall()[0][0]
    con.execute('UPDATE audit_entry SET details = \'{"role": "dpo"}\' WHERE id = ?', [second])
    con.close()
    broken = cli("audit", "verify", "--db", db)
    assert broken.returncode == 1
    assert "BROKEN (rewritten)" in broken.stderr and f"entry {second} was changed" in broken.stderr


def test_demo_generation_reports_its_size(tmp_path: Path) -> None:
    result = cli("demo", "--db", str(tmp_path / "d.duckdb"), "--candidates", "300", "--seed", "1")
    assert result.returncode == 0, result.stderr
    assert "300 people" in result.stdout


def test_demo_generation_makes_the_asked_requests_and_disclosures(tmp_path: Path) -> None:
    path = tmp_path / "d.duckdb"
    result = cli(
        "demo",
        "--db",
        str(path),
        "--candidates",
        "500",
        "--requests",
        "300",
        "--disclosures",
        "5000",
        "--seed",
        "1",
    )
    assert result.returncode == 0, result.stderr
    assert "500 people, 300 requests, 5,000 disclosures" in result.stdout
    with duckdb.connect(str(path), read_only=True) as con:
        assert con.execute(
            "SELECT (SELECT count(*) FROM request), (SELECT count(*) FROM disclosure)"
        ).fetchall() == [(300, 5000)]


def test_demo_refuses_fewer_requests_than_the_planted_scenarios(tmp_path: Path) -> None:
    result = cli(
        "demo", "--db", str(tmp_path / "d.duckdb"), "--candidates", "50", "--requests", "3"
    )
    assert result.returncode == 2
    assert "--requests" in result.stderr


def test_demo_refuses_to_drop_the_planted_breaches_and_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "d.duckdb"
    args = ("--candidates", "500", "--seed", "3", "--today", "2026-06-01")
    result = cli("demo", "--db", str(path), *args, "--disclosures", "0")
    assert result.returncode == 1
    assert "cannot drop the disclosures the demo plants as breaches" in result.stderr
    with duckdb.connect(str(path), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM person").fetchall() == [(0,)]
