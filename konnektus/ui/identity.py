"""Who is signed in to this browser session: OIDC (st.user) or a demo persona.

The browser supplies at most an identity; the role always comes from the staff table. st.user
counts only when OIDC is configured in secrets.toml and says `is_logged_in`, so neither a
default test user nor a trusted-header setting can sign anyone in. The demo sign-in counts
only while the database holds demo data.

Staying signed in across a reload (a reload is a new Streamlit session with empty session
state): OIDC keeps its own signed cookie (st.login). A demo persona gets a signed token
(`auth.issue_demo_token`, 8 hours) in a cookie that this module writes from the page with a
small script; Streamlit reads cookies only from the request that opens a session
(`st.context.cookies`), so a token written now counts from the next reload on. Signing out
revokes the token in this process and removes the cookie.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

import streamlit as st
from streamlit import config
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


DEMO_COOKIE = "konnektus_demo"  # the signed demo token
NEXT_COOKIE = "konnektus_next"  # the page asked for before a single sign-on round trip
NEXT_COOKIE_SECONDS = 15 * 60


@st.cache_resource(show_spinner=False)
def _revoked_tokens() -> set[str]:
    """Demo tokens signed out in this process. A restart forgets them; they expire anyway,
    and the browser that signed out has removed its cookie."""
    return set()


def browser_cookie(name: str) -> str | None:
    """A cookie the browser sent when this session opened (AppTest cannot send any)."""
    value = st.context.cookies.get(name)
    return str(value) if value else None


def signed_in_member(db: Database) -> StaffMember | None:
    """The active staff member of this session, None when signed out; raises Refused."""
    member: StaffMember | None = None
    method = ""
    if oidc_logged_in():
        claims = st.user.to_dict()
        email = claims.get("email")
        try:
            member = auth.staff_for_identity(
                db,
                claims,
                now=now_utc(),
                log_refusal=st.session_state.get(StateKeys.REFUSAL_LOGGED) != email,
            )
        except auth.SignInRefused:
            st.session_state[StateKeys.REFUSAL_LOGGED] = email
            raise Refused from None
        method = "oidc"
    else:
        member = _demo_member(db)
        method = "demo"
    if member is not None and st.session_state.get(StateKeys.SIGN_IN_LOGGED) != member.id:
        auth.record_sign_in(db, member, method=method, now=now_utc())
        st.session_state[StateKeys.SIGN_IN_LOGGED] = member.id
    return member


def _demo_member(db: Database) -> StaffMember | None:
    """The demo persona chosen in this session, or restored from a valid token cookie."""
    if StateKeys.DEMO_STAFF_ID in st.session_state:
        return auth.demo_member(db, int(st.session_state[StateKeys.DEMO_STAFF_ID]))
    token = browser_cookie(DEMO_COOKIE)
    if token is None or token in _revoked_tokens():
        return None
    member = auth.member_for_demo_token(db, token, now=now_utc())
    if member is not None:
        st.session_state[StateKeys.DEMO_STAFF_ID] = member.id
        st.session_state[StateKeys.DEMO_TOKEN] = token
    return member


def choose_demo_persona(db: Database, member: StaffMember) -> None:
    """Sign in as this demo persona, now and (through the cookie) after a reload."""
    st.session_state[StateKeys.DEMO_STAFF_ID] = member.id
    token = auth.issue_demo_token(db, member, now=now_utc())
    if token is not None:
        st.session_state[StateKeys.DEMO_TOKEN] = token
    st.rerun()


def write_cookies(member: StaffMember | None, *, requested_page: str | None = None) -> None:
    """Bring the browser's cookies in line with this session, with a script that runs once
    in the page. Signed in by demo: the token. Signed out: no token. On a sign-in screen
    reached through a page's address, with single sign-on offered: that page, so the
    return from the identity provider (always to "/") can go on to it."""
    script = []
    token = st.session_state.get(StateKeys.DEMO_TOKEN) if member is not None else None
    if token and token != browser_cookie(DEMO_COOKIE) and not oidc_logged_in():
        script.append(_set_cookie(DEMO_COOKIE, token, max_age=_token_seconds_left(token)))
    if member is None and (
        browser_cookie(DEMO_COOKIE) or st.session_state.get(StateKeys.DEMO_SIGNED_OUT)
    ):
        script.append(_set_cookie(DEMO_COOKIE, "", max_age=0))
    if member is None and requested_page and oidc_configured():
        script.append(_set_cookie(NEXT_COOKIE, requested_page, max_age=NEXT_COOKIE_SECONDS))
    elif browser_cookie(NEXT_COOKIE) and (
        member is None or StateKeys.NEXT_TAKEN in st.session_state
    ):
        script.append(_set_cookie(NEXT_COOKIE, "", max_age=0))
    if script:
        st.html(f"<script>{''.join(script)}</script>", unsafe_allow_javascript=True)


def take_requested_page() -> str | None:
    """Once per session, right after single sign-on: the page asked for before it."""
    if StateKeys.NEXT_TAKEN in st.session_state:
        return None
    st.session_state[StateKeys.NEXT_TAKEN] = True
    return browser_cookie(NEXT_COOKIE)


def _cookie_path() -> str:
    base = str(config.get_option("server.baseUrlPath") or "").strip("/")
    return f"/{base}" if base else "/"


def _set_cookie(name: str, value: str, *, max_age: int | None = None) -> str:
    # Values are our own (a token in base64url and dots, or a page id), but they are
    # written as JSON strings anyway, so nothing in them can end the script.
    lifetime = f"; max-age={max_age}" if max_age is not None else ""
    attributes = f"; path={_cookie_path()}; samesite=lax{lifetime}"
    return f"document.cookie={json.dumps(name)}+'='+{json.dumps(value)}+{json.dumps(attributes)};"


def _token_seconds_left(token: str) -> int | None:
    """How long the browser keeps the token: the seconds it has left by our clock. A lifetime,
    not a date: the browser counts it on its own clock, so a server clock that differs from
    the browser's (a set clock in the tests, a drifting machine) cannot make the cookie
    arrive already expired, nor outlive the token by the difference."""
    expires = auth.demo_token_expiry(token)
    if expires is None:
        return None
    left = datetime.fromtimestamp(expires, UTC) - now_utc().replace(tzinfo=UTC)
    return max(0, int(left.total_seconds()))


def sign_out(db: Database, member: StaffMember) -> None:
    auth.record_sign_out(db, member, now=now_utc())
    token = st.session_state.get(StateKeys.DEMO_TOKEN)
    if token:
        _revoked_tokens().add(str(token))
    browser_token = browser_cookie(DEMO_COOKIE)
    if browser_token:
        _revoked_tokens().add(browser_token)
    for key in (StateKeys.DEMO_STAFF_ID, StateKeys.DEMO_TOKEN, StateKeys.SIGN_IN_LOGGED):
        st.session_state.pop(key, None)
    if token:  # a cookie this session wrote, which the browser still holds
        st.session_state[StateKeys.DEMO_SIGNED_OUT] = True
    # nothing one person revealed or exported stays behind for the next in this browser
    for key in [k for k in st.session_state if str(k).startswith(("revealed_", "export_"))]:
        st.session_state.pop(key, None)
    if oidc_logged_in():
        st.logout()
    else:
        st.rerun()
