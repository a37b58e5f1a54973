"""The sharing page's figures: period filter, summaries and the two charts (counts only)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

from konnektus.chart_locale import vega_spec
from konnektus.clock import today_amsterdam
from konnektus.domain.promises import PROMISE_BY_KEY, NoticeCounts
from konnektus.domain.sharing import NOTIFY_WITHIN_DAYS
from konnektus.i18n import catalog, format_number, format_share
from konnektus.reporting import chart_palette as palette
from konnektus.services import sharing
from konnektus.services.requests import local_times
from konnektus.ui.formats import DATE_FORMAT
from konnektus.ui.guard import PageContext
from konnektus.ui.i18n import current_language, t, t_each
from konnektus.ui.versioned import per_version

EARLIEST = date(2000, 1, 1)  # the period filter reaches back this far (the whole register)
GROUPINGS = ("recipient", "category")
STATUS_COLOURS = palette.NOTICE_STATUS_COLOURS


def word(prefix: str, code: object, language: str) -> str:
    """A code as words from the catalog; an unknown code prints as it is."""
    return catalog(language).get(f"{prefix}.{code}", str(code))


def purpose_word(code: object, note: object, withheld: object, language: str) -> str:
    """A disclosure's purpose with its note; for a role shown only some of its categories the
    purpose is withheld (issue 20 point 5), and says so."""
    if bool(withheld):
        return t("sharing.purpose_withheld")
    shown = word("disclosure_purpose", code, language)
    return shown + (f" ({note})" if isinstance(note, str) else "")


def words(prefix: str, codes: object, language: str) -> str:
    if codes is None or isinstance(codes, float):
        return ""
    return ", ".join(word(prefix, c, language) for c in list(codes))  # type: ignore[call-overload]


def period_filter(today: date) -> tuple[date, date]:
    """From/to (Amsterdam days, inclusive); by default the last twelve months."""
    left, right = st.columns(2)
    first = left.date_input(
        t("sharing.period_from"),
        value=today.replace(day=1) - timedelta(days=365),
        min_value=EARLIEST,
        max_value=today,
        format=DATE_FORMAT,
        key="sh_from",
    )
    last = right.date_input(
        t("sharing.period_to"),
        value=today,
        min_value=EARLIEST,
        max_value=today,
        format=DATE_FORMAT,
        key="sh_to",
    )
    first_day = first if isinstance(first, date) else today
    last_day = last if isinstance(last, date) else today
    return min(first_day, last_day), max(first_day, last_day)


def headline(page: PageContext, by_recipient: pd.DataFrame, told: NoticeCounts) -> None:
    # "told on time" is the promise's one definition (domain.promises.notice_standing), the
    # figure the overview and the board report show for the same period
    figures = (
        ("disclosures", format_number(int(by_recipient["disclosures"].sum()), page.language)),
        (
            "on_time",
            "–" if told.share is None else format_share(told.share / 100, page.language),
        ),
        ("not_notified", format_number(int(by_recipient["not_notified"].sum()), page.language)),
        ("deferred", format_number(int(by_recipient["deferred"].sum()), page.language)),
        (
            "without_agreement",
            format_number(int(by_recipient["without_agreement"].sum()), page.language),
        ),
        # Art. 49(1)(a): explicit consent to a transfer is a derogation, for occasional use
        (
            "under_derogation",
            format_number(int(by_recipient["under_derogation"].sum()), page.language),
        ),
    )
    parts = t(
        "sharing.on_time_parts",
        on_time=format_number(told.on_time, page.language),
        told_late=format_number(told.told_late, page.language),
        untold_late=format_number(told.untold_late, page.language),
        deferred=format_number(told.deferred, page.language),
    )
    for column, (key, value) in zip(st.columns(len(figures)), figures, strict=True):
        column.metric(t(f"sharing.metric_{key}"), value, help=parts if key == "on_time" else None)
    st.caption(f"{t(PROMISE_BY_KEY['disclosures_told_in_time'].explain_key)} {parts}")


def summary_table(page: PageContext, frame: pd.DataFrame, grouping: str) -> None:
    language = page.language
    shown = pd.DataFrame(
        {
            "who": frame["name"]
            if grouping == "recipient"
            else [word("sharing.recipient_category", c, language) for c in frame["category"]],
            "category": [
                word("sharing.recipient_category", c, language) for c in frame["category"]
            ],
            "disclosures": frame["disclosures"],
            "people": frame["people"],
            "data": [words("category", v, language) for v in frame["data_categories"]],
            "bases": [words("legal_basis", v, language) for v in frame["legal_bases"]],
            "on_time": frame["share_on_time"] * 100,
            "late": frame["share_late"] * 100,
            "not_notified": frame["not_notified"],
            "deferred": frame["deferred"],
            "without_agreement": frame["without_agreement"],
            "last": local_times(pd.to_datetime(frame["last_disclosure"])).dt.date,
        }
    )
    if grouping == "category":
        shown = shown.drop(columns="category")
    st.dataframe(
        shown,
        hide_index=True,
        width="stretch",
        key=f"sh_summary_{grouping}",
        column_config={
            "who": t(f"sharing.col_{grouping}"),
            "category": t("sharing.col_category"),
            "disclosures": st.column_config.NumberColumn(t("sharing.col_disclosures"), format="%d"),
            "people": st.column_config.NumberColumn(t("sharing.col_people"), format="%d"),
            "data": t("sharing.col_data"),
            "bases": t("sharing.col_bases"),
            "on_time": st.column_config.ProgressColumn(
                t("sharing.col_on_time"), format="%.1f%%", min_value=0, max_value=100
            ),
            "late": st.column_config.NumberColumn(t("sharing.col_late"), format="%.1f%%"),
            "not_notified": st.column_config.NumberColumn(
                t("sharing.col_not_notified"), format="%d"
            ),
            "deferred": st.column_config.NumberColumn(t("sharing.col_deferred"), format="%d"),
            "without_agreement": st.column_config.NumberColumn(
                t("sharing.col_without_agreement"), format="%d"
            ),
            "last": st.column_config.DateColumn(t("sharing.col_last"), format=DATE_FORMAT),
        },
        placeholder="",
    )


def monthly_chart(page: PageContext, months: pd.DataFrame) -> None:
    st.caption(t("sharing.chart_monthly"))
    if months.empty:
        st.info(t("sharing.no_disclosures"))
        return
    st.vega_lite_chart(_monthly_spec(months, page.language), width="stretch")


# The spec is kept per frame (hashed by content) and language: building an Altair chart and
# turning it into Vega-Lite took milliseconds on every rerun for the same picture.
@st.cache_data(max_entries=32, show_spinner=False)
def _monthly_spec(months: pd.DataFrame, language: str) -> dict[str, Any]:
    kinds = {
        c: word("sharing.recipient_category", c, language) for c in palette.RECIPIENT_KIND_COLOURS
    }
    frame = months.assign(
        category=[kinds.get(c, str(c)) for c in months["category"]],
        month=pd.to_datetime(months["month"]),
    )
    chart = (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X("yearmonth(month):T", title=t("sharing.month"), axis=alt.Axis(format="%m-%Y")),
            y=alt.Y("disclosures:Q", title=t("sharing.col_disclosures")),
            # the kind's colour of the overview and the report
            color=alt.Color(
                "category:N",
                title=t("sharing.col_category"),
                scale=palette.colour_scale(palette.RECIPIENT_KIND_COLOURS, kinds),
                legend=palette.bottom_legend(3),
            ),
            tooltip=[
                alt.Tooltip("yearmonth(month):T", title=t("sharing.month"), format="%m-%Y"),
                alt.Tooltip("category:N", title=t("sharing.col_category")),
                alt.Tooltip("disclosures:Q", title=t("sharing.col_disclosures"), format="d"),
            ],
        )
    ).properties(height=240 + palette.legend_room(len(kinds), 3))
    return vega_spec(chart, language)


def compliance_chart(by_recipient: pd.DataFrame) -> None:
    """Per recipient: how many disclosures were told on time, late, or not at all."""
    st.caption(t("sharing.chart_compliance"))
    used = by_recipient[by_recipient["disclosures"] > 0]
    if used.empty:
        st.info(t("sharing.no_disclosures"))
        return
    # only the drawn columns: they hash by content (a column of lists would not)
    drawn = used[["name", *STATUS_COLOURS]]
    st.vega_lite_chart(_compliance_spec(drawn, current_language()), width="stretch")


@st.cache_data(max_entries=32, show_spinner=False)
def _compliance_spec(used: pd.DataFrame, language: str) -> dict[str, Any]:
    long = used[["name", *STATUS_COLOURS]].melt(
        id_vars=["name"],
        value_vars=list(STATUS_COLOURS),
        var_name="status",
        value_name="disclosures",
    )
    long["status_label"] = t_each("sharing.status_", long["status"])
    chart = (
        alt.Chart(long)
        .mark_bar()
        .encode(
            y=alt.Y("name:N", title=None, sort="-x", axis=alt.Axis(labelLimit=300)),
            x=alt.X(
                "disclosures:Q",
                stack="normalize",
                title=t("sharing.share"),
                axis=alt.Axis(format="%"),
            ),
            color=alt.Color(
                "status_label:N",
                title=t("sharing.notified"),
                scale=palette.colour_scale(
                    STATUS_COLOURS,
                    dict(
                        zip(STATUS_COLOURS, t_each("sharing.status_", STATUS_COLOURS), strict=True)
                    ),
                ),
                legend=palette.bottom_legend(2),
            ),
            tooltip=[
                alt.Tooltip("name:N", title=t("sharing.col_recipient")),
                alt.Tooltip("status_label:N", title=t("sharing.notified")),
                alt.Tooltip("disclosures:Q", title=t("sharing.col_disclosures"), format="d"),
            ],
        )
    )
    # a bar per recipient, and room under them for the legend (Streamlit fits both in)
    rows = max(120, 24 * used["name"].nunique())
    sized = chart.properties(height=rows + palette.legend_room(len(STATUS_COLOURS), 2))
    return vega_spec(sized, language)


# read again only after a write or at midnight (konnektus/ui/versioned.py)
_summary = per_version(sharing.sharing_summary)
_per_month = per_version(sharing.disclosures_per_month)
_told = per_version(sharing.told_on_time)


def summaries(page: PageContext, first_day: date, last_day: date) -> pd.DataFrame:
    """Figures, the summary table and both charts; returns the per-recipient summary."""
    period = {"first_day": first_day, "last_day": last_day}
    today = today_amsterdam()
    by_recipient = _summary(page.db, page.member, grouping="recipient", today=today, **period)
    headline(page, by_recipient, _told(page.db, page.member, today=today, **period))
    grouping = st.segmented_control(
        t("sharing.group_by"),
        GROUPINGS,
        default="recipient",
        format_func=lambda g: t(f"sharing.group_{g}"),
        key="sh_grouping",
        required=True,
    )
    if grouping == "category":
        frame = _summary(page.db, page.member, grouping="category", today=today, **period)
    else:
        frame = by_recipient
    summary_table(page, frame, grouping or "recipient")
    st.caption(t("sharing.on_time_rule", days=NOTIFY_WITHIN_DAYS))
    months = _per_month(page.db, page.member, **period)
    # one under the other: side by side, the legends of the fourteen kinds did not fit
    monthly_chart(page, months)
    compliance_chart(by_recipient)
    return by_recipient
