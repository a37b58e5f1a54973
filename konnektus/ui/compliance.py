"""The colours of the retention states, the same on every page and in the board report
(kept in konnektus.reporting.charts, which the report uses outside Streamlit)."""

from __future__ import annotations

from konnektus.reporting.charts import RETENTION_COLOURS

STATE_COLOURS = RETENTION_COLOURS
