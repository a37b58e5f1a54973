"""The management journey in a real browser (issue 12): a manager signed in sees every promise
as a light and every chart render from the demo database, changes the period, builds the board
report, downloads it and opens it in Chromium, where its five charts show and it prints on A4.
Screenshots of the page (light and dark) and of the report go to test-artifacts/."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from playwright.sync_api import expect

from konnektus.i18n import translate
from tests.e2e.harness import (
    ARTIFACTS,
    Server,
    screenshot,
    sign_in_as_demo,
    start_streamlit,
    wait_for_app,
)
from tests.helpers import copy_database

CHARTS = '[data-testid="stVegaLiteChart"]'


def charts_drawn(tab: Any) -> None:
    expect(tab.locator(CHARTS)).to_have_count(5)
    for index in range(5):
        chart = tab.locator(CHARTS).nth(index)
        chart.scroll_into_view_if_needed()
        expect(chart.locator("canvas, svg").first).to_be_visible()


def download_report(tab: Any, folder: Path) -> Path:
    """Build the board report of the month offered first, download the HTML, keep it."""
    tab.locator(".st-key-ov_report_build button").click()
    wait_for_app(tab)
    expect(tab.get_by_text("Rapport over oktober 2026", exact=False)).to_be_visible(timeout=60_000)
    with tab.expect_download() as caught:
        tab.locator(".st-key-ov_download_html button").click()
    download = caught.value
    assert download.suggested_filename == "konnektus-bestuursrapportage-2026-10.html"
    report = folder / download.suggested_filename
    download.save_as(report)
    return report


def test_a_manager_reads_the_lights_changes_the_period_and_opens_the_board_report(
    server: Server, page: Any, tmp_path: Path
) -> None:
    sign_in_as_demo(page, server.url, "management")
    expect(page.get_by_role("heading", name="Houden we onze beloften?")).to_be_visible()
    expect(page.get_by_text("Stand per 27-11-2026", exact=False).first).to_be_visible()
    erasure_title = translate("overview.promise.erasure_on_time.name", "nl")  # the catalog's words
    expect(page.get_by_text(erasure_title, exact=True)).to_be_visible()
    expect(page.locator('[data-testid="stMetric"]')).to_have_count(14)  # 4 sizes, 10 promises
    expect(page.get_by_text("Naar de verzoeken")).to_have_count(0)  # management may not act
    screenshot(page, "management_1_lights")
    row = page.locator(".st-key-ov_promise_retention_overdue")
    row.scroll_into_view_if_needed()
    expect(row.locator('[data-testid="stMetricDelta"]')).to_be_visible()  # against the month before
    screenshot(page, "management_1b_lights_with_changes")
    charts_drawn(page)
    screenshot(page, "management_2_charts")

    period = page.locator(".st-key-ov_period button", has_text="3 maanden")
    period.scroll_into_view_if_needed()
    period.click()
    wait_for_app(page)
    charts_drawn(page)
    screenshot(page, "management_3_three_months")

    report = download_report(page, tmp_path)

    opened = page.context.new_page()
    opened.goto(report.as_uri())
    expect(opened).to_have_title("Bestuursrapportage privacy, oktober 2026")
    images = opened.locator("figure img")
    expect(images).to_have_count(5)
    widths = opened.evaluate("[...document.images].map(i => i.complete && i.naturalWidth)")
    assert all(width and width > 100 for width in widths), widths
    screenshot(opened, "management_4_report")
    pdf = ARTIFACTS / "management_report_a4.pdf"
    opened.pdf(path=str(pdf), format="A4", print_background=True)
    assert pdf.read_bytes().startswith(b"%PDF")
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf.read_bytes()))  # page objects, not /Pages
    assert 2 <= pages <= 8, pages  # a few A4 sheets: the promises, the charts, the texts
    assert pdf.stat().st_size > 20_000


def test_the_overview_reads_well_in_the_dark_theme(
    demo_db_path: Path, browser: Any, tmp_path: Path
) -> None:
    copy = tmp_path / "dark.duckdb"  # one process per file: the light server holds the other
    copy_database(demo_db_path, copy)
    dark = start_streamlit(copy, args=("--theme.base", "dark"))
    context = browser.new_context(viewport={"width": 1400, "height": 900}, color_scheme="dark")
    tab = context.new_page()
    server = dark
    try:
        sign_in_as_demo(tab, server.url, "dpo")
        expect(tab.get_by_role("heading", name="Houden we onze beloften?")).to_be_visible()
        expect(tab.get_by_text("Naar de verzoeken").first).to_be_visible()  # the DPO may act
        screenshot(tab, "management_5_lights_dark")
        charts_drawn(tab)
        screenshot(tab, "management_6_charts_dark")
        report = download_report(tab, tmp_path)
        opened = context.new_page()
        opened.goto(report.as_uri())
        expect(opened.locator("figure img")).to_have_count(5)
        screenshot(opened, "management_7_report_dark")  # the report keeps its white paper
    finally:
        context.close()
        dark.stop()
