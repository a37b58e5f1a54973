"""Entry point: sign-in, then st.navigation over the pages this role may open.

Each page guards itself again (konnektus/ui/guard.py), because Streamlit can run a page file
without this script.
"""

import streamlit as st

from konnektus.ui.guard import resolve_session
from konnektus.ui.i18n import t
from konnektus.ui.navigation import pages_for
from konnektus.ui.sign_in import sign_in_screen

session = resolve_session()
if session.member is None:
    st.navigation(
        [
            st.Page(
                lambda: sign_in_screen(session.db),
                title=t("sign_in.title"),
                icon=":material/login:",
                url_path="sign-in",
            )
        ]
    ).run()
else:
    pages = [
        st.Page(spec.path, title=t(spec.title_key), icon=spec.icon, default=index == 0)
        for index, spec in enumerate(pages_for(session.member.role))
    ]
    st.navigation(pages).run()
