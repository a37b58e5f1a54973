"""What the screen showed when a button was drawn, for the run in which it is clicked.

Streamlit reruns the whole page on a click, so a page that reads a request's status again and
passes *that* as "the status I saw" passes whatever a colleague has just made of it, and the
conditional update (`... WHERE status = seen`) lets a stale click through (issue 13, break 6).
So each run keeps the status it shows, and an action takes the one kept by the run before,
the run that drew the button that was clicked.
"""

from __future__ import annotations

import streamlit as st


def shown_before(scope: str, object_id: int, current: str) -> str:
    """The value the previous run of this session showed for this object (the screen the
    user clicked on), or `current` when there was none; keeps `current` for the next run."""
    key = f"shown_{scope}_{object_id}"
    previous = st.session_state.get(key)
    st.session_state[key] = current
    return str(previous) if previous is not None else current


def forget_shown(scope: str, object_id: int) -> None:
    """After the user's own action: the next run shows (and acts on) the object as it is now."""
    st.session_state.pop(f"shown_{scope}_{object_id}", None)
