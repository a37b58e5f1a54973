"""The board report as one self-contained HTML file: the promises with their lights and a
short text each (what went right, what did not, what is being done), and the trends as
images, laid out for A4. Every text comes from the catalogs and is escaped; no person is in it.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from html import escape

from konnektus.domain.promises import PROMISE_BY_KEY, Kind, Light, Period
from konnektus.i18n import format_date, format_moment, format_number, translate
from konnektus.reporting.charts import LIGHT_COLOURS


@dataclass(frozen=True)
class ReportLine:
    key: str
    obligation: str
    kind: Kind
    value: float | None
    previous: float | None
    light: Light
    apart: int | None = None  # counted apart (deferred notices), see PromiseFigure

    @property
    def title_key(self) -> str:
        return PROMISE_BY_KEY[self.key].title_key


@dataclass(frozen=True)
class ReportChart:
    title_key: str
    svg: str


CSS = """
@page { size: A4; margin: 16mm 14mm 18mm 14mm; }
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", Arial, Helvetica, sans-serif; font-size: 10pt;
       color: #1b1b1b; background: #ffffff; margin: 0 auto; max-width: 182mm; line-height: 1.35; }
h1 { font-size: 18pt; margin: 0 0 2mm 0; }
h2 { font-size: 13pt; margin: 7mm 0 2mm 0; border-bottom: 1px solid #ccc; padding-bottom: 1mm; }
h3 { font-size: 10.5pt; margin: 0 0 1mm 0; }
.meta { color: #555; font-size: 9pt; margin-bottom: 4mm; }
table.figures { border-collapse: collapse; width: 100%; font-size: 9pt; }
table.figures th, table.figures td { border-bottom: 1px solid #ddd; padding: 1.6mm 1.5mm;
       text-align: left; vertical-align: top; }
table.figures td.num { text-align: right; white-space: nowrap; }
.dot { display: inline-block; width: 3.2mm; height: 3.2mm; border-radius: 50%;
       vertical-align: -0.4mm; margin-right: 1.5mm;
       print-color-adjust: exact; -webkit-print-color-adjust: exact; }
.ref { color: #777; font-size: 8pt; }
.promise { break-inside: avoid; page-break-inside: avoid; margin: 0 0 3.5mm 0; }
.promise p { margin: 0.6mm 0; }
.label { font-weight: bold; }
figure { margin: 0 0 5mm 0; break-inside: avoid; page-break-inside: avoid; }
figure img { width: 100%; height: auto; }
figcaption { font-weight: bold; margin-bottom: 1mm; }
.page-break { break-before: page; page-break-before: always; }
footer { margin-top: 8mm; color: #777; font-size: 8pt; }
"""


def _value(kind: Kind, value: float | None) -> str:
    if value is None:
        return "–"
    if kind is Kind.SHARE:
        return f"{format_number(value, 'nl')}%"
    return format_number(int(value), "nl")


def _dot(colour_of: Light) -> str:
    return f'<span class="dot" style="background:{LIGHT_COLOURS[colour_of]}"></span>'


def svg_image(svg: str, alt: str) -> str:
    data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    return f'<img alt="{escape(alt)}" src="data:image/svg+xml;base64,{data}">'


def render(
    *,
    month: Period,
    previous: Period,
    lines: Sequence[ReportLine],
    charts: Sequence[ReportChart],
    open_as_of: date,
    made_at: datetime,
    audit_head: tuple[int, str] | None = None,
) -> str:
    """The whole report, in Dutch. `audit_head` (last id, hash) anchors the audit log on
    paper: a later `audit verify` can be held against it (issue 13)."""

    def tr(key: str, **values: object) -> str:
        return escape(translate(key, "nl", **values))

    month_name = format_date(month.first, "nl", "MMMM y")
    rows = []
    for line in lines:
        rows.append(
            "<tr>"
            f"<td>{_dot(line.light)}{tr(line.title_key)}"
            f' <span class="ref">{escape(line.obligation)}</span></td>'
            f'<td class="num">{escape(_value(line.kind, line.value))}</td>'
            f'<td class="num">{escape(_value(line.kind, line.previous))}</td>'
            f"<td>{tr(f'overview.light.{line.light}')}</td>"
            "</tr>"
        )
    texts = []
    for line in lines:
        key = f"report.text.{line.key}"
        figure = _value(line.kind, line.value)
        parts = [
            f"<h3>{_dot(line.light)}{tr(line.title_key)}</h3>",
            f'<p class="ref">{tr(PROMISE_BY_KEY[line.key].explain_key)}</p>',
        ]
        if line.apart is not None:
            parts.append(f"<p>{tr('overview.deferred_apart', count=line.apart)}</p>")
        if line.light is Light.GREEN:
            parts.append(
                f'<p><span class="label">{tr("report.went_right")}</span> '
                f"{tr(key + '.good', value=figure)}</p>"
            )
        elif line.light is Light.NONE:
            parts.append(f"<p>{tr('report.nothing_measured')}</p>")
        else:
            parts.append(
                f'<p><span class="label">{tr("report.went_wrong")}</span> '
                f"{tr(key + '.bad', value=figure)}</p>"
                f'<p><span class="label">{tr("report.being_done")}</span> '
                f"{tr(key + '.action')}</p>"
            )
        texts.append(f'<div class="promise">{"".join(parts)}</div>')
    figures = [
        f"<figure><figcaption>{tr(c.title_key)}</figcaption>"
        f"{svg_image(c.svg, translate(c.title_key, 'nl'))}</figure>"
        for c in charts
    ]
    return f"""<!DOCTYPE html>
<html lang="nl">
<head>
<meta charset="utf-8">
<title>{tr("report.title", month=month_name)}</title>
<style>{CSS}</style>
</head>
<body>
<h1>{tr("report.title", month=month_name)}</h1>
<div class="meta">{tr("report.intro")}<br>
{
        tr(
            "report.period",
            first=format_date(month.first, "nl", "short"),
            last=format_date(month.last, "nl", "short"),
            previous=format_date(previous.first, "nl", "MMMM y"),
        )
    }<br>
{tr("overview.as_of", moment=format_moment(made_at, "nl"))}</div>
<h2>{tr("report.figures_title")}</h2>
<table class="figures">
<thead><tr><th>{tr("report.col_promise")}</th><th>{tr("report.col_month")}</th>
<th>{tr("report.col_previous")}</th><th>{tr("report.col_light")}</th></tr></thead>
<tbody>{"".join(rows)}</tbody>
</table>
<h2>{tr("report.texts_title")}</h2>
{"".join(texts)}
<h2 class="page-break">{tr("report.charts_title")}</h2>
<p class="meta">{tr("report.open_as_of", day=format_date(open_as_of, "nl", "short"))}</p>
{"".join(figures)}
<footer>{tr("report.footer")}{
        "<br>" + tr("report.audit_head", entries=audit_head[0], hash=audit_head[1])
        if audit_head
        else ""
    }</footer>
</body>
</html>
"""
