"""The board report: self-contained HTML in Dutch with the charts as images, CSV and Excel of
the figures, no personal data; the monthly job queues it in the outbox, audited."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime

import pytest

from konnektus import management_settings
from konnektus.db.database import Database
from konnektus.domain.permissions import Role
from konnektus.domain.promises import PROMISES, parse_month
from konnektus.jobs.scheduler import once_a_month
from konnektus.management_settings import ManagementSettings
from konnektus.services.board_report import BoardReport, build_board_report, queue_board_report
from konnektus.services.outbox import deliver_pending
from tests.conftest import DEMO_TODAY
from tests.helpers import demo_member
from tests.personal_data import found_in, personal_values, xlsx_text
from tests.services.test_outbox import Inbox, SmtpSettings, smtp  # noqa: F401 (fixture)

NOW = datetime(2026, 11, 26, 9, 0)
THRESHOLDS = management_settings.load().thresholds


@pytest.fixture
def report(demo_db: Database) -> BoardReport:
    return build_board_report(
        demo_db,
        demo_member(demo_db, Role.MANAGEMENT),
        parse_month("2026-10"),
        today=DEMO_TODAY,
        now=NOW,
        thresholds=THRESHOLDS,
    )


def test_the_report_is_one_dutch_html_file_for_a4_with_five_charts_inlined(
    report: BoardReport,
) -> None:
    html = report.html
    assert html.startswith("<!DOCTYPE html>") and '<html lang="nl">' in html
    assert "Bestuursrapportage privacy, oktober 2026" in html
    assert "size: A4" in html
    assert html.count('src="data:image/svg+xml;base64,') == 5
    assert "http://" not in html.replace("http://www.w3.org", "")  # nothing fetched
    assert "https://" not in html
    for promise in PROMISES:  # a text per promise: what went right, or wrong and what we do
        assert promise.obligation in html
    assert "Wat goed ging:" in html
    assert report.stem == "konnektus-bestuursrapportage-2026-10"


def test_the_csv_and_the_workbook_hold_one_row_per_promise(report: BoardReport) -> None:
    rows = list(csv.reader(io.StringIO(report.csv.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["maand", "verplichting", "Belofte"]
    assert [r[1] for r in rows[1:]] == [p.obligation for p in PROMISES]
    assert {r[0] for r in rows[1:]} == {"oktober 2026"}
    text = xlsx_text(report.xlsx)
    assert "Beloften" in text and "Verzoeken per maand" in text


def test_the_csv_and_the_workbook_speak_dutch_without_codes(report: BoardReport) -> None:
    """Issue 20: no raw keys (`erasure_on_time`), no `100.0`: words and a decimal comma."""
    text = report.csv.decode("utf-8-sig")
    assert not [p.key for p in PROMISES if p.key in text]
    shares = [r[4] for r in csv.reader(io.StringIO(text), delimiter=";") if r[3] == "procent"]
    assert shares and all("." not in v for v in shares)
    assert any("," in v for v in shares)
    book = xlsx_text(report.xlsx)
    for code in ("erasure", "not_notified", "tax_authority", "received", "on_time"):
        assert f">{code}<" not in book  # a cell of the workbook's XML
    assert ">soort verzoek<" in book and ">verwijdering<" in book


def test_neither_the_report_nor_the_spreadsheet_names_a_person(
    demo_db: Database, report: BoardReport
) -> None:
    values = personal_values(demo_db)
    assert len(values) > 3000
    assert found_in(report.html, values) == []
    assert found_in(report.csv.decode("utf-8-sig"), values) == []
    assert found_in(xlsx_text(report.xlsx), values) == []


def test_the_monthly_job_queues_the_report_to_every_address_and_audits_it(
    demo_db: Database,
) -> None:
    settings = ManagementSettings(THRESHOLDS, ("directie@konnektus.nl", "rvc@konnektus.nl"))
    sent = queue_board_report(
        demo_db, demo_member(demo_db, Role.MANAGEMENT), now=NOW, settings=settings
    )
    assert sent.month == parse_month("2026-10") and sent.letters == 2
    letters = demo_db.query(
        "SELECT recipient_email, subject, person_id, attachment_name, length(attachment)"
        " FROM letter WHERE kind = 'board_report' ORDER BY id"
    )
    assert [row[0] for row in letters] == ["directie@konnektus.nl", "rvc@konnektus.nl"]
    assert all(row[1] == "Bestuursrapportage privacy oktober 2026" for row in letters)
    assert all(row[2] is None for row in letters)
    assert all(row[3] == "konnektus-bestuursrapportage-2026-10.html" for row in letters)
    assert all(row[4] > 10_000 for row in letters)
    action, details = demo_db.query(
        "SELECT action, details FROM audit_entry ORDER BY id DESC LIMIT 1"
    )[0]
    assert action == "board_report_queued"
    assert json.loads(details) == {"letters": 2, "month": "2026-10"}


def test_the_outbox_delivers_the_report_as_an_attachment(demo_db: Database, smtp) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    settings, inbox = smtp
    queue_board_report(
        demo_db,
        demo_member(demo_db, Role.MANAGEMENT),
        now=NOW,
        settings=ManagementSettings(THRESHOLDS, ("directie@konnektus.nl",)),
    )
    report = deliver_pending(demo_db, settings, now=NOW)
    assert report.sent >= 1  # the demo's own notices wait in the outbox too (issue 20)
    [message] = [m for m in inbox.messages if m["To"] == "directie@konnektus.nl"]  # type: ignore[index]
    names = [part.get_filename() for part in message.walk() if part.get_filename()]  # type: ignore[attr-defined]
    assert names == ["konnektus-bestuursrapportage-2026-10.html"]


@pytest.mark.parametrize(
    ("last", "now", "due"),
    [
        (None, "2026-11-26T09:00+01:00", True),
        ("2026-11-01T06:00+01:00", "2026-11-30T23:00+01:00", False),
        ("2026-11-30T23:00+01:00", "2026-12-01T00:05+01:00", True),
        ("2026-12-31T23:30+01:00", "2027-01-01T00:01+01:00", True),
        ("2026-10-31T22:30+00:00", "2026-11-01T00:30+01:00", True),  # 23:30 in Amsterdam
        ("2026-10-31T23:30+00:00", "2026-11-01T00:30+01:00", False),  # already November there
    ],
)
def test_the_board_report_job_is_due_once_each_amsterdam_month(
    last: str | None, now: str, due: bool
) -> None:
    before = None if last is None else datetime.fromisoformat(last)
    assert once_a_month(before, datetime.fromisoformat(now)) is due


def test_the_settings_file_has_thresholds_for_every_promise_and_an_address() -> None:
    settings = management_settings.load()
    assert set(settings.thresholds) == {p.key for p in PROMISES}
    assert settings.report_recipients


def test_a_report_on_an_empty_database_builds_and_has_nothing_to_draw(empty_db: Database) -> None:
    from konnektus.domain.staff import CLI

    report = build_board_report(
        empty_db, CLI, parse_month("2026-10"), today=DEMO_TODAY, now=NOW, thresholds=THRESHOLDS
    )
    assert "data:image/svg+xml" not in report.html
    assert "In deze maand viel er niets te meten." in report.html
    assert report.xlsx.startswith(b"PK")
