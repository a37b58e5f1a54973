"""The guard every page file opens with, and app.py too.

Streamlit can run a file in `pages/` without app.py (see shared/docs/stack-notes.md), so each
page sets itself up: page config, language, database connection, demo banner.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from konnektus.db import meta
from konnektus.db.database import Database
from konnektus.ui.connection import database
from konnektus.ui.i18n import current_language, language_switch, t


@dataclass(frozen=True)
class PageContext:
    db: Database
    language: str
    demo: bool


def guard_page() -> PageContext:
    st.set_page_config(
        page_title=t("app.title"), page_icon=":material/shield_person:", layout="wide"
    )
    language_switch()
    db = database()
    with db.cursor() as cur:
        demo = meta.holds_demo_data(cur)
    if demo:
        st.warning(t("demo.banner"), icon=":material/science:")
    return PageContext(db=db, language=current_language(), demo=demo)
