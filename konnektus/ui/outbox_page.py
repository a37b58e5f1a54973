"""Uitgaande post (issue 20): every letter with its state, counts per state, filters; a
failed letter tried again; letters for the post printed as one file and marked posted.

The person appears by reference only; the request number links to the request for a role
that works the requests. Marking letters posted names their number and asks first
(ui/confirm.py, rung 2): from then on they count as sent, and what they tell as told.
"""

from __future__ import annotations

from typing import Any, Final

import pandas as pd
import streamlit as st

from konnektus.clock import now_utc
from konnektus.domain.outbox import STATES, LetterState, may_open_request, state_counts
from konnektus.i18n import format_date, format_number
from konnektus.services import outbox_desk
from konnektus.services.requests import RequestError
from konnektus.ui.confirm import confirm_effect
from konnektus.ui.errors import show_service_error
from konnektus.ui.guard import PageContext
from konnektus.ui.i18n import t

TABLE: Final = "outbox_table"
CONFIRM_POST: Final = "outbox_confirm_post"  # the ids waiting for Bevestigen
PRINTED: Final = "outbox_print_file"  # (html, count) of the print file just made
DONE: Final = "outbox_done"  # the sentence that says what the last action changed
FOR_POST: Final = frozenset({LetterState.TO_PRINT, LetterState.PRINTED})


def _day(value: Any, language: str) -> str:
    if value is None or pd.isna(value):
        return ""
    return format_date(pd.Timestamp(value).date(), language, "short")


def _kind_word(kind: str) -> str:
    return t(f"letter_kind.{kind}")


def outbox_page(page: PageContext) -> None:
    st.title(t("outbox.title"))
    st.caption(t("outbox.intro"))
    done = st.session_state.pop(DONE, None)
    if done:
        st.success(done, icon=":material/check:")
    found = outbox_desk.letters(page.db, page.member)
    _counts(page, found)
    shown = _filtered(found)
    if shown.empty:
        st.info(t("outbox.none"))
        return
    chosen = _table(page, shown)
    _actions(page, chosen)


def _counts(page: PageContext, found: pd.DataFrame) -> None:
    counts = state_counts(found["state"])
    with st.container(key="outbox_counts", horizontal=True):
        for state in STATES:
            st.metric(
                t(f"outbox.state.{state}"),
                format_number(counts[state], page.language),
                width="content",
            )


def _filtered(found: pd.DataFrame) -> pd.DataFrame:
    left, right = st.columns(2)
    states = left.multiselect(
        t("outbox.filter_state"),
        list(STATES),
        format_func=lambda s: t(f"outbox.state.{s}"),
        placeholder=t("outbox.all"),
        key="outbox_states",
        select_all=False,
    )
    kinds = right.multiselect(
        t("outbox.filter_kind"),
        sorted(found["kind"].unique(), key=_kind_word) if not found.empty else [],
        format_func=_kind_word,
        placeholder=t("outbox.all"),
        key="outbox_kinds",
        select_all=False,
    )
    if states:
        found = found[found["state"].isin(states)]
    if kinds:
        found = found[found["kind"].isin(kinds)]
    return found.reset_index(drop=True)


def _table(page: PageContext, shown: pd.DataFrame) -> pd.DataFrame:
    """The letters, several rows selectable; returns the selected ones."""
    language = page.language
    linked = may_open_request(page.member.role)
    requests = [
        "" if pd.isna(r) else (f"/requests?id={int(r)}" if linked else str(int(r)))
        for r in shown["request_id"]
    ]
    table = pd.DataFrame(
        {
            "id": shown["id"].astype(int),
            "kind": [_kind_word(k) for k in shown["kind"]],
            "state": [t(f"outbox.state.{s}") for s in shown["state"]],
            "reference": shown["reference"].fillna("-"),
            "request": requests,
            "created": [_day(v, language) for v in shown["created_at"]],
            "sent": [_day(v, language) for v in shown["sent_at"]],
            "attempts": shown["attempts"].astype(int),
        }
    )
    request_column = (
        st.column_config.LinkColumn(t("outbox.col_request"), display_text=r"/requests\?id=(\d+)")
        if linked
        else st.column_config.TextColumn(t("outbox.col_request"))
    )
    event = st.dataframe(
        table,
        key=TABLE,
        on_select="rerun",
        selection_mode="multi-row",
        hide_index=True,
        width="stretch",
        column_config={
            "id": st.column_config.NumberColumn(t("outbox.col_id"), format="%d"),
            "kind": t("outbox.col_kind"),
            "state": t("outbox.col_state"),
            "reference": t("outbox.col_reference"),
            "request": request_column,
            "created": t("outbox.col_created"),
            "sent": t("outbox.col_sent"),
            "attempts": st.column_config.NumberColumn(t("outbox.col_attempts"), format="%d"),
        },
    )
    rows = [r for r in event.selection.rows if 0 <= r < len(shown)]
    return shown.iloc[rows]


def _actions(page: PageContext, chosen: pd.DataFrame) -> None:
    if chosen.empty:
        st.caption(t("outbox.pick"))
        return
    failed = [int(i) for i in chosen.loc[chosen["state"] == LetterState.FAILED, "id"]]
    for_post = [int(i) for i in chosen.loc[chosen["state"].isin(FOR_POST), "id"]]
    if failed and st.button(t("outbox.retry", count=len(failed)), key="outbox_retry"):
        _retry(page, failed)
    if for_post:
        _post_actions(page, for_post)


def _retry(page: PageContext, ids: list[int]) -> None:
    try:
        for letter_id in ids:
            outbox_desk.retry(page.db, page.member, letter_id, now=now_utc())
    except RequestError as error:
        show_service_error(error)
        return
    st.session_state[DONE] = t("outbox.retried", count=len(ids))
    st.rerun()


def _post_actions(page: PageContext, ids: list[int]) -> None:
    make, post = st.columns(2)
    if make.button(t("outbox.make_print", count=len(ids)), key="outbox_make_print"):
        try:
            made = outbox_desk.print_file(page.db, page.member, ids, now=now_utc())
        except RequestError as error:
            show_service_error(error)
        else:
            st.session_state[PRINTED] = (made.html, made.letters)
    printed = st.session_state.get(PRINTED)
    if printed is not None:
        make.download_button(
            t("outbox.download_print", count=printed[1]),
            data=printed[0].encode("utf-8"),
            file_name="uitgaande-post.html",
            mime="text/html",
            key="outbox_download",
        )
    if post.button(t("outbox.mark_posted", count=len(ids)), key="outbox_post"):
        st.session_state[CONFIRM_POST] = ids
    waiting = st.session_state.get(CONFIRM_POST)
    if waiting:
        _confirm_post(page, list(waiting))


def _confirm_post(page: PageContext, ids: list[int]) -> None:
    def cancel() -> None:
        st.session_state.pop(CONFIRM_POST, None)

    if not confirm_effect(
        t("outbox.confirm_post", count=len(ids)),
        confirm_key="outbox_post_yes",
        cancel_key="outbox_post_no",
        on_cancel=cancel,
    ):
        return
    try:
        posted = outbox_desk.mark_posted(
            page.db, page.member, ids, seen_count=len(ids), now=now_utc()
        )
    except RequestError as error:
        cancel()
        show_service_error(error)
        return
    cancel()
    st.session_state.pop(PRINTED, None)
    st.session_state[DONE] = t("outbox.posted", count=posted)
    st.rerun()
