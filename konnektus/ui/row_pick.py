"""Open a record by clicking its row (issue 11: acting where you look).

Streamlit's row selection is positional: when the rows under a selection change (a new
search, an action that removed a row), the same position silently points at another record.
So the table's widget key carries a digest of the ids it shows: other rows make another
widget, which starts without a selection. What is open is kept apart, under `open_key`, as an
id: it stays open while the table changes under it, until another row is clicked.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any

import pandas as pd
import streamlit as st


def table_key(key: str, ids: Sequence[int]) -> str:
    """The widget key of a table showing these ids (tests select a row through it)."""
    digest = hashlib.sha256(",".join(str(int(i)) for i in ids).encode()).hexdigest()[:12]
    return f"{key}_{digest}"


def clickable_table(
    shown: pd.DataFrame | Any, ids: Sequence[int], *, key: str, open_key: str, **options: Any
) -> int | None:
    """Draw `shown` (a frame or a Styler, one row per id) with single-row selection. A click
    opens that row's id under `open_key`; returns the id that is open (clicked now or before),
    or None."""
    widget = table_key(key, ids)
    event = st.dataframe(
        shown,
        key=widget,
        on_select="rerun",
        selection_mode="single-row",
        hide_index=True,
        width="stretch",
        **options,
        placeholder="",
    )
    rows = [r for r in event.selection.rows if 0 <= r < len(ids)]
    # a selection stays ticked across reruns; only a new click opens, so a record opened
    # elsewhere (a form that just saved one) is not taken back by an old tick
    clicked = (widget, ids[rows[0]]) if rows else None
    if clicked is not None and st.session_state.get(f"{open_key}_clicked") != clicked:
        st.session_state[open_key] = int(clicked[1])
    st.session_state[f"{open_key}_clicked"] = clicked
    opened = st.session_state.get(open_key)
    return None if opened is None else int(opened)
