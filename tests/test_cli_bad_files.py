"""Bad files and full disks get one sentence and lose nothing (issue 21 point 7), run as a new
colleague would: `python -m konnektus` in its own process."""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from konnektus.db import anchor
from konnektus.db.database import Database
from konnektus.db.errors import DatabaseUnusable

ROOT = Path(__file__).resolve().parents[1]


def konnektus(*args: str, limit_bytes: int | None = None) -> subprocess.CompletedProcess[str]:
    def small_disk() -> None:  # a file may not grow past the limit: writes fail as on a full disk
        assert limit_bytes is not None
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # EFBIG instead of being killed
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit_bytes, limit_bytes))

    return subprocess.run(
        [sys.executable, "-m", "konnektus", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,  # a hang on a pipe fails the test instead of blocking the suite
        preexec_fn=small_disk if limit_bytes else None,
        env={**os.environ, "KONNEKTUS_JOBS": "off"},
    )


def test_a_named_pipe_is_refused_without_being_opened(tmp_path: Path) -> None:
    pipe = tmp_path / "konnektus.duckdb"
    os.mkfifo(pipe)
    result = konnektus("init", "--db", str(pipe))  # opening it for reading would wait for ever
    assert result.returncode == 1
    assert "is not an ordinary file" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("device", ["/dev/null", "/dev/zero"])
def test_a_device_is_refused_and_left_alone(device: str) -> None:
    with pytest.raises(DatabaseUnusable) as refused:
        Database.open(device)
    assert refused.value.cause == "not_a_file"


def test_an_empty_file_left_by_a_dead_first_run_counts_as_missing(tmp_path: Path) -> None:
    path = tmp_path / "konnektus.duckdb"
    path.touch()  # what `demo` left on a full disk before: `make run` could not start
    result = konnektus("demo", "--db", str(path), "--candidates", "200", "--if-missing")
    assert result.returncode == 0, result.stderr
    assert "200 people" in result.stdout
    db = Database.open(path, read_only=True)
    try:
        assert db.query("SELECT count(*) FROM person")[0][0] >= 200
    finally:
        db.close()


def test_an_empty_file_is_not_filled_without_if_missing_or_beside_a_log(tmp_path: Path) -> None:
    path = tmp_path / "konnektus.duckdb"
    path.touch()
    path.with_name(path.name + ".wal").write_bytes(b"x")  # a log to replay: not "nothing"
    result = konnektus("demo", "--db", str(path), "--candidates", "200", "--if-missing")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert path.exists() and path.stat().st_size == 0  # left untouched


def test_demo_on_a_full_disk_says_so_and_removes_its_partial_file(tmp_path: Path) -> None:
    path = tmp_path / "konnektus.duckdb"
    result = konnektus("demo", "--db", str(path), "--candidates", "20000", limit_bytes=2_000_000)
    assert result.returncode == 1, result.stdout
    assert "could not be written" in result.stderr and "Traceback" not in result.stderr
    assert "the partial file was removed" in result.stderr
    leftovers = [p for p in (path, path.with_name(path.name + ".wal"), anchor.path_for(path))]
    assert not any(p.exists() for p in leftovers), leftovers
    again = konnektus("demo", "--db", str(path), "--candidates", "200", "--if-missing")
    assert again.returncode == 0, again.stderr  # and the next `make run` starts


def test_demo_on_a_full_disk_leaves_an_existing_file_in_place(tmp_path: Path) -> None:
    path = tmp_path / "konnektus.duckdb"
    Database.open(path).close()  # an empty database, schema only: demo data may go in
    size = path.stat().st_size
    result = konnektus("demo", "--db", str(path), "--candidates", "20000", limit_bytes=size + 1)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert path.exists() and "may be incomplete" in result.stderr
