"""Pages that stay whole on a small laptop (1,024 px, issue 20 point 7).

Streamlit draws a metric's label on one line and cuts it with an ellipsis when its column is
narrow ("Verzoeken van betr…"); four metrics side by side at 1,024 px cut most of them. The
style below lets a label wrap instead. It is our own fixed text, no person's input.
"""

from __future__ import annotations

import streamlit as st

WRAP_METRIC_LABELS = """<style>
[data-testid="stMetricLabel"], [data-testid="stMetricLabel"] * {
  white-space: normal !important;
  overflow: visible !important;
  text-overflow: clip !important;
  height: auto !important;
}
</style>"""


def wrap_metric_labels() -> None:
    """Once per run, before the body: metric labels wrap rather than being cut off."""
    st.html(WRAP_METRIC_LABELS)
