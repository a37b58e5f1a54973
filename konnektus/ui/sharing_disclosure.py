"""Register a disclosure (back office, DPO): a refusal says why and keeps what was typed."""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from datetime import datetime
from typing import Any

import pandas as pd
import streamlit as st

from konnektus.clock import now_utc, this_minute_amsterdam
from konnektus.domain.sharing import LEGAL_BASES
from konnektus.i18n import format_date
from konnektus.services import sharing
from konnektus.ui.formats import DATE_FORMAT
from konnektus.ui.forms import confirm_previous_save, saved_and_cleared
from konnektus.ui.guard import PageContext
from konnektus.ui.i18n import t
from konnektus.ui.sharing_inputs import asked_inputs, person_picker
from konnektus.ui.sharing_refused import OFFER, refusal_offer
from konnektus.ui.sharing_register import attempt
from konnektus.ui.sharing_summary import word

FORM = "shd_form"
# cleared after a save; the search stays, so a second disclosure for the same person is quick
CLEARED = (
    "shd_recipient",
    "shd_categories",
    "shd_purpose",
    "shd_note",
    "shd_basis",
    "shd_consent",
    "shd_on",
    "shd_at",
)


def _short_date(value: Any, language: str) -> str | None:
    if value is None or pd.isna(value):
        return None
    return format_date(pd.Timestamp(value).date(), language, "short")


def _consent_label(row: Mapping[Hashable, Any], language: str) -> str:
    label = f"#{row['id']} · {word('consent_purpose', row['purpose'], language)}"
    given = _short_date(row["given_on"], language)
    if given:
        label += " · " + t("sharing.given_on", date=given)
    withdrawn = _short_date(row["withdrawn_on"], language)
    if withdrawn:
        label += " · " + t("sharing.withdrawn_on", date=withdrawn)
    return label


def disclosure_form(page: PageContext, recipients: pd.DataFrame) -> None:
    st.subheader(t("sharing.register_title"))
    st.caption(t("sharing.register_help"))
    confirm_previous_save(FORM)
    person_id = person_picker(page, "shd")
    names = {
        int(i): str(n) + ("" if a else f" ({t('sharing.suspended')})")
        for i, n, a in zip(
            recipients["id"].tolist(),
            recipients["name"].tolist(),
            recipients["active"].tolist(),
            strict=True,
        )
    }
    recipient_id, categories, purpose = asked_inputs(names, "shd")
    note = st.text_input(
        t("sharing.purpose_note"),
        max_chars=200,
        key="shd_note",
        help=t("sharing.purpose_note_help"),
    )
    basis = st.selectbox(
        t("sharing.legal_basis"),
        LEGAL_BASES,
        format_func=lambda b: t(f"legal_basis.{b}"),
        key="shd_basis",
    )
    consent_id: int | None = None
    if basis == "consent" and person_id is not None:
        consents = sharing.consents_for_disclosure(page.db, page.member, int(person_id))
        rows = {int(r["id"]): r for r in consents.to_dict("records")}
        consent_id = st.selectbox(
            t("sharing.consent"),
            list(rows),
            index=None,
            format_func=lambda i: _consent_label(rows[i], page.language),
            placeholder=t("sharing.no_consent") if not rows else t("sharing.choose_consent"),
            key="shd_consent",
        )
    # a disclosure made earlier is registered with its own moment (Amsterdam time)
    this_minute = this_minute_amsterdam()
    when_day, when_time = st.columns(2)
    on = when_day.date_input(
        t("sharing.disclosed_on"),
        value=this_minute.date(),
        max_value=this_minute.date(),
        format=DATE_FORMAT,
        key="shd_on",
    )
    at = when_time.time_input(
        t("sharing.disclosed_time"), value=this_minute.time(), step=60, key="shd_at"
    )
    if st.button(t("sharing.register"), key="shd_register", type="primary", icon=":material/send:"):
        if person_id is None or recipient_id is None:
            st.error(t("sharing.choose_person_and_recipient"), icon=":material/error:")
            return
        st.session_state.pop(OFFER, None)
        if attempt(
            lambda: _register_or_offer(
                {
                    "person_id": int(person_id),
                    "recipient_id": int(recipient_id),
                    "categories": tuple(categories),
                    "purpose": purpose or "",
                    "note": note,
                },
                sharing.register_disclosure,
                page.db,
                page.member,
                int(person_id),
                int(recipient_id),
                tuple(categories),
                purpose or "",
                str(basis),
                consent_id,
                now=now_utc(),
                note=note,
                disclosed_at=datetime.combine(on, at),
            )
        ):
            saved_and_cleared(
                FORM,
                CLEARED,
                t(
                    "sharing.registered_what",
                    categories=", ".join(t(f"category.{c}") for c in categories),
                    recipient=names[int(recipient_id)],
                    moment=f"{format_date(on, page.language, 'short')} {at:%H:%M}",
                ),
            )
    refusal_offer(page)


def _register_or_offer(asked: dict[str, Any], register: Any, *args: Any, **kwargs: Any) -> None:
    """Register the disclosure; when the lawful-basis rule refuses it, keep what was asked so
    the page can offer to record the refused request (O8), then show the refusal."""
    try:
        register(*args, **kwargs)
    except sharing.DisclosureRefused as refusal:
        st.session_state[OFFER] = asked | {"reason": refusal.refusal.value}
        raise
