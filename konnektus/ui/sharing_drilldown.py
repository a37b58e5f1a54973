"""From a recipient to its disclosures, a page at a time; a row opens the person."""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from datetime import date
from typing import Any

import pandas as pd
import streamlit as st

from konnektus.clock import now_utc, today_amsterdam
from konnektus.domain.permissions import Action, can
from konnektus.domain.text import full_name
from konnektus.i18n import format_date, format_number
from konnektus.services import sharing
from konnektus.services.requests import local_times
from konnektus.services.sharing_notify import notice_preview
from konnektus.services.sharing_refused import defer_disclosure_notice
from konnektus.ui.formats import DATE_FORMAT
from konnektus.ui.guard import PageContext
from konnektus.ui.i18n import t, t_each
from konnektus.ui.profile_view import profile_view
from konnektus.ui.sharing_actions import PENDING, log_export, notify_buttons
from konnektus.ui.sharing_refused import deferral_inputs
from konnektus.ui.sharing_register import attempt
from konnektus.ui.sharing_summary import purpose_word, words
from konnektus.ui.versioned import per_version

TABLE_KEY = "shx_table"
PAGE_SIZE = 50
# read again only after a write or at midnight (konnektus/ui/versioned.py)
_recipient_disclosures = per_version(sharing.recipient_disclosures)
_notice_preview = per_version(notice_preview)


def _person(row: Mapping[Hashable, Any]) -> str:
    if row.get("erased"):
        return f"{row['reference']} · {t('sharing.erased_person')}"
    name = full_name(row.get("given_name"), row.get("tussenvoegsel"), row.get("family_name"))
    return f"{row['reference']} · {name}"


def drilldown(page: PageContext, summary: pd.DataFrame, first_day: date, last_day: date) -> None:
    st.subheader(t("sharing.drill_title"))
    used = summary[summary["disclosures"] > 0]
    if used.empty:
        st.info(t("sharing.no_disclosures"))
        return
    # The picker shows names only: a combobox in the browser keeps showing the label it had
    # when chosen, so a count in it stayed stale after Notify. The figures sit beside it.
    labels = {int(i): str(n) for i, n in zip(used["recipient_id"], used["name"], strict=True)}
    left, right = st.columns([3, 1])
    recipient_id = left.selectbox(
        t("sharing.col_recipient"),
        list(labels),
        format_func=labels.__getitem__,
        key="shx_recipient",
    )
    only_open = right.toggle(t("sharing.only_not_notified"), key="shx_only_open")
    figures = used[used["recipient_id"] == recipient_id]
    with st.container(key="shx_figures", horizontal=True):
        for name in ("disclosures", "not_notified") if len(figures) else ():
            st.metric(
                t(f"sharing.metric_{name}"),
                format_number(int(figures[name].iloc[0]), page.language),
                width="content",
            )
    _forget_on_change((recipient_id, only_open, first_day, last_day))
    page_number = int(st.session_state.get("shx_page", 1))
    result = _recipient_disclosures(
        page.db,
        page.member,
        int(recipient_id),
        first_day=first_day,
        last_day=last_day,
        only_unnotified=only_open,
        page=page_number,
        page_size=PAGE_SIZE,
    )
    st.caption(
        t(
            "sharing.drill_count",
            total=format_number(result.total, page.language),
            page=result.page,
            pages=result.pages,
        )
    )
    row = _table(page, result) if result.total else None
    chosen = None
    untold = row is not None and pd.isna(row["notified_on"])
    # a notice waiting in the outbox is not told yet, but is not queued a second time either
    if untold and row is not None and not row["erased"] and not row["blocked"]:
        chosen = int(row["id"]) if pd.isna(row["notice_letter_id"]) else None
    today = today_amsterdam()
    deferred_until = None if row is None else row["notice_deferred_until"]
    deferred_until = None if deferred_until is None or pd.isna(deferred_until) else deferred_until
    if deferred_until is not None and pd.Timestamp(deferred_until).date() >= today:
        chosen = None  # kept from the person through its last day (UAVG art. 41)
    open_here = notice_count(page, first_day, last_day, int(recipient_id))
    notify_buttons(page, first_day, last_day, int(recipient_id), open_here, chosen)
    if row is not None and pd.isna(row["notified_on"]) and not row["erased"]:
        defer_form(page, int(row["id"]), deferred_until)
    log_export(page, first_day, last_day)
    if row is not None and not bool(row["erased"]):
        st.divider()
        profile_view(page, int(row["person_id"]))


def defer_form(page: PageContext, disclosure_id: int, seen_until: Any) -> None:
    """Defer the selected disclosure's notice on a named ground until a day (DPO only)."""
    if not can(page.member.role, Action.DEFER_NOTICE):
        return
    with st.expander(t("sharing.defer_title")):
        st.caption(t("sharing.defer_help"))
        ground, until = deferral_inputs("shx_defer")
        if st.button(t("sharing.defer_notice"), key="shx_defer"):
            seen = None if seen_until is None else pd.Timestamp(seen_until).date()
            if attempt(
                lambda: defer_disclosure_notice(
                    page.db,
                    page.member,
                    disclosure_id,
                    ground=ground,
                    until=until,
                    seen_until=seen,
                    now=now_utc(),
                )
            ):
                st.session_state.pop(TABLE_KEY, None)
                shown = format_date(until, page.language, "short") if until else ""
                st.success(t("sharing.notice_deferred_done", date=shown), icon=":material/check:")


def _forget_on_change(view: tuple[object, ...]) -> None:
    """Another recipient, filter or period: row selections are positional, so they, the page
    number and a pending notice run of the previous view are dropped (not drawn yet)."""
    if st.session_state.get("shx_view") != view:
        for key in ("shx_table", "shx_page", PENDING):
            st.session_state.pop(key, None)
        st.session_state["shx_view"] = view


def notice_count(page: PageContext, first_day: date, last_day: date, recipient_id: int) -> int:
    """Unnotified disclosures of living people at this recipient (what Notify would cover)."""
    if not can(page.member.role, Action.NOTIFY_PERSON):
        return 0
    return _notice_preview(
        page.db,
        page.member,
        first_day=first_day,
        last_day=last_day,
        today=today_amsterdam(),
        recipient_id=recipient_id,
    ).disclosures


def _table(page: PageContext, result: sharing.DisclosurePage) -> dict[str, Any] | None:
    """The page of disclosures; returns the selected row, if any."""
    rows = result.rows
    language = page.language
    blocked, without_agreement = t("sharing.flag_blocked"), t("sharing.flag_without_agreement")
    waiting = t("sharing.notice_waiting")
    deferred = [
        ""
        if u is None or pd.isna(u)
        else t("sharing.flag_deferred", date=format_date(pd.Timestamp(u).date(), language, "short"))
        for u in rows["notice_deferred_until"]
    ]
    shown = pd.DataFrame(
        {
            "when": local_times(rows["disclosed_at"]).dt.date,
            "person": [_person(r) for r in rows.to_dict("records")],
            "data": [words("category", v, language) for v in rows["data_categories"]],
            "purpose": [
                purpose_word(p, n, w, language)
                for p, n, w in zip(
                    rows["purpose"], rows["purpose_note"], rows["withheld"], strict=True
                )
            ],
            "basis": t_each("legal_basis.", rows["legal_basis"]),
            "notified": rows["notified_on"],
            "flag": [
                ", ".join(
                    f
                    for f, on in (
                        (blocked, bool(b)),
                        (without_agreement, bool(w)),
                        (waiting, pd.isna(n) and not pd.isna(q)),
                    )
                    if on
                )
                + (", " + d if d and n is None else "")
                for b, w, d, n, q in zip(
                    rows["blocked"],
                    rows["without_agreement"],
                    deferred,
                    rows["notified_on"].where(rows["notified_on"].notna(), None),
                    rows["notice_letter_id"],
                    strict=True,
                )
            ],
        }
    )
    event = st.dataframe(
        shown,
        hide_index=True,
        width="stretch",
        key=TABLE_KEY,
        on_select="rerun",
        selection_mode="single-row",
        column_config={
            "when": st.column_config.DateColumn(t("sharing.col_when"), format=DATE_FORMAT),
            "person": t("sharing.person"),
            "data": t("sharing.col_data"),
            "purpose": t("sharing.purpose"),
            "basis": t("sharing.legal_basis"),
            "notified": st.column_config.DateColumn(t("sharing.notified"), format=DATE_FORMAT),
            "flag": t("sharing.col_flag"),
        },
        placeholder="",
    )
    if result.pages > 1:
        if int(st.session_state.get("shx_page", 1)) != result.page:
            st.session_state["shx_page"] = result.page  # the filter narrowed; not drawn yet
        st.number_input(
            t("sharing.page"), min_value=1, max_value=result.pages, step=1, key="shx_page"
        )
    selected = list(event.selection.rows) if event is not None else []
    if selected and selected[0] < len(rows):
        return {str(k): v for k, v in rows.iloc[selected[0]].to_dict().items()}
    return None
