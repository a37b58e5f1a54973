"""The decisions that make a right take effect, on the request page: grant a restriction
(with the disputed field), uphold an objection (with the purpose that stops), record the human
review of an automated decision. Each closes the request and queues its letter; a plain
'complete' would change nothing, so these take its place for these types."""

from __future__ import annotations

from typing import Any

import streamlit as st

from konnektus.clock import now_utc
from konnektus.db.people import RECTIFIABLE
from konnektus.services import request_outcomes as outcomes
from konnektus.ui.errors import show_service_error
from konnektus.ui.guard import PageContext
from konnektus.ui.i18n import t

OUTCOME_TYPES = ("restriction", "objection", "automated_decision")


def _run(action: Any) -> None:
    try:
        action()
    except Exception as error:  # refusals and validation: one plain sentence
        show_service_error(error)
    else:
        st.rerun()


def outcome_section(page: PageContext, request: dict[str, Any]) -> None:
    if request["status"] not in outcomes.HANDLING:
        return
    request_id = int(request["id"])
    seen = str(request.get("seen_status", request["status"]))  # what the clicked screen showed
    kind = request["type"]
    if kind == "restriction":
        st.markdown(f"**{t('restriction.apply_title')}**")
        field = st.selectbox(
            t("restriction.disputed_field"),
            [None, *RECTIFIABLE],
            format_func=lambda f: (
                t("restriction.no_field") if f is None else t(f"statement.field.{f}")
            ),
            key=f"restrict_field_{request_id}",
        )
        reason = st.text_input(t("requests.reason"), key=f"restrict_reason_{request_id}")
        if st.button(t("restriction.apply"), key="apply_restriction", icon=":material/lock:"):
            _run(
                lambda: outcomes.restrict_processing(
                    page.db,
                    page.member,
                    request_id,
                    seen_status=seen,
                    disputed_field=field,
                    reason=reason,
                    now=now_utc(),
                )
            )
    elif kind == "objection":
        st.markdown(f"**{t('restriction.objection_title')}**")
        purpose = st.selectbox(
            t("restriction.objection_purpose"),
            outcomes.OBJECTION_PURPOSES,
            format_func=lambda p: t(f"objection_purpose.{p}"),
            key=f"objection_purpose_{request_id}",
        )
        reason = st.text_input(t("requests.reason"), key=f"objection_reason_{request_id}")
        if st.button(t("restriction.uphold"), key="uphold_objection", icon=":material/block:"):
            words = t(f"objection_purpose.{purpose}").split(" (")[0]
            _run(
                lambda: outcomes.uphold_objection(
                    page.db,
                    page.member,
                    request_id,
                    seen_status=seen,
                    purpose=str(purpose),
                    reason=reason,
                    purpose_words=words,
                    now=now_utc(),
                )
            )
    elif kind == "automated_decision":
        st.markdown(f"**{t('restriction.review_title')}**")
        outcome = st.text_area(t("restriction.review_outcome"), key=f"review_{request_id}")
        if st.button(t("restriction.record_review"), key="record_review", icon=":material/rule:"):
            _run(
                lambda: outcomes.record_human_review(
                    page.db,
                    page.member,
                    request_id,
                    seen_status=seen,
                    outcome=outcome,
                    now=now_utc(),
                )
            )


def posted_button(page: PageContext, letter_id: int) -> None:
    """A letter for someone without an e-mail address: the DPO records that it was posted."""
    if st.button(t("requests.mark_posted"), key=f"posted_{letter_id}", icon=":material/mail:"):
        _run(lambda: outcomes.record_letter_posted(page.db, page.member, letter_id, now=now_utc()))
