"""Fixtures shared by the service tests."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from konnektus.db.database import Database
from konnektus.domain.staff import CLI
from konnektus.services.importing import mark_real

MARKED_REAL_AT = datetime(2026, 11, 27, 9, 0)  # naive UTC, 10:00 in Amsterdam


@pytest.fixture
def real_db(tmp_path: Path) -> Iterator[Database]:
    """An empty database marked as the agency's real data (so it takes imports, not demos)."""
    db = Database.open(tmp_path / "real.duckdb")
    mark_real(db, CLI, now=MARKED_REAL_AT)
    yield db
    db.close()
