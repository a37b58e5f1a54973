"""The figures under the board report as CSV (the promises) and as an Excel workbook (the
promises and every chart's data, one sheet each). Counts only, no person; text cells that a
spreadsheet could read as a formula are written as text."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Final

import pandas as pd
from babel.dates import format_date
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
    """One row per promise, in Dutch words: the month by name, the obligation, the promise,
    its unit, this month's and last month's value, and the light (numbers stay numbers)."""
    header: list[object] = [
        translate("report.csv.month", "nl"),
        translate("report.csv.obligation", "nl"),
        translate("report.col_promise", "nl"),
        translate("report.csv.unit", "nl"),
        translate("report.col_month", "nl"),
        translate("report.col_previous", "nl"),
        translate("report.col_light", "nl"),
    ]
    month_name = str(format_date(month.first, format="LLLL yyyy", locale="nl_NL"))
    rows = [header]
    for line in lines:
        rows.append(
            [
                month_name,
                line.obligation,
                translate(line.title_key, "nl"),
                translate(f"report.csv.unit_{line.kind}", "nl"),
                line.value,
                line.previous,
                translate(f"overview.light.{line.light}", "nl"),
            ]
        )
    return rows


def to_csv(rows: list[list[object]]) -> bytes:
    """A Dutch CSV as Excel in the Netherlands reads it: `;` between cells, a decimal comma."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    for row in rows:
        writer.writerow([_csv_cell(v) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")  # BOM: Excel opens it as UTF-8


def _csv_cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.1f}".replace(".", ",")
    return _safe(value)


# The chart tables' columns and codes in Dutch words (the catalog's own sections).
_CODE_WORDS: Final = {
    "type": "request_type.{}",
    "state": "retention.{}",
    "category": "sharing.recipient_category.{}",
    "group": "overview.chart.group_{}",
}


def dutch_table(frame: pd.DataFrame) -> pd.DataFrame:
    """A chart's table with Dutch column names and every code as its word."""
    words = frame.copy()
    for column, key in _CODE_WORDS.items():
        if column in words.columns:
            words[column] = [translate(key.format(code), "nl") for code in words[column]]
    return words.rename(columns={c: translate(f"report.table_column.{c}", "nl") for c in words})


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
        shown = dutch_table(frame)
        data.append([str(c) for c in shown.columns])
        for record in shown.itertuples(index=False):
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
