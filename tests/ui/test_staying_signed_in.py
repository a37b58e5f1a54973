"""Staying signed in across a reload, refusing an unverified e-mail, and a Dutch "not found".

A reload is a fresh AppTest: empty session state. AppTest cannot send cookies, so the cookie
the browser would send is handed to `identity.browser_cookie` (the one place that reads them);
tests/e2e/test_staying_signed_in.py does the same with real cookies in Chromium.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from konnektus.clock import now_utc
from konnektus.db.database import Database
from konnektus.domain.permissions import Role
from konnektus.domain.staff import CLI
from konnektus.i18n import translate
from konnektus.services import auth
from konnektus.services.staff import add_staff, deactivate_staff
from konnektus.ui import identity
from konnektus.ui.routing import requested_path
from konnektus.ui.state import StateKeys
from tests.helpers import demo_member
from tests.ui.conftest import ROOT, app_test, error_texts

APP = ROOT / "app.py"
REQUESTS = ROOT / "pages" / "requests.py"
SIGNED_OUT = translate("guard.signed_out", "nl")


def browser_sends(monkeypatch: pytest.MonkeyPatch, **cookies: str) -> None:
    monkeypatch.setattr(identity, "browser_cookie", cookies.get)


def cookie_script(at: AppTest) -> str:
    # the page's own style (konnektus/ui/narrow_screen.py) is html too, and no script
    return "".join(h.value for h in at.html if not h.value.startswith("<style>"))


def token_for(db_path: Path, role: Role) -> str:
    db = Database.open(db_path)
    try:
        token = auth.issue_demo_token(db, demo_member(db, role), now=now_utc())
    finally:
        db.close()
    assert token is not None
    return token


def signed_in(at: AppTest) -> bool:
    return any(b.key == "sign_out" for b in at.button)


def test_choosing_a_persona_writes_a_signed_token_into_a_cookie(use_db: Path) -> None:
    at = app_test(APP).run()
    at.button(key="demo_dpo").click().run()
    assert not at.exception and signed_in(at)
    token = at.session_state[StateKeys.DEMO_TOKEN]
    script = cookie_script(at)
    assert identity.DEMO_COOKIE in script and token in script
    assert "samesite=lax" in script and "expires=" not in script
    # a lifetime, counted by the browser's own clock: a date from a server clock that differs
    # from the browser's (the browser tests set theirs) could arrive already past
    max_age = int(re.search(r"max-age=(\d+)", script).group(1))  # type: ignore[union-attr]
    assert auth.DEMO_TOKEN_LIFETIME.total_seconds() - 60 < max_age <= 8 * 3600
    db = Database.open(use_db)
    assert auth.member_for_demo_token(db, token, now=now_utc()) == demo_member(db, Role.DPO)


def test_after_a_reload_the_token_cookie_keeps_the_persona_on_the_page_it_was_on(
    use_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    browser_sends(monkeypatch, konnektus_demo=token_for(use_db, Role.DPO))
    at = app_test(REQUESTS, language="nl").run()  # a reload of /requests: the page file runs
    assert not at.exception and not error_texts(at)
    assert at.title[0].value == translate("requests.title", "nl")
    assert signed_in(at)
    assert not cookie_script(at), "the browser already holds this token"


def test_a_restored_session_is_audited_as_one_demo_sign_in(
    use_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    browser_sends(monkeypatch, konnektus_demo=token_for(use_db, Role.DPO))
    at = app_test(REQUESTS).run()
    at.run()
    db = Database.open(use_db)
    rows = db.query("SELECT action, details FROM audit_entry ORDER BY id DESC LIMIT 2")
    assert [r[0] for r in rows].count("sign_in") == 1
    assert json.loads(rows[0][1]) == {"method": "demo"}


@pytest.mark.parametrize("role", [Role.RECRUITER, Role.MANAGEMENT])
def test_a_restored_persona_still_sees_only_what_its_role_may(
    use_db: Path, monkeypatch: pytest.MonkeyPatch, role: Role
) -> None:
    browser_sends(monkeypatch, konnektus_demo=token_for(use_db, role))
    at = app_test(REQUESTS).run()
    assert error_texts(at) == [translate("guard.not_allowed", "nl")]


def test_a_tampered_token_cookie_signs_nobody_in_and_is_removed(
    use_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    token = token_for(use_db, Role.RECRUITER)
    version, body, signature = token.split(".")
    payload = json.loads(auth._unb64(body))
    payload["staff"] = demo_member(Database.open(use_db), Role.DPO).id
    forged = f"{version}.{auth._b64(json.dumps(payload).encode())}.{signature}"
    browser_sends(monkeypatch, konnektus_demo=forged)
    at = app_test(REQUESTS).run()
    assert error_texts(at) == [SIGNED_OUT] and not signed_in(at)
    assert re.search(r"konnektus_demo.*max-age=0", cookie_script(at))


def test_an_expired_token_cookie_signs_nobody_in(
    use_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = Database.open(use_db)
    token = auth.issue_demo_token(db, demo_member(db, Role.DPO), now=datetime(2026, 1, 1, 8))
    db.close()
    assert token is not None
    browser_sends(monkeypatch, konnektus_demo=token)
    at = app_test(REQUESTS).run()
    assert error_texts(at) == [SIGNED_OUT] and not signed_in(at)


def test_a_deactivated_member_is_out_at_the_next_reload_and_the_next_click(
    use_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    token = token_for(use_db, Role.RECRUITER)
    browser_sends(monkeypatch, konnektus_demo=token)
    at = app_test(ROOT / "pages" / "home.py").run()
    assert signed_in(at)
    db = Database.open(use_db)
    deactivate_staff(
        db, demo_member(db, Role.DPO), demo_member(db, Role.RECRUITER).email, now=now_utc()
    )
    db.close()
    at.run()  # the next click
    assert error_texts(at) == [SIGNED_OUT]
    assert error_texts(app_test(ROOT / "pages" / "home.py").run()) == [SIGNED_OUT]  # reload


def test_a_demo_token_is_worth_nothing_on_a_database_with_real_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, use_db: Path
) -> None:
    token = token_for(use_db, Role.DPO)
    real = tmp_path / "real.duckdb"
    db = Database.open(real)
    add_staff(db, CLI, "eva@konnektus.nl", "Eva", "dpo", now=now_utc())
    db.close()
    monkeypatch.setenv("KONNEKTUS_DB", str(real))
    browser_sends(monkeypatch, konnektus_demo=token)
    at = app_test(ROOT / "pages" / "home.py").run()
    assert error_texts(at) == [SIGNED_OUT] and not signed_in(at)


def test_signing_out_revokes_the_token_and_removes_the_cookie(
    use_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    token = token_for(use_db, Role.DPO)
    browser_sends(monkeypatch, konnektus_demo=token)
    at = app_test(APP).run()
    assert signed_in(at)
    at.button(key="sign_out").click().run()
    assert not signed_in(at)
    assert re.search(r"konnektus_demo.*max-age=0", cookie_script(at))
    # the same cookie, sent again by a reload or by another browser, signs nobody in
    assert not signed_in(app_test(APP).run())


def test_signed_out_a_page_offers_the_sign_in_there_and_opens_after_it(use_db: Path) -> None:
    at = app_test(REQUESTS).run()
    assert error_texts(at) == [SIGNED_OUT]
    at.button(key="demo_dpo").click().run()
    assert not at.exception and not error_texts(at)
    assert at.title[0].value == translate("requests.title", "nl")


def test_with_single_sign_on_the_page_asked_for_is_kept_for_the_return(use_db: Path) -> None:
    at = app_test(REQUESTS)
    at.secrets["auth"] = {"client_id": "x"}
    at.run()
    assert re.search(r"konnektus_next.*requests.*max-age=900", cookie_script(at))


# --- single sign-on with an unverified e-mail --------------------------------------------


def test_an_unverified_oidc_email_of_the_dpo_is_refused_and_audited(use_db: Path) -> None:
    at = app_test(
        ROOT / "pages" / "audit_log.py", oidc_email="SallyAnn@Konnektus.nl", email_verified=False
    ).run()
    assert not at.exception
    assert error_texts(at) == [translate("guard.unknown_identity", "nl")]
    assert not at.title and not at.dataframe
    db = Database.open(use_db)
    action, details = db.query("SELECT action, details FROM audit_entry ORDER BY id DESC LIMIT 1")[
        0
    ]
    assert action == "sign_in_refused" and json.loads(details)["reason"] == "email_unverified"


# --- unknown addresses -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "base", "expected"),
    [
        ("http://localhost:8501/requests", "", "requests"),
        ("http://localhost:8501/requests/", "", "requests"),
        ("http://localhost:8501/", "", None),
        ("http://localhost:8501", "", None),
        ("http://localhost:8501/a/b", "", None),
        ("http://localhost:8501/priv/requests", "priv", "requests"),
        ("http://localhost:8501/priv", "/priv/", None),
        ("http://localhost:8501/other", "priv", None),
        ("http://localhost:8501/caf%C3%A9", "", "café"),
        (None, "", None),
    ],
)
def test_the_page_part_of_an_address(url: str | None, base: str, expected: str | None) -> None:
    assert requested_path(url, base) == expected


def _not_found_app() -> None:
    import streamlit as st

    from konnektus.ui.guard import resolve_session
    from konnektus.ui.routing import not_found_screen

    session = resolve_session()
    home = st.Page(lambda: None, title="start", url_path="", default=True)
    missing = st.Page(lambda: None, title="missing", url_path="nergens")
    st.navigation([home, missing], position="hidden")
    not_found_screen(session, home)


@pytest.mark.parametrize(
    ("language", "title", "link"),
    [
        ("nl", "Pagina niet gevonden", "Naar de startpagina"),
        ("en", "Page not found", "To the start page"),
    ],
)
def test_an_unknown_address_says_page_not_found_with_a_link_home(
    use_db: Path, language: str, title: str, link: str
) -> None:
    at = AppTest.from_function(_not_found_app, default_timeout=30)
    at.session_state[StateKeys.LANGUAGE] = language
    at.run()
    assert not at.exception
    assert at.title[0].value == title
    links = at.get("page_link")
    assert [el.proto.label for el in links] == [link]
