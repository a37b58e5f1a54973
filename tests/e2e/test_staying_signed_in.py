"""Staying signed in, in Chromium: a reload, a bookmarked page, an unknown address (demo).

Single sign-on's deep link and reload are in test_oidc_sign_in.py.
"""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect

from konnektus.i18n import translate
from konnektus.ui.identity import DEMO_COOKIE
from tests.e2e.harness import Server, screenshot, sign_in_as_demo, wait_for_app

REQUESTS_TITLE = translate("requests.title", "nl")


def demo_cookie(page: Any) -> str | None:
    values = [c["value"] for c in page.context.cookies() if c["name"] == DEMO_COOKIE]
    return values[0] if values else None


def wait_for_demo_cookie(page: Any) -> None:
    page.wait_for_function(f"document.cookie.includes('{DEMO_COOKIE}=v1.')", timeout=10_000)


def expect_no_streamlit_page_not_found(page: Any) -> None:
    # Streamlit's own pop-up for an address no page answers, in English
    expect(page.get_by_text("Page not found")).to_have_count(0)
    expect(page.get_by_text("Running the app's main page")).to_have_count(0)


def test_a_dpo_reloads_the_requests_page_and_stays_on_it_signed_in(
    server: Server, page: Any
) -> None:
    sign_in_as_demo(page, server.url, "dpo")
    page.locator('[data-testid="stSidebarNavLink"]', has_text="Verzoeken").click()
    expect(page.get_by_role("heading", name=REQUESTS_TITLE)).to_have_count(1)
    page.wait_for_url(f"{server.url}/requests")
    wait_for_demo_cookie(page)
    page.reload()
    wait_for_app(page)
    expect(page.get_by_role("heading", name=REQUESTS_TITLE)).to_have_count(1)
    expect(page.locator(".st-key-sign_out button")).to_have_count(1)
    expect(page.locator('[data-testid="stSidebar"]')).to_contain_text("Aangemeld als")
    assert page.url == f"{server.url}/requests"
    expect_no_streamlit_page_not_found(page)
    screenshot(page, "reload_keeps_dpo_on_requests")


def test_a_bookmarked_page_opens_right_after_the_demo_sign_in(server: Server, page: Any) -> None:
    page.goto(f"{server.url}/requests")
    wait_for_app(page)
    expect(page.get_by_role("heading", name=translate("sign_in.title", "nl"))).to_have_count(1)
    expect_no_streamlit_page_not_found(page)
    page.locator(".st-key-demo_dpo button").click()
    expect(page.get_by_role("heading", name=REQUESTS_TITLE)).to_have_count(1)
    assert page.url == f"{server.url}/requests"


def test_after_signing_out_a_reload_stays_signed_out(server: Server, page: Any) -> None:
    sign_in_as_demo(page, server.url, "recruiter")
    wait_for_demo_cookie(page)
    page.locator(".st-key-sign_out button").click()
    expect(page.locator(".st-key-demo_dpo button")).to_have_count(1)
    page.wait_for_function(f"!document.cookie.includes('{DEMO_COOKIE}=v1.')", timeout=10_000)
    page.reload()
    wait_for_app(page)
    expect(page.locator(".st-key-demo_dpo button")).to_have_count(1)
    expect(page.locator(".st-key-sign_out button")).to_have_count(0)
    assert demo_cookie(page) is None


def test_a_stolen_token_stops_working_once_its_owner_signs_out(
    server: Server, page: Any, browser: Any
) -> None:
    sign_in_as_demo(page, server.url, "backoffice")
    wait_for_demo_cookie(page)
    token = demo_cookie(page)
    page.locator(".st-key-sign_out button").click()
    expect(page.locator(".st-key-demo_dpo button")).to_have_count(1)
    other = browser.new_context()
    other.add_cookies([{"name": DEMO_COOKIE, "value": token, "url": server.url}])
    thief = other.new_page()
    thief.goto(server.url)
    wait_for_app(thief)
    expect(thief.locator(".st-key-demo_dpo button")).to_have_count(1)
    expect(thief.locator(".st-key-sign_out button")).to_have_count(0)
    other.close()


def test_an_unknown_address_shows_a_dutch_page_not_found_with_a_link_home(
    server: Server, page: Any
) -> None:
    page.goto(f"{server.url}/bestaat-niet")
    wait_for_app(page)
    expect(page.get_by_role("heading", name="Pagina niet gevonden")).to_have_count(1)
    expect_no_streamlit_page_not_found(page)
    screenshot(page, "page_not_found_signed_out")
    page.get_by_role("link", name="Naar de startpagina").click()
    expect(page.locator(".st-key-demo_dpo button")).to_have_count(1)
    assert page.url.rstrip("/") == server.url


def test_signed_in_an_unknown_address_keeps_you_signed_in(server: Server, page: Any) -> None:
    sign_in_as_demo(page, server.url, "dpo")
    wait_for_demo_cookie(page)
    page.goto(f"{server.url}/verzoekjes")
    wait_for_app(page)
    expect(page.get_by_role("heading", name="Pagina niet gevonden")).to_have_count(1)
    expect(page.locator(".st-key-sign_out button")).to_have_count(1)
    expect_no_streamlit_page_not_found(page)
    page.get_by_role("link", name="Naar de startpagina").click()
    expect(page.get_by_role("heading", name=translate("home.title", "nl"))).to_have_count(1)


def test_a_page_the_role_may_not_open_refuses_in_dutch_by_its_address(
    server: Server, page: Any
) -> None:
    sign_in_as_demo(page, server.url, "recruiter")
    wait_for_demo_cookie(page)
    page.goto(f"{server.url}/audit_log")
    wait_for_app(page)
    expect(page.get_by_text(translate("guard.not_allowed", "nl"))).to_have_count(1)
    expect(page.locator(".st-key-sign_out button")).to_have_count(1)
    expect_no_streamlit_page_not_found(page)
