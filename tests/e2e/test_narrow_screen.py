"""At 1,024 px (a small laptop) no metric label is cut off on the overview (management) and
the request queue (DPO), and the queue's columns can be read (issue 20 point 7). A label
counts as whole when its text fits its box (scrollWidth <= clientWidth), which wrapping
allows. Screenshots go to test-artifacts/."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.harness import Server, screenshot, sign_in_as_demo, wait_for_app

NARROW = {"width": 1024, "height": 768}
# every text element inside a metric label that is narrower than its text (cut or ellipsed)
CUT_LABELS = """() => [...document.querySelectorAll('[data-testid="stMetricLabel"]')]
  .flatMap(label => [label, ...label.querySelectorAll('*')])
  .filter(el => el.clientWidth > 0 && el.scrollWidth > el.clientWidth + 1)
  .map(el => el.closest('[data-testid="stMetricLabel"]').innerText.trim())"""


@pytest.fixture
def narrow_page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport=NARROW)
    tab = context.new_page()
    yield tab
    context.close()


def cut_labels(tab: Any) -> list[str]:
    found: list[str] = tab.evaluate(CUT_LABELS)
    return sorted(set(found))


def test_the_overview_cuts_no_metric_label_at_1024_px(server: Server, narrow_page: Any) -> None:
    sign_in_as_demo(narrow_page, server.url, "management")
    expect(narrow_page.locator('[data-testid="stMetric"]').first).to_be_visible()
    assert narrow_page.locator('[data-testid="stMetricLabel"]').count() >= 10
    screenshot(narrow_page, "narrow_overview")
    assert cut_labels(narrow_page) == []


def test_the_request_queue_is_readable_at_1024_px(server: Server, narrow_page: Any) -> None:
    sign_in_as_demo(narrow_page, server.url, "dpo")
    narrow_page.goto(f"{server.url}/requests")
    wait_for_app(narrow_page)
    grid = narrow_page.locator('[data-testid="stDataFrame"]').first
    expect(grid).to_be_visible()
    screenshot(narrow_page, "narrow_request_queue")
    assert cut_labels(narrow_page) == []
    # the queue's grid fits the page: no column is pushed out of sight to the right
    box = grid.bounding_box()
    assert box is not None and box["x"] + box["width"] <= NARROW["width"]
    headers = narrow_page.evaluate(
        """() => [...document.querySelectorAll('[data-testid="stDataFrame"]')][0]
             .querySelectorAll('[role="columnheader"]').length"""
    )
    assert headers >= 4
