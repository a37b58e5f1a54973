"""AppTest helpers: run a page file directly, signed out, as a demo persona or via OIDC."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from konnektus.clock import FixedClock, use_clock
from konnektus.db.database import Database
from konnektus.domain.deadlines import AMSTERDAM
from konnektus.domain.permissions import Role
from konnektus.ui.state import StateKeys
from tests.conftest import DEMO_TODAY

ROOT = Path(__file__).resolve().parents[2]
PAGE_FILES = sorted((ROOT / "pages").glob("*.py"))
OIDC_SECRETS = {
    "redirect_uri": "http://localhost:8501/oauth2callback",
    "cookie_secret": "test-only-cookie-secret",
    "client_id": "konnektus-test",
    "client_secret": "test-only",
    "server_metadata_url": "http://localhost:9/.well-known/openid-configuration",
}


# The demo data is made for its own day (tests/conftest.py DEMO_TODAY); a page that read the
# real calendar would drift away from it (architecture rule 11): the period selector's test
# began to fail once the real date passed the demo's first chart month. So every page run on
# the demo runs on the demo's day, at an ordinary office hour; a test that is about the hour
# sets its own clock inside this one.
DEMO_MOMENT = datetime.combine(DEMO_TODAY, time(11), AMSTERDAM)


@pytest.fixture
def use_db(demo_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("KONNEKTUS_DB", str(demo_path))
    with use_clock(FixedClock(DEMO_MOMENT)):
        yield demo_path


def persona_id(db_path: Path, role: Role) -> int:
    db = Database.open(db_path)
    staff_id = db.query("SELECT min(id) FROM staff WHERE role = ? AND active", [role.value])[0][0]
    return int(staff_id)


def app_test(
    path: Path | str,
    *,
    staff_id: int | None = None,
    oidc_email: str | None = None,
    email_verified: bool = True,
    language: str | None = None,
) -> AppTest:
    at = AppTest.from_file(str(path), default_timeout=30)
    if staff_id is not None:
        at.session_state[StateKeys.DEMO_STAFF_ID] = staff_id
    if oidc_email is not None:
        at.secrets["auth"] = OIDC_SECRETS
        at.user = {
            "is_logged_in": True,
            "email": oidc_email,
            "email_verified": email_verified,
            "name": "OIDC user",
            "sub": f"sub-of-{oidc_email.lower()}",  # the first sign-in binds it (issue 13)
        }
    if language is not None:
        at.session_state[StateKeys.LANGUAGE] = language
    return at


def error_texts(at: AppTest) -> list[str]:
    return [e.value for e in at.error]
