"""The management charts in Altair, shared by the overview page and the board report, so the
same state has the same colour everywhere. Plain Altair, no Streamlit: the report renders
them to images (vl-convert) outside any page.

Every frame comes summed from SQL (konnektus.db.management_trends): a chart draws a few
hundred rows at most.
"""

from __future__ import annotations

import copy
import functools
import math
from datetime import date
from typing import Any, Protocol

import altair as alt
import pandas as pd

from konnektus.chart_locale import vega_spec
from konnektus.domain.promises import deadline_standing
from konnektus.i18n import translate
from konnektus.reporting import chart_palette as palette

# the colours live in one palette module (colour-blind safe, one mapping per category set);
# the old names stay for the modules that import them from here
RETENTION_COLOURS = palette.RETENTION_STATE_COLOURS
LIGHT_COLOURS = palette.LIGHT_COLOURS
REQUEST_TYPE_COLOURS = palette.REQUEST_TYPE_COLOURS
DEADLINE_COLOURS = palette.DEADLINE_COLOURS
CATEGORY_COLOURS = palette.RECIPIENT_KIND_COLOURS
MONTH_AXIS = alt.Axis(format="%m-%Y", labelAngle=0)  # 10-2026: the same in both languages
WIDTH = 640


# A chart's data: a frame, or in a template (see trend_specs) the name of a dataset to come.
Source = pd.DataFrame | alt.NamedData


_scale = palette.colour_scale


def _requests_data(frame: pd.DataFrame, language: str) -> pd.DataFrame:
    types = {k: translate(f"request_type.{k}", language) for k in REQUEST_TYPE_COLOURS}
    measures = {m: translate(f"overview.chart.{m}", language) for m in ("received", "closed")}
    long = frame.melt(id_vars=["month", "type"], value_vars=["received", "closed"])
    return long.assign(type=long["type"].map(types), measure=long["variable"].map(measures))


def _requests_layout(source: Source, language: str) -> alt.Chart:
    types = {k: translate(f"request_type.{k}", language) for k in REQUEST_TYPE_COLOURS}
    measures = {m: translate(f"overview.chart.{m}", language) for m in ("received", "closed")}
    title_type = translate("overview.chart.type", language)
    chart: alt.Chart = (
        alt.Chart(source)
        .mark_bar()
        .encode(
            x=alt.X("yearmonth(month):O", title=None, axis=MONTH_AXIS),
            xOffset=alt.XOffset("measure:N", sort=list(measures.values())),
            y=alt.Y(
                "sum(value):Q",
                title=translate("overview.chart.requests", language),
                axis=alt.Axis(format="d"),
            ),
            color=alt.Color(
                "type:N",
                title=title_type,
                scale=_scale(REQUEST_TYPE_COLOURS, types),
                legend=palette.bottom_legend(4),
            ),
            opacity=alt.Opacity(
                "measure:N",
                title=None,
                scale=alt.Scale(domain=list(measures.values()), range=[1.0, 0.45]),
                # above the chart: two legends side by side under it would not fit
                legend=alt.Legend(orient="top", labelLimit=palette.LEGEND_LABEL_LIMIT),
            ),
            tooltip=[
                alt.Tooltip(
                    "yearmonth(month):O",
                    title=translate("overview.chart.month", language),
                    format="%m-%Y",
                ),
                alt.Tooltip("measure:N", title=" "),
                alt.Tooltip("type:N", title=title_type),
                alt.Tooltip(
                    "sum(value):Q", title=translate("overview.chart.requests", language), format="d"
                ),
            ],
        )
        .properties(width=WIDTH, height=240 + palette.legend_room(len(types), 4))
    )
    return chart


def requests_chart(frame: pd.DataFrame, language: str) -> alt.Chart:
    """Requests received and closed per month, by type (closed drawn lighter, beside)."""
    return _requests_layout(_requests_data(frame, language), language)


def _on_time_groups(language: str) -> dict[str, str]:
    return {g: translate(f"overview.chart.group_{g}", language) for g in ("erasure", "other")}


def _on_time_data(frame: pd.DataFrame, language: str) -> pd.DataFrame:
    return frame.assign(
        rate=(100.0 * frame["on_time"] / frame["closed"]).round(1),
        group=frame["group"].map(_on_time_groups(language)),
    )


def _on_time_layout(source: Source, language: str) -> alt.Chart:
    groups = _on_time_groups(language)
    rate_title = translate("overview.chart.on_time_rate", language)
    chart: alt.Chart = (
        alt.Chart(source)
        .mark_line(point=True)
        .encode(
            x=alt.X("yearmonth(month):O", title=None, axis=MONTH_AXIS),
            y=alt.Y("rate:Q", title=rate_title, scale=alt.Scale(domain=[0, 100])),
            color=alt.Color(
                "group:N",
                title=None,
                scale=_scale(palette.ON_TIME_GROUP_COLOURS, groups),
                legend=palette.bottom_legend(2),
            ),
            tooltip=[
                alt.Tooltip(
                    "yearmonth(month):O",
                    title=translate("overview.chart.month", language),
                    format="%m-%Y",
                ),
                alt.Tooltip("group:N", title=" "),
                alt.Tooltip("rate:Q", title=rate_title, format=".1f"),
                alt.Tooltip(
                    "closed:Q", title=translate("overview.chart.closed", language), format="d"
                ),
            ],
        )
        .properties(width=WIDTH, height=200 + palette.legend_room(len(groups), 2))
    )
    return chart


def on_time_chart(frame: pd.DataFrame, language: str) -> alt.Chart:
    """The share of requests closed by their due date, per month: erasure and the others."""
    return _on_time_layout(_on_time_data(frame, language), language)


def _standings(language: str) -> dict[str, str]:
    return {k: translate(f"overview.chart.standing_{k}", language) for k in DEADLINE_COLOURS}


def _open_requests_data(frame: pd.DataFrame, today: date, language: str) -> pd.DataFrame:
    """One row per request, in the frame's order (`rank`: the order on the y axis)."""
    standings = _standings(language)
    data = frame.assign(
        label=[
            f"{translate('overview.chart.request_ref', language, number=int(n))} · "
            f"{translate(f'request_type.{k}', language)}"
            for n, k in zip(frame["request"], frame["type"], strict=True)
        ],
        standing=[
            standings[deadline_standing(mark, due, bool(extended), today)]
            for mark, due, extended in zip(
                pd.to_datetime(frame["one_month_mark"]).dt.date,
                pd.to_datetime(frame["due_date"]).dt.date,
                frame["extended"],
                strict=True,
            )
        ],
        rank=range(len(frame)),
    )
    for column in ("received_on", "drawn_from", "one_month_mark", "due_date", "period_first"):
        data[column] = pd.to_datetime(data[column])
    return data


def _today_data(today: date, first: date) -> pd.DataFrame:
    """The day the requests were open on, and the period's first day (where the axis starts)."""
    return pd.DataFrame({"today": [pd.Timestamp(today)], "period_first": [pd.Timestamp(first)]})


def _period_first(frame: pd.DataFrame) -> date:
    first: date = pd.Timestamp(frame["period_first"].iloc[0]).date()
    return first


def _open_requests_height(rows: int) -> int:
    # room for every request's label, and for the legend of the standings
    return max(120, 24 * rows) + palette.legend_room(len(DEADLINE_COLOURS), 3)


def _open_requests_layout(
    source: Source, today_source: Source, height: int, language: str
) -> alt.LayerChart:
    # the requests in the frame's order (nearest due date first)
    y = alt.Y(
        "label:N",
        sort=alt.EncodingSortField(field="rank", op="min"),
        title=None,
        axis=alt.Axis(labelLimit=260),
    )
    colour = alt.Color(
        "standing:N",
        title=None,
        scale=_scale(DEADLINE_COLOURS, _standings(language)),
        legend=palette.bottom_legend(3),
    )
    base = alt.Chart()  # the layer carries the data once, not each mark again
    span = base.mark_bar(height=6, opacity=0.6).encode(
        # from the day it was received, or from the period's first day if that was before
        x=alt.X("drawn_from:T", title=None, axis=alt.Axis(format="%d-%m-%Y")),
        x2="due_date:T",
        y=y,
        color=colour,
        tooltip=[
            alt.Tooltip("label:N", title=" "),
            alt.Tooltip(
                "received_on:T",
                title=translate("overview.chart.received_on", language),
                format="%d-%m-%Y",
            ),
            alt.Tooltip(
                "one_month_mark:T",
                title=translate("overview.chart.one_month_mark", language),
                format="%d-%m-%Y",
            ),
            alt.Tooltip(
                "due_date:T",
                title=translate("overview.chart.due_date", language),
                format="%d-%m-%Y",
            ),
        ],
    )
    mark = base.mark_tick(thickness=2, size=14, color=palette.MARK_TICK).encode(
        x="one_month_mark:T", y=y
    )
    due = base.mark_point(filled=True, size=50).encode(x="due_date:T", y=y, color=colour)
    now = (
        alt.Chart(today_source)
        .mark_rule(color=palette.TODAY_LINE, strokeDash=[4, 3], strokeWidth=2)
        .encode(x="today:T")
    )
    # an invisible rule on the period's first day: the axis covers the months chosen
    start = alt.Chart(today_source).mark_rule(opacity=0).encode(x="period_first:T")
    layered = alt.LayerChart(data=source, layer=[span, mark, due, now, start])
    sized: alt.LayerChart = layered.properties(width=WIDTH, height=height)
    return sized


def open_requests_chart(frame: pd.DataFrame, today: date, language: str) -> alt.LayerChart:
    """Open requests against their deadlines: a bar from receipt (or the period's first day)
    to due date, a tick at the one-month mark, a dot at the due date; `today` (the day they
    were open on: today, or the last day of a past period) as a dashed line."""
    return _open_requests_layout(
        _open_requests_data(frame, today, language),
        _today_data(today, _period_first(frame)),
        _open_requests_height(len(frame)),
        language,
    )


def _retention_states(language: str) -> dict[str, str]:
    return {str(s): translate(f"retention.{s}", language) for s in RETENTION_COLOURS}


def _retention_data(frame: pd.DataFrame, language: str) -> pd.DataFrame:
    data = frame.assign(state=frame["state"].map(_retention_states(language)))
    data["day"] = pd.to_datetime(data["day"])
    return data


def _retention_layout(source: Source, language: str) -> alt.Chart:
    states = _retention_states(language)
    people = translate("overview.chart.people", language)
    chart: alt.Chart = (
        alt.Chart(source)
        .mark_area()
        .encode(
            x=alt.X(
                "day:T",
                title=None,
                # one tick per month, however long the period
                axis=alt.Axis(format="%m-%Y", tickCount={"interval": "month", "step": 1}),
            ),
            y=alt.Y("people:Q", stack="zero", title=people, axis=alt.Axis(format="d")),
            color=alt.Color(
                "state:N",
                title=None,
                scale=_scale(RETENTION_COLOURS, states),
                sort=list(states.values()),
                legend=palette.bottom_legend(4),
            ),
            order=alt.Order("order:Q"),
            tooltip=[
                alt.Tooltip(
                    "day:T", title=translate("overview.chart.day", language), format="%d-%m-%Y"
                ),
                alt.Tooltip("state:N", title=" "),
                alt.Tooltip("people:Q", title=people, format="d"),
            ],
        )
        .transform_calculate(order=f"indexof({list(states.values())!r}, datum.state)")
        .properties(width=WIDTH, height=240 + palette.legend_room(len(states), 4))
    )
    return chart


def retention_chart(frame: pd.DataFrame, language: str) -> alt.Chart:
    """People per retention state, day by day from the daily snapshot. Employees have their
    own state (their legal retention), never 'expired'."""
    return _retention_layout(_retention_data(frame, language), language)


def _disclosures_data(frame: pd.DataFrame, language: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The bars (per month and kind of recipient) and the line (each month's "told on time",
    domain.promises.notice_standing: on time of those measured)."""
    kinds = {c: translate(f"sharing.recipient_category.{c}", language) for c in CATEGORY_COLOURS}
    data = frame.assign(category=[kinds.get(c, c) for c in frame["category"]])
    totals = frame.groupby("month", as_index=False)[["on_time", "measured"]].sum()
    totals = totals[totals["measured"] > 0]
    totals = totals.assign(share=(100.0 * totals["on_time"] / totals["measured"]).round(1))
    return data, totals


def _disclosures_layout(bars_source: Source, line_source: Source, language: str) -> alt.LayerChart:
    kinds = {c: translate(f"sharing.recipient_category.{c}", language) for c in CATEGORY_COLOURS}
    count_title = translate("overview.chart.disclosures", language)
    share_title = translate("overview.chart.notified_share", language)
    x = alt.X("yearmonth(month):O", title=None, axis=MONTH_AXIS)
    bars = (
        alt.Chart(bars_source)
        .mark_bar()
        .encode(
            x=x,
            y=alt.Y("sum(disclosures):Q", title=count_title, axis=alt.Axis(format="d")),
            color=alt.Color(
                "category:N",
                title=None,
                scale=_scale(CATEGORY_COLOURS, kinds),
                legend=palette.bottom_legend(3),
            ),
            tooltip=[
                alt.Tooltip(
                    "yearmonth(month):O",
                    title=translate("overview.chart.month", language),
                    format="%m-%Y",
                ),
                alt.Tooltip("category:N", title=" "),
                alt.Tooltip("sum(disclosures):Q", title=count_title, format="d"),
            ],
        )
    )
    line = (
        alt.Chart(line_source)
        .mark_line(
            point=alt.OverlayMarkDef(color=palette.SHARE_LINE),
            color=palette.SHARE_LINE,
            strokeDash=[5, 3],
        )
        .encode(
            x=x,
            y=alt.Y("share:Q", title=share_title, scale=alt.Scale(domain=[0, 100])),
            tooltip=[alt.Tooltip("share:Q", title=share_title, format=".1f")],
        )
    )
    layered: alt.LayerChart = (
        alt.layer(bars, line)
        .resolve_scale(y="independent")
        .properties(width=WIDTH, height=240 + palette.legend_room(len(kinds), 3))
    )
    return layered


def disclosures_chart(frame: pd.DataFrame, language: str) -> alt.LayerChart:
    """Disclosures per month by kind of recipient (bars), and the share the people were told
    of (line, right axis)."""
    return _disclosures_layout(*_disclosures_data(frame, language), language)


class TrendFrames(Protocol):
    """The charts' data, summed in SQL (konnektus.services.management.Trends)."""

    @property
    def requests(self) -> pd.DataFrame: ...
    @property
    def on_time(self) -> pd.DataFrame: ...
    @property
    def open_requests(self) -> pd.DataFrame: ...
    @property
    def retention(self) -> pd.DataFrame: ...
    @property
    def disclosures(self) -> pd.DataFrame: ...


CHART_NAMES = ("requests", "on_time", "open_requests", "retention", "disclosures")


def trend_charts(data: TrendFrames, today: date, language: str) -> dict[str, alt.TopLevelMixin]:
    """The five charts by name; a chart without data is left out."""
    built: dict[str, alt.TopLevelMixin] = {}
    if not data.requests.empty:
        built["requests"] = requests_chart(data.requests, language)
    if not data.on_time.empty:
        built["on_time"] = on_time_chart(data.on_time, language)
    if not data.open_requests.empty:
        built["open_requests"] = open_requests_chart(data.open_requests, today, language)
    if not data.retention.empty:
        built["retention"] = retention_chart(data.retention, language)
    if not data.disclosures.empty:
        built["disclosures"] = disclosures_chart(data.disclosures, language)
    return built


def _named(name: str) -> alt.NamedData:
    return alt.NamedData(name=name)


@functools.cache
def _template(name: str, language: str) -> dict[str, Any]:
    """The Vega-Lite spec of chart `name` in `language` with its data left out: each source
    is a named dataset (the chart's name; the disclosures' line `disclosures_share`, the
    timeline's today line `today`). Code and catalog text only, no data, so it is the same for
    every user and every version of the database and is built once per process."""
    chart: alt.TopLevelMixin
    if name == "requests":
        chart = _requests_layout(_named(name), language)
    elif name == "on_time":
        chart = _on_time_layout(_named(name), language)
    elif name == "open_requests":  # its height follows the number of requests (trend_specs)
        chart = _open_requests_layout(_named(name), _named("today"), 0, language)
    elif name == "retention":
        chart = _retention_layout(_named(name), language)
    else:
        chart = _disclosures_layout(_named(name), _named("disclosures_share"), language)
    return vega_spec(chart, language)


def _cell(value: Any, kind: str) -> Any:
    if kind == "M":  # a moment as a full ISO string, as Altair writes it (NaT: empty)
        return "" if value is pd.NaT else value.isoformat()
    if isinstance(value, float) and not math.isfinite(value):
        return None  # NaN and infinity are not JSON
    return value


def _values(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """A frame as Vega-Lite values, as Altair writes them inline (its own conversion costs
    more than the rest of a chart; a test holds the two equal)."""
    names = [str(name) for name in frame.columns]
    columns = []
    for name in names:
        column = frame[name]
        kind = column.dtype.kind
        columns.append([_cell(value, kind) for value in column.tolist()])
    return [dict(zip(names, row, strict=True)) for row in zip(*columns, strict=True)]


def _datasets(name: str, data: TrendFrames, today: date, language: str) -> dict[str, Any]:
    if name == "requests":
        return {name: _values(_requests_data(data.requests, language))}
    if name == "on_time":
        return {name: _values(_on_time_data(data.on_time, language))}
    if name == "open_requests":
        frame = _open_requests_data(data.open_requests, today, language)
        today_data = _today_data(today, _period_first(data.open_requests))
        return {name: _values(frame), "today": _values(today_data)}
    if name == "retention":
        return {name: _values(_retention_data(data.retention, language))}
    bars, share = _disclosures_data(data.disclosures, language)
    return {name: _values(bars), "disclosures_share": _values(share)}


def trend_specs(data: TrendFrames, today: date, language: str) -> dict[str, dict[str, Any]]:
    """The same charts as trend_charts, as Vega-Lite specs in the language's number and date
    formats. Building an Altair chart (its objects, copies and checks) cost three times
    more than reading the data at a million people, so each chart's spec is built once per
    language without data (`_template`) and the data goes in as named datasets; a test
    checks that the result says exactly what Altair says for the same frames."""
    frames = {
        "requests": data.requests,
        "on_time": data.on_time,
        "open_requests": data.open_requests,
        "retention": data.retention,
        "disclosures": data.disclosures,
    }
    specs: dict[str, dict[str, Any]] = {}
    for name in CHART_NAMES:
        if frames[name].empty:
            continue
        spec = copy.deepcopy(_template(name, language))
        spec["datasets"] = _datasets(name, data, today, language)
        if name == "open_requests":
            spec["height"] = _open_requests_height(len(data.open_requests))
        specs[name] = spec
    return specs
