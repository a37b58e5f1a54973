"""Who is signed in to this browser session: OIDC (st.user) or a demo persona.

The browser supplies at most an identity; the role always comes from the staff table. st.user
counts only when OIDC is configured in secrets.toml and says `is_logged_in`, so neither a
default test user nor a trusted-header setting can sign anyone in. The demo sign-in counts
only while the database holds demo data.
"""

from __future__ import annotations

import streamlit as st
from streamlit.errors import StreamlitSecretNotFoundError

from konnektus.clock import now_utc
from konnektus.db.database import Database
from konnektus.domain.staff import StaffMember
from konnektus.services import auth
from konnektus.ui.state import StateKeys


def oidc_configured() -> bool:
    try:
        return "auth" in st.secrets
    except StreamlitSecretNotFoundError:
        return False


def oidc_logged_in() -> bool:
    return oidc_configured() and st.user.get("is_logged_in") is True


class Refused(Exception):
    """Signed in with OIDC, but not as an active staff member."""


def signed_in_member(db: Database) -> StaffMember | None:
    """The active staff member of this session, None when signed out; raises Refused."""
    member: StaffMember | None = None
    method = ""
    if oidc_logged_in():
        email = st.user.get("email")
        try:
            member = auth.staff_for_email(
                db,
                str(email) if email else None,
                now=now_utc(),
                log_refusal=st.session_state.get(StateKeys.REFUSAL_LOGGED) != email,
            )
        except auth.SignInRefused:
            st.session_state[StateKeys.REFUSAL_LOGGED] = email
            raise Refused from None
        method = "oidc"
    elif StateKeys.DEMO_STAFF_ID in st.session_state:
        member = auth.demo_member(db, int(st.session_state[StateKeys.DEMO_STAFF_ID]))
        method = "demo"
    if member is not None and st.session_state.get(StateKeys.SIGN_IN_LOGGED) != member.id:
        auth.record_sign_in(db, member, method=method, now=now_utc())
        st.session_state[StateKeys.SIGN_IN_LOGGED] = member.id
    return member


def sign_out(db: Database, member: StaffMember) -> None:
    auth.record_sign_out(db, member, now=now_utc())
    for key in (StateKeys.DEMO_STAFF_ID, StateKeys.SIGN_IN_LOGGED):
        st.session_state.pop(key, None)
    # nothing one person revealed or exported stays behind for the next in this browser
    for key in [k for k in st.session_state if str(k).startswith(("revealed_", "export_"))]:
        st.session_state.pop(key, None)
    if oidc_logged_in():
        st.logout()
    else:
        st.rerun()
