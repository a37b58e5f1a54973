"""The sign-in screen: single sign-on when configured; demo personas only on demo data."""

from __future__ import annotations

import streamlit as st

from konnektus.db.database import Database
from konnektus.services import auth
from konnektus.ui.guard import role_label
from konnektus.ui.i18n import t
from konnektus.ui.identity import oidc_configured
from konnektus.ui.state import StateKeys


def sign_in_screen(db: Database) -> None:
    st.title(t("sign_in.title"))
    offered = False
    if oidc_configured():
        offered = True
        if st.button(t("sign_in.sso"), key="sso_login", type="primary", icon=":material/login:"):
            st.login()
    personas = auth.demo_personas(db)
    if personas:
        offered = True
        st.subheader(t("sign_in.demo_title"))
        st.caption(t("sign_in.demo_help"))
        for column, member in zip(st.columns(len(personas)), personas, strict=True):
            with column.container(border=True):
                st.markdown(f"**{role_label(member.role.value)}**")
                st.text(member.name)
                if st.button(
                    t("sign_in.as_role"), key=f"demo_{member.role.value}", width="stretch"
                ):
                    st.session_state[StateKeys.DEMO_STAFF_ID] = member.id
                    st.rerun()
    if not offered:
        st.info(t("sign_in.not_configured"))
