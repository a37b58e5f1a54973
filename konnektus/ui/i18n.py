"""`t(key)` for pages: the one translation function, in the language of this session."""

from __future__ import annotations

from collections.abc import Iterable

import streamlit as st

from konnektus import i18n
from konnektus.ui.state import StateKeys

# the switch's words; the address carries the chosen word (?language=English)
LANGUAGE_NAMES = {"nl": "Nederlands", "en": "English"}


def current_language() -> str:
    language = st.session_state.get(StateKeys.LANGUAGE)
    if language is None:  # a new session (F5, a link): the address says it, before the switch
        named = st.query_params.get(StateKeys.LANGUAGE, "")
        language = {v: k for k, v in LANGUAGE_NAMES.items()}.get(named, named)
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
    """Nederlands / English in the sidebar. The choice lives in the session and in the
    address (?language=English; Dutch, the default, leaves it out), so it survives F5 and goes
    with a shared link."""
    if StateKeys.LANGUAGE not in st.session_state:  # a new session: a reload or a link
        st.session_state[StateKeys.LANGUAGE] = current_language()
    st.sidebar.segmented_control(
        t("app.language"),
        options=list(i18n.LANGUAGES),
        format_func=LANGUAGE_NAMES.__getitem__,
        key=StateKeys.LANGUAGE,
        default=i18n.DEFAULT_LANGUAGE,
        required=True,
        persist_state="session",
        bind="query-params",
        width="stretch",
    )
