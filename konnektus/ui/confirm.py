"""The one safety ladder every button that changes data climbs as far as its step needs.

1. A small step that can be undone: one click, nothing here.
2. A single step that cannot be undone (ending an employment): `confirm_effect` names what it
   does and that it cannot be undone, with Bevestigen and Annuleren.
3. A bulk step that cannot be undone (the retention clean-up, the O1 and medical removals for
   everyone): `confirm_count` also asks to type the number of people. A wrong number is refused
   with a sentence and nothing happens; the confirmation stays open.

Annuleren is always there, also after a refused number, and closes without any change. The
caller keeps its confirmation open with a session-state flag (shared/docs/stack-notes.md) and
passes `on_cancel` to drop it. The service checks the count it is given once more against what
it would act on, so a list that changed since it was shown is refused too.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from konnektus.domain.confirmation import count_confirmed
from konnektus.i18n import format_number
from konnektus.ui.i18n import t


def confirm_buttons(
    *,
    confirm_key: str,
    cancel_key: str,
    on_cancel: Callable[[], None],
    confirm_label: str | None = None,
    cancel_label: str | None = None,
) -> bool:
    """Bevestigen and Annuleren, side by side. Annuleren is drawn before anything the
    confirmation does, so it is there whatever happens next (a refusal, a wrong number); it
    calls `on_cancel` and draws the page again. True on the run Bevestigen is clicked."""
    yes, no = st.columns(2)
    if no.button(cancel_label or t("confirm.cancel"), key=cancel_key, icon=":material/close:"):
        on_cancel()
        st.rerun()
    return bool(
        yes.button(
            confirm_label or t("confirm.confirm"),
            key=confirm_key,
            type="primary",
            icon=":material/warning:",
        )
    )


def _effect(effect: str, note: str | None, details: Callable[[], None] | None) -> None:
    st.warning(effect, icon=":material/warning:")
    if note:
        st.info(note, icon=":material/lock:")
    if details is not None:
        details()


def confirm_effect(
    effect: str,
    *,
    confirm_key: str,
    cancel_key: str,
    on_cancel: Callable[[], None],
    confirm_label: str | None = None,
    note: str | None = None,
    details: Callable[[], None] | None = None,
) -> bool:
    """Rung 2: the effect (a catalog sentence that says it cannot be undone), an optional note
    and details (a table of who is concerned, say), and two buttons. True on the run the step
    is confirmed."""
    _effect(effect, note, details)
    return confirm_buttons(
        confirm_key=confirm_key,
        cancel_key=cancel_key,
        confirm_label=confirm_label,
        on_cancel=on_cancel,
    )


def confirm_count(
    effect: str,
    count: int,
    *,
    language: str,
    confirm_key: str,
    cancel_key: str,
    number_key: str,
    on_cancel: Callable[[], None],
    confirm_label: str | None = None,
    note: str | None = None,
    details: Callable[[], None] | None = None,
) -> bool:
    """Rung 3: the effect, the number of people to type, and two buttons. True only on the run
    the step is confirmed with exactly `count` typed; otherwise a refusal, and nothing done."""
    _effect(effect, note, details)
    shown = format_number(count, language)
    typed = st.text_input(t("confirm.type_count", count=shown), key=number_key, max_chars=12)
    if not confirm_buttons(
        confirm_key=confirm_key,
        cancel_key=cancel_key,
        confirm_label=confirm_label,
        on_cancel=on_cancel,
    ):
        return False
    if not count_confirmed(typed, count):
        st.error(t("confirm.wrong_count", count=shown), icon=":material/block:")
        return False
    return True
