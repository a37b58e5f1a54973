"""The five lists that need action (O6), as tabs: select rows to ask or remind them, ask the
whole list after a confirmation, record an answer, open the person.

Selections are positional. So a selection is read against the rows the user saw when they
made it (kept per table), not against a list someone else may have changed since; and after
every action, and when the filter or the page changes, the tables get new keys (a fresh,
empty selection) instead of letting the next row inherit the one just handled.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

import pandas as pd
import streamlit as st

from konnektus.clock import now_utc
from konnektus.db.retention import RetentionFilter
from konnektus.domain.permissions import Action, can
from konnektus.domain.retention import ACTION_LISTS, ASKABLE, REMINDABLE, RetentionState
from konnektus.domain.text import full_name
from konnektus.i18n import format_number
from konnektus.services import retention as retention_service
from konnektus.services import retention_letters
from konnektus.ui.confirm import confirm_count
from konnektus.ui.errors import show_service_error
from konnektus.ui.formats import DATE_FORMAT
from konnektus.ui.guard import PageContext
from konnektus.ui.i18n import t, t_each
from konnektus.ui.retention_answer import answer_control, as_date, show_answer_confirmation
from konnektus.ui.versioned import per_version

VERSION = "ret_table_version"
VIEW = "ret_view"  # the filter the tables were drawn with
SEEN = "_seen"  # suffix: the rows a table showed, to read its selection against
REPORT = "ret_report"
ANSWER_DONE = "ret_answer_done"
# read again only after a write or at midnight (konnektus/ui/versioned.py)
_action_lists = per_version(retention_service.action_lists)
_recent_print_batches = per_version(retention_service.recent_print_batches)
OPEN_PERSON = "ret_open_person"


def table_key(state: RetentionState, page: int) -> str:
    """The key of a list's table in this run (tests set a selection under it)."""
    return f"ret_{state.value}_table_{st.session_state.get(VERSION, 0)}_{page}"


def _fresh_tables() -> None:
    for key in [k for k in st.session_state if str(k).endswith(SEEN)]:
        del st.session_state[key]
    st.session_state[VERSION] = st.session_state.get(VERSION, 0) + 1


def action_tabs(page: PageContext, where: RetentionFilter, own: int | None, today: date) -> None:
    show_answer_confirmation(page, ANSWER_DONE)
    _last_report(page)
    if st.session_state.get(VIEW, (where, own)) != (where, own):
        _fresh_tables()
    st.session_state[VIEW] = (where, own)
    pages = {s: int(st.session_state.get(f"ret_{s.value}_page", 1)) for s in ACTION_LISTS}
    lists = _action_lists(
        page.db, page.member, where, today=today, pages=pages, own_recruiter_id=own
    )
    if any(lists[s].total and pages[s] > lists[s].pages for s in ACTION_LISTS):
        # the filter narrowed a list below the page the user was on: back to page 1
        for s in ACTION_LISTS:
            if pages[s] > lists[s].pages:
                st.session_state[f"ret_{s.value}_page"] = 1
        st.rerun()
    tabs = st.tabs(
        [
            t(
                "retention_page.tab",
                label=t(f"retention_page.list_{s.value}"),
                count=format_number(lists[s].total, page.language),
            )
            for s in ACTION_LISTS
        ]
    )
    for tab, state in zip(tabs, ACTION_LISTS, strict=True):
        with tab:
            _list_tab(page, lists[state], where, today)


def _list_tab(
    page: PageContext, found: retention_service.ListPage, where: RetentionFilter, today: date
) -> None:
    state = found.state
    st.caption(t(f"retention_page.about_{state.value}"))
    if not found.total:
        st.info(t("retention_page.empty"), icon=":material/check:")
        return
    count, pager = st.columns([4, 1])
    count.caption(
        t(
            "retention_page.showing",
            shown=len(found.rows),
            total=format_number(found.total, page.language),
        )
    )
    pager.number_input(
        t("audit.page", pages=found.pages),
        min_value=1,
        max_value=found.pages,
        step=1,
        key=f"ret_{state.value}_page",
    )
    key = table_key(state, found.page)
    # what the user saw when they selected, even if the list has changed since
    seen_rows: pd.DataFrame = st.session_state.get(key + SEEN, found.rows)
    selected = [r for r in _table(found.rows, key) if 0 <= r < len(seen_rows)]
    st.session_state[key + SEEN] = found.rows
    chosen = seen_rows.iloc[selected]
    may_send = can(page.member.role, Action.ASK_EXTENSION) and state in ASKABLE | REMINDABLE
    if may_send:
        _send_controls(page, state, chosen, found.total, where, today)
    if len(chosen) == 1:
        _one_person(page, state, {str(k): v for k, v in chosen.iloc[0].items()})


def _table(rows: pd.DataFrame, key: str) -> list[int]:
    shown = pd.DataFrame(
        {
            "reference": rows["reference"],
            "name": [
                full_name(*parts)
                for parts in zip(
                    rows["given_name"], rows["tussenvoegsel"], rows["family_name"], strict=True
                )
            ],
            "email": rows["email"],
            "city": rows["city"],
            "stage": t_each("stage.", rows["stage"]),
            "recruiter": rows["recruiter"],
            "expiry": rows["retention_expiry"],
            "asked_on": rows["extension_asked_on"],
            "reminded_on": rows["extension_reminded_on"],
            # Art. 18/21: the request that keeps this person from being asked (never sent)
            "not_to_ask": [
                "" if pd.isna(r) else t("retention_page.held_by", id=int(r))
                for r in rows["not_to_ask"]
            ],
        }
    )
    event = st.dataframe(
        shown,
        hide_index=True,
        width="stretch",
        key=key,
        on_select="rerun",
        selection_mode="multi-row",
        column_config={
            "reference": t("people.reference"),
            "name": t("people.name"),
            "email": t("statement.field.email"),
            "city": t("statement.field.city"),
            "stage": t("people.stage"),
            "recruiter": t("people.recruiter"),
            "expiry": st.column_config.DateColumn(t("people.expiry"), format=DATE_FORMAT),
            "asked_on": st.column_config.DateColumn(
                t("retention_page.col_asked_on"), format=DATE_FORMAT
            ),
            "reminded_on": st.column_config.DateColumn(
                t("retention_page.col_reminded_on"), format=DATE_FORMAT
            ),
            "not_to_ask": st.column_config.TextColumn(
                t("retention_page.col_not_to_ask"), help=t("retention_page.not_to_ask_help")
            ),
        },
        placeholder="",
    )
    return list(event.selection.rows)


def _send_controls(
    page: PageContext,
    state: RetentionState,
    chosen: pd.DataFrame,
    total: int,
    where: RetentionFilter,
    today: date,
) -> None:
    verb = "ask" if state in ASKABLE else "remind"
    confirm_flag = f"ret_{state.value}_confirming"
    left, right = st.columns(2)
    if left.button(
        t(f"retention_page.{verb}_selected", count=len(chosen)),
        key=f"ret_{state.value}_send_selected",
        disabled=chosen.empty,
        icon=":material/outgoing_mail:",
    ):
        seen = {
            int(i): as_date(e)
            for i, e in zip(chosen["id"], chosen["retention_expiry"], strict=True)
        }
        _run(page, state, seen)
    if right.button(
        t(f"retention_page.{verb}_all", count=format_number(total, page.language)),
        key=f"ret_{state.value}_all",
        icon=":material/forward_to_inbox:",
    ):
        st.session_state[confirm_flag] = total
    if confirm_flag in st.session_state:
        # the safety ladder's third rung: a letter to every person on the list cannot be
        # taken back, so the number of people is typed (issue 20 point 4)
        count = int(st.session_state[confirm_flag])
        with st.container(border=True):
            confirmed = confirm_count(
                t(
                    f"retention_page.confirm_{verb}_all",
                    count=format_number(count, page.language),
                ),
                count,
                language=page.language,
                confirm_key=f"ret_{state.value}_confirm",
                cancel_key=f"ret_{state.value}_cancel",
                number_key=f"ret_{state.value}_typed",
                on_cancel=lambda: st.session_state.pop(confirm_flag, None),
            )
            if confirmed:
                del st.session_state[confirm_flag]
                try:
                    seen = retention_service.list_targets(
                        page.db, page.member, state, where, today=today
                    )
                except Exception as error:
                    show_service_error(error)
                    return
                _run(page, state, seen)


def _run(page: PageContext, state: RetentionState, seen: dict[int, date]) -> None:
    """Ask or remind `seen`, with a progress bar; the report waits for the next run."""
    bar = st.progress(0.0, text=t("retention_page.sending", done=0, total=len(seen)))

    def progress(done: int, total: int) -> None:
        bar.progress(done / max(total, 1), text=t("retention_page.sending", done=done, total=total))

    send = retention_letters.ask_to_extend if state in ASKABLE else retention_letters.send_reminders
    try:
        report = send(page.db, page.member, seen, now=now_utc(), on_progress=progress)
    except Exception as error:  # "already done by ..." and refusals: one plain sentence
        bar.empty()
        show_service_error(error)
        return
    st.session_state[REPORT] = report
    _fresh_tables()
    st.rerun()


def _last_report(page: PageContext) -> None:
    report: retention_letters.SendReport | None = st.session_state.get(REPORT)
    if report is None:
        return
    language = page.language
    st.success(
        t(
            f"retention_page.report_{report.kind}",
            sent=format_number(report.sent, language),
            email=format_number(report.by_email, language),
            printed=format_number(report.by_print, language),
            skipped=format_number(report.skipped, language),
        ),
        icon=":material/mark_email_read:",
    )
    for batch in report.print_batches:
        html = retention_service.print_batch_html(page.db, page.member, batch.letter_id)
        st.download_button(
            t("retention_page.download_print", count=batch.letters),
            data=html,
            file_name=f"printbrieven-{batch.letter_id}.html",
            mime="text/html",
            key=f"ret_print_{batch.letter_id}",
            icon=":material/print:",
        )


def _one_person(page: PageContext, state: RetentionState, row: Mapping[str, Any]) -> None:
    """One selected row: open the person, or record their answer right here."""
    label, button = st.columns([4, 1], vertical_alignment="center")
    label.text(
        f"{row['reference']} · "
        f"{full_name(row['given_name'], row['tussenvoegsel'], row['family_name'])}"
    )
    if button.button(
        t("retention_page.open_person"),
        key=f"ret_{state.value}_open",
        icon=":material/person:",
    ):
        st.session_state[OPEN_PERSON] = int(row["id"])
    if answer_control(page, row, state, key=f"ret_{state.value}_extension", done_key=ANSWER_DONE):
        _fresh_tables()
        st.rerun()


def print_files(page: PageContext) -> None:
    """Earlier print files, to download again."""
    if not can(page.member.role, Action.ASK_EXTENSION):
        return
    with st.expander(t("retention_page.print_files"), icon=":material/print:"):
        batches = _recent_print_batches(page.db, page.member)
        if batches.empty:
            st.caption(t("retention_page.no_print_files"))
            return
        labels = dict(zip(batches["id"].astype(int), batches["subject"], strict=True))
        chosen = st.selectbox(
            t("retention_page.print_file"),
            list(labels),
            format_func=labels.__getitem__,
            key="ret_print_choice",
        )
        if chosen is not None:
            st.download_button(
                t("retention_page.download"),
                data=retention_service.print_batch_html(page.db, page.member, int(chosen)),
                file_name=f"printbrieven-{chosen}.html",
                mime="text/html",
                key="ret_print_again",
                icon=":material/download:",
            )
