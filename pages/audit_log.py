"""The audit log (DPO only): filter the entries and see whether the hash chain holds."""

from datetime import timedelta

import streamlit as st

from konnektus.clock import today_amsterdam
from konnektus.i18n import format_number
from konnektus.services.audit_log import AuditFilter, audit_actions, audit_entries, verify_chain
from konnektus.ui.guard import guard_page
from konnektus.ui.i18n import t

page = guard_page("audit_log")
st.title(t("audit.title"))
st.caption(t("audit.intro"))

chain = verify_chain(page.db, page.member)
count = format_number(chain.entries, page.language)
if chain.intact:
    st.success(t("audit.chain_intact", count=count), icon=":material/verified:")
else:
    st.error(
        t("audit.chain_broken", entry=chain.first_broken_id, count=count), icon=":material/gpp_bad:"
    )

PAGE_SIZE = 100
actions_column, object_column, dates_column = st.columns([2, 1, 2])
actions = actions_column.multiselect(
    t("audit.filter_actions"),
    audit_actions(page.db, page.member),
    key="audit_actions",
    placeholder=t("audit.all_actions"),
)
object_id = object_column.number_input(
    t("audit.filter_object_id"), min_value=0, value=None, step=1, key="audit_object_id"
)
today = today_amsterdam()
period = dates_column.date_input(
    t("audit.filter_period"),
    value=(today - timedelta(days=30), today),
    key="audit_period",
    format="DD-MM-YYYY",
)
since, until = (
    (period[0], period[1]) if isinstance(period, tuple) and len(period) == 2 else (None, None)
)

where = AuditFilter(
    actions=tuple(actions),
    object_id=int(object_id) if object_id is not None else None,
    since=since,
    until=until,
)
first = audit_entries(page.db, page.member, where, limit=PAGE_SIZE, offset=0)
pages = max(1, -(-first.total // PAGE_SIZE))
count_column, number_column = st.columns([4, 1])
number = number_column.number_input(
    t("audit.page", pages=pages), min_value=1, max_value=pages, value=1, key="audit_page"
)
shown = (
    first
    if number == 1
    else audit_entries(
        page.db, page.member, where, limit=PAGE_SIZE, offset=(number - 1) * PAGE_SIZE
    )
)
count_column.caption(t("audit.matches", count=format_number(first.total, page.language)))
st.dataframe(
    shown.entries,
    hide_index=True,
    width="stretch",
    column_config={
        "id": st.column_config.NumberColumn("#", format="%d"),
        "occurred_at": st.column_config.DatetimeColumn(
            t("audit.col_when"), format="DD-MM-YYYY HH:mm:ss"
        ),
        "staff_id": None,
        "staff_name": t("audit.col_who"),
        "role": t("audit.col_role"),
        "action": t("audit.col_action"),
        "object_type": t("audit.col_object"),
        "object_id": st.column_config.NumberColumn(t("audit.col_object_id"), format="%d"),
        "details": t("audit.col_details"),
    },
)
