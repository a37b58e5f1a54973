"""Withdraw consent per purpose for one person; the DPO removes what was held only on it."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from konnektus.clock import now_utc, today_amsterdam
from konnektus.domain.permissions import Action, can
from konnektus.domain.sharing import WITHDRAWAL_CHANNELS
from konnektus.i18n import consent_how
from konnektus.services import sharing_consent
from konnektus.services.requests import RequestError
from konnektus.services.search import search_people
from konnektus.ui.confirm import confirm_effect
from konnektus.ui.formats import DATE_FORMAT
from konnektus.ui.guard import PageContext
from konnektus.ui.i18n import t, t_each
from konnektus.ui.sharing_register import show_sharing_error
from konnektus.ui.sharing_summary import word
from konnektus.ui.text import person_label

CONFIRM_REMOVAL = "shc_confirm_removal"  # (person id, item ids shown) while confirming
CONFIRM_WITHDRAWAL = "shc_confirm_withdrawal"  # the consent id while its withdrawal is confirmed
DONE = "shc_done"


def consent_panel(page: PageContext) -> None:
    st.subheader(t("sharing.consent_title"))
    st.caption(t("sharing.consent_help"))
    done = st.session_state.pop(DONE, None)
    if done:
        st.success(done, icon=":material/check:")
    query = st.text_input(
        t("sharing.find_person"), key="shc_query", max_chars=200, icon=":material/search:"
    )
    if not query.strip():
        return
    found = search_people(page.db, page.member, query, today=today_amsterdam(), page_size=20)
    labels = {int(r["id"]): person_label(r) for r in found.results.to_dict("records")}
    if not labels:
        st.info(t("sharing.no_person_found"))
        return
    person_id = st.selectbox(
        t("sharing.person"), list(labels), format_func=labels.__getitem__, key="shc_person"
    )
    if person_id is None:
        return
    _consents(page, int(person_id))
    _held_data(page, int(person_id))


def _consents(page: PageContext, person_id: int) -> None:
    language = page.language
    consents = sharing_consent.person_consents(page.db, page.member, person_id)
    if consents.empty:
        st.info(t("sharing.consent_none"))
        return
    st.dataframe(
        pd.DataFrame(
            {
                "purpose": [word("consent_purpose", p, language) for p in consents["purpose"]],
                "given": consents["given_on"],
                "given_how": [consent_how(h, language) for h in consents["given_how"]],
                "withdrawn": consents["withdrawn_on"],
                "withdrawn_how": [
                    word("sharing.channel", h, language) if isinstance(h, str) else ""
                    for h in consents["withdrawn_how"]
                ],
            }
        ),
        hide_index=True,
        width="stretch",
        key="shc_table",
        column_config={
            "purpose": t("sharing.col_purpose"),
            "given": st.column_config.DateColumn(t("sharing.col_given"), format=DATE_FORMAT),
            "given_how": t("sharing.col_given_how"),
            "withdrawn": st.column_config.DateColumn(
                t("sharing.col_withdrawn"), format=DATE_FORMAT
            ),
            "withdrawn_how": t("sharing.col_withdrawn_how"),
        },
        placeholder="",
    )
    standing = consents[consents["withdrawn_on"].isna()]
    if standing.empty:
        return
    choices = {
        int(i): f"#{int(i)} · {word('consent_purpose', p, language)}"
        for i, p in zip(standing["id"].tolist(), standing["purpose"].tolist(), strict=True)
    }
    left, right = st.columns(2)
    consent_id = left.selectbox(
        t("sharing.withdraw_which"),
        list(choices),
        format_func=choices.__getitem__,
        key=f"shc_consent_{person_id}",
    )
    how = right.selectbox(
        t("sharing.withdraw_how"),
        WITHDRAWAL_CHANNELS,
        format_func=lambda c: t(f"sharing.channel.{c}"),
        key="shc_how",
    )
    # Art. 7(3): the withdrawal counts from the day it reached us, not the day it is entered;
    # no default, so nobody records today by accident (the service checks the day again)
    received = st.date_input(
        t("sharing.withdraw_received"),
        value=None,
        max_value=today_amsterdam(),
        format=DATE_FORMAT,
        key="shc_received",
    )
    # the safety ladder's second rung: a withdrawal blocks disclosures and removes what rested
    # on the consent alone, and cannot be undone (issue 20 point 4)
    if st.button(t("sharing.withdraw"), key="shc_withdraw", icon=":material/block:"):
        st.session_state[CONFIRM_WITHDRAWAL] = int(consent_id)
    if st.session_state.get(CONFIRM_WITHDRAWAL) != int(consent_id):
        return
    if not confirm_effect(
        t("sharing.withdraw_effect", consent=choices[int(consent_id)]),
        confirm_key="shc_withdraw_confirm",
        cancel_key="shc_withdraw_cancel",
        on_cancel=lambda: st.session_state.pop(CONFIRM_WITHDRAWAL, None),
    ):
        return
    try:
        result = sharing_consent.withdraw_consent(
            page.db,
            page.member,
            int(consent_id),
            how=str(how),
            received_on=received,
            now=now_utc(),
        )
    except RequestError as error:
        show_sharing_error(error)  # the confirmation stays open to put it right
        return
    st.session_state.pop(CONFIRM_WITHDRAWAL, None)
    st.session_state[DONE] = t(
        "sharing.withdrawn_done",
        blocked=result.disclosures_blocked,
        removed=sum(result.items_removed.values()),
    )
    st.rerun()


def _held_data(page: PageContext, person_id: int) -> None:
    held = sharing_consent.held_only_on_withdrawn_consent(page.db, page.member, person_id)
    st.markdown(f"**{t('sharing.held_title')}**")
    if held.empty:
        st.caption(t("sharing.held_none"))
        return
    st.caption(t("sharing.held_help"))
    st.dataframe(
        pd.DataFrame(
            {
                "category": t_each("category.", held["category"]),
                "purpose": held["purpose"],
                "collected": held["collected_on"],
            }
        ),
        hide_index=True,
        width="stretch",
        key="shc_held",
        column_config={
            "category": t("sharing.col_data"),
            "purpose": t("sharing.purpose"),
            "collected": st.column_config.DateColumn(
                t("sharing.col_collected"), format=DATE_FORMAT
            ),
        },
        placeholder="",
    )
    if not can(page.member.role, Action.EXECUTE_ERASURE):
        st.caption(t("sharing.held_dpo_only"))
        return
    ids = [int(i) for i in held["id"]]
    if st.button(t("sharing.remove"), key="shc_remove", icon=":material/delete:"):
        st.session_state[CONFIRM_REMOVAL] = (person_id, ids)
    pending = st.session_state.get(CONFIRM_REMOVAL)
    if pending is None or pending[0] != person_id:
        return
    with st.container(border=True):
        st.warning(
            t("sharing.remove_confirm_text", count=len(pending[1])), icon=":material/warning:"
        )
        left, right = st.columns(2)
        if right.button(t("sharing.cancel"), key="shc_remove_cancel"):
            st.session_state.pop(CONFIRM_REMOVAL, None)
            st.rerun()
        if left.button(t("sharing.remove_confirm"), key="shc_remove_confirm", type="primary"):
            st.session_state.pop(CONFIRM_REMOVAL, None)
            try:
                removed = sharing_consent.remove_data_held_on_withdrawn_consent(
                    page.db, page.member, person_id, seen_item_ids=pending[1], now=now_utc()
                )
            except sharing_consent.RemovalOutdated:
                st.warning(t("sharing.remove_outdated"), icon=":material/refresh:")
                return
            except RequestError as error:
                show_sharing_error(error)
                return
            st.session_state[DONE] = t("sharing.removed_done", count=removed)
            st.rerun()
