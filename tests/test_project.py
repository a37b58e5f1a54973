"""The project's own promises: two commands in the README, CI runs the README's test command,
and every command the README shows exists."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text("utf-8")


def test_the_readme_gives_the_two_commands() -> None:
    assert "make run" in README and "make test" in README


def test_ci_runs_the_readmes_test_command() -> None:
    assert re.search(r"^make test$", (ROOT / ".ci" / "run").read_text("utf-8"), re.MULTILINE)


CLI_COMMANDS = sorted(
    {c.strip() for c in re.findall(r"python -m konnektus ((?:[a-z][a-z-]* ?){1,2})", README)}
)


@pytest.mark.parametrize("command", CLI_COMMANDS)
def test_every_command_line_the_readme_shows_exists(command: str) -> None:
    words = [w for w in command.split() if w]
    result = subprocess.run(
        [sys.executable, "-m", "konnektus", *words, "--help"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
