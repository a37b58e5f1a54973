"""The sign-in screen: single sign-on when configured; demo personas only on demo data."""

from __future__ import annotations

import streamlit as st

from konnektus.db.database import Database
from konnektus.services import auth
from konnektus.ui.i18n import t
from konnektus.ui.identity import choose_demo_persona, oidc_configured, write_cookies


def sign_in_screen(db: Database, requested_page: str | None = None) -> None:
    """The sign-in screen, at the root or at the address of the page asked for
    (`requested_page`, a page id): signing in then opens that page."""
    st.title(t("sign_in.title"))
    sign_in_choices(db, requested_page)


def sign_in_choices(db: Database, requested_page: str | None = None) -> None:
    write_cookies(None, requested_page=requested_page)
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
                st.markdown(f"**{t(f'role.{member.role.value}')}**")
                st.text(member.name)
                if st.button(
                    t("sign_in.as_role"), key=f"demo_{member.role.value}", width="stretch"
                ):
                    choose_demo_persona(db, member)
    if not offered:
        st.info(t("sign_in.not_configured"))
