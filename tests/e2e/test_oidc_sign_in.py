"""Single sign-on through a real OpenID Connect provider on localhost (oidc-provider-mock)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.harness import (
    Server,
    free_port,
    screenshot,
    start_oidc_provider,
    start_streamlit,
    wait_for_app,
)

USERS = [
    {"sub": "sally", "email": "sallyann@konnektus.nl", "name": "Sally-Ann de Groot"},
    {"sub": "daan", "email": "daan.dewit@konnektus.nl", "name": "Daan de Wit"},
    {"sub": "stranger", "email": "stranger@example.org", "name": "Iemand Anders"},
]


@pytest.fixture(scope="module")
def sso_server(demo_db_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    provider = start_oidc_provider(USERS)
    port = free_port()
    secrets = tmp_path_factory.mktemp("oidc") / "secrets.toml"
    secrets.write_text(
        "[auth]\n"
        f'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
        'cookie_secret = "e2e-only-cookie-secret-0123456789"\n'
        'client_id = "konnektus-dashboard"\n'
        'client_secret = "e2e-only"\n'
        f'server_metadata_url = "{provider.url}/.well-known/openid-configuration"\n'
    )
    app = start_streamlit(demo_db_path, port=port, args=("--secrets.files", str(secrets)))
    yield app
    app.stop()
    provider.stop()


def sign_in_with_sso(page: Any, server: Server, sub: str) -> None:
    page.goto(server.url)
    wait_for_app(page)
    page.locator(".st-key-sso_login button").click()
    page.get_by_role("button", name=sub).click()
    page.wait_for_url(f"{server.url}/**")
    wait_for_app(page)


def test_the_dpo_signs_in_with_sso_and_reaches_the_audit_log(sso_server: Server, page: Any) -> None:
    sign_in_with_sso(page, sso_server, "sally")
    expect(page.locator(".st-key-sign_out button")).to_have_count(1)
    page.locator('[data-testid="stSidebarNavLink"]', has_text="Auditlog").click()
    expect(page.get_by_text("De keten is intact")).to_have_count(1)
    screenshot(page, "sso_dpo_audit_log")


def test_a_recruiter_signs_in_with_sso_and_does_not_see_the_audit_log(
    sso_server: Server, page: Any
) -> None:
    sign_in_with_sso(page, sso_server, "daan")
    expect(page.locator(".st-key-sign_out button")).to_have_count(1)
    expect(page.locator('[data-testid="stSidebar"]')).to_contain_text("Recruiter")
    expect(page.get_by_text("Auditlog")).to_have_count(0)


def test_an_unknown_email_is_refused(sso_server: Server, page: Any) -> None:
    sign_in_with_sso(page, sso_server, "stranger")
    expect(page.get_by_text("staat niet (meer) op de lijst")).to_have_count(1)
    expect(page.locator('[data-testid="stMetric"]')).to_have_count(0)
    screenshot(page, "sso_refused")
