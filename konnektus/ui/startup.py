"""What the dashboard process does once, when the server starts, before any browser connects.

app.py hands this to `st.App(lifespan=...)`, so `streamlit run app.py` runs it at start-up:

- **No legacy page listing.** A folder named `pages/` next to app.py makes Streamlit 1.67 run
  its multipage-v1 path (`PagesManager.uses_pages_directory`, a process-wide flag) until some
  session first calls `st.navigation`. On that path the very first request of a fresh server
  lists every file in `pages/` by its raw name in the sidebar, runs a page file without
  app.py, and answers an unknown address with Streamlit's English "Page not found" dialog,
  all before any of our code runs. `st.navigation` itself turns the flag off; doing the same
  before the first session means every request, the first included, goes through app.py and
  its Dutch menu (the page guards still stand, for AppTest and any other way in).
- **Warm before the first visitor.** The imports of every page, the database (opened, and
  migrated when needed) and the scheduler are ready when the first browser connects, instead
  of costing that visitor 1.5 s or more.
"""

from __future__ import annotations

import importlib
import logging
import pkgutil
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from streamlit.runtime.pages_manager import PagesManager

import konnektus.ui
from konnektus.db.database import configured_path
from konnektus.db.errors import DatabaseError

LOG = logging.getLogger(__name__)


def route_every_request_through_app() -> None:
    """Turn off Streamlit's multipage-v1 path for this process (what st.navigation does on
    its first call, done before the first session instead)."""
    PagesManager.uses_pages_directory = False


def import_page_modules() -> None:
    """Import every module the pages use, so no visitor waits for pandas, Altair and ours."""
    for module in pkgutil.iter_modules(konnektus.ui.__path__, f"{konnektus.ui.__name__}."):
        try:
            importlib.import_module(module.name)
        except Exception:  # that page shows the error when opened; the others still serve
            LOG.exception("Importing %s at start-up failed", module.name)


def open_database_and_jobs() -> None:
    """The process's one connection and its scheduler, as the first session would start them.
    A failure is left for that session to show in words (the guard's database message)."""
    from konnektus.ui.connection import open_database
    from konnektus.ui.jobs import start_scheduler

    try:
        db = open_database(str(configured_path().resolve()))
    except DatabaseError as error:
        LOG.warning("The database did not open at start-up: %s", error)
        return
    start_scheduler(db)


@asynccontextmanager
async def lifespan(_app: Any) -> AsyncIterator[None]:
    route_every_request_through_app()
    import_page_modules()
    open_database_and_jobs()
    yield
