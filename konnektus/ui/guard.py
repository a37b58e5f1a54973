"""The guard every page file opens with (and app.py's set-up).

Streamlit can run a file in `pages/` without app.py (shared/docs/stack-notes.md), so each page
sets itself up and checks, on every run: page config, language, database, demo banner, a
signed-in active staff member, and a role that may open this page. Anything else ends in a
plain refusal and st.stop(), before the page has read a single row. The service layer checks
the role again; this guard keeps the screen honest.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NoReturn

import streamlit as st

from konnektus.db.database import Database
from konnektus.domain.permissions import can
from konnektus.domain.staff import StaffMember
from konnektus.services import auth
from konnektus.ui.connection import database
from konnektus.ui.i18n import current_language, language_switch, t
from konnektus.ui.identity import (
    Refused,
    oidc_logged_in,
    sign_out,
    signed_in_member,
    write_cookies,
)
from konnektus.ui.jobs import start_scheduler
from konnektus.ui.narrow_screen import wrap_metric_labels
from konnektus.ui.navigation import PAGE_BY_ID
from konnektus.ui.sign_in import sign_in_choices

# An emoji: the browser draws it itself (see resolve_session)
PAGE_ICON = "🛡️"


@dataclass(frozen=True)
class Session:
    db: Database
    language: str
    demo: bool
    member: StaffMember | None


@dataclass(frozen=True)
class PageContext:
    db: Database
    language: str
    demo: bool
    member: StaffMember


def resolve_session() -> Session:
    """Database, demo flag and who is signed in; renders nothing unless it must refuse.

    Both app.py and each page call this in the same run, so it draws no widgets; the page's
    chrome comes from `render_chrome`, called once per run by whatever renders the body.
    """
    # An emoji icon is drawn in the browser (an inline SVG); a ":material/...:" icon would make
    # every staff browser fetch it from fonts.gstatic.com, i.e. tell Google who opened the
    # privacy dashboard when.
    st.set_page_config(page_title=t("app.title"), page_icon=PAGE_ICON, layout="wide")
    db = database()
    start_scheduler(db)  # once per process: the retention run, holds ending, the outbox
    demo = auth.holds_demo_data(db)
    try:
        member = signed_in_member(db)
    except Refused:
        _refuse_identity()
    return Session(db, current_language(), demo, member)


def render_chrome(session: Session) -> None:
    """Language switch, demo banner and the signed-in member with a sign-out button."""
    wrap_metric_labels()
    language_switch()
    if session.demo:
        st.warning(t("demo.banner"), icon=":material/science:")
    if session.member is not None:
        _sidebar_identity(session.db, session.member)
        with st.sidebar:  # the cookie script takes no room above the page's title
            write_cookies(session.member)


def guard_page(page_id: str) -> PageContext:
    """Set up the page and stop unless an active staff member whose role may open it."""
    session = resolve_session()
    render_chrome(session)
    if session.member is None:
        _refuse_signed_out(session, page_id)
    if not can(session.member.role, PAGE_BY_ID[page_id].action):
        _refuse(t("guard.not_allowed"))
    return PageContext(session.db, session.language, session.demo, session.member)


def role_label(role: str) -> str:
    return t(f"role.{role}")


def _refuse(message: str) -> NoReturn:
    st.error(message, icon=":material/lock:")
    st.markdown(f"[{t('guard.to_sign_in')}](/)")
    st.stop()


def _refuse_signed_out(session: Session, page_id: str) -> NoReturn:
    """Signed out: say so, and offer the sign-in right here, so that signing in opens this
    page (Streamlit may run this file without app.py, on a fresh server's first request)."""
    st.error(t("guard.signed_out"), icon=":material/lock:")
    sign_in_choices(session.db, page_id)
    st.stop()


def _refuse_identity() -> NoReturn:
    st.error(t("guard.unknown_identity"), icon=":material/block:")
    if oidc_logged_in() and st.button(t("guard.sign_out"), key="refused_sign_out"):
        st.logout()
    st.stop()


def _sidebar_identity(db: Database, member: StaffMember) -> None:
    with st.sidebar:
        st.caption(t("guard.signed_in_as"))
        st.text(f"{member.name}\n{role_label(member.role.value)}")
        if st.button(t("guard.sign_out"), key="sign_out", icon=":material/logout:"):
            sign_out(db, member)
