"""Session-state keys, named once so pages and tests agree on them."""

from __future__ import annotations

from typing import Final


class StateKeys:
    LANGUAGE: Final = "language"
    DEMO_STAFF_ID: Final = "demo_staff_id"  # the demo persona chosen on the sign-in screen
    DEMO_TOKEN: Final = "demo_token"  # its signed token, kept in a cookie for a reload
    DEMO_SIGNED_OUT: Final = "demo_signed_out"  # so the signed-out screen removes the cookie
    NEXT_TAKEN: Final = "next_page_taken"  # the page asked for before sign-on was followed
    SIGN_IN_LOGGED: Final = "sign_in_logged"  # staff id whose sign-in is in the audit log
    REFUSAL_LOGGED: Final = "refusal_logged"  # e-mail whose refusal is in the audit log
