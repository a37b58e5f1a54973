"""A privacy dashboard tells no third party who opened it when: every request a staff
browser makes while signing in and opening each page goes to the dashboard's own server
(no web fonts, icons, analytics or CDNs). The page icon was a Material symbol, which
Streamlit's frontend fetches from fonts.gstatic.com; it is an emoji now, drawn in place."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from konnektus.domain.permissions import Role
from konnektus.i18n import translate
from konnektus.ui.navigation import pages_for
from tests.e2e.harness import Server, sign_in_as_demo, wait_for_app

LOCAL_SCHEMES = {"data", "blob", "about"}


def test_signing_in_and_opening_every_page_asks_nothing_of_another_host(
    server: Server, browser: Any
) -> None:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    tab = context.new_page()
    asked: list[str] = []
    tab.on("request", lambda request: asked.append(request.url))
    try:
        sign_in_as_demo(tab, server.url, Role.DPO.value)
        for spec in pages_for(Role.DPO):
            title = translate(spec.title_key, "nl")
            tab.locator('[data-testid="stSidebarNavLink"]', has_text=title).first.click()
            wait_for_app(tab)
        tab.wait_for_timeout(500)  # icons and images the last page asked for, asked
        own = urlsplit(server.url).netloc
        elsewhere = sorted(
            {
                url
                for url in asked
                if urlsplit(url).scheme not in LOCAL_SCHEMES and urlsplit(url).netloc != own
            }
        )
        assert len(asked) > 50  # the measurement saw the app load (scripts, websocket, media)
        assert elsewhere == []
    finally:
        context.close()
