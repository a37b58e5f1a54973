"""Issue 14: reading the uploaded files into tables of text, one per entity.

CSV: UTF-8 with or without a byte-order mark, separated by `,` or by `;` (what Dutch Excel
writes), the first line the headers. Excel (.xlsx): one sheet per entity, the first row the
headers, read with python-calamine. The entity is found from the file or sheet name
("personen.csv", sheet "Gegevens"), else from the headers. Every cell stays text here (an
Excel date becomes ISO, a whole number its digits); the check (import_check.py) reads the
values. Line numbers are the ones a spreadsheet shows: the header is line 1.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import PurePath

import numpy as np
import pandas as pd
from python_calamine import CalamineWorkbook

from konnektus.domain.import_format import Entity, entity_for_headers, entity_for_name
from konnektus.domain.import_values import Problem

PREVIEW_ROWS = 10


@dataclass(frozen=True)
class UploadedFile:
    name: str
    data: bytes


@dataclass
class RawTable:
    """One entity's rows as written: headers, cells as text, and each row's line number."""

    source: str  # the file name, with the sheet for a workbook ("export.xlsx, blad Personen")
    entity: Entity
    headers: list[str]
    rows: pd.DataFrame  # columns 0..n-1 by position, every cell stripped text
    lines: np.ndarray


@dataclass(frozen=True)
class ReadResult:
    tables: list[RawTable]
    problems: list[Problem]


def read_files(files: list[UploadedFile], *, limit: int | None = None) -> ReadResult:
    """Every file and sheet as a table; `limit` reads only the first rows (the preview)."""
    tables: list[RawTable] = []
    problems: list[Problem] = []
    for file in files:
        suffix = PurePath(file.name).suffix.lower()
        if suffix == ".xlsx":
            _read_workbook(file, tables, problems, limit)
        elif suffix in (".csv", ".txt"):
            _read_csv(file, tables, problems, limit)
        else:
            problems.append(Problem(file.name, None, None, "unknown_file_type"))
    seen: dict[str, str] = {}
    for table in tables:
        earlier = seen.setdefault(table.entity.name, table.source)
        if earlier != table.source:
            problems.append(Problem(table.source, None, None, "entity_twice", {"other": earlier}))
    return ReadResult(tables, problems)


def _table(
    source: str,
    sheet_name: str,
    headers: list[str],
    rows: pd.DataFrame,
    lines: np.ndarray,
    problems: list[Problem],
) -> RawTable | None:
    entity = entity_for_name(sheet_name) or entity_for_headers(headers)
    if entity is None:
        problems.append(Problem(source, None, None, "unknown_entity"))
        return None
    # a row left empty (a blank line, a spreadsheet's trailing rows) is no row
    if len(rows.columns):
        filled = (rows != "").any(axis=1).to_numpy()
        rows, lines = rows[filled].reset_index(drop=True), lines[filled]
    return RawTable(source, entity, headers, rows, lines)


def _read_csv(
    file: UploadedFile, tables: list[RawTable], problems: list[Problem], limit: int | None
) -> None:
    try:
        text = file.data.decode("utf-8-sig")
    except UnicodeDecodeError:
        problems.append(Problem(file.name, None, None, "not_utf8"))
        return
    first_line = text.split("\n", 1)[0]
    separator = ";" if first_line.count(";") > first_line.count(",") else ","
    try:
        frame = pd.read_csv(
            io.StringIO(text),
            sep=separator,
            header=None,
            dtype=str,
            keep_default_na=False,
            skip_blank_lines=False,
            nrows=None if limit is None else limit + 1,
        )
    except pd.errors.EmptyDataError:
        problems.append(Problem(file.name, None, None, "empty_file"))
        return
    except pd.errors.ParserError as error:
        problems.append(Problem(file.name, None, None, "bad_csv", {"detail": str(error)}))
        return
    if frame.empty:
        problems.append(Problem(file.name, None, None, "empty_file"))
        return
    frame = frame.apply(lambda column: column.str.strip())
    headers = [str(h) for h in frame.iloc[0]]
    rows = frame.iloc[1:].reset_index(drop=True)
    rows.columns = pd.RangeIndex(len(rows.columns))
    lines = np.arange(2, len(rows) + 2)
    table = _table(file.name, PurePath(file.name).stem, headers, rows, lines, problems)
    if table is not None:
        tables.append(table)


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, datetime):
        if value.time() == datetime.min.time():
            return value.date().isoformat()
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _column_text(column: pd.Series) -> pd.Series:
    """A sheet column as text: a column of text only (most of them) is stripped at once;
    one with dates, numbers or empty cells goes cell by cell. A 100,000-row sheet took
    seconds when every cell went through `_cell_text`."""
    if all(type(value) is str for value in column):
        return column.str.strip()
    return column.map(_cell_text).astype(object)


def _read_workbook(
    file: UploadedFile, tables: list[RawTable], problems: list[Problem], limit: int | None
) -> None:
    """Every sheet with headers, read by calamine (Rust): 100,000 rows in seconds, where
    openpyxl took a minute. Empty areas are kept, so line numbers are the sheet's own."""
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(file.data))
    except Exception:  # any file that is no workbook, whatever the reader calls it
        problems.append(Problem(file.name, None, None, "not_xlsx"))
        return
    for name in book.sheet_names:
        source = f"{file.name}, {name}"
        try:
            grid = book.get_sheet_by_name(name).to_python(
                skip_empty_area=False, nrows=None if limit is None else limit + 1
            )
        except Exception:
            problems.append(Problem(source, None, None, "not_xlsx"))
            continue
        if not grid:
            continue
        headers = [_cell_text(v) for v in grid[0]]
        if not any(headers):
            continue  # an empty sheet (a workbook's spare "Blad2") is no entity
        while headers and not headers[-1]:
            headers = headers[:-1]
        width = len(headers)
        body = pd.DataFrame(grid[1:], dtype=object)
        rows = pd.DataFrame(
            {i: _column_text(body[i]) if i in body else "" for i in range(width)},
            index=body.index,
        )
        lines = np.arange(2, len(rows) + 2)
        table = _table(source, name, headers, rows.astype(str), lines, problems)
        if table is not None:
            tables.append(table)
