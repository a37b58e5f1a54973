"""The settings of the management overview and the board report: one TOML file.

`KONNEKTUS_MANAGEMENT_SETTINGS` names another file (tests, or an installation that keeps its
settings outside the code); by default `konnektus/settings/management.toml`.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from konnektus.domain.promises import PROMISES, Threshold

ENVIRONMENT_VARIABLE: Final = "KONNEKTUS_MANAGEMENT_SETTINGS"
DEFAULT_PATH: Final = Path(__file__).with_name("settings") / "management.toml"


@dataclass(frozen=True)
class ManagementSettings:
    thresholds: dict[str, Threshold]
    report_recipients: tuple[str, ...]


def settings_path() -> Path:
    return Path(os.environ.get(ENVIRONMENT_VARIABLE) or DEFAULT_PATH)


def load(path: Path | None = None) -> ManagementSettings:
    """Read the file; every promise must have its thresholds (a missing one is an error)."""
    data = tomllib.loads((path or settings_path()).read_text("utf-8"))
    table = data.get("thresholds", {})
    missing = [p.key for p in PROMISES if p.key not in table]
    if missing:
        raise ValueError(f"management settings: no thresholds for {', '.join(missing)}")
    thresholds = {
        p.key: Threshold(float(table[p.key]["green"]), float(table[p.key]["amber"]))
        for p in PROMISES
    }
    recipients = tuple(str(a) for a in data.get("board_report", {}).get("recipients", []))
    return ManagementSettings(thresholds, recipients)
