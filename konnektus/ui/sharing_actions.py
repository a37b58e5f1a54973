"""Notify people of disclosures (preview, confirmation, progress) and the exports.

The confirmation is a session-state flag, not a dialog opened by a button, so it works the
same in the browser and under AppTest (stack-notes.md). The preview's figures are kept with
the flag: the run is refused when the set changed since the user saw them.
"""

from __future__ import annotations

import functools
from datetime import date
from typing import Any

import streamlit as st

from konnektus.clock import now_utc, today_amsterdam
from konnektus.domain.permissions import Action, can
from konnektus.i18n import format_number
from konnektus.services import sharing_notify as notify
from konnektus.services.requests import RequestError
from konnektus.ui.errors import show_service_error
from konnektus.ui.guard import PageContext
from konnektus.ui.i18n import t

PENDING = "shn_pending"
DONE = "shn_done"
PRINT = "shn_print"  # (letter id of the print file, letters in it) of the latest run
LOG_EXPORT = "shn_log_export"


def ask_to_notify(
    page: PageContext,
    first_day: date,
    last_day: date,
    *,
    recipient_id: int | None = None,
    disclosure_id: int | None = None,
) -> None:
    """Start a confirmation: the preview is computed now and kept with the request."""
    preview = notify.notice_preview(
        page.db,
        page.member,
        first_day=first_day,
        last_day=last_day,
        today=today_amsterdam(),
        recipient_id=recipient_id,
        disclosure_id=disclosure_id,
    )
    st.session_state[PENDING] = {
        "recipient_id": recipient_id,
        "disclosure_id": disclosure_id,
        "first_day": first_day,
        "last_day": last_day,
        "disclosures": preview.disclosures,
        "people": preview.people,
        "by_email": preview.by_email,
    }


def notify_buttons(
    page: PageContext,
    first_day: date,
    last_day: date,
    recipient_id: int,
    recipient_open: int,
    selected_disclosure: int | None,
) -> None:
    """The three ways to notify: one disclosure, this recipient, everything in the period."""
    if not can(page.member.role, Action.NOTIFY_PERSON):
        return
    done = st.session_state.pop(DONE, None)
    if done:
        st.success(done, icon=":material/mark_email_read:")
    print_file(page)
    columns = st.columns(3)
    if columns[0].button(
        t("sharing.notify_one"), key="shn_one", disabled=selected_disclosure is None
    ):
        ask_to_notify(page, first_day, last_day, disclosure_id=selected_disclosure)
    if columns[1].button(
        t("sharing.notify_recipient", count=format_number(recipient_open, page.language)),
        key="shn_recipient",
        disabled=recipient_open == 0,
        type="primary",
    ):
        ask_to_notify(page, first_day, last_day, recipient_id=recipient_id)
    if columns[2].button(t("sharing.notify_all"), key="shn_all"):
        ask_to_notify(page, first_day, last_day)
    confirmation(page)


def confirmation(page: PageContext) -> None:
    pending: dict[str, Any] | None = st.session_state.get(PENDING)
    if pending is None:
        return
    language = page.language
    with st.container(border=True):
        if pending["disclosures"] == 0:
            st.info(t("sharing.notify_nothing"))
            if st.button(t("sharing.close"), key="shn_close"):
                st.session_state.pop(PENDING, None)
                st.rerun()
            return
        st.markdown(
            t(
                "sharing.notify_preview",
                disclosures=format_number(pending["disclosures"], language),
                people=format_number(pending["people"], language),
                email=format_number(pending["by_email"], language),
                paper=format_number(pending["people"] - pending["by_email"], language),
            )
        )
        left, right = st.columns(2)
        if right.button(t("sharing.cancel"), key="shn_cancel"):
            st.session_state.pop(PENDING, None)
            st.rerun()
        if left.button(t("sharing.confirm_notify"), key="shn_confirm", type="primary"):
            _run(page, pending)


def _run(page: PageContext, pending: dict[str, Any]) -> None:
    bar = st.progress(0.0, text=t("sharing.notify_progress"))

    def advance(share: float) -> None:
        bar.progress(share, text=t("sharing.notify_progress"))

    try:
        run = notify.notify_people(
            page.db,
            page.member,
            first_day=pending["first_day"],
            last_day=pending["last_day"],
            recipient_id=pending["recipient_id"],
            disclosure_id=pending["disclosure_id"],
            seen_disclosures=pending["disclosures"],
            now=now_utc(),
            progress=advance,
        )
    except notify.PreviewOutdated:
        ask_to_notify(
            page,
            pending["first_day"],
            pending["last_day"],
            recipient_id=pending["recipient_id"],
            disclosure_id=pending["disclosure_id"],
        )
        st.warning(t("sharing.notify_outdated"), icon=":material/refresh:")
        return
    except RequestError as error:
        st.session_state.pop(PENDING, None)
        show_service_error(error)
        return
    st.session_state.pop(PENDING, None)
    st.session_state.pop("shx_table", None)  # selections are positional: clear after an action
    if run.print_batch is not None:
        st.session_state[PRINT] = (run.print_batch, run.printed)
    st.session_state[DONE] = t(
        "sharing.notified_done",
        letters=format_number(run.letters, page.language),
        disclosures=format_number(run.disclosures, page.language),
    )
    st.rerun()


def print_file(page: PageContext) -> None:
    """The letters of the latest run that go by post, one per A4 page, to print."""
    latest = st.session_state.get(PRINT)
    if latest is None:
        return
    letter_id, count = latest
    st.download_button(
        t("sharing.download_print", count=format_number(count, page.language)),
        data=notify.notice_print_file(page.db, page.member, int(letter_id)),
        file_name=f"kennisgevingen_{int(letter_id)}.html",
        mime="text/html",
        key="shn_print_download",
        icon=":material/print:",
    )


def register_downloads(page: PageContext) -> None:
    """The register as CSV and JSON, for the supervisory authority (no personal data)."""
    left, right = st.columns(2)
    db, member = page.db, page.member
    for column, file_format in ((left, "csv"), (right, "json")):
        column.download_button(
            t(f"sharing.export_register_{file_format}"),
            # made on click: building both files on every run cost the page tens of ms
            data=functools.partial(notify.export_register, db, member, file_format=file_format),
            file_name=f"ontvangersregister.{file_format}",
            mime="text/csv" if file_format == "csv" else "application/json",
            key=f"shn_register_{file_format}",
            icon=":material/download:",
        )


def log_export(page: PageContext, first_day: date, last_day: date) -> None:
    """The disclosure log of the period; preparing it is audited, so it takes a click."""
    if not can(page.member.role, Action.REGISTER_DISCLOSURE):
        return
    file_format = st.segmented_control(
        t("sharing.export_format"),
        notify.EXPORT_FORMATS,
        default="csv",
        key="shn_log_format",
        required=True,
    )
    if st.button(t("sharing.export_log"), key="shn_log_prepare", icon=":material/description:"):
        try:
            data = notify.export_disclosure_log(
                page.db,
                page.member,
                first_day=first_day,
                last_day=last_day,
                file_format=str(file_format),
                now=now_utc(),
            )
        except RequestError as error:
            show_service_error(error)
            return
        st.session_state[LOG_EXPORT] = (str(file_format), first_day, last_day, data)
    prepared = st.session_state.get(LOG_EXPORT)
    if prepared is not None:
        kind, first, last, data = prepared
        st.download_button(
            t("sharing.download_log"),
            data=data,
            file_name=f"verstrekkingen_{first.isoformat()}_{last.isoformat()}.{kind}",
            mime="text/csv" if kind == "csv" else "application/json",
            key="shn_log_download",
            icon=":material/download:",
        )
