"""The overview's chart specs (built once per language without data, the data filled in as
named datasets) say exactly what Altair says for the same frames."""

from __future__ import annotations

from datetime import date
from typing import Any

import altair as alt
import pandas as pd
import pytest
from altair.utils import data as altair_data

from konnektus.chart_locale import vega_spec
from konnektus.db.database import Database
from konnektus.domain.permissions import Role
from konnektus.domain.promises import trend_period
from konnektus.reporting import charts
from konnektus.services.management import trends
from tests.conftest import DEMO_TODAY
from tests.helpers import demo_member


def inlined(spec: dict[str, Any]) -> dict[str, Any]:
    """The spec with every named dataset written where it is used (Altair names its datasets
    by a hash of their values, the template by the chart)."""
    spec = dict(spec)
    datasets = spec.pop("datasets", {})

    def walk(node: Any) -> Any:
        if isinstance(node, dict):
            return {
                key: {"values": datasets[value["name"]]}
                if key == "data" and isinstance(value, dict) and "name" in value
                else walk(value)
                for key, value in node.items()
            }
        if isinstance(node, list):
            return [walk(item) for item in node]
        return node

    return walk(spec)  # type: ignore[no-any-return]


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_specs_equal_altairs_own_for_the_demo_data(demo_db: Database, language: str) -> None:
    data = trends(demo_db, demo_member(demo_db, Role.MANAGEMENT), trend_period(DEMO_TODAY, 24))
    fast = charts.trend_specs(data, DEMO_TODAY, language)
    # (two years of daily snapshots are more rows than Altair allows inline by default; the
    # template path has no such limit, and before it the page failed at 24 months)
    with alt.data_transformers.disable_max_rows():
        altair = {
            name: vega_spec(chart, language)
            for name, chart in charts.trend_charts(data, DEMO_TODAY, language).items()
        }
    assert len(data.retention) > 5000
    assert set(fast) == set(altair) == set(charts.CHART_NAMES)
    for name in charts.CHART_NAMES:
        assert inlined(fast[name]) == inlined(altair[name]), name
    # the template is shared, the data is not: a second call does not see the first's rows
    again = charts.trend_specs(data, DEMO_TODAY, language)
    assert again == fast
    assert again["requests"] is not fast["requests"]


def test_values_are_written_as_altair_writes_them() -> None:
    frame = pd.DataFrame(
        {
            "day": pd.to_datetime(pd.Series(["2026-11-01", None])),
            "share": [12.5, float("nan")],
            "count": [3, 4],
            "flag": [True, False],
            "label": ["een", None],
        }
    )
    assert charts._values(frame) == altair_data.to_values(frame)["values"]


def test_an_empty_frame_leaves_its_chart_out(demo_db: Database) -> None:
    data = trends(demo_db, demo_member(demo_db, Role.MANAGEMENT), trend_period(DEMO_TODAY, 3))
    emptied = type(data)(
        requests=data.requests.iloc[0:0],
        on_time=data.on_time,
        open_requests=data.open_requests.iloc[0:0],
        open_total=0,
        retention=data.retention,
        disclosures=data.disclosures,
    )
    assert set(charts.trend_specs(emptied, date(2026, 11, 26), "nl")) == {
        "on_time",
        "retention",
        "disclosures",
    }
