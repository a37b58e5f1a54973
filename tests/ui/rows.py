"""Click a row of a table under AppTest (rows open by a click, konnektus/ui/row_pick.py)."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest


def click_row(at: AppTest, key: str, row: int) -> AppTest:
    """Tick row `row` of the table whose widget key starts with `key` and rerun (the key ends
    in a digest of the rows shown; the selection state is what a click in the browser sets)."""
    [table] = [d for d in at.dataframe if d.key and d.key.startswith(f"{key}_")]
    at.session_state[table.key] = {"selection": {"rows": [row], "columns": [], "cells": []}}
    return at.run()
