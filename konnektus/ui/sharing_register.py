"""The recipient register: everyone reads it; back office and the DPO add, edit and suspend."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pandas as pd
import streamlit as st

from konnektus.clock import now_utc
from konnektus.domain.errors import CodedError
from konnektus.domain.permissions import Action, can
from konnektus.domain.sharing import RECIPIENT_CATEGORIES, RECIPIENT_KINDS, SAFEGUARDS
from konnektus.services import sharing
from konnektus.services import sharing_register as recipients
from konnektus.ui.errors import show_service_error
from konnektus.ui.formats import DATE_FORMAT
from konnektus.ui.forms import confirm_previous_save, saved_and_cleared
from konnektus.ui.guard import PageContext
from konnektus.ui.i18n import t, t_each
from konnektus.ui.sharing_summary import word
from konnektus.ui.versioned import per_version

# read again only after a write or at midnight (konnektus/ui/versioned.py)
recipient_register = per_version(recipients.recipient_register)

NEW_FORM_KEYS = (
    "shr_new_name",
    "shr_new_category",
    "shr_new_kind",
    "shr_new_country",
    "shr_new_signed",
    "shr_new_expires",
    "shr_new_safeguard",
)
AGREEMENT_COLOURS = {
    "expired": "#f8d0cc",
    "missing": "#f8d0cc",
    "expiring": "#fde7c2",
}


def show_sharing_error(error: Exception) -> None:
    """Register errors and refusals by their code, in the page's language; others as usual."""
    if isinstance(error, recipients.SharingError):
        st.error(t(f"sharing.error.{error.code}"), icon=":material/error:")
    elif isinstance(error, sharing.DisclosureRefused):
        st.error(
            t(
                "sharing.refused",
                reason=t(f"sharing.refusal.{error.refusal.value}"),
                rule=error.refusal.value,
            ),
            icon=":material/block:",
        )
    elif isinstance(error, sharing.DisclosureAlreadyRegistered):
        st.error(t("sharing.already_registered", id=error.disclosure_id), icon=":material/error:")
    else:
        show_service_error(error)


def attempt(action: Callable[[], object]) -> bool:
    """Run a register action; any refusal (a register error, a refused disclosure, a
    restricted person under Art. 18) is shown by its code, never as a traceback."""
    try:
        action()
    except CodedError as error:
        show_sharing_error(error)
        return False
    return True


def register_table(page: PageContext, register: pd.DataFrame) -> None:
    language = page.language
    shown = pd.DataFrame(
        {
            "name": register["name"],
            "category": [
                word("sharing.recipient_category", c, language) for c in register["category"]
            ],
            "kind": t_each("sharing.kind_", register["kind"]),
            "agreement": t_each("sharing.agreement.", register["agreement"]),
            "signed": register["dpa_signed_on"],
            "expires": register["dpa_expires_on"],
            "country": register["country"],
            "transfer": [
                (t("sharing.outside_eea") if outside else t("sharing.inside_eea"))
                for outside in register["outside_eea"]
            ],
            "safeguard": [
                word("sharing.safeguard", s, language)
                if isinstance(s, str)
                else (t("sharing.safeguard_missing") if missing else "")
                for s, missing in zip(
                    register["safeguard"], register["safeguard_missing"], strict=True
                )
            ],
            "status": [
                t("sharing.active") if a else t("sharing.suspended") for a in register["active"]
            ],
        }
    )
    colours = [AGREEMENT_COLOURS.get(a, "") for a in register["agreement"]]
    styled = shown.style.apply(
        lambda column: [f"background-color: {c}" if c else "" for c in colours],
        subset=["agreement"],
    )
    st.dataframe(
        styled,
        hide_index=True,
        width="stretch",
        key="shr_table",
        column_config={
            "name": t("sharing.col_recipient"),
            "category": t("sharing.col_category"),
            "kind": t("sharing.col_kind"),
            "agreement": t("sharing.col_agreement"),
            "signed": st.column_config.DateColumn(t("sharing.col_signed"), format=DATE_FORMAT),
            "expires": st.column_config.DateColumn(t("sharing.col_expires"), format=DATE_FORMAT),
            "country": t("sharing.col_country"),
            "transfer": t("sharing.col_transfer"),
            "safeguard": t("sharing.col_safeguard"),
            "status": t("sharing.col_status"),
        },
        placeholder="",
    )


def _entry_widgets(prefix: str, current: dict[str, Any] | None) -> recipients.RecipientInput:
    """The fields of one recipient; `current` fills them when editing."""
    current = current or {}
    left, right = st.columns(2)
    name = left.text_input(
        t("sharing.col_recipient"),
        value=current.get("name", ""),
        max_chars=200,
        key=f"{prefix}_name",
    )
    category = right.selectbox(
        t("sharing.col_category"),
        RECIPIENT_CATEGORIES,
        index=RECIPIENT_CATEGORIES.index(current["category"])
        if current.get("category") in RECIPIENT_CATEGORIES
        else 0,
        format_func=lambda c: t(f"sharing.recipient_category.{c}"),
        key=f"{prefix}_category",
    )
    kind = left.selectbox(
        t("sharing.col_kind"),
        RECIPIENT_KINDS,
        index=RECIPIENT_KINDS.index(current["kind"])
        if current.get("kind") in RECIPIENT_KINDS
        else 0,
        format_func=lambda k: t(f"sharing.kind_{k}"),
        key=f"{prefix}_kind",
    )
    country = right.text_input(
        t("sharing.col_country"),
        value=current.get("country", "NL"),
        max_chars=2,
        help=t("sharing.country_help"),
        key=f"{prefix}_country",
    )
    signed = left.date_input(
        t("sharing.col_signed"),
        value=_date_or_none(current.get("dpa_signed_on")),
        format=DATE_FORMAT,
        min_value=date(1990, 1, 1),
        key=f"{prefix}_signed",
    )
    expires = right.date_input(
        t("sharing.col_expires"),
        value=_date_or_none(current.get("dpa_expires_on")),
        format=DATE_FORMAT,
        min_value=date(1990, 1, 1),
        max_value=date(2100, 12, 31),
        key=f"{prefix}_expires",
    )
    options: list[str | None] = [None, *SAFEGUARDS]
    safeguard = st.selectbox(
        t("sharing.col_safeguard"),
        options,
        index=options.index(current.get("safeguard")) if current.get("safeguard") in options else 0,
        format_func=lambda s: (
            t("sharing.no_safeguard") if s is None else t(f"sharing.safeguard.{s}")
        ),
        help=t("sharing.safeguard_help"),
        placeholder=t("sharing.no_safeguard"),  # None chosen shows the placeholder
        key=f"{prefix}_safeguard",
    )
    return recipients.RecipientInput(
        name=name,
        category=str(category),
        kind=str(kind),
        country=country,
        dpa_signed_on=signed if isinstance(signed, date) else None,
        dpa_expires_on=expires if isinstance(expires, date) else None,
        safeguard=safeguard,
    )


def _date_or_none(value: Any) -> date | None:
    """A plain date from a frame cell; NaT (itself a datetime) and NaN become None."""
    if value is None or pd.isna(value):
        return None
    return pd.Timestamp(value).date()


def manage(page: PageContext, register: pd.DataFrame) -> None:
    """Add a recipient; edit, suspend or reactivate one (back office and DPO)."""
    if not can(page.member.role, Action.MANAGE_RECIPIENTS):
        return
    with st.expander(t("sharing.add_title"), icon=":material/add_business:"):
        confirm_previous_save("shr_new")
        entry = _entry_widgets("shr_new", None)
        if st.button(t("sharing.add"), key="shr_add", type="primary") and attempt(
            lambda: recipients.add_recipient(page.db, page.member, entry, now=now_utc())
        ):
            saved_and_cleared("shr_new", NEW_FORM_KEYS, t("sharing.added"))
    if register.empty:
        return
    labels = {
        int(i): str(n)
        for i, n in zip(register["id"].tolist(), register["name"].tolist(), strict=True)
    }
    with st.expander(t("sharing.edit_title"), icon=":material/edit:"):
        chosen = st.selectbox(
            t("sharing.choose_recipient"),
            list(labels),
            format_func=labels.__getitem__,
            key="shr_edit_id",
        )
        if chosen is None:
            return
        current = {
            str(k): v for k, v in register.set_index("id").loc[int(chosen)].to_dict().items()
        }
        prefix = f"shr_edit_{int(chosen)}"
        confirm_previous_save(prefix)
        entry = _entry_widgets(prefix, current)
        seen = current.get("changed_at")
        seen_at = None if seen is None or pd.isna(seen) else pd.Timestamp(seen).to_pydatetime()
        left, right = st.columns(2)
        if left.button(t("sharing.save"), key=f"{prefix}_save", type="primary") and attempt(
            lambda: recipients.edit_recipient(
                page.db, page.member, int(chosen), entry, seen_changed_at=seen_at, now=now_utc()
            )
        ):
            saved_and_cleared(
                prefix,
                [
                    f"{prefix}_{f}"
                    for f in (
                        "name",
                        "category",
                        "kind",
                        "country",
                        "signed",
                        "expires",
                        "safeguard",
                    )
                ],
                t("sharing.saved"),
            )
        if bool(current["active"]):
            if right.button(
                t("sharing.suspend"), key=f"{prefix}_suspend", icon=":material/block:"
            ) and attempt(
                lambda: recipients.suspend_recipient(
                    page.db, page.member, int(chosen), now=now_utc()
                )
            ):
                st.rerun()
        elif right.button(t("sharing.reactivate"), key=f"{prefix}_reactivate") and attempt(
            lambda: recipients.reactivate_recipient(
                page.db, page.member, int(chosen), now=now_utc()
            )
        ):
            st.rerun()
