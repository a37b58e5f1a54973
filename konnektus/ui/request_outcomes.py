"""The decisions that make a right take effect, on the request page: grant a restriction
(with the disputed field), uphold an objection (with the purpose that stops), record the human
review of an automated decision. Each closes the request and queues its letter; a plain
'complete' would change nothing, so these take its place for these types."""

from __future__ import annotations

from typing import Any

import streamlit as st

from konnektus.clock import now_utc
from konnektus.db.people import RECTIFIABLE
from konnektus.domain.objection import OBJECTION_PURPOSES
from konnektus.services import request_outcomes as outcomes
from konnektus.ui.acted import act
from konnektus.ui.confirm import confirm_buttons
from konnektus.ui.errors import show_service_error
from konnektus.ui.guard import PageContext
from konnektus.ui.i18n import t
from konnektus.ui.late_close import late_reason_input

OUTCOME_TYPES = ("restriction", "objection", "automated_decision")
CONFIRM_OBJECTION = "objection_confirm_{}"  # session flag: the confirmation step is open


def _run(request_id: int, action: Any, message: str) -> None:
    """Call the service, then draw the request again from its new state (closed: no more
    buttons) with `message`, or the refusal in one plain sentence."""
    act("request", request_id, action, message)


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
            placeholder=t("restriction.no_field"),
        )
        reason = st.text_input(t("requests.reason"), key=f"restrict_reason_{request_id}")
        late = late_reason_input(request, "completed")  # only past the due date
        if st.button(t("restriction.apply"), key="apply_restriction", icon=":material/lock:"):
            _run(
                request_id,
                lambda: outcomes.restrict_processing(
                    page.db,
                    page.member,
                    request_id,
                    seen_status=seen,
                    disputed_field=field,
                    reason=reason,
                    late_reason=late,
                    now=now_utc(),
                ),
                t("requests.decided", id=request_id),
            )
    elif kind == "objection":
        _objection(page, request, seen)
    elif kind == "automated_decision":
        st.markdown(f"**{t('restriction.review_title')}**")
        outcome = st.text_area(t("restriction.review_outcome"), key=f"review_{request_id}")
        late = late_reason_input(request, "completed")
        if st.button(t("restriction.record_review"), key="record_review", icon=":material/rule:"):
            _run(
                request_id,
                lambda: outcomes.record_human_review(
                    page.db,
                    page.member,
                    request_id,
                    seen_status=seen,
                    outcome=outcome,
                    late_reason=late,
                    now=now_utc(),
                ),
                t("requests.decided", id=request_id),
            )


def _objection(page: PageContext, request: dict[str, Any], seen: str) -> None:
    """No purpose is chosen for the user and the reason is required; the first button shows
    what upholding does to this person (what stops, what is erased), the second confirms it."""
    request_id = int(request["id"])
    st.markdown(f"**{t('restriction.objection_title')}**")
    purpose = st.selectbox(
        t("restriction.objection_purpose"),
        OBJECTION_PURPOSES,
        index=None,
        placeholder=t("objection_effect.choose"),
        format_func=lambda p: t(f"objection_purpose.{p}"),
        key=f"objection_purpose_{request_id}",
    )
    reason = st.text_input(t("requests.reason"), key=f"objection_reason_{request_id}")
    late = late_reason_input(request, "completed")  # only past the due date
    confirming = CONFIRM_OBJECTION.format(request_id)
    if st.button(t("restriction.uphold"), key="uphold_objection", icon=":material/block:"):
        st.session_state[confirming] = True
    if not st.session_state.get(confirming):
        return
    try:
        effect = outcomes.objection_effect(
            page.db, page.member, request_id, purpose, reason, language=page.language, now=now_utc()
        )
    except Exception as error:  # no purpose or no reason: say so, and ask again
        st.session_state[confirming] = False
        show_service_error(error)
        return
    st.warning(effect, icon=":material/warning:")
    st.caption(t("objection_effect.ask"))
    # the safety ladder's shared buttons: Annuleren first, so it is there whatever follows
    if confirm_buttons(
        confirm_key="confirm_objection",
        cancel_key="objection_back",
        on_cancel=lambda: st.session_state.__setitem__(confirming, False),
        confirm_label=t("objection_effect.confirm"),
    ):
        st.session_state[confirming] = False
        _run(
            request_id,
            lambda: outcomes.uphold_objection(
                page.db,
                page.member,
                request_id,
                seen_status=seen,
                purpose=purpose,
                reason=reason,
                late_reason=late,
                now=now_utc(),
            ),
            t("requests.decided", id=request_id),
        )


def posted_button(page: PageContext, request_id: int, letter_id: int) -> None:
    """A letter for someone without an e-mail address: the DPO records that it was posted."""
    if st.button(t("requests.mark_posted"), key=f"posted_{letter_id}", icon=":material/mail:"):
        _run(
            request_id,
            lambda: outcomes.record_letter_posted(page.db, page.member, letter_id, now=now_utc()),
            t("requests.letter_posted"),
        )
