"""The first journey: the app starts and the home page renders with no error."""

from __future__ import annotations

from tests.e2e.conftest import Server, screenshot, wait_for_app


def test_the_home_page_renders_its_figures_and_the_demo_banner(server: Server, page) -> None:  # type: ignore[no-untyped-def]
    page.goto(server.url)
    wait_for_app(page)
    metrics = page.locator('[data-testid="stMetric"]')
    assert metrics.count() == 4
    assert "Personen" in metrics.first.inner_text()
    assert page.get_by_text("Demo-gegevens").count() == 1
    assert page.locator('[data-testid="stException"]').count() == 0
    screenshot(page, "home")
