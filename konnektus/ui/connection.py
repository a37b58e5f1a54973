"""The process's one database connection, shared by every browser session."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from konnektus.db.database import Database, configured_path
from konnektus.db.errors import DatabaseError
from konnektus.ui.i18n import t


@st.cache_resource(show_spinner=False)
def _open(path: str) -> Database:
    return Database.open(Path(path))


def database() -> Database:
    """The open database; on failure a plain message (cause and fix) and the page stops."""
    try:
        return _open(str(configured_path().resolve()))
    except DatabaseError as error:
        st.error(t("app.database_error", message=str(error)))
        st.stop()
