"""The process's one database connection, shared by every browser session."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from konnektus.db.database import Database, configured_path
from konnektus.db.errors import DatabaseError
from konnektus.ui.i18n import t


@st.cache_resource(show_spinner=False)
def open_database(path: str) -> Database:
    """The one connection to the file at `path` for this process (opened and migrated once;
    konnektus/ui/startup.py opens it when the server starts)."""
    return Database.open(Path(path))


def database() -> Database:
    """The open database; on failure a plain message (cause and fix) and the page stops."""
    try:
        return open_database(str(configured_path().resolve()))
    except DatabaseError as error:
        st.error(t("app.database_error", message=str(error)))
        st.stop()
