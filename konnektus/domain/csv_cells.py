"""CSV cells that a spreadsheet will not run (issue 13, break 9).

Excel, LibreOffice and Google Sheets read a cell that starts with `=`, `+`, `-` or `@` (and,
after a tab or carriage return, the same) as a formula: a person named `=HYPERLINK(...)` in an
export would run when the DPO opens it. Such a text cell gets a leading apostrophe, which the
spreadsheet shows as text and hides; numbers and dates stay as they are.
"""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
