"""Issue 14: the check report in words ("regel 7, kolom BSN: 123456789 is geen geldig BSN"),
as a table for the page, lines for the command line, and a CSV to download."""

from __future__ import annotations

import csv
import io

import pandas as pd

from konnektus.domain.errors import Term
from konnektus.domain.import_values import Problem
from konnektus.i18n import DEFAULT_LANGUAGE, translate


def problem_message(problem: Problem, language: str = DEFAULT_LANGUAGE) -> str:
    values = {  # a value that is a code (why a disclosure is unlawful) shows as its words
        name: translate(f"{value.section}.{value.code}", language)
        if isinstance(value, Term)
        else value
        for name, value in problem.params.items()
    }
    return translate(f"import.problem.{problem.code}", language, **values)


def problem_text(problem: Problem, language: str = DEFAULT_LANGUAGE) -> str:
    """'personen.csv, regel 7, kolom BSN: 123456789 is geen geldig BSN'."""
    message = problem_message(problem, language)
    if problem.line is not None and problem.column is not None:
        where = translate(
            "import.at_cell", language, line=problem.line, column=problem.column, message=message
        )
    elif problem.column is not None:
        where = translate("import.at_column", language, column=problem.column, message=message)
    else:
        where = message
    return f"{problem.file}, {where}"


def report_frame(problems: list[Problem], language: str = DEFAULT_LANGUAGE) -> pd.DataFrame:
    return pd.DataFrame(
        {
            translate("import.col_file", language): [p.file for p in problems],
            translate("import.col_line", language): pd.array(
                [p.line for p in problems], dtype="Int64"
            ),
            translate("import.col_column", language): [p.column or "" for p in problems],
            translate("import.col_problem", language): [
                problem_message(p, language) for p in problems
            ],
        }
    )


def _safe(cell: object) -> object:
    """Text that a spreadsheet would run as a formula is written as text ('=...')."""
    if isinstance(cell, str) and cell[:1] in ("=", "+", "-", "@"):
        return "'" + cell
    return cell


def report_csv(problems: list[Problem], language: str = DEFAULT_LANGUAGE) -> bytes:
    """The report as CSV for Dutch Excel: `;`-separated, UTF-8 with a byte-order mark."""
    frame = report_frame(problems, language)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(frame.columns)
    for row in frame.itertuples(index=False):
        writer.writerow(["" if pd.isna(c) else _safe(c) for c in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")
