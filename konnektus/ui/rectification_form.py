"""The rectification form (O10), one for the profile and the request desk.

The fields are shown as a Dutch reader writes them: the date of birth as dd-mm-jjjj (typed
the same way, or as jjjj-mm-dd), the language as its name. Only what was changed goes to the
service, which checks every value again.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pandas as pd
import streamlit as st

from konnektus.db.people import RECTIFIABLE
from konnektus.i18n import LANGUAGES, format_date
from konnektus.ui.i18n import t


def shown_value(value: object) -> str:
    """A field's stored value as the form shows it (an empty text for nothing)."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, datetime | pd.Timestamp):
        value = value.date()
    if isinstance(value, date):
        return format_date(value, "nl", "short")  # dd-mm-jjjj, the form's own format
    return str(value)


def rectification_inputs(person: dict[str, Any], *, key: str) -> dict[str, str | None]:
    """Draw one input per rectifiable field (inside the caller's form); return what changed,
    as the text typed (the language as its code)."""
    changed: dict[str, str | None] = {}
    for field in RECTIFIABLE:
        before = shown_value(person.get(field))
        label = t(f"statement.field.{field}")
        if field == "language":
            choices = list(LANGUAGES)
            value = st.selectbox(
                label,
                choices,
                index=choices.index(before) if before in choices else 0,
                format_func=lambda code: t(f"language_name.{code}"),
                key=f"{key}_{field}",
            )
        elif field == "date_of_birth":
            value = st.text_input(
                label, value=before, placeholder=t("forms.date_placeholder"), key=f"{key}_{field}"
            )
        else:
            value = st.text_input(label, value=before, key=f"{key}_{field}")
        if value != before:
            changed[field] = value
    return changed
