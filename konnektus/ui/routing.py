"""Which st.Page answers which address, for app.py's st.navigation.

Every page address answers, whoever asks, so that a reload, a bookmark or a typed address
never meets Streamlit's own English "Page not found" pop-up (which also runs the main page):
- signed out, a page's address shows the sign-in screen there; signing in reruns the same
  address (Streamlit keys a page by its url path), so the page asked for opens;
- signed in, a page the role may not open is a hidden page that only refuses;
- any other single-segment address is a hidden Dutch "page not found" with a link home.
(An address of several segments, /a/b, never reaches Python: Streamlit's static files do not
load under it, so the browser shows an empty page. README says so.)
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from urllib.parse import unquote, urlparse

import streamlit as st
from streamlit import config
from streamlit.navigation.page import StreamlitPage

from konnektus.ui.guard import Session, render_chrome
from konnektus.ui.i18n import t
from konnektus.ui.identity import take_requested_page
from konnektus.ui.navigation import PAGES, pages_for
from konnektus.ui.sign_in import sign_in_screen

SIGN_IN_PATH = "sign-in"


def requested_path(url: str | None, base_url_path: str = "") -> str | None:
    """The page part of the browser's address: "requests" for http://host/requests, None for
    the root or an address of several segments."""
    if not url:
        return None
    path = unquote(urlparse(url).path).strip("/")
    base = base_url_path.strip("/")
    if base:
        if path != base and not path.startswith(f"{base}/"):
            return None
        path = path[len(base) :].strip("/")
    return path if path and "/" not in path else None


def navigation(session: Session) -> StreamlitPage:
    """Build st.navigation for this run and return the page to run (after sign-on, the page
    asked for before it, if the role may open it)."""
    pages = _signed_in_pages(session) if session.member is not None else _signed_out_pages(session)
    home = pages[0]
    requested = requested_path(st.context.url, str(config.get_option("server.baseUrlPath") or ""))
    if requested and requested not in {page.url_path for page in pages}:
        pages.append(
            _hidden(partial(not_found_screen, session, home), "guard.not_found_title", requested)
        )
    page = st.navigation(pages)
    if session.member is not None:
        target = take_requested_page()
        # the start page itself is where the return from sign-on lands anyway
        beyond_start = [spec.id for spec in pages_for(session.member.role)][1:]
        if page.url_path == "" and target in beyond_start:
            st.switch_page(next(p for p in pages if p.url_path == target))
    return page


def _signed_out_pages(session: Session) -> list[StreamlitPage]:
    sign_in = partial(sign_in_screen, session.db)
    pages = [_start_page(sign_in, "sign_in.title", ":material/login:")]
    pages.append(_hidden(sign_in, "sign_in.title", SIGN_IN_PATH))
    pages += [
        _hidden(partial(sign_in_screen, session.db, spec.id), spec.title_key, spec.id)
        for spec in PAGES
    ]
    return pages


def _signed_in_pages(session: Session) -> list[StreamlitPage]:
    assert session.member is not None
    first, *others = pages_for(session.member.role)
    home = _start_page(first.path, first.title_key, first.icon)
    pages = [home]
    pages += [
        st.Page(spec.path, title=t(spec.title_key), icon=spec.icon, url_path=spec.id)
        for spec in others
    ]
    # the start page's own address, and an old bookmark of the sign-in screen: the start page
    pages.append(_hidden(partial(_to_start, home), first.title_key, first.id))
    pages.append(_hidden(partial(_to_start, home), "sign_in.title", SIGN_IN_PATH))
    pages += [
        _hidden(partial(not_allowed_screen, session, home), spec.title_key, spec.id)
        for spec in PAGES
        if spec is not first and spec not in others
    ]
    return pages


def _start_page(body: str | Callable[[], None], title_key: str, icon: str) -> StreamlitPage:
    """The page at the root address. Its url path is empty rather than its own name:
    Streamlit matches a requested address against the root page's empty path, so a page
    named "home" that is also the default would not answer at /home (that address gets a
    hidden page of its own)."""
    return st.Page(body, title=t(title_key), icon=icon, url_path="", default=True)


def _hidden(body: Callable[[], None], title_key: str, url_path: str) -> StreamlitPage:
    return st.Page(body, title=t(title_key), url_path=url_path, visibility="hidden")


def _to_start(home: StreamlitPage) -> None:
    st.switch_page(home)


def not_found_screen(session: Session, home: StreamlitPage) -> None:
    render_chrome(session)
    st.title(t("guard.not_found_title"))
    st.write(t("guard.not_found"))
    st.page_link(home, label=t("guard.to_sign_in"), icon=":material/home:")


def not_allowed_screen(session: Session, home: StreamlitPage) -> None:
    render_chrome(session)
    st.error(t("guard.not_allowed"), icon=":material/lock:")
    st.page_link(home, label=t("guard.to_sign_in"), icon=":material/home:")
