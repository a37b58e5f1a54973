"""The audit log's widgets: the filters staff think in, a page of entries in words, the CSV."""

from __future__ import annotations

from datetime import timedelta

import streamlit as st

from konnektus.clock import now_utc, today_amsterdam
from konnektus.i18n import format_number
from konnektus.services.audit_log import (
    AuditFilter,
    audit_actions,
    audit_entries,
    audit_staff,
    export_audit_csv,
    verify_chain,
)
from konnektus.services.audit_text import action_word
from konnektus.ui.formats import DATE_FORMAT
from konnektus.ui.guard import PageContext
from konnektus.ui.i18n import t

PAGE_SIZE = 100
PERSON = "audit_person"
REQUEST = "audit_request"
STAFF = "audit_staff"
ACTIONS = "audit_actions"
SINCE = "audit_since"
UNTIL = "audit_until"
PAGE = "audit_page"
TABLE = "audit_table"
DOWNLOAD = "audit_download"


def chain_status(page: PageContext) -> None:
    chain = verify_chain(page.db, page.member)
    count = format_number(chain.entries, page.language)
    if chain.intact:
        st.success(t("audit.chain_intact", count=count), icon=":material/verified:")
        if not chain.anchored and chain.entries:
            st.warning(t("audit.chain_not_anchored"), icon=":material/anchor:")
        if chain.key_source == "database" and not page.demo:
            st.warning(t("audit.chain_database_key"), icon=":material/key:")
    else:
        st.error(
            t(f"audit.chain_{chain.problem}", entry=chain.first_broken_id, count=count),
            icon=":material/gpp_bad:",
        )


def filters(page: PageContext) -> AuditFilter | None:
    """The filter the widgets describe; None (with a warning) for a period that ends first."""
    person_column, request_column, staff_column = st.columns(3)
    reference = person_column.text_input(
        t("audit.filter_person"), key=PERSON, placeholder="K0001614", max_chars=20
    )
    request = request_column.number_input(
        t("audit.filter_request"), min_value=1, value=None, step=1, key=REQUEST
    )
    staff = dict(audit_staff(page.db, page.member))
    staff_id = staff_column.selectbox(
        t("audit.filter_staff"),
        list(staff),
        index=None,
        format_func=staff.__getitem__,
        placeholder=t("audit.all_staff"),
        key=STAFF,
    )
    actions_column, since_column, until_column = st.columns([2, 1, 1])
    actions = actions_column.multiselect(
        t("audit.filter_actions"),
        sorted(audit_actions(page.db, page.member), key=lambda a: action_word(a, page.language)),
        format_func=lambda a: action_word(a, page.language),
        key=ACTIONS,
        placeholder=t("audit.all_actions"),
        select_all=False,
    )
    today = today_amsterdam()
    since = since_column.date_input(
        t("audit.filter_since"), value=today - timedelta(days=30), key=SINCE, format=DATE_FORMAT
    )
    until = until_column.date_input(
        t("audit.filter_until"), value=today, key=UNTIL, format=DATE_FORMAT
    )
    if since and until and since > until:
        st.warning(t("audit.period_reversed"), icon=":material/event_busy:")
        return None
    return AuditFilter(
        actions=tuple(actions),
        staff_ids=(staff_id,) if staff_id is not None else (),
        since=since or None,
        until=until or None,
        person_reference=reference.strip() or None,
        request_id=int(request) if request is not None else None,
    )


def entries_table(page: PageContext, where: AuditFilter) -> None:
    language = page.language
    first = audit_entries(page.db, page.member, where, language=language, limit=PAGE_SIZE)
    pages = max(1, -(-first.total // PAGE_SIZE))
    count_column, number_column, download_column = st.columns([3, 1, 1])
    number = number_column.number_input(
        t("audit.page", pages=format_number(pages, language)),
        min_value=1,
        max_value=pages,
        value=1,
        key=PAGE,
    )
    shown = (
        first
        if number == 1
        else audit_entries(
            page.db,
            page.member,
            where,
            language=language,
            limit=PAGE_SIZE,
            offset=(int(number) - 1) * PAGE_SIZE,
        )
    )
    count_column.caption(t("audit.matches", count=format_number(first.total, language)))
    db, member = page.db, page.member
    download_column.download_button(
        t("audit.download"),
        # made on click, so only an actual download is audited
        data=lambda: export_audit_csv(db, member, where, language=language, now=now_utc()),
        file_name=f"auditlog-{today_amsterdam().isoformat()}.csv",
        mime="text/csv",
        key=DOWNLOAD,
        disabled=first.total == 0,
        icon=":material/download:",
    )
    if first.total == 0:
        st.info(t("audit.none"), icon=":material/search_off:")
        return
    st.dataframe(
        shown.entries,
        hide_index=True,
        width="stretch",
        key=TABLE,
        column_config={
            "id": st.column_config.NumberColumn(t("audit.col_id"), format="%d"),
            "when": t("audit.col_when"),
            "who": t("audit.col_who"),
            "role": t("audit.col_role"),
            "action": t("audit.col_action"),
            "object": t("audit.col_object"),
            "details": st.column_config.TextColumn(t("audit.col_details"), width="large"),
        },
        placeholder="",
    )
