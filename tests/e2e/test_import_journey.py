"""Issue 14 in a real browser: on a database made with `init`, back office signs in with SSO,
uploads the sample files, confirms the import, and finds the people on the People page."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from konnektus.db.database import Database
from tests.e2e.harness import (
    CLOCK_VARIABLE,
    E2E_START,
    ROOT,
    Server,
    free_port,
    screenshot,
    start_oidc_provider,
    start_streamlit,
    wait_for_app,
)

SAMPLES = sorted((ROOT / "data" / "samples").glob("*.csv"))
USER = {
    "sub": "lotte",
    "email": "lotte@konnektus.nl",
    "name": "Lotte Jansen",
    "email_verified": True,
}


def konnektus(*args: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "konnektus", *args],
        cwd=ROOT,
        env={**os.environ, CLOCK_VARIABLE: E2E_START.isoformat()},
        check=True,
        capture_output=True,
    )


@pytest.fixture
def real_server(tmp_path: Path) -> Iterator[tuple[Server, Path]]:
    path = tmp_path / "real.duckdb"
    konnektus("init", "--db", str(path))
    konnektus(
        "staff", "add", "--db", str(path), "--email", USER["email"], "--name", "Lotte Jansen",
        "--role", "backoffice",
    )  # fmt: skip
    provider = start_oidc_provider([USER])
    port = free_port()
    secrets = tmp_path / "secrets.toml"
    secrets.write_text(
        "[auth]\n"
        f'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
        'cookie_secret = "e2e-only-cookie-secret-0123456789"\n'
        'client_id = "konnektus-dashboard"\n'
        'client_secret = "e2e-only"\n'
        f'server_metadata_url = "{provider.url}/.well-known/openid-configuration"\n'
    )
    app = start_streamlit(path, port=port, args=("--secrets.files", str(secrets)))
    yield app, path
    app.stop()
    provider.stop()


def test_back_office_imports_the_samples_and_finds_the_people(real_server, page: Any) -> None:  # type: ignore[no-untyped-def]
    server, path = real_server
    page.goto(f"{server.url}/import_data")
    wait_for_app(page)
    page.locator(".st-key-sso_login button").click()
    page.get_by_role("button", name="lotte").click()
    page.wait_for_url(f"{server.url}/**")
    wait_for_app(page)
    expect(page.get_by_role("heading", name="Gegevens importeren")).to_be_visible()

    page.locator('.st-key-import_files input[type="file"]').set_input_files(
        [str(p) for p in SAMPLES]
    )
    expect(page.get_by_text("Alle regels zijn in orde.")).to_be_visible(timeout=30_000)
    screenshot(page, "import_1_checked")
    page.locator(".st-key-import_start button").click()
    expect(page.get_by_text("Import bevestigen")).to_be_visible()
    expect(page.get_by_text("Er komen 46 nieuwe regels bij")).to_be_visible()
    screenshot(page, "import_2_confirm")
    page.locator(".st-key-import_confirm button").click()
    expect(page.get_by_text("Geïmporteerd: 46 nieuwe regels")).to_be_visible(timeout=30_000)
    screenshot(page, "import_3_done")

    page.locator('[data-testid="stSidebarNavLink"]', has_text="Personen").click()
    box = page.locator(".st-key-people_q input")
    expect(box).to_be_visible()
    box.fill("anouk.vandermeer@voorbeeld.nl")  # a unique e-mail: the one hit opens by itself
    box.press("Enter")
    wait_for_app(page)
    # back office sees the people it employs (Anouk is employed; Chantal, proposed, is not)
    # the profile's name line (the grid's own copy of the cell is hidden: it draws on a canvas)
    expect(
        page.locator('[data-testid="stText"]').filter(has_text="Anouk van der Meer").first
    ).to_be_visible()
    expect(page.get_by_text("Profiel K", exact=False).first).to_be_visible()
    screenshot(page, "import_4_person")

    server.stop()
    db = Database.open(path, read_only=True)
    try:
        assert db.query("SELECT count(*) FROM person") == [(6,)]
        assert db.query("SELECT value FROM meta WHERE key = 'demo_data'") == [("false",)]
    finally:
        db.close()
