"""The answer to an access or portability request on the request page: how it travels (an
encrypted e-mail attachment with the password by a second channel, or a printout by post),
the password shown once, and the steps that make it count as delivered."""

from __future__ import annotations

from typing import Any

import streamlit as st

from konnektus.clock import now_utc
from konnektus.i18n import format_moment
from konnektus.services import export as export_service
from konnektus.services import export_delivery
from konnektus.ui.errors import show_service_error
from konnektus.ui.guard import PageContext
from konnektus.ui.i18n import t


def export_section(page: PageContext, request: dict[str, Any]) -> None:
    request_id = int(request["id"])
    st.markdown(f"**{t('requests.export_title')}**")
    try:
        stored = export_delivery.stored_export(page.db, page.member, request_id)
    except Exception as error:  # refusals: one plain sentence
        show_service_error(error)
        return
    if stored is not None and stored["delivered_at"] is not None:
        st.success(
            t(
                f"export.delivered_{stored['delivery']}",
                at=format_moment(stored["delivered_at"], page.language),
            )
        )
        st.caption(t("export.facts", name=stored["filename"], sha=stored["sha256"][:16]))
        return
    key = f"export_{request_id}"
    left, right = st.columns(2)
    delivery = left.radio(
        t("export.delivery"),
        export_service.DELIVERIES,
        format_func=lambda d: t(f"export.delivery_{d}"),
        key=f"export_delivery_{request_id}",
    )
    channel = right.selectbox(
        t("export.password_channel"),
        export_service.PASSWORD_CHANNELS,
        format_func=lambda c: t(f"export.channel_{c}"),
        key=f"export_channel_{request_id}",
        disabled=delivery != "encrypted_email",
    )
    if st.button(t("requests.make_export"), key="make_export", icon=":material/folder_zip:"):
        try:
            st.session_state[key] = export_service.export_for_request(
                page.db,
                page.member,
                request_id,
                now=now_utc(),
                delivery=str(delivery),
                password_channel=str(channel),
                seen_export=None if stored is None else str(stored["sha256"]),
            )
        except Exception as error:  # refusals and validation: one plain sentence
            show_service_error(error)
        else:
            stored = export_delivery.stored_export(page.db, page.member, request_id)
    made = st.session_state.get(key)
    if made is not None and made.password is not None:
        st.warning(t("export.password_once", password=made.password))
    if stored is None:
        return
    content = made.content if made is not None else bytes(stored["content"] or b"")
    st.download_button(
        t("requests.download_export")
        if stored["delivery"] == "encrypted_email"
        else t("export.download_print"),
        content,
        file_name=str(stored["filename"]),
        mime="application/zip" if stored["delivery"] == "encrypted_email" else "text/html",
        key="download_export",
        icon=":material/download:",
    )
    if stored["delivery"] == "encrypted_email":
        _password_step(page, request_id, stored)
    elif st.button(t("export.posted"), key="export_posted", icon=":material/local_post_office:"):
        try:
            export_delivery.record_posted(
                page.db, page.member, request_id, seen_export=str(stored["sha256"]), now=now_utc()
            )
        except Exception as error:  # refusals: one plain sentence
            show_service_error(error)
        else:
            st.session_state.pop(key, None)
            st.rerun()


def _password_step(page: PageContext, request_id: int, stored: dict[str, Any]) -> None:
    if stored["password_sent_at"] is not None:
        st.info(t("export.waiting_for_letter"))
        return
    channel = str(st.session_state.get(f"export_channel_{request_id}", "phone"))
    if st.button(t("export.password_sent"), key="export_password_sent", icon=":material/key:"):
        try:
            export_delivery.record_password_sent(
                page.db,
                page.member,
                request_id,
                channel,
                seen_export=str(stored["sha256"]),
                now=now_utc(),
            )
        except Exception as error:  # refusals: one plain sentence
            show_service_error(error)
        else:
            st.session_state.pop(f"export_{request_id}", None)
            st.rerun()
