"""Each page URL as the very first request to a freshly started server, signed out.

Streamlit's legacy multipage path used to run a file in pages/ without app.py on a fresh
server's first request; app.py's start-up hook now switches that path off
(konnektus/ui/startup.py, tested in test_fresh_server.py), and the pages still guard
themselves. Either way, signed out, no page shows anything but the sign-in.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from konnektus.db.database import Database
from konnektus.i18n import translate
from tests.e2e.harness import screenshot, start_streamlit, wait_for_app

PAGE_FILES = sorted((Path(__file__).resolve().parents[2] / "pages").glob("*.py"))


@pytest.mark.parametrize("page_file", PAGE_FILES, ids=lambda p: p.stem)
def test_a_page_requested_first_on_a_fresh_server_shows_no_personal_data(
    demo_db_path: Path, page: Any, page_file: Path
) -> None:
    db = Database.open(demo_db_path, read_only=True)
    names = [
        f"{g} {f}" for g, f in db.query("SELECT given_name, family_name FROM person LIMIT 200")
    ]
    emails = [e for (e,) in db.query("SELECT email FROM person WHERE email IS NOT NULL LIMIT 200")]
    db.close()
    server = start_streamlit(demo_db_path)
    try:
        page.goto(f"{server.url}/{page_file.stem}")
        wait_for_app(page)
        body = page.locator("body").inner_text()
        assert (
            translate("guard.signed_out", "nl") in body or translate("sign_in.title", "nl") in body
        )
        assert not any(name in body for name in names)
        assert not any(email in body for email in emails)
        assert page.locator('[data-testid="stMetric"]').count() == 0
        assert page.locator('[data-testid="stDataFrame"]').count() == 0
        screenshot(page, f"first_request_{page_file.stem}")
    finally:
        server.stop()
