"""The legal-holds page (O5, ruling of issue 8): figures, the list of erased people whose data
a hold still keeps, and one person's held values, masked, with a reveal button each.

Person data (references, values, names) is shown only with st.text or in dataframe cells,
never as Markdown or HTML. Revealed values are kept per staff member under a `revealed_` key,
so signing out (konnektus/ui/identity.sign_out) forgets them.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

import pandas as pd
import streamlit as st

from konnektus.clock import now_utc
from konnektus.i18n import format_date, format_number
from konnektus.services import held_data as held_service
from konnektus.services.profile import MASK
from konnektus.services.requests import RequestError
from konnektus.ui.errors import show_service_error
from konnektus.ui.guard import PageContext
from konnektus.ui.i18n import t, t_each

UNIT = "held_unit"
REFERENCE = "held_reference"
PAGE_NO = "held_page"
VERSION = "held_table_version"
VIEW = "held_view"  # (reference, page) the table was drawn with
SEEN = "_seen"  # suffix: the person ids a table showed, to read its selection against


def table_key() -> str:
    """The key of the list's table in this run (tests set a selection under it)."""
    return f"held_table_{st.session_state.get(VERSION, 0)}"


def revealed_key(staff_id: int) -> str:
    """Values one staff member revealed; the `revealed_` prefix makes sign-out forget them."""
    return f"revealed_held_{staff_id}"


def _day(day: date | None, language: str) -> str:
    return format_date(day, language, "short") if day is not None else "-"


def _days(days: Iterable[date], language: str) -> str:
    return ", ".join(_day(d, language) for d in days) or "-"


def held_figures_section(page: PageContext, now: datetime) -> None:
    metrics = st.container()
    left, right = st.columns(2)
    with right:
        st.subheader(t("held_data.endings"))
        unit = st.radio(
            t("held_data.unit"),
            held_service.UNITS,
            index=1,
            key=UNIT,
            horizontal=True,
            format_func=lambda u: t(f"held_data.unit_{u}"),
        )
    figures = held_service.held_figures(page.db, page.member, unit=unit, now=now)
    language = page.language
    columns = metrics.columns(4)
    for column, key, value in zip(
        columns,
        ("metric_people", "metric_items", "metric_identities", "metric_employments"),
        (
            figures.people,
            int(figures.items["items"].sum()),
            figures.identities_kept,
            figures.employments_kept,
        ),
        strict=True,
    ):
        column.metric(t(f"held_data.{key}"), format_number(value, language))
    with left:
        st.subheader(t("held_data.per_category"))
        st.dataframe(
            pd.DataFrame(
                {
                    "kind": [t(f"hold_kind.{k}") if k else "-" for k in figures.items["kind"]],
                    "category": t_each("category.", figures.items["category"]),
                    "items": figures.items["items"],
                }
            ),
            hide_index=True,
            width="stretch",
            column_config={
                "kind": t("held_data.col_kind"),
                "category": t("held_data.col_category"),
                "items": st.column_config.NumberColumn(t("held_data.col_items"), format="%d"),
            },
            placeholder="",
        )
    with right:
        periods = [
            str(p.year) if unit == "year" else p.strftime("%m-%Y")
            for p in figures.endings["period"]
        ]
        st.dataframe(
            pd.DataFrame(
                {
                    "period": periods,
                    "people": figures.endings["people"],
                    "values": figures.endings["values"],
                }
            ),
            hide_index=True,
            width="stretch",
            column_config={
                "period": t("held_data.col_period"),
                "people": st.column_config.NumberColumn(t("held_data.col_people"), format="%d"),
                "values": st.column_config.NumberColumn(t("held_data.col_values"), format="%d"),
            },
            placeholder="",
        )


def _fresh_table() -> None:
    for key in [k for k in st.session_state if str(k).startswith("held_table_") and SEEN in k]:
        del st.session_state[key]
    st.session_state[VERSION] = st.session_state.get(VERSION, 0) + 1


def held_list_section(page: PageContext, now: datetime) -> int | None:
    """The list of erased people with held data; returns the chosen person's id, if any."""
    st.subheader(t("held_data.list"))
    search, pager = st.columns([3, 1])
    reference = search.text_input(t("held_data.filter_reference"), key=REFERENCE, max_chars=50)
    page_no = int(st.session_state.get(PAGE_NO, 1))
    found = held_service.held_list(page.db, page.member, reference=reference, page=page_no, now=now)
    if found.total and page_no > found.pages:
        st.session_state[PAGE_NO] = 1  # the filter narrowed the list below this page
        st.rerun()
    pager.number_input(
        t("held_data.page", pages=found.pages),
        min_value=1,
        max_value=found.pages,
        step=1,
        key=PAGE_NO,
    )
    if not found.total:
        st.info(t("held_data.no_match" if reference.strip() else "held_data.empty"))
        return None
    if st.session_state.get(VIEW, (reference, found.page)) != (reference, found.page):
        _fresh_table()
    st.session_state[VIEW] = (reference, found.page)
    st.caption(
        t(
            "held_data.showing",
            shown=len(found.rows),
            total=format_number(found.total, page.language),
        )
    )
    key = table_key()
    ids = [int(i) for i in found.rows["person_id"]]
    # what the user saw when they selected, even if the list has changed since
    seen: list[int] = st.session_state.get(key + SEEN, ids)
    selected = [r for r in _table(page, found.rows, key) if 0 <= r < len(seen)]
    st.session_state[key + SEEN] = ids
    if not selected:
        st.caption(t("held_data.select_hint"))
        return None
    return seen[selected[0]]


def _table(page: PageContext, rows: pd.DataFrame, key: str) -> list[int]:
    language = page.language
    shown = pd.DataFrame(
        {
            "reference": rows["reference"],
            "kept": [", ".join(t(f"category.{c}") for c in cats) for cats in rows["categories"]],
            "name": rows["name"],
            "date_of_birth": rows["date_of_birth"],
            "employments": rows["employments"],
            "until": [_days(days, language) for days in rows["until"]],
            "ground": ["; ".join(t(f"legal_ground.{g}") for g in gs) for gs in rows["grounds"]],
        }
    )
    event = st.dataframe(
        shown,
        hide_index=True,
        width="stretch",
        key=key,
        on_select="rerun",
        selection_mode="single-row",
        column_config={
            "reference": t("held_data.col_reference"),
            "kept": t("held_data.col_kept"),
            "name": t("held_data.col_name"),
            "date_of_birth": t("held_data.col_birth"),
            "employments": st.column_config.NumberColumn(
                t("held_data.col_employments"), format="%d"
            ),
            "until": t("held_data.col_until"),
            "ground": t("held_data.col_ground"),
        },
        placeholder="",
    )
    return list(event.selection.rows)


def _value_key(row: dict[str, Any], person_id: int) -> str:
    if row["kind"] == "item":
        return f"item_{int(row['item_id'])}"
    return f"{row['kind']}_{person_id}"


def held_person_section(page: PageContext, person_id: int, now: datetime) -> None:
    """One person's held values: masked, each with its date and ground and a reveal button."""
    try:
        person = held_service.held_person(page.db, page.member, person_id, now=now)
    except RequestError as error:  # erased further since the list was drawn
        show_service_error(error)
        return
    language = page.language
    st.subheader(t("held_data.person_title"))
    st.text(person.reference)
    st.text(t("held_data.employment_rows", count=person.employments))
    # per staff member, so a value revealed by one never shows for another in this browser
    revealed: dict[str, str] = st.session_state.setdefault(revealed_key(page.member.id), {})
    for record in person.values.to_dict("records"):
        row = {str(k): v for k, v in record.items()}
        value_key = _value_key(row, person_id)
        label, value, kept, button = st.columns([2, 3, 4, 1])
        label.text(
            t(f"category.{row['category']}")
            if row["kind"] == "item"
            else t(f"held_data.{row['kind']}")
        )
        value.text(revealed.get(value_key, MASK))
        until = row["until"] if isinstance(row["until"], date) else None
        kept.text(
            t("held_data.kept_until", date=_day(until, language))
            + "\n"
            + t(f"legal_ground.{row['ground']}")
        )
        if not row["revealable"]:
            button.caption(t("held_data.not_for_role"))
        elif value_key not in revealed and button.button(
            t("held_data.reveal"), key=f"held_reveal_{value_key}", icon=":material/visibility:"
        ):
            try:
                if row["kind"] == "item":
                    shown = held_service.reveal_held_item(
                        page.db, page.member, int(row["item_id"]), now=now_utc()
                    )
                else:
                    shown = held_service.reveal_kept_identity(
                        page.db, page.member, person_id, row["kind"], now=now_utc()
                    )
            except Exception as error:  # a refusal or a value gone since: one plain sentence
                show_service_error(error)
            else:
                revealed[value_key] = shown
                st.rerun()
