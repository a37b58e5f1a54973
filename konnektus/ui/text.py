"""Showing text that people typed, safely.

Streamlit renders Markdown (and some HTML) in titles, captions, alerts and button labels.
Text that comes from a person or the database goes into elements that show text as it is
(st.text, st.code, dataframes, widget values), or through `plain()` first.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Mapping

from konnektus.domain.text import full_name

_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>:$<&])")


def plain(text: object) -> str:
    """Escape every Markdown and HTML-significant character so it prints literally."""
    return _MARKDOWN.sub(r"\\\1", str(text))


def person_label(row: Mapping[Hashable, object]) -> str:
    """'K0000012 · Jan de Vries · jan@... · Utrecht' for a choice list (shown as plain text)."""
    name = full_name(row.get("given_name"), row.get("tussenvoegsel"), row.get("family_name"))
    email = row.get("email") if isinstance(row.get("email"), str) else "-"
    city = row.get("city") if isinstance(row.get("city"), str) else "-"
    return f"{row.get('reference', '?')} · {name} · {email} · {city}"
