"""`t(key)` for pages: the one translation function, in the language of this session."""

from __future__ import annotations

from collections.abc import Iterable

import streamlit as st

from konnektus import i18n
from konnektus.ui.state import StateKeys


def current_language() -> str:
    language = st.session_state.get(StateKeys.LANGUAGE, i18n.DEFAULT_LANGUAGE)
    return language if language in i18n.LANGUAGES else i18n.DEFAULT_LANGUAGE


def t(key: str, /, **values: object) -> str:
    return i18n.translate(key, current_language(), **values)


def t_each(prefix: str, codes: Iterable[object], /) -> list[str]:
    """`t(f"{prefix}{code}")` for each code: a table column of codes as words. The language
    is read once and each distinct code translated once (hundreds of rows per rerun, and
    reading the session's language costs more than the lookup itself)."""
    language = current_language()
    found: dict[object, str] = {}
    words = []
    for code in codes:
        word = found.get(code)
        if word is None:
            word = found[code] = i18n.translate(f"{prefix}{code}", language)
        words.append(word)
    return words


def language_switch() -> None:
    """Nederlands / English in the sidebar; the choice lives in the session."""
    st.session_state.setdefault(StateKeys.LANGUAGE, i18n.DEFAULT_LANGUAGE)
    st.sidebar.segmented_control(
        t("app.language"),
        options=list(i18n.LANGUAGES),
        format_func={"nl": "Nederlands", "en": "English"}.__getitem__,
        key=StateKeys.LANGUAGE,
        required=True,
        persist_state="session",
        width="stretch",
    )
