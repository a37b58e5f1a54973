"""The monthly board report (issue 12): the promises of one calendar month against the month
before, the trends of the twelve months up to it as images, and the figures as CSV and
Excel. Built for the page's download, the `report` command, and the monthly job that sends it
through the outbox. Aggregates only, never a person.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, date, datetime

import vl_convert

from konnektus.db import audit
from konnektus.db import letters as letter_rows
from konnektus.db.database import Database
from konnektus.domain.deadlines import AMSTERDAM
from konnektus.domain.permissions import Action
from konnektus.domain.promises import (
    Period,
    Threshold,
    add_months,
    last_complete_month,
    previous_month,
)
from konnektus.domain.staff import Actor, audit_identity
from konnektus.i18n import format_date, translate
from konnektus.management_settings import ManagementSettings
from konnektus.reporting import charts
from konnektus.reporting.board_html import ReportChart, ReportLine, render
from konnektus.reporting.spreadsheet import promise_rows, to_csv, to_xlsx
from konnektus.services.access import requires
from konnektus.services.management import promise_figures, trends

REPORT_LANGUAGE = "nl"  # the board reads Dutch


@dataclass(frozen=True)
class BoardReport:
    month: Period
    html: str
    csv: bytes
    xlsx: bytes
    build_seconds: float

    @property
    def stem(self) -> str:
        return f"konnektus-bestuursrapportage-{self.month.first:%Y-%m}"


@dataclass(frozen=True)
class BoardReportSent:
    month: Period
    letters: int


@requires(Action.VIEW_AGGREGATES, command_line=True)
def build_board_report(
    db: Database,
    actor: Actor,
    month: Period,
    *,
    today: date,
    now: datetime,
    thresholds: dict[str, Threshold],
) -> BoardReport:
    """The report of `month`: HTML (A4, charts inlined as SVG), CSV and .xlsx."""
    started = time.perf_counter()
    before = previous_month(month)
    figures = promise_figures(db, actor, month, before, today=today, thresholds=thresholds)
    lines = [
        ReportLine(
            f.promise.key,
            f.promise.obligation,
            f.promise.kind,
            f.value,
            f.previous,
            f.light,
            f.apart,
        )
        for f in figures
    ]
    span = Period(add_months(month.first, -11), month.last)
    data = trends(db, actor, span, today=today)
    language = REPORT_LANGUAGE
    # the open requests as they stood at the end of the month (or today, for this month)
    open_as_of = min(today, month.last)
    specs = charts.trend_specs(data, open_as_of, language)
    images = [
        ReportChart(f"overview.trend.{name}", str(vl_convert.vegalite_to_svg(specs[name])))
        for name in charts.CHART_NAMES
        if name in specs
    ]
    html = render(
        month=month,
        previous=before,
        lines=lines,
        charts=images,
        open_as_of=open_as_of,
        made_at=now,
        audit_head=_audit_head(db),
    )
    rows = promise_rows(month, lines)
    xlsx = to_xlsx(
        rows,
        {
            "requests": data.requests,
            "on_time": data.on_time,
            "retention": data.retention,
            "disclosures": data.disclosures,
        },
    )
    return BoardReport(month, html, to_csv(rows), xlsx, round(time.perf_counter() - started, 2))


def _audit_head(db: Database) -> tuple[int, str] | None:
    with db.cursor() as cur:
        return audit.head(cur)


@requires(Action.VIEW_AGGREGATES, command_line=True)
def queue_board_report(
    db: Database, actor: Actor, *, now: datetime, settings: ManagementSettings
) -> BoardReportSent:
    """Last month's report into the outbox, one letter per address in the settings, with the
    HTML attached; one transaction with its audit entry (the addresses are the board's, and
    the entry counts them)."""
    today = now.replace(tzinfo=UTC).astimezone(AMSTERDAM).date()  # now: naive UTC
    month = last_complete_month(today)
    report = build_board_report(
        db, actor, month, today=today, now=now, thresholds=settings.thresholds
    )
    month_name = format_date(month.first, REPORT_LANGUAGE, "MMMM y")
    subject = translate("report.mail_subject", REPORT_LANGUAGE, month=month_name)
    body = translate("report.mail_body", REPORT_LANGUAGE, month=month_name)
    staff_id, role = audit_identity(actor)
    with db.transaction() as cur:
        for address in settings.report_recipients:
            letter_id = letter_rows.add(
                cur,
                person_id=None,
                request_id=None,
                kind="board_report",
                language=REPORT_LANGUAGE,
                recipient_email=address,
                subject=subject,
                body=body,
                at=now,
            )
            letter_rows.attach(cur, letter_id, f"{report.stem}.html", report.html)
        audit.append(
            cur,
            at=now,
            staff_id=staff_id,
            role=role,
            action="board_report_queued",
            details={"month": f"{month.first:%Y-%m}", "letters": len(settings.report_recipients)},
        )
    return BoardReportSent(month, len(settings.report_recipients))
