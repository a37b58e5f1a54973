"""The archive of closed requests: filters, a clickable list, and one request reopened with
its timeline, its letters (the erasure certificate first) and what is kept of its export."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pandas as pd
import streamlit as st

from konnektus.clock import today_amsterdam
from konnektus.domain.deadlines import REQUEST_TYPES
from konnektus.i18n import format_moment
from konnektus.services import archive as archive_service
from konnektus.ui.errors import show_service_error
from konnektus.ui.formats import DATE_FORMAT
from konnektus.ui.guard import PageContext
from konnektus.ui.i18n import t, t_each
from konnektus.ui.row_pick import clickable_table
from konnektus.ui.text import plain
from konnektus.ui.versioned import per_version

OPEN_ARCHIVED = "archive_open"
# read again only after a write or at midnight (konnektus/ui/versioned.py)
_closed_requests = per_version(archive_service.closed_requests)


def _moment(value: Any, language: str) -> str:
    if value is None or pd.isna(value):
        return ""
    return format_moment(pd.Timestamp(value).to_pydatetime(), language)


def archive_list(page: PageContext) -> int | None:
    today = today_amsterdam()
    left, middle, right = st.columns([2, 2, 1])
    kinds = left.multiselect(
        t("requests.col_type"),
        REQUEST_TYPES,
        format_func=lambda k: t(f"request_type.{k}"),
        placeholder=t("requests.all"),
        key="archive_types",
        select_all=False,
    )
    period = middle.date_input(
        t("archive.period"),
        value=(today - timedelta(days=365), today),
        max_value=today,
        format=DATE_FORMAT,
        key="archive_period",
    )
    reference = right.text_input(t("archive.reference"), key="archive_reference", max_chars=20)
    if not isinstance(period, tuple) or len(period) != 2:
        st.info(t("archive.pick_period"))
        return None
    found = _closed_requests(
        page.db,
        page.member,
        kinds=tuple(kinds),
        closed_from=period[0],
        closed_to=period[1],
        reference=reference or None,
    )
    if found.empty:
        st.info(t("archive.empty"))
        return None
    language = page.language
    yes = t("statement.yes")
    shown = pd.DataFrame(
        {
            "id": found["id"].astype(int),
            "type": t_each("request_type.", found["type"]),
            "status": t_each("status.", found["status"]),
            "reference": found["reference"].fillna(""),
            "received": [_moment(v, language) for v in found["received_at"]],
            "closed": [_moment(v, language) for v in found["closed_at"]],
            "lawful_due": pd.to_datetime(found["lawful_due"]).dt.date,
            "on_time": [t("archive.on_time") if o else t("archive.late") for o in found["on_time"]],
            "late_reason": found["late_reason"].fillna(""),
            "certificate": [yes if c else "" for c in found["has_certificate"]],
            "export": [yes if c else "" for c in found["has_export"]],
        }
    )
    st.caption(t("archive.count", count=len(found)))
    return clickable_table(
        shown,
        [int(i) for i in found["id"]],
        key="archive_table",
        open_key=OPEN_ARCHIVED,
        column_config={
            "id": t("archive.col_id"),
            "type": t("requests.col_type"),
            "status": t("requests.col_status"),
            "reference": t("archive.reference"),
            "received": t("requests.col_received"),
            "closed": t("archive.col_closed"),
            "lawful_due": st.column_config.DateColumn(
                t("requests.col_due"), format=DATE_FORMAT, help=t("archive.lawful_due_help")
            ),
            "on_time": t("archive.col_on_time"),
            "late_reason": t("archive.col_late_reason"),
            "certificate": t("archive.col_certificate"),
            "export": t("archive.col_export"),
        },
    )


def archive_detail(page: PageContext, request_id: int) -> None:
    try:
        archived = archive_service.archived_request(page.db, page.member, request_id)
    except Exception as error:  # refusals: one plain sentence
        show_service_error(error)
        return
    request, language = archived.request, page.language
    st.subheader(
        t("requests.detail_title", id=request_id, type=t(f"request_type.{request['type']}"))
    )
    st.write(
        t(
            "archive.summary",
            status=t(f"status.{request['status']}"),
            received=_moment(request["received_at"], language),
            closed=_moment(request["closed_at"], language),
        )
    )
    if request.get("outcome_reason"):
        st.caption(t("archive.outcome", reason=plain(request["outcome_reason"])))
    if request.get("late_reason"):
        # typed by staff: plain text, never Markdown (st.text)
        st.text(t("archive.late_reason", reason=request["late_reason"]))
    if archived.certificate is not None:
        st.markdown(f"**{t('archive.certificate')}**")
        st.code(archived.certificate["body"], language=None)
        st.download_button(
            t("archive.download_certificate"),
            archived.certificate["body"],
            file_name=f"verklaring-verwijdering-{request_id}.txt",
            key="archive_certificate_download",
            icon=":material/download:",
        )
    if archived.export is not None:
        export = archived.export
        st.markdown(f"**{t('archive.export')}**")
        delivered = export["delivered_at"]
        st.write(
            t(
                "archive.export_facts",
                name=export["filename"],
                how=t(f"export.delivery_{export['delivery']}"),
                made=_moment(export["created_at"], language),
                delivered=_moment(delivered, language) if delivered is not None else "-",
                sha=export["sha256"],
            )
        )
    st.markdown(f"**{t('requests.timeline')}**")
    events = archived.events
    st.dataframe(
        pd.DataFrame(
            {
                t("archive.col_when"): [_moment(v, language) for v in events["occurred_at"]],
                t("requests.from"): [
                    t(f"status.{s}") if isinstance(s, str) else "" for s in events["from_status"]
                ],
                t("requests.to"): [
                    t(f"status.{s}") if isinstance(s, str) else "" for s in events["to_status"]
                ],
                t("requests.note"): events["note"].fillna(""),
            }
        ),
        hide_index=True,
        width="stretch",
        placeholder="",
    )
    st.markdown(f"**{t('requests.letters')}**")
    if not archived.letters:
        st.caption(t("requests.no_letters"))
    for letter in archived.letters:
        kind_word = t(f"letter_kind.{letter['kind']}")
        with st.expander(f"{kind_word}: {letter['subject']}"):
            st.caption(
                t(
                    "archive.letter_facts",
                    made=_moment(letter["created_at"], language),
                    status=t(f"delivery.{letter['delivery_status']}"),
                )
            )
            st.text(letter["body"])
