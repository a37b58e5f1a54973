"""Demo sign-in in a real browser: each role sees exactly its own pages."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from konnektus.domain.permissions import Role
from konnektus.i18n import translate
from konnektus.ui.navigation import pages_for
from tests.e2e.harness import Server, screenshot, sign_in_as_demo, wait_for_app


def sidebar_pages(page: Any, expected: int) -> list[str]:
    page.locator('[data-testid="stSidebar"]').get_by_text("Aangemeld als").wait_for()
    if expected > 1:  # the menu may land a moment after the rest of the sidebar
        page.locator('[data-testid="stSidebarNavLink"]').nth(expected - 1).wait_for()
    links = page.locator('[data-testid="stSidebarNavLink"]')
    # each link reads "<icon name>\n\n<title>"; the title is the last line
    return [text.strip().split("\n")[-1] for text in links.all_inner_texts()]


@pytest.mark.parametrize("role", list(Role))
def test_each_demo_role_sees_only_its_own_pages(server: Server, page: Any, role: Role) -> None:
    sign_in_as_demo(page, server.url, role.value)
    expected = [translate(spec.title_key, "nl") for spec in pages_for(role)]
    # Streamlit draws no menu for a single page
    assert sidebar_pages(page, len(expected)) == (expected if len(expected) > 1 else [])
    sidebar = page.locator('[data-testid="stSidebar"]').inner_text()
    assert translate(f"role.{role.value}", "nl") in sidebar
    screenshot(page, f"signed_in_{role.value}")


def test_the_dpo_reaches_the_audit_log_and_sees_the_chain_intact(server: Server, page: Any) -> None:
    sign_in_as_demo(page, server.url, "dpo")
    page.locator('[data-testid="stSidebarNav"] a', has_text="Auditlog").click()
    wait_for_app(page)
    expect(page.get_by_text("De keten is intact")).to_have_count(1)
    page.locator('[data-testid="stDataFrame"]').wait_for()
    screenshot(page, "audit_log")


def test_signing_out_returns_to_the_sign_in_screen(server: Server, page: Any) -> None:
    sign_in_as_demo(page, server.url, "recruiter")
    page.locator(".st-key-sign_out button").click()
    wait_for_app(page)
    expect(page.locator(".st-key-demo_dpo button")).to_have_count(1)
    expect(page.locator('[data-testid="stMetric"]')).to_have_count(0)
