"""`t(key)` for pages: the one translation function, in the language of this session."""

from __future__ import annotations

import streamlit as st

from konnektus import i18n
from konnektus.ui.state import StateKeys


def current_language() -> str:
    language = st.session_state.get(StateKeys.LANGUAGE, i18n.DEFAULT_LANGUAGE)
    return language if language in i18n.LANGUAGES else i18n.DEFAULT_LANGUAGE


def t(key: str, /, **values: object) -> str:
    return i18n.translate(key, current_language(), **values)


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
