"""On the profile's actions tab: record the end of an employment (back office and the DPO).

The end starts the legal holds, so the screen says which dates they run to once it is saved.
It cannot be undone, so "Einde vastleggen" first names the effect and asks Bevestigen or
Annuleren (the safety ladder, konnektus/ui/confirm.py). A refused save keeps what was chosen
(konnektus/ui/forms.py).
"""

from __future__ import annotations

import streamlit as st

from konnektus.clock import now_utc, today_amsterdam
from konnektus.domain.holds import HoldKind
from konnektus.domain.permissions import Action, can
from konnektus.i18n import format_date
from konnektus.services import employment as employment_service
from konnektus.ui.confirm import confirm_effect
from konnektus.ui.errors import show_service_error
from konnektus.ui.formats import DATE_FORMAT
from konnektus.ui.forms import confirm_previous_save, saved_and_cleared
from konnektus.ui.guard import PageContext
from konnektus.ui.i18n import t
from konnektus.ui.text import plain

FORM = "employment_end_form"
CHOICE_KEY = "employment_end_choice"
DATE_KEY = "employment_end_date"
PENDING = "employment_end_pending"  # (employment id, end date) while the confirmation is open
CONFIRM_BUTTON = "confirm_employment_end"
CANCEL_BUTTON = "cancel_employment_end"


def employment_end_form(page: PageContext, person_id: int) -> None:
    """The form, for roles that may record an end; nothing for the others."""
    if not can(page.member.role, Action.RECORD_EMPLOYMENT_END):
        return
    today = today_amsterdam()
    confirm_previous_save(FORM)
    running = employment_service.running_employments(page.db, page.member, person_id, today=today)
    st.markdown(f"**{t('employment.title')}**")
    if running.empty:
        st.caption(t("employment.none_running"))
        return
    rows = {int(row["id"]): row for row in running.to_dict("records")}
    labels = {
        int(row["id"]): t(
            "employment.option",
            client=row["client"],
            since=format_date(row["start_date"], page.language, "short"),
            payroll=row["payroll_reference"],
        )
        for row in running.to_dict("records")
    }
    with st.form(FORM):
        choice = st.selectbox(
            t("employment.choice"), list(labels), format_func=labels.__getitem__, key=CHOICE_KEY
        )
        # today is a valid default at any hour (architecture rule 11); the future is refused
        end_date = st.date_input(
            t("employment.end_date"),
            value=today,
            min_value=min(running["start_date"]),
            max_value=today,
            format=DATE_FORMAT,
            help=t("employment.end_help"),
            key=DATE_KEY,
        )
        submitted = st.form_submit_button(t("employment.save"), key="save_employment_end")
    if submitted:
        st.session_state[PENDING] = (int(choice), end_date)
    pending = st.session_state.get(PENDING)
    if pending is None:
        return
    employment_id, chosen_end = pending
    row = rows.get(employment_id)
    if row is None:  # ended meanwhile (another screen): nothing to confirm any more
        st.session_state.pop(PENDING, None)
        return
    with st.container(border=True):
        if not confirm_effect(
            t(
                "employment.confirm",
                client=plain(row["client"]),
                payroll=plain(row["payroll_reference"]),
                end=format_date(chosen_end, page.language, "short"),
            ),
            confirm_key=CONFIRM_BUTTON,
            cancel_key=CANCEL_BUTTON,
            on_cancel=lambda: st.session_state.pop(PENDING, None),
        ):
            return
    st.session_state.pop(PENDING, None)
    try:
        ended = employment_service.end_employment(
            page.db, page.member, employment_id, end_date=chosen_end, now=now_utc()
        )
    except Exception as error:  # refusals and validation: one plain sentence, input kept
        show_service_error(error)
        return
    until = {hold.kind: format_date(hold.until, page.language, "short") for hold in ended.holds}
    saved_and_cleared(
        FORM,
        (CHOICE_KEY, DATE_KEY),
        t(
            "employment.saved",
            payroll=until[HoldKind.PAYROLL_RECORDS],
            id_copy=until[HoldKind.IDENTITY_DOCUMENT],
        ),
    )
