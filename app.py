"""Entry point: sign-in, then st.navigation over the pages this role may open.

`streamlit run app.py` finds the `st.App` below and serves it, so that konnektus/ui/startup.py
runs once when the server starts (before any browser connects: Streamlit's legacy `pages/`
listing switched off, the database and the jobs ready). Each browser session then runs this
same file as its script, and that run routes. Each page guards itself again
(konnektus/ui/guard.py). Which page answers which address: konnektus/ui/routing.py.
"""

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from konnektus.ui.guard import resolve_session
from konnektus.ui.routing import navigation
from konnektus.ui.startup import lifespan

if get_script_run_ctx(suppress_warning=True) is None:
    # imported by the server (not run for a session): the ASGI app, with its start-up work
    app = st.App(__file__, lifespan=lifespan)
else:
    navigation(resolve_session()).run()
