"""Refused requests from outside parties (O8): the list, the counts, and a refusal staff
decided themselves; the register form offers to record a refusal the rule gave."""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from datetime import date
from typing import Any

import pandas as pd
import streamlit as st

from konnektus.clock import now_utc, today_amsterdam
from konnektus.domain.notice_deferral import DEFERRAL_GROUNDS
from konnektus.domain.permissions import Action, can
from konnektus.domain.refused_request import STAFF_REASONS
from konnektus.domain.text import full_name
from konnektus.i18n import format_date, format_number
from konnektus.services import sharing_refused as refused
from konnektus.ui.formats import DATE_FORMAT
from konnektus.ui.forms import confirm_previous_save, saved_and_cleared
from konnektus.ui.guard import PageContext
from konnektus.ui.i18n import t
from konnektus.ui.sharing_inputs import asked_inputs, person_picker
from konnektus.ui.sharing_register import attempt
from konnektus.ui.sharing_summary import purpose_word, words

FORM = "shr_form"
CLEARED = ("shr_recipient", "shr_categories", "shr_purpose", "shr_reason", "shr_note")
OFFER = "shd_refusal_offer"  # the register form's refused disclosure, to record as refused


def _notice(row: Mapping[Hashable, Any], today: date, language: str) -> str:
    if not pd.isna(row["notified_on"]):
        return t("sharing.notice_told", date=format_date(row["notified_on"], language, "short"))
    if not pd.isna(row.get("notice_letter_id")):  # queued, not yet delivered nor posted
        return t("sharing.notice_waiting")
    until = row["notice_deferred_until"]
    if not pd.isna(until) and pd.Timestamp(until).date() >= today:
        return t("sharing.notice_deferred", date=format_date(until, language, "short"))
    return t("sharing.notice_due")


def refused_panel(
    page: PageContext, recipients: pd.DataFrame, first_day: date, last_day: date
) -> None:
    st.subheader(t("sharing.refused_title"))
    st.caption(t("sharing.refused_help"))
    today = today_amsterdam()
    language = page.language
    total, told, deferred = refused.refused_request_counts(
        page.db, page.member, first_day=first_day, last_day=last_day, today=today
    )
    with st.container(key="shr_figures", horizontal=True):
        for key, value in (("refused", total), ("refused_told", told), ("deferred", deferred)):
            st.metric(t(f"sharing.metric_{key}"), format_number(value, language), width="content")
    if st.session_state.pop("shr_told", False):
        st.success(t("sharing.refused_told_done"), icon=":material/check:")
    rows = refused.refused_requests(page.db, page.member, first_day=first_day, last_day=last_day)
    if rows.empty:
        st.info(t("sharing.no_refused"))
    else:
        records = rows.to_dict("records")
        st.dataframe(
            pd.DataFrame(
                {
                    "received": rows["received_on"],
                    "person": [
                        f"{r['reference']} · "
                        + full_name(r["given_name"], r["tussenvoegsel"], r["family_name"])
                        for r in records
                    ],
                    "recipient": rows["recipient"],
                    "data": [words("category", v, language) for v in rows["data_categories"]],
                    "purpose": [
                        purpose_word(p, None, w, language)
                        for p, w in zip(rows["purpose"], rows["withheld"], strict=True)
                    ],
                    "reason": [
                        refused.refused_reason_text(str(r), language) for r in rows["reason"]
                    ],
                    "note": rows["note"].fillna(""),
                    "notice": [_notice(r, today, language) for r in records],
                }
            ),
            hide_index=True,
            width="stretch",
            key="shr_table",
            column_config={
                "received": st.column_config.DateColumn(
                    t("sharing.col_received"), format=DATE_FORMAT
                ),
                "person": t("sharing.person"),
                "recipient": t("sharing.col_recipient"),
                "data": t("sharing.col_data"),
                "purpose": t("sharing.purpose"),
                "reason": t("sharing.col_reason"),
                "note": t("sharing.col_note"),
                "notice": t("sharing.col_notice"),
            },
        )
        _tell_due(
            page, [r for r in records if _notice(r, today, language) == t("sharing.notice_due")]
        )
    _own_refusal_form(page, recipients)


def _tell_due(page: PageContext, due: list[dict[Hashable, Any]]) -> None:
    """The person is told of a refused request once its deferral ended (O8): one click each."""
    if not due or not can(page.member.role, Action.NOTIFY_PERSON):
        return
    labels = {
        int(r["id"]): f"{r['reference']} · {r['recipient']} · "
        + format_date(r["received_on"], page.language, "short")
        for r in due
    }
    left, right = st.columns([3, 1], vertical_alignment="bottom")
    chosen = left.selectbox(
        t("sharing.refused_tell_choose"), list(labels), format_func=labels.__getitem__,
        key="shr_tell_choice",
    )  # fmt: skip
    if right.button(t("sharing.refused_tell"), key="shr_tell") and attempt(
        lambda: refused.tell_refused_request(page.db, page.member, int(chosen), now=now_utc())
    ):
        st.session_state["shr_told"] = True
        st.rerun()


def _own_refusal_form(page: PageContext, recipients: pd.DataFrame) -> None:
    """A request staff refused themselves: the reason is theirs, with a note saying why."""
    st.subheader(t("sharing.refused_form_title"))
    confirm_previous_save(FORM)
    today = today_amsterdam()
    person_id = person_picker(page, "shr")
    register = {int(i): str(n) for i, n in zip(recipients["id"], recipients["name"], strict=True)}
    recipient_id, categories, purpose = asked_inputs(register, "shr")
    received = st.date_input(
        t("sharing.received_on"), value=today, max_value=today, format=DATE_FORMAT, key="shr_on"
    )
    reason = st.selectbox(
        t("sharing.refused_reason"),
        STAFF_REASONS,
        format_func=lambda r: t(f"refused_reason.{r}"),
        key="shr_reason",
    )
    note = st.text_area(
        t("sharing.refused_note"),
        max_chars=2000,
        key="shr_note",
        help=t("sharing.refused_note_help"),
    )
    ground, until = deferral_inputs("shr")
    if st.button(t("sharing.record_refusal"), key="shr_record", type="primary"):
        if person_id is None or recipient_id is None:
            st.error(t("sharing.choose_person_and_recipient"), icon=":material/error:")
            return
        if attempt(
            lambda: refused.record_refused_request(
                page.db,
                page.member,
                int(person_id),
                int(recipient_id),
                tuple(categories),
                purpose or "",
                str(reason),
                received_on=received if isinstance(received, date) else None,
                now=now_utc(),
                note=note,
                deferral_ground=ground,
                deferred_until=until,
            )
        ):
            saved_and_cleared(FORM, CLEARED, t("sharing.refused_recorded"))


def deferral_inputs(prefix: str) -> tuple[str | None, date | None]:
    """A ground (or none: tell now) and the last day of the deferral (UAVG art. 41)."""
    ground = st.selectbox(
        t("sharing.defer_ground"),
        (None, *DEFERRAL_GROUNDS),
        format_func=lambda g: t("sharing.no_deferral") if g is None else t(f"deferral_ground.{g}"),
        key=f"{prefix}_ground",
        help=t("sharing.defer_help"),
    )
    if ground is None:
        return None, None
    until = st.date_input(
        t("sharing.defer_until"), value=None, format=DATE_FORMAT, key=f"{prefix}_until"
    )
    return str(ground), until if isinstance(until, date) else None


def refusal_offer(page: PageContext) -> None:
    """After the register form refused a disclosure: record it as a refused request, with the
    rule's code as the reason and the day it came in."""
    offer: dict[str, Any] | None = st.session_state.get(OFFER)
    if offer is None:
        return
    with st.container(border=True):
        st.markdown(t("sharing.refusal_offer"))
        today = today_amsterdam()
        received = st.date_input(
            t("sharing.received_on"), value=today, max_value=today, format=DATE_FORMAT,
            key="shd_offer_on",
        )  # fmt: skip
        ground, until = deferral_inputs("shd_offer")
        clicked = st.button(t("sharing.record_refusal"), key="shd_record_refusal", type="primary")
        if clicked and attempt(
            lambda: refused.record_refused_request(
                page.db,
                page.member,
                offer["person_id"],
                offer["recipient_id"],
                offer["categories"],
                offer["purpose"],
                offer["reason"],
                received_on=received if isinstance(received, date) else None,
                now=now_utc(),
                purpose_note=offer["note"],
                deferral_ground=ground,
                deferred_until=until,
            )
        ):
            st.session_state.pop(OFFER, None)
            st.success(t("sharing.refused_recorded"), icon=":material/check:")
