"""What a Dutch user must never see (issue 11, "Dutch at every edge"), found in a page run.

Reads every string a page hands to the browser (labels, texts, options, placeholders, help,
metric values, chart titles) and every table it draws (cells, column settings), and names
what would show up as an ISO date, a raw code, "None", an English Streamlit default, an
unlabelled column or a number without separators.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

import pandas as pd
from google.protobuf.message import Message
from streamlit.testing.v1 import AppTest

# the proto fields that reach the screen as text
_SHOWN = frozenset(
    {"label", "body", "options", "placeholder", "help", "caption", "text", "delta", "value"}
)
_ISO = re.compile(r"\b\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2})?")
_CODE = re.compile(r"^[a-z]+(?:_[a-z0-9]+)+$")  # snake_case, a code by construction
_ENGLISH = re.compile(r"Choose an option|Choose options|Select all|No results|Page not found")
_NONE = re.compile(r"\bNone\b|\bnan\b|\bNaT\b|<NA>")
# "1 personen": a count of one takes the singular
_PLURAL = re.compile(
    r"(?<![\d.,])1 (personen|verzoeken|dagen|brieven|verstrekkingen|ontvangers|maanden"
    r"|jaren|regels|mensen|kennisgevingen|problemen|afgehandelde verzoeken|people|requests"
    r"|days|letters|disclosures|recipients|problems|notices)\b|\w\((?:en|s)\)"
)
# numbers of five digits or more need a separator (10.000), unless they are ids or years
_BIG = re.compile(r"(?<![\d.,#K-])\d{5,}(?![\d.,])")


def _strings(message: Message, path: str = "") -> Iterator[tuple[str, str]]:
    for field, value in message.ListFields():
        values = value if field.is_repeated else [value]
        if field.type == field.TYPE_MESSAGE:
            for item in values:
                if isinstance(item, Message):
                    yield from _strings(item, f"{path}.{field.name}")
        elif field.type == field.TYPE_STRING and field.name in _SHOWN:
            for item in values:
                yield f"{path}.{field.name}", str(item)


def _is_date(value: Any) -> bool:
    return isinstance(value, date | datetime | pd.Timestamp)


def _table_findings(index: int, element: Any, codes: frozenset[str]) -> Iterator[str]:
    frame: pd.DataFrame = element.value
    settings = json.loads(element.proto.columns or "{}")
    placeholder_empty = element.proto.HasField("placeholder") and element.proto.placeholder == ""
    for column in frame.columns:
        cells = frame[column]
        setting = settings.get(str(column), {})
        where = f"table {index} column {column!r}"
        if setting.get("hidden"):
            continue
        if not setting.get("label") and re.fullmatch(r"[a-z_]+", str(column)):
            yield f"{where}: no label (the raw column name shows)"
        if cells.isna().any() and not placeholder_empty:
            yield f"{where}: empty cells show as 'None'"
        present = cells.dropna()
        if pd.api.types.is_datetime64_any_dtype(cells) or any(map(_is_date, present)):
            kind = setting.get("type_config", {})
            if kind.get("type") not in ("date", "datetime") or "DD-MM-YYYY" not in str(
                kind.get("format", "")
            ):
                yield f"{where}: dates without the DD-MM-YYYY format"
            continue
        for cell in present.astype(str).head(500):
            if _ISO.search(cell):
                yield f"{where}: ISO date {cell!r}"
                break
            if cell in codes or _CODE.match(cell):
                yield f"{where}: code {cell!r}"
                break
            if _NONE.search(cell):
                yield f"{where}: {cell!r}"
                break


def findings(app: AppTest, codes: frozenset[str]) -> list[str]:
    found: list[str] = []
    for node in app._tree:  # AppTest offers no public walk over every node
        proto = getattr(node, "proto", None)
        if not isinstance(proto, Message):
            continue
        kind = type(node).__name__
        if kind == "Multiselect" and proto.select_all != 0:
            # Streamlit draws that option in English whatever the page's language
            found.append(f"multiselect {proto.label!r}: English 'Select all' option")
        # nothing chosen shows the placeholder, and without one Streamlit's English "Choose an
        # option" / "Choose options"
        nothing_chosen = kind == "Multiselect" or (
            kind == "Selectbox" and not proto.HasField("default")
        )
        if nothing_chosen and not proto.placeholder:
            found.append(f"{kind.lower()} {proto.label!r}: no Dutch placeholder")
        spec = getattr(proto, "spec", "")
        if isinstance(spec, str) and spec.startswith("{"):
            # a chart: axes and tooltips format numbers and dates by the chart's locale
            if "locale" not in json.loads(spec).get("config", {}):
                found.append("chart without the page's number and date locale")
            continue
        if kind in ("DateInput", "Dataframe"):
            if kind == "DateInput" and getattr(proto, "format", "") != "DD-MM-YYYY":
                found.append(f"date input {proto.label!r}: format {proto.format!r}")
            continue
        for where, text in _strings(proto, kind):
            if _ISO.search(text):
                found.append(f"{where}: ISO date in {text[:80]!r}")
            if _NONE.search(text):
                found.append(f"{where}: {text[:80]!r}")
            if _ENGLISH.search(text):
                found.append(f"{where}: English {text[:80]!r}")
            if text.strip() in codes or _CODE.match(text.strip()):
                found.append(f"{where}: code {text[:80]!r}")
            if _PLURAL.search(text):
                found.append(f"{where}: plural after 1 in {text[:80]!r}")
            if _BIG.search(text):
                found.append(f"{where}: number without separator in {text[:80]!r}")
    for index, table in enumerate(app.dataframe):
        found.extend(_table_findings(index, table, codes))
    return found
