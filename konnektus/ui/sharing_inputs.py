"""The inputs the disclosure form and the refused-request form share: whom it is about, who
asked, for which data and on what purpose. One place, so both forms ask the same way."""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st

from konnektus.clock import today_amsterdam
from konnektus.domain.lawful_bases import DISCLOSURE_PURPOSES
from konnektus.domain.sharing import DATA_CATEGORIES
from konnektus.services.search import search_people
from konnektus.ui.guard import PageContext
from konnektus.ui.i18n import t
from konnektus.ui.text import person_label


def person_picker(page: PageContext, prefix: str) -> int | None:
    """Find the person by name, e-mail or reference and pick one of the matches."""
    query = st.text_input(
        t("sharing.find_person"), key=f"{prefix}_query", max_chars=200, icon=":material/search:"
    )
    if not query.strip():
        return None
    found = search_people(page.db, page.member, query, today=today_amsterdam(), page_size=20)
    labels = {int(r["id"]): person_label(r) for r in found.results.to_dict("records")}
    if not labels:
        st.info(t("sharing.no_person_found"))
        return None
    chosen: int = st.selectbox(
        t("sharing.person"), list(labels), format_func=labels.__getitem__, key=f"{prefix}_person"
    )
    return chosen


def asked_inputs(names: Mapping[int, str], prefix: str) -> tuple[int | None, list[str], str | None]:
    """Who (a recipient of the register), which data and which purpose (lawful_bases codes)."""
    recipient_id = st.selectbox(
        t("sharing.col_recipient"),
        list(names),
        index=None,
        format_func=names.__getitem__,
        placeholder=t("sharing.choose_recipient"),
        key=f"{prefix}_recipient",
    )
    categories = st.multiselect(
        t("sharing.col_data"),
        DATA_CATEGORIES,
        format_func=lambda c: t(f"category.{c}"),
        key=f"{prefix}_categories",
        placeholder=t("sharing.choose_categories"),
        select_all=False,
    )
    # a code of the purpose list: a consent carries only its own purpose (lawful-bases.md)
    purpose = st.selectbox(
        t("sharing.purpose"),
        DISCLOSURE_PURPOSES,
        index=None,
        format_func=lambda p: t(f"disclosure_purpose.{p}"),
        placeholder=t("sharing.choose_purpose"),
        key=f"{prefix}_purpose",
    )
    return recipient_id, categories, purpose
