"""After an action: the object is drawn again from its new state, and a message says what
changed (issue 20, point 3).

A click runs the page with the status the clicked screen showed (shown_state), so that a
stale click reaches the service and is refused. After the user's own action that kept status
is the old one: drawn from it, the next screen would offer the old state's buttons (an erased
request showing "reject"). So an action forgets what was shown, keeps its message for the
next run, and reruns at once: the next run reads the object fresh and offers only the buttons
of its new state. A refusal is handled the same way, since it may mean that someone else
changed the object.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NoReturn

import streamlit as st

from konnektus.ui.errors import service_error_text
from konnektus.ui.shown_state import forget_shown

RESULT_KEY = "action_result"  # (scope, object id, "success" | "error", sentence)


def after_action(scope: str, object_id: int, message: str, *, refused: bool = False) -> NoReturn:
    """Forget what the screen showed for this object, keep the message, and rerun now."""
    forget_shown(scope, object_id)
    st.session_state[RESULT_KEY] = (
        scope,
        int(object_id),
        "error" if refused else "success",
        message,
    )
    st.rerun()


def act(scope: str, object_id: int, action: Callable[[], Any], message: str) -> NoReturn:
    """Run a service call; either way, redraw the object from the database with the result:
    `message` when it went through, the refusal in one plain sentence when it did not."""
    try:
        action()
    except Exception as error:  # refusals and validation: one plain sentence
        after_action(scope, object_id, service_error_text(error), refused=True)
    after_action(scope, object_id, message)


def show_action_result(scope: str, object_id: int) -> None:
    """The message of the last action on this object, once, where the object is drawn."""
    result = st.session_state.get(RESULT_KEY)
    if result is None or tuple(result[:2]) != (scope, int(object_id)):
        return
    del st.session_state[RESULT_KEY]
    _, _, kind, message = result
    if kind == "error":
        st.error(message, icon=":material/error:")
    else:
        st.success(message, icon=":material/check_circle:")
