"""The sharing journey in a real browser (O8, issue 9): the DPO reads how many disclosures to
one recipient were never told to the people, narrows the list to that recipient's unnotified
disclosures, notifies them with one confirmed action, and watches the figure drop to 0.
Afterwards the outbox holds one letter per person, each disclosure linked to its letter; they
count as told only once the letter goes (issue 20), so the figure stays until then."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from konnektus.db import sharing as sharing_rows
from konnektus.db.database import Database
from konnektus.domain.sharing import period_bounds
from konnektus.i18n import format_number
from tests.e2e.harness import (
    E2E_START,
    Server,
    choose,
    open_tab,
    screenshot,
    sign_in_as_demo,
    start_streamlit,
    wait_for_app,
)
from tests.helpers import copy_database

TODAY = E2E_START.date()
# the sharing page's default period: the last twelve months (konnektus.ui.sharing_summary)
FIRST_DAY = TODAY.replace(day=1) - timedelta(days=365)


@dataclass(frozen=True)
class Recipient:
    id: int
    name: str
    open: int  # unnotified disclosures in the period, as the page counts them
    people: int  # distinct people among them
    ids: tuple[int, ...]  # those disclosures


def pick_recipient(path: Path) -> Recipient:
    """Not the recipient the page selects first (so the DPO must narrow to it), and one where
    a person had several unnotified disclosures (so one letter per person is tested)."""
    start, end = period_bounds(FIRST_DAY, TODAY)
    db = Database.open(path, read_only=True)
    with db.cursor() as cur:
        listed = sharing_rows.summary(cur, "recipient", FIRST_DAY, TODAY, start, end, TODAY)
        found = cur.execute(
            "SELECT d.recipient_id, list(d.id ORDER BY d.id), count(DISTINCT d.person_id)"
            " FROM disclosure d JOIN person p ON p.id = d.person_id"
            " WHERE d.notified_on IS NULL AND d.notice_letter_id IS NULL AND NOT d.blocked"
            " AND p.erased_at IS NULL AND d.disclosed_at >= ? AND d.disclosed_at < ? GROUP BY ALL",
            [start, end],
        ).fetchall()
    db.close()
    first_listed = int(listed["recipient_id"].iloc[0])
    candidates = [
        (len(ids), int(rid), tuple(int(i) for i in ids), int(people))
        for rid, ids, people in found
        if int(rid) != first_listed and len(ids) > people
    ]
    assert candidates, "the demo has no recipient with several unnotified disclosures per person"
    count, rid, ids, people = max(candidates)
    row = listed[listed["recipient_id"] == rid].iloc[0]
    # what Notify covers is what the page shows as "not notified" (no erased people here),
    # less the notices already waiting in the demo's outbox
    assert int(row["not_notified"]) >= count
    return Recipient(rid, str(row["name"]), count, people, ids)


@pytest.fixture
def own_server(demo_db_path: Path, tmp_path: Path) -> Iterator[tuple[Server, Path, Recipient]]:
    """A server on a private copy: this journey writes letters, and is checked afterwards."""
    path = tmp_path / "sharing.duckdb"
    copy_database(demo_db_path, path)  # with its log: the session's server may be writing
    recipient = pick_recipient(path)
    server = start_streamlit(path)
    yield server, path, recipient
    server.stop()


def figure(page: Any, label: str, *, within: str | None = None) -> Any:
    """The value of the metric called `label` (inside the container with key `within`)."""
    scope = page.locator(f".st-key-{within}") if within else page
    metric = scope.locator('[data-testid="stMetric"]').filter(
        has=page.get_by_text(label, exact=True)
    )
    return metric.first.locator('[data-testid="stMetricValue"]')


def number(value: int) -> str:
    return format_number(value, "nl")


def test_a_dpo_notifies_one_recipients_unnotified_disclosures_and_the_figure_drops(
    own_server: tuple[Server, Path, Recipient], page: Any
) -> None:
    server, path, recipient = own_server
    sign_in_as_demo(page, server.url, "dpo")
    page.locator('[data-testid="stSidebarNavLink"]', has_text="Verstrekkingen").click()
    wait_for_app(page)
    expect(page.get_by_role("heading", name="Verstrekkingen aan derden")).to_be_visible()
    headline = figure(page, "Niet geïnformeerd")  # the summary tab's figure for the period
    expect(headline).to_have_text(re.compile(r"^[\d.]+$"))
    total_before = int(headline.inner_text().replace(".", ""))
    screenshot(page, "sharing_1_summary")

    # narrow to the recipient: pick it, read its figure, show only what was never told
    open_tab(page, "Verstrekkingen per ontvanger")
    choose(page, "shx_recipient", recipient.name)
    not_notified = figure(page, "Niet geïnformeerd", within="shx_figures")
    untold_before = not_notified.inner_text()
    page.locator(".st-key-shx_only_open label").click()
    wait_for_app(page)
    screenshot(page, "sharing_2_recipient")

    # one action for all of them: preview, confirm, progress, done
    notify = page.locator(".st-key-shn_recipient button")
    expect(notify).to_contain_text(f"({number(recipient.open)})")
    notify.click()
    expect(page.locator(".st-key-shn_confirm button")).to_be_visible()
    preview = f"{number(recipient.open)} verstrekkingen aan {number(recipient.people)} betrokkenen"
    expect(page.get_by_text(preview)).to_be_visible()
    screenshot(page, "sharing_3_preview")
    page.locator(".st-key-shn_confirm button").click()
    done = (
        f"{number(recipient.people)} kennisgevingen zijn klaar voor verzending in de uitgaande"
        f" post, over {number(recipient.open)} verstrekkingen."
    )
    expect(page.get_by_text(done)).to_be_visible()

    # nothing is left to queue here, but nobody is told before the letters go (issue 20):
    # the figures stay as they were
    expect(notify).to_contain_text("(0)")
    expect(notify).to_be_disabled()
    expect(page.locator(".st-key-shn_confirm")).to_have_count(0)
    expect(not_notified).to_have_text(untold_before)
    expect(headline).to_have_text(number(total_before))
    screenshot(page, "sharing_4_notified")
    server.stop()

    db = Database.open(path, read_only=True)
    left = db.query(
        "SELECT count(*) FROM disclosure WHERE notified_on IS NULL"
        " AND id IN (SELECT unnest(?::BIGINT[]))",
        [list(recipient.ids)],
    )[0][0]
    marked = db.query(
        "SELECT DISTINCT notified_on FROM disclosure WHERE id IN (SELECT unnest(?::BIGINT[]))",
        [list(recipient.ids)],
    )
    people = {
        pid
        for (pid,) in db.query(
            "SELECT person_id FROM disclosure WHERE id IN (SELECT unnest(?::BIGINT[]))",
            [list(recipient.ids)],
        )
    }
    letters = db.query(
        "SELECT l.person_id, count(DISTINCT l.id) FROM letter l JOIN disclosure d"
        " ON d.notice_letter_id = l.id WHERE d.id IN (SELECT unnest(?::BIGINT[])) GROUP BY ALL",
        [list(recipient.ids)],
    )
    db.close()
    assert left == len(recipient.ids) and marked == [(None,)]
    # one letter per distinct person, to exactly those people, and none to anyone else
    assert dict(letters) == dict.fromkeys(people, 1)
    assert len(people) == recipient.people < recipient.open
