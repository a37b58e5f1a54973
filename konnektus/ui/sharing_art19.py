"""Tell recipients after a rectification, restriction or erasure (Art. 19): the DPO's task
list. An erasure queued its letters itself; the DPO ticks them off when sent."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from konnektus.clock import now_utc
from konnektus.services import sharing_art19 as art19
from konnektus.services.requests import RequestError, local_times
from konnektus.ui.formats import DATE_FORMAT
from konnektus.ui.guard import PageContext
from konnektus.ui.i18n import t, t_each
from konnektus.ui.sharing_register import show_sharing_error
from konnektus.ui.sharing_summary import words
from konnektus.ui.versioned import per_version

DONE = "sh19_done"
# read again only after a write or at midnight (konnektus/ui/versioned.py)
_recipient_tasks = per_version(art19.recipient_tasks)


def _queued(letter_id: object) -> bool:
    return letter_id is not None and not pd.isna(letter_id)  # type: ignore[call-overload]


def art19_panel(page: PageContext) -> None:
    st.subheader(t("sharing.art19_title"))
    st.caption(t("sharing.art19_help"))
    done = st.session_state.pop(DONE, None)
    if done:
        st.success(done, icon=":material/check:")
    tasks = _recipient_tasks(page.db, page.member)
    if tasks.empty:
        st.info(t("sharing.art19_none"))
        return
    language = page.language
    queued, todo = t("sharing.art19_state_queued"), t("sharing.art19_state_todo")
    st.dataframe(
        pd.DataFrame(
            {
                "request": tasks["request_id"],
                "change": t_each("sharing.change_", tasks["type"]),
                "closed": local_times(tasks["closed_at"]).dt.date,
                "person": tasks["reference"],
                "recipient": tasks["recipient"],
                "data": [words("category", v, language) for v in tasks["categories"]],
                "state": [queued if _queued(i) else todo for i in tasks["letter_id"]],
            }
        ),
        hide_index=True,
        width="stretch",
        key="sh19_table",
        column_config={
            "request": st.column_config.NumberColumn(t("sharing.col_request"), format="%d"),
            "change": t("sharing.col_change"),
            "closed": st.column_config.DateColumn(t("sharing.col_closed"), format=DATE_FORMAT),
            "person": t("sharing.person"),
            "recipient": t("sharing.col_recipient"),
            "data": t("sharing.col_data"),
            "state": t("sharing.col_state"),
        },
        placeholder="",
    )
    labels = {  # a clean-up's erasure has no request
        i: f"{'' if pd.isna(r) else f'#{int(r)} · '}{ref} → {name}"
        for i, (r, ref, name) in enumerate(
            zip(tasks["request_id"], tasks["reference"], tasks["recipient"], strict=True)
        )
    }
    chosen = st.selectbox(
        t("sharing.art19_choose"), list(labels), format_func=labels.__getitem__, key="sh19_task"
    )
    if chosen is None or chosen >= len(tasks):
        return
    task = tasks.iloc[int(chosen)]
    try:
        if not _queued(task["letter_id"]):
            if st.button(t("sharing.art19_queue"), key="sh19_queue", type="primary"):
                art19.queue_recipient_letter(
                    page.db,
                    page.member,
                    int(task["request_id"]),
                    int(task["recipient_id"]),
                    now=now_utc(),
                )
                st.session_state[DONE] = t("sharing.art19_queued_done")
                st.rerun()
        elif st.button(t("sharing.art19_sent"), key="sh19_sent", type="primary"):
            art19.tick_off_recipient_letter(
                page.db, page.member, int(task["notice_id"]), now=now_utc()
            )
            st.session_state.pop("sh19_task", None)  # the task leaves the list
            st.session_state[DONE] = t("sharing.art19_sent_done")
            st.rerun()
    except RequestError as error:
        show_sharing_error(error)
