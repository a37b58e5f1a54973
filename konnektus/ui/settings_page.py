"""The settings page: the privacy contact on every letter and export, the retention lead
times, the request periods (shown, not editable: the law sets them) and the cap on extending
an erasure request (the privacy statement's promise, at most the GDPR's three months)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from konnektus.clock import now_utc
from konnektus.domain.contact import contact_gaps
from konnektus.domain.deadlines import EXTENDED_PERIOD_MONTHS
from konnektus.domain.retention import RetentionPolicy
from konnektus.domain.special_data import MAX_MONTHS_AFTER_PLACEMENT
from konnektus.services import settings as settings_service
from konnektus.ui.errors import show_service_error
from konnektus.ui.guard import PageContext
from konnektus.ui.i18n import t


def contact_form(page: PageContext) -> None:
    current = settings_service.current_settings(page.db, page.member).contact
    st.subheader(t("settings.contact_title"))
    with st.form("privacy_contact"):
        name = st.text_input(
            t("settings.contact_name"), value=current.name, max_chars=200, key="contact_name"
        )
        email = st.text_input(
            t("settings.contact_email"), value=current.email, max_chars=200, key="contact_email"
        )
        phone = st.text_input(t("settings.contact_phone"), value=current.phone, max_chars=50)
        address = st.text_area(
            t("settings.contact_address"), value=current.postal_address, max_chars=500
        )
        if st.form_submit_button(
            t("settings.save_contact"), icon=":material/save:", key="save_contact"
        ):
            try:
                settings_service.update_privacy_contact(
                    page.db,
                    page.member,
                    {
                        "name": name.strip(),
                        "email": email.strip(),
                        "phone": phone.strip(),
                        "postal_address": address.strip(),
                    },
                    now=now_utc(),
                )
            except Exception as error:  # refusals and validation: one plain sentence
                show_service_error(error)
            else:
                st.success(t("settings.saved"))
    # Art. 37: the title follows the staff table (an active DPO), not a box to tick
    st.caption(t("settings.dpo_yes" if current.dpo_appointed else "settings.dpo_no"))
    for gap in contact_gaps(current):
        st.warning(t(f"settings.gap_{gap}"), icon=":material/warning:")
    st.caption(t("settings.signature_preview"))
    st.code("\n".join(current.signature(page.language).split("\n")[2:]), language=None)


def retention_form(page: PageContext) -> None:
    policy = settings_service.current_settings(page.db, page.member).retention
    st.subheader(t("settings.retention_title"))
    with st.form("retention_policy"):
        left, middle, right = st.columns(3)
        lead = left.number_input(t("settings.lead_days"), 1, 365, policy.lead_days)
        reminder = middle.number_input(t("settings.reminder_days"), 1, 364, policy.reminder_days)
        wait = right.number_input(t("settings.wait_days"), 1, 365, policy.wait_days)
        if st.form_submit_button(t("settings.save_retention"), icon=":material/save:"):
            try:
                settings_service.update_retention_policy(
                    page.db,
                    page.member,
                    RetentionPolicy(int(lead), int(reminder), int(wait)),
                    now=now_utc(),
                )
            except Exception as error:  # refusals and validation: one plain sentence
                show_service_error(error)
            else:
                st.success(t("settings.saved"))


def identity_form(page: PageContext) -> None:
    """How many days after receipt the identity question may still stop the clock."""
    days = settings_service.current_settings(page.db, page.member).identity_question_days
    low, high = settings_service.IDENTITY_QUESTION_DAYS_RANGE
    st.subheader(t("settings.identity_title"))
    with st.form("identity_question"):
        chosen = st.number_input(
            t("settings.identity_days"), low, high, days, help=t("settings.identity_help")
        )
        if st.form_submit_button(t("settings.save_identity"), icon=":material/save:"):
            try:
                settings_service.update_identity_question_days(
                    page.db, page.member, int(chosen), now=now_utc()
                )
            except Exception as error:  # refusals and validation: one plain sentence
                show_service_error(error)
            else:
                st.success(t("settings.saved"))


def periods_table(page: PageContext) -> None:
    periods = settings_service.current_settings(page.db, page.member).periods
    st.subheader(t("settings.periods_title"))
    st.caption(t("settings.periods_intro"))
    rows = [
        (
            t(f"request_type.{kind}"),
            t("settings.months", months=months),
            t("settings.months", months=extended),
        )
        for kind, (months, extended) in periods.items()
    ]
    st.dataframe(
        pd.DataFrame(
            rows,
            columns=[t("requests.col_type"), t("settings.period"), t("settings.extended_period")],
        ),
        hide_index=True,
        width="stretch",
    )


def erasure_extension_form(page: PageContext) -> None:
    """How far an extension notice may move an erasure request: 1 to 3 months from receipt."""
    current = settings_service.current_settings(page.db, page.member).erasure_extended_months
    st.subheader(t("settings.erasure_extension_title"))
    with st.form("erasure_extension"):
        months = st.number_input(
            t("settings.erasure_extension_months"),
            min_value=1,
            max_value=EXTENDED_PERIOD_MONTHS,
            value=current,
            step=1,
            help=t("settings.erasure_extension_help"),
            key="erasure_extension_months",
        )
        if st.form_submit_button(
            t("settings.save_erasure_extension"),
            icon=":material/save:",
            key="save_erasure_extension",
        ):
            try:
                settings_service.update_erasure_extended_months(
                    page.db, page.member, int(months), now=now_utc()
                )
            except Exception as error:  # refusals and validation: one plain sentence
                show_service_error(error)
            else:
                st.success(t("settings.saved"))


def medical_term_form(page: PageContext) -> None:
    """How many calendar months medical data may stay after the last employment: 0 to 12."""
    current = settings_service.current_settings(page.db, page.member)
    st.subheader(t("settings.medical_title"))
    with st.form("medical_term"):
        months = st.number_input(
            t("settings.medical_months"),
            min_value=0,
            max_value=MAX_MONTHS_AFTER_PLACEMENT,
            value=current.medical_months_after_placement,
            step=1,
            help=t("settings.medical_help"),
            key="medical_months_after_placement",
        )
        if st.form_submit_button(
            t("settings.save_medical"), icon=":material/save:", key="save_medical_term"
        ):
            try:
                settings_service.update_medical_months_after_placement(
                    page.db, page.member, int(months), now=now_utc()
                )
            except Exception as error:  # refusals and validation: one plain sentence
                show_service_error(error)
            else:
                st.success(t("settings.saved"))
