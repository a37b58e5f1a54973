"""The first journey: the app starts, signs in and renders the home page with no error."""

from __future__ import annotations

from typing import Any

from konnektus.domain.promises import PROMISES
from tests.e2e.harness import Server, screenshot, sign_in_as_demo, wait_for_app


def test_the_sign_in_screen_then_the_home_page_render_without_error(
    server: Server, page: Any
) -> None:
    page.goto(server.url)
    wait_for_app(page)
    assert page.get_by_text("Demo-gegevens").count() == 1
    screenshot(page, "sign_in")
    sign_in_as_demo(page, server.url, "management")
    metrics = page.locator('[data-testid="stMetric"]')
    metrics.nth(3).wait_for()
    # the size of the database in four figures, then one figure per promise
    assert metrics.count() == 4 + len(PROMISES)
    assert "Personen" in metrics.first.inner_text()
    assert page.locator('[data-testid="stException"]').count() == 0
    screenshot(page, "home")
