"""Entry point: routes to the pages; each page guards itself (konnektus/ui/guard.py)."""

import streamlit as st

from konnektus.ui.i18n import t

navigation = st.navigation(
    [st.Page("pages/home.py", title=t("nav.home"), icon=":material/home:", default=True)]
)
navigation.run()
