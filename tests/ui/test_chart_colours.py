"""Every chart of the overview, the sharing page, the retention page and the board report
draws each category in the one colour of the shared palette (konnektus/reporting/
chart_palette.py), no two categories of one chart alike, with a legend under the chart that
does not cut its labels (issue 20 point 7)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
import vl_convert

from konnektus import management_settings
from konnektus.db.database import Database
from konnektus.domain.permissions import Role
from konnektus.domain.promises import parse_month
from konnektus.i18n import translate
from konnektus.reporting import chart_palette as palette
from konnektus.services import board_report
from tests.conftest import DEMO_TODAY
from tests.helpers import demo_member
from tests.ui.conftest import ROOT, app_test, persona_id

# the field a chart colours by -> (category set, catalog key of a category's label)
COLOURED_FIELDS: dict[str, tuple[str, str]] = {
    "type": ("request_type", "request_type.{}"),
    "category": ("recipient_kind", "sharing.recipient_category.{}"),
    "state": ("retention_state", "retention.{}"),
    "standing": ("deadline", "overview.chart.standing_{}"),
    "group": ("on_time_group", "overview.chart.group_{}"),
    "status_label": ("notice_status", "sharing.status_{}"),
}


def colour_encodings(node: Any) -> Iterator[dict[str, Any]]:
    """Every colour encoding in a Vega-Lite spec, layers included."""
    if isinstance(node, dict):
        encoding = node.get("encoding")
        if isinstance(encoding, dict) and "color" in encoding:
            yield encoding["color"]
        for value in node.values():
            yield from colour_encodings(value)
    elif isinstance(node, list):
        for item in node:
            yield from colour_encodings(item)


def check_spec(name: str, spec: dict[str, Any], language: str) -> int:
    """Assert each coloured field of `spec` uses its set's mapping, without repeats, and a
    bottom legend in columns that fits its labels; returns how many were checked."""
    checked = 0
    for colour in colour_encodings(spec):
        field = colour["field"]
        assert field in COLOURED_FIELDS, f"{name}: {field} is coloured outside the palette"
        category_set, key = COLOURED_FIELDS[field]
        mapping = palette.CATEGORY_SETS[category_set]
        expected = {translate(key.format(k), language): c for k, c in mapping.items()}
        scale = colour["scale"]
        drawn = dict(zip(scale["domain"], scale["range"], strict=True))
        assert drawn == expected, f"{name}: {field} is not the shared {category_set} mapping"
        assert len(set(scale["range"])) == len(scale["range"]), f"{name}: a colour repeats"
        legend = colour["legend"]
        assert legend["orient"] == "bottom" and legend["columns"] >= 2, name
        assert legend["labelLimit"] >= palette.LEGEND_LABEL_LIMIT, name
        checked += 1
    return checked


def page_specs(
    page: str, role: Role, db_path: Path, language: str = "nl", **state: object
) -> list[dict[str, Any]]:
    at = app_test(ROOT / "pages" / page, staff_id=persona_id(db_path, role), language=language)
    for key, value in state.items():
        at.session_state[key] = value
    at.run()
    assert not at.exception
    return [json.loads(chart.proto.spec) for chart in at.get("vega_lite_chart")]


def test_no_category_set_repeats_a_colour() -> None:
    for name, mapping in palette.CATEGORY_SETS.items():
        assert len(set(mapping.values())) == len(mapping), name
    # the single lines drawn over a set are told apart from its categories
    assert palette.SHARE_LINE not in palette.RECIPIENT_KIND_COLOURS.values()
    # the two the issue saw in the same blue
    kinds = palette.RECIPIENT_KIND_COLOURS
    assert kinds["tax_authority"] != kinds["court"]


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_overview_charts_use_the_shared_colours(use_db: Path, language: str) -> None:
    specs = page_specs("home.py", Role.MANAGEMENT, use_db, ov_period=24, language=language)
    assert len(specs) == 5
    # requests by type, on time, open requests (bar and dot), retention states, recipient kinds
    assert sum(check_spec(f"overview {i}", s, language) for i, s in enumerate(specs)) == 6


def test_the_sharing_charts_use_the_same_colours(use_db: Path) -> None:
    specs = page_specs("sharing.py", Role.MANAGEMENT, use_db, sh_from=date(2000, 1, 1))
    assert len(specs) == 2
    assert sum(check_spec(f"sharing {i}", s, "nl") for i, s in enumerate(specs)) == 2


def test_the_retention_chart_uses_the_same_colours(use_db: Path) -> None:
    specs = page_specs("retention.py", Role.DPO, use_db)
    assert specs
    assert sum(check_spec(f"retention {i}", s, "nl") for i, s in enumerate(specs)) >= 1


def test_the_board_report_draws_the_same_colours(
    demo_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    drawn: list[dict[str, Any]] = []
    draw = vl_convert.vegalite_to_svg

    def to_svg(spec: dict[str, Any]) -> str:
        drawn.append(spec)  # kept, then drawn as the report draws it
        return str(draw(spec))

    monkeypatch.setattr(board_report.vl_convert, "vegalite_to_svg", to_svg)
    report = board_report.build_board_report(
        demo_db,
        demo_member(demo_db, Role.MANAGEMENT),
        parse_month("2026-10"),
        today=DEMO_TODAY,
        now=datetime(2026, 11, 26, 9, 0),
        thresholds=management_settings.load().thresholds,
    )
    assert report.html and len(drawn) == 5
    assert sum(check_spec(f"report {i}", s, "nl") for i, s in enumerate(drawn)) == 6
