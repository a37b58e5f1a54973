"""Session-state keys, named once so pages and tests agree on them."""

from __future__ import annotations

from typing import Final


class StateKeys:
    LANGUAGE: Final = "language"
    DEMO_STAFF_ID: Final = "demo_staff_id"
