"""The staff commands of issue 13: role, reactivate, reset-sign-in."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from click.testing import CliRunner

from konnektus.cli import main
from konnektus.db.database import Database


def test_staff_role_reactivate_and_reset_sign_in_from_the_command_line(tmp_path: Path) -> None:
    from konnektus.services import auth

    path = tmp_path / "staff.duckdb"
    runner = CliRunner()
    base = ["--db", str(path), "--email", "eva@konnektus.nl"]
    added = runner.invoke(main, ["staff", "add", *base, "--name", "Eva", "--role", "dpo"])
    assert added.exit_code == 0, added.output
    db = Database.open(path)
    claims = {"email": "eva@konnektus.nl", "email_verified": True, "sub": "eva-1"}
    auth.staff_for_identity(db, claims, now=datetime(2026, 11, 27, 9))
    db.close()
    assert runner.invoke(main, ["staff", "role", *base, "--role", "recruiter"]).exit_code == 0
    assert runner.invoke(main, ["staff", "deactivate", *base]).exit_code == 0
    assert runner.invoke(main, ["staff", "reactivate", *base]).exit_code == 0
    result = runner.invoke(main, ["staff", "reset-sign-in", *base])
    assert result.exit_code == 0, result.output
    again = runner.invoke(main, ["staff", "reset-sign-in", *base])
    assert again.exit_code == 1 and "nog niet aan een SSO-account gekoppeld" in again.output
    db = Database.open(path)
    assert db.query("SELECT role, active, oidc_sub FROM staff") == [("recruiter", True, None)]
    db.close()
