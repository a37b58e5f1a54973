"""Single sign-on through a real OpenID Connect provider on localhost (oidc-provider-mock)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from konnektus.i18n import translate
from tests.e2e.harness import (
    Server,
    free_port,
    screenshot,
    start_oidc_provider,
    start_streamlit,
    wait_for_app,
)
from tests.helpers import copy_database

VERIFIED = {"email_verified": True}
USERS = [
    {"sub": "sally", "email": "sallyann@konnektus.nl", "name": "Sally-Ann de Groot", **VERIFIED},
    {"sub": "daan", "email": "daan.dewit@konnektus.nl", "name": "Daan de Wit", **VERIFIED},
    {"sub": "stranger", "email": "stranger@example.org", "name": "Iemand Anders", **VERIFIED},
    # an account anyone could make at a provider that does not check addresses (issue 13)
    {
        "sub": "impostor",
        "email": "SallyAnn@Konnektus.nl",
        "email_verified": False,
        "name": "Niet Sally",
    },
    # a second account that claims the DPO's address, verified (a re-created mailbox, a second
    # tenant): once Sally's own account has signed in, the e-mail alone is not enough
    {"sub": "sally-twin", "email": "sallyann@konnektus.nl", "name": "Sally Twee", **VERIFIED},
]


@pytest.fixture(scope="module")
def sso_server(demo_db_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    provider = start_oidc_provider(USERS)
    port = free_port()
    folder = tmp_path_factory.mktemp("oidc")
    # its own copy: one process owns a database file, and the session's demo server may be
    # running on the shared one already (whatever order the modules run in)
    db_path = folder / "sso.duckdb"
    copy_database(demo_db_path, db_path)
    secrets = folder / "secrets.toml"
    secrets.write_text(
        "[auth]\n"
        f'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
        'cookie_secret = "e2e-only-cookie-secret-0123456789"\n'
        'client_id = "konnektus-dashboard"\n'
        'client_secret = "e2e-only"\n'
        f'server_metadata_url = "{provider.url}/.well-known/openid-configuration"\n'
    )
    app = start_streamlit(db_path, port=port, args=("--secrets.files", str(secrets)))
    yield app
    app.stop()
    provider.stop()


def sign_in_with_sso(page: Any, server: Server, sub: str, path: str = "") -> None:
    page.goto(f"{server.url}/{path}")
    wait_for_app(page)
    page.locator(".st-key-sso_login button").click()
    page.get_by_role("button", name=sub, exact=True).click()
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


def test_an_unverified_email_is_refused_even_when_it_is_the_dpos(
    sso_server: Server, page: Any
) -> None:
    sign_in_with_sso(page, sso_server, "impostor")
    expect(page.get_by_text("staat niet (meer) op de lijst")).to_have_count(1)
    expect(page.locator(".st-key-sign_out button")).to_have_count(0)
    expect(page.locator('[data-testid="stMetric"]')).to_have_count(0)


def test_a_second_account_claiming_the_dpos_verified_email_is_refused(
    sso_server: Server, page: Any, browser: Any
) -> None:
    sign_in_with_sso(page, sso_server, "sally")  # binds Sally to her own account (first time)
    expect(page.locator(".st-key-sign_out button")).to_have_count(1)
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    try:
        other = context.new_page()
        sign_in_with_sso(other, sso_server, "sally-twin")
        expect(other.get_by_text("staat niet (meer) op de lijst")).to_have_count(1)
        expect(other.locator(".st-key-sign_out button")).to_have_count(0)
        expect(other.locator('[data-testid="stMetric"]')).to_have_count(0)
        screenshot(other, "sso_second_account_refused")
    finally:
        context.close()


def test_a_bookmarked_page_opens_after_sso_and_a_reload_keeps_it(
    sso_server: Server, page: Any
) -> None:
    title = translate("requests.title", "nl")
    sign_in_with_sso(page, sso_server, "sally", path="requests")
    expect(page.get_by_role("heading", name=title)).to_have_count(1)
    page.wait_for_url(f"{sso_server.url}/requests")
    expect(page.locator(".st-key-sign_out button")).to_have_count(1)
    page.reload()
    wait_for_app(page)
    expect(page.get_by_role("heading", name=title)).to_have_count(1)
    expect(page.locator(".st-key-sign_out button")).to_have_count(1)
    assert page.url == f"{sso_server.url}/requests"
    expect(page.get_by_text("Page not found")).to_have_count(0)
    screenshot(page, "sso_deep_link_after_reload")


def test_signed_in_with_sso_a_bookmark_opens_its_page_directly(
    sso_server: Server, page: Any
) -> None:
    sign_in_with_sso(page, sso_server, "sally")
    expect(page.locator(".st-key-sign_out button")).to_have_count(1)
    page.goto(f"{sso_server.url}/audit_log")
    wait_for_app(page)
    expect(page.get_by_text("De keten is intact")).to_have_count(1)
