"""Charts speak the page's language: numbers and dates on axes and in tooltips.

Vega-Lite formats axis labels with d3 and its en-US defaults (10,000; January) unless the
chart's config carries a locale. Every chart goes through `localised` before it is drawn.
"""

from __future__ import annotations

import functools
from typing import Any, Final

import altair as alt

_NUMBER: Final = {
    "nl": alt.NumberLocale(decimal=",", thousands=".", grouping=[3], currency=["€ ", ""]),
    "en": alt.NumberLocale(decimal=".", thousands=",", grouping=[3], currency=["€", ""]),
}
_TIME: Final = {
    "nl": alt.TimeLocale(
        dateTime="%a %e %B %Y %X",
        date="%d-%m-%Y",
        time="%H:%M:%S",
        periods=["", ""],
        days=["zondag", "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag"],
        shortDays=["zo", "ma", "di", "wo", "do", "vr", "za"],
        months=[
            "januari",
            "februari",
            "maart",
            "april",
            "mei",
            "juni",
            "juli",
            "augustus",
            "september",
            "oktober",
            "november",
            "december",
        ],
        shortMonths=[
            "jan",
            "feb",
            "mrt",
            "apr",
            "mei",
            "jun",
            "jul",
            "aug",
            "sep",
            "okt",
            "nov",
            "dec",
        ],
    ),
}


@functools.cache
def locale_of(language: str) -> alt.Locale:
    """The chart locale of a language (English keeps d3's own month and day names)."""
    number = _NUMBER.get(language, _NUMBER["nl"])
    time = _TIME.get(language)
    return alt.Locale(number=number) if time is None else alt.Locale(number=number, time=time)


def localised(chart: Any, language: str) -> Any:
    """`chart` with the language's number and date formats (top-level charts only)."""
    return chart.configure(locale=locale_of(language))


def vega_spec(chart: Any, language: str) -> dict[str, Any]:
    """The Vega-Lite spec of a localised chart, for `st.vega_lite_chart`. Altair checks a
    spec against the whole Vega-Lite schema whenever it is turned into a dict, which took
    a page tens of milliseconds per chart; the charts here are built in code and covered
    by tests, so the check runs in the tests (`validate=True`) and not on every rerun."""
    spec: dict[str, Any] = localised(chart, language).to_dict(validate=VALIDATE)
    return spec


VALIDATE = False  # tests switch it on, so every chart they draw is checked once
