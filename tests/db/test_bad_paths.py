"""Every path that cannot be a database gets one plain sentence, never a traceback, and DuckDB
never reaches for the internet (issue 13, break 8)."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner
from streamlit.testing.v1 import AppTest

from konnektus.cli import main
from konnektus.db.database import CONNECT_CONFIG, Database
from konnektus.db.errors import DatabaseUnusable

ROOT = Path(__file__).resolve().parents[2]


def sqlite_file(folder: Path) -> Path:
    path = folder / "old.db"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE person (name TEXT)")
    con.commit()
    con.close()
    return path


def truncated_file(folder: Path) -> Path:
    good = folder / "good.duckdb"
    Database.open(good).close()
    path = folder / "cut.duckdb"
    path.write_bytes(good.read_bytes()[:5000])
    return path


def a_folder(folder: Path) -> Path:
    (folder / "data").mkdir()
    return folder / "data"


@pytest.mark.parametrize(
    ("make", "cause"),
    [(a_folder, "directory"), (truncated_file, "damaged"), (sqlite_file, "sqlite")],
)
def test_a_path_that_is_no_database_gets_a_plain_sentence(
    tmp_path: Path, make: object, cause: str
) -> None:
    path = make(tmp_path)  # type: ignore[operator]
    before = path.read_bytes() if path.is_file() else None
    with pytest.raises(DatabaseUnusable) as refused:
        Database.open(path)
    assert refused.value.cause == cause
    assert "Error" not in str(refused.value) and str(path) in str(refused.value)
    if before is not None:
        assert path.read_bytes() == before, "left untouched"
    result = CliRunner().invoke(main, ["staff", "list", "--db", str(path)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert str(refused.value).split(" ")[-1] in result.output


def test_an_unwritable_file_gets_a_plain_sentence(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "locked.duckdb"
    Database.open(path).close()
    if os.geteuid() != 0:  # root may write anyway; then DuckDB's own refusal is simulated
        path.chmod(0o444)
        tmp_path.chmod(0o555)
    else:

        def refuse(*_args: object, **_kwargs: object) -> None:
            raise duckdb.IOException(f'IO Error: Cannot open file "{path}": Permission denied')

        monkeypatch.setattr(duckdb, "connect", refuse)
    try:
        with pytest.raises(DatabaseUnusable) as refused:
            Database.open(path)
        assert refused.value.cause == "not_writable"
    finally:
        tmp_path.chmod(0o755)


def test_duckdb_is_told_never_to_install_or_load_an_extension_by_itself() -> None:
    assert CONNECT_CONFIG["autoinstall_known_extensions"] is False
    assert CONNECT_CONFIG["autoload_known_extensions"] is False


def test_a_sqlite_file_given_to_duckdb_itself_does_not_make_it_download(tmp_path: Path) -> None:
    """Past the header check too: with auto-install off DuckDB refuses at once."""
    path = sqlite_file(tmp_path)
    with pytest.raises(duckdb.Error) as refused:
        duckdb.connect(str(path), config=CONNECT_CONFIG)
    assert "download" not in str(refused.value).lower()


@pytest.mark.parametrize("make", [a_folder, truncated_file, sqlite_file])
def test_the_browser_gets_the_sentence_and_no_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, make: object
) -> None:
    path = make(tmp_path)  # type: ignore[operator]
    monkeypatch.setenv("KONNEKTUS_DB", str(path))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30).run()
    assert not at.exception
    assert at.error and str(path) in at.error[0].value


def test_tracebacks_never_reach_a_browser_outside_development() -> None:
    config = (ROOT / ".streamlit" / "config.toml").read_text("utf-8")
    assert 'showErrorDetails = "none"' in config


def test_demo_if_missing_fills_a_file_left_empty_by_an_interrupted_first_run(
    tmp_path: Path,
) -> None:
    path = tmp_path / "konnektus.duckdb"
    Database.open(path).close()  # migrated, then the demo was interrupted: nobody in it
    args = ["demo", "--db", str(path), "--candidates", "50", "--if-missing"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    db = Database.open(path)
    people = db.query("SELECT count(*) FROM person")[0][0]
    db.close()
    assert people >= 50
    again = CliRunner().invoke(main, args)
    assert again.exit_code == 0 and "keeping it" in again.output


def test_demo_if_missing_keeps_a_real_database_without_people(tmp_path: Path) -> None:
    path = tmp_path / "real.duckdb"
    assert CliRunner().invoke(main, ["init", "--db", str(path)]).exit_code == 0
    result = CliRunner().invoke(main, ["demo", "--db", str(path), "--if-missing"])
    assert result.exit_code == 0 and "keeping it" in result.output
