"""Forms that keep what was typed when a save is refused, and start empty after a save.

`st.form(clear_on_submit=True)` empties a form on every submit, refused or not, so a person
whose save was refused would lose their text. Instead a form keeps its widgets under keys; after
a successful save `saved_and_cleared` clears those keys on the next run (a widget's value cannot
be changed once it has been drawn in this run) and shows the confirmation there.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NoReturn

import streamlit as st


def _pending_key(form: str) -> str:
    return f"saved_{form}"


def saved_and_cleared(form: str, widget_keys: Iterable[str], message: str) -> NoReturn:
    """Remember to clear the form's widgets and confirm the save, then rerun at once."""
    st.session_state[_pending_key(form)] = (tuple(widget_keys), message)
    st.rerun()


def confirm_previous_save(form: str) -> None:
    """Call before drawing the form: clears it after a save and shows the confirmation."""
    pending = st.session_state.pop(_pending_key(form), None)
    if pending is None:
        return
    widget_keys, message = pending
    for key in widget_keys:
        st.session_state.pop(key, None)
    st.success(message, icon=":material/check:")
