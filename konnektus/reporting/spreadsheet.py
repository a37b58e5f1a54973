"""The figures under the board report as CSV (the promises) and as an Excel workbook (the
promises and every chart's data, one sheet each). Counts only, no person; text cells that a
spreadsheet could read as a formula are written as text."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

import pandas as pd
from openpyxl import Workbook

from konnektus.domain.promises import Period
from konnektus.i18n import translate
from konnektus.reporting.board_html import ReportLine

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _safe(value: object) -> object:
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def promise_rows(month: Period, lines: Sequence[ReportLine]) -> list[list[object]]:
    header: list[object] = [
        translate("report.csv.month", "nl"),
        translate("report.csv.key", "nl"),
        translate("report.csv.obligation", "nl"),
        translate("report.col_promise", "nl"),
        translate("report.csv.unit", "nl"),
        translate("report.col_month", "nl"),
        translate("report.col_previous", "nl"),
        translate("report.col_light", "nl"),
    ]
    rows = [header]
    for line in lines:
        rows.append(
            [
                month.first.strftime("%Y-%m"),
                line.key,
                line.obligation,
                translate(f"overview.promise.{line.key}.name", "nl"),
                translate(f"report.csv.unit_{line.kind}", "nl"),
                line.value,
                line.previous,
                translate(f"overview.light.{line.light}", "nl"),
            ]
        )
    return rows


def to_csv(rows: list[list[object]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for row in rows:
        writer.writerow(["" if v is None else _safe(v) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")  # BOM: Excel opens it as UTF-8


def to_xlsx(rows: list[list[object]], tables: dict[str, pd.DataFrame]) -> bytes:
    """One sheet of promises, then one per table (sheet name -> frame)."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = translate("report.sheet.promises", "nl")
    for row in rows:
        sheet.append([_safe(v) for v in row])
    for name, frame in tables.items():
        data = book.create_sheet(translate(f"report.sheet.{name}", "nl")[:31])
        data.append([str(c) for c in frame.columns])
        for record in frame.itertuples(index=False):
            data.append([_safe(_plain(v)) for v in record])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _plain(value: object) -> object:
    """Numpy and pandas scalars as plain Python values openpyxl writes."""
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None  # nothing measured: an empty cell
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if hasattr(value, "item"):
        return value.item()  # numpy scalar
    return value
