"""One request: its dates, timeline, the person's data, and exactly the actions allowed now."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import Any

import pandas as pd
import streamlit as st

from konnektus.clock import now_utc, today_amsterdam
from konnektus.domain.errors import CodedError
from konnektus.domain.minimisation import article_of
from konnektus.domain.requests import CLOSED_STATUSES, offered_moves
from konnektus.domain.requests import RequestStatus as S
from konnektus.domain.text import full_name
from konnektus.i18n import consent_how, format_date
from konnektus.services import erasure as erasure_service
from konnektus.services import export as export_service
from konnektus.services import requests as desk
from konnektus.services.outbox import send_outbox, smtp_settings_from_env
from konnektus.services.rectification import rectify_person, withdraw_consents
from konnektus.ui.acted import act, after_action, show_action_result
from konnektus.ui.confirm import confirm_buttons, confirm_effect
from konnektus.ui.erasure_preview import erasure_plan_view
from konnektus.ui.errors import show_service_error
from konnektus.ui.formats import DATE_FORMAT, MOMENT_FORMAT
from konnektus.ui.guard import PageContext
from konnektus.ui.i18n import current_language, t, t_each
from konnektus.ui.late_close import (
    LATE_CLOSE,
    late_effect,
    late_reason_field,
    late_reason_input,
    show_late_reason,
)
from konnektus.ui.rectification_form import rectification_inputs
from konnektus.ui.request_export import export_section
from konnektus.ui.request_outcomes import OUTCOME_TYPES, outcome_section, posted_button
from konnektus.ui.request_queue import OPEN_REQUEST
from konnektus.ui.shown_state import shown_before
from konnektus.ui.text import person_label, plain

# the buttons for each target status; extend and reject also ask for a reason
ACTIONS = (
    (S.AWAITING_IDENTITY, "ask_identity", ":material/badge:"),
    (S.IN_PROGRESS, "start", ":material/play_arrow:"),
    (S.EXTENDED, "extend", ":material/more_time:"),
    (S.COMPLETED, "complete", ":material/task_alt:"),
    (S.REJECTED, "reject", ":material/block:"),
    (S.WITHDRAWN, "withdraw", ":material/undo:"),
)
DECISION_TYPES = ("objection", "restriction", "automated_decision", "consent_withdrawal")


def _date(value: Any, language: str) -> str:
    if value is None or pd.isna(value):
        return "-"
    day = value.date() if hasattr(value, "hour") else value
    return format_date(day, language, "short")


def _act(request_id: int, action: Any, message: str) -> None:
    """Call a service, then draw the request again from its new state with `message` (or
    the refusal, in one plain sentence)."""
    act("request", request_id, action, message)


def request_detail(page: PageContext, request_id: int) -> bool:
    """Draw the request; False (and said so) when there is no such request to open."""
    try:
        detail = desk.request_detail(page.db, page.member, request_id, today=today_amsterdam())
    except desk.RequestError as error:  # an address naming no request: one plain sentence
        show_service_error(error)
        st.session_state.pop(OPEN_REQUEST, None)
        return False
    request = detail.request
    # every action carries the status the clicked screen showed, not the one read now
    request["seen_status"] = shown_before("request", request_id, str(request["status"]))
    # closing today would be after the lawful due date: every closing step asks why
    request["lawful_due"], request["close_late"] = detail.lawful_due, detail.close_late
    language = page.language
    st.subheader(
        t("requests.detail_title", id=request_id, type=t(f"request_type.{request['type']}"))
    )
    if st.button(t("requests.close"), key="close_request", icon=":material/close:"):
        st.session_state.pop(OPEN_REQUEST, None)  # and the address loses its ?id=
        st.rerun()
    show_action_result("request", request_id)
    dates = st.columns(5)
    dates[0].metric(t("requests.col_received"), _date(request["received_local"], language))
    dates[1].metric(t("requests.col_one_month"), _date(request["one_month_mark"], language))
    dates[2].metric(t("requests.col_original_due"), _date(request["original_due_date"], language))
    # extended once the DPO extended it; the notice counts only once delivered (see letters)
    extended = request["due_date"] != request["original_due_date"]
    dates[3].metric(
        t("requests.col_due"),
        _date(request["due_date"], language),
        delta=t("requests.extended") if extended else None,
        delta_color="off",
    )
    dates[4].metric(t("requests.col_status"), t(f"status.{request['status']}"))

    who, text = st.columns(2)
    with who:
        st.caption(t("requests.requester_name"))
        st.text(request["requester_name"] or "-")
        st.caption(t("requests.requester_email"))
        st.text(request["requester_email"] or "-")
        if request["paused_days"]:
            st.caption(t("requests.paused", days=int(request["paused_days"])))
    with text:
        st.caption(t("requests.free_text"))
        st.text(request["free_text"] or "-")
        if request["extension_reason"]:
            st.caption(t("requests.extension_reason"))
            st.text(request["extension_reason"])
        show_late_reason(request)

    if detail.person is None:
        _match_person(page, request)
    else:
        st.caption(t("requests.matched_person"))
        person = detail.person
        st.text(
            f"{person['reference']} · "
            + full_name(person["given_name"], person["tussenvoegsel"], person["family_name"])
        )
        if detail.inventory is not None and len(detail.inventory):
            st.caption(t("requests.inventory"))
            inventory = detail.inventory.assign(
                category=t_each("category.", detail.inventory["category"]),
                legal_basis=t_each("legal_basis.", detail.inventory["legal_basis"]),
                # Art. 9 or Art. 10 by category: criminal-record data is not a special category
                special_category=[
                    t(f"gdpr_article.{a}") if (a := article_of(c)) else ""
                    for c in detail.inventory["category"]
                ],
            )
            st.dataframe(
                inventory,
                hide_index=True,
                width="stretch",
                column_config={
                    "category": t("statement.col_category"),
                    "items": t("statement.col_items"),
                    "first_collected": st.column_config.DateColumn(
                        t("statement.col_since"), format=DATE_FORMAT
                    ),
                    "purpose": t("statement.col_purpose"),
                    "legal_basis": t("statement.col_basis"),
                    "special_category": t("statement.col_special"),
                },
                placeholder="",
            )

    _actions(page, detail)
    if detail.person is not None and request["status"] in (S.IN_PROGRESS, S.EXTENDED):
        _carry_out(page, detail)
    _timeline_and_letters(page, detail)
    return True


def _match_person(page: PageContext, request: dict[str, Any]) -> None:
    st.warning(t("requests.not_matched"), icon=":material/person_search:")
    matches = desk.requester_candidates(
        page.db, page.member, name=request["requester_name"], email=request["requester_email"]
    )
    if matches.empty:
        st.caption(t("requests.no_candidates"))
        return
    labels = {int(r["id"]): person_label(r) for r in matches.to_dict("records")}
    choice = st.selectbox(
        t("requests.match_person"),
        list(labels),
        key=f"match_{request['id']}",
        format_func=labels.__getitem__,
    )
    if st.button(t("requests.do_match"), key="match_person", icon=":material/link:"):
        _act(
            int(request["id"]),
            lambda: desk.match_person(
                page.db,
                page.member,
                int(request["id"]),
                seen_status=request["seen_status"],
                person_id=int(choice),
                now=now_utc(),
            ),
            t("requests.matched", id=int(request["id"]), person=plain(labels[int(choice)])),
        )


def _actions(page: PageContext, detail: desk.RequestDetail) -> None:
    request = detail.request
    allowed = detail.allowed
    if request["seen_status"] != request["status"]:
        # the run of a click on a screen that showed another status (a colleague was
        # quicker): draw that screen's buttons, so the click reaches the service and gets
        # "already done by X"; the refusal then draws the request as it is now
        allowed = offered_moves(
            replace(detail.state, status=S(request["seen_status"])), today_amsterdam()
        )
    if not allowed:
        return
    if not detail.state.linked:
        # linking comes first: no identity to confirm and nothing to carry out for nobody
        st.info(t("requests.link_first"), icon=":material/link:")
    st.markdown(f"**{t('requests.actions')}**")
    reason = st.text_input(
        t("requests.reason"),
        key=f"reason_{request['id']}",
        max_chars=1000,
        help=t("requests.reason_help"),
    )
    arrived = _proof_arrival(page, request, allowed)
    # exactly the steps the domain's one rule allows (the service checks the same rule)
    buttons = [(target, key, icon) for target, key, icon in ACTIONS if target in allowed]
    columns = st.columns(max(len(buttons), 1) + 1)
    for column, (target, key, icon) in zip(columns, buttons, strict=False):
        label = (
            t("requests.verify_identity")
            if (target is S.IN_PROGRESS and request["seen_status"] == S.AWAITING_IDENTITY)
            else t(f"requests.{key}")
        )
        clicked = column.button(label, key=f"to_{key}", icon=icon, width="stretch")
        stale = request["seen_status"] != request["status"]  # the service says who was first
        if clicked and target in CLOSED_STATUSES and request["close_late"] and not stale:
            # late: first the confirmation naming the effect, with the reason of the lateness
            st.session_state[LATE_CLOSE.format(request["id"])] = target.value
        elif clicked:
            _act(
                int(request["id"]),
                lambda target=target: desk.change_status(
                    page.db,
                    page.member,
                    int(request["id"]),
                    seen_status=request["seen_status"],
                    target=target.value,
                    reason=reason or None,
                    proof_arrived_on=arrived if target is S.IN_PROGRESS else None,
                    now=now_utc(),
                ),
                t("requests.moved", id=int(request["id"]), status=t(f"status.{target.value}")),
            )
    _late_close(page, request, reason, allowed)
    staff = dict(desk.assignable(page.db, page.member))
    with columns[-1].popover(t("requests.assign"), icon=":material/person_add:", width="stretch"):
        assignee = st.selectbox(
            t("requests.col_assignee"),
            list(staff),
            key="assignee_choice",
            format_func=staff.__getitem__,
        )
        if st.button(t("requests.assign"), key="assign"):
            _act(
                int(request["id"]),
                lambda: desk.assign_request(
                    page.db,
                    page.member,
                    int(request["id"]),
                    seen_status=request["seen_status"],
                    assignee_id=int(assignee),
                    now=now_utc(),
                ),
                t("requests.assigned", id=int(request["id"]), name=plain(staff[assignee])),
            )


def _late_close(page: PageContext, request: dict[str, Any], reason: str, allowed: Any) -> None:
    """The open confirmation of a late close: its effect, the reason of the lateness, and
    Bevestigen / Annuleren. It stays open after a refusal (no reason typed) until Annuleren."""
    flag = LATE_CLOSE.format(request["id"])
    target = st.session_state.get(flag)
    if target is None:
        return
    if S(target) not in allowed:  # the request moved on meanwhile: nothing to confirm
        st.session_state.pop(flag, None)
        return
    typed: list[str] = []
    confirmed = confirm_effect(
        late_effect(request, target),
        confirm_key="confirm_late_close",
        cancel_key="cancel_late_close",
        on_cancel=lambda: st.session_state.pop(flag, None),
        details=lambda: typed.append(late_reason_field(request)),
    )
    if not confirmed:
        return

    def close() -> None:
        desk.change_status(
            page.db,
            page.member,
            int(request["id"]),
            seen_status=request["seen_status"],
            target=target,
            reason=reason or None,
            late_reason=typed[0] if typed else None,
            now=now_utc(),
        )
        st.session_state.pop(flag, None)  # closed: the confirmation is done

    _act(
        int(request["id"]),
        close,
        t("requests.moved", id=int(request["id"]), status=t(f"status.{target}")),
    )


def _proof_arrival(page: PageContext, request: dict[str, Any], allowed: Any) -> date | None:
    """While waiting for identity: the day the proof arrived (it ends the pause). Before the
    question: until when it may still be asked (EDPB 01/2022)."""
    today = today_amsterdam()
    if S.AWAITING_IDENTITY in allowed:
        received = request["received_local"].date()
        days = int(request["identity_question_days"])
        last = format_date(received + timedelta(days=days), page.language, "short")
        st.caption(t("requests.identity_last_day", day=last, days=days))
    if request["seen_status"] != S.AWAITING_IDENTITY or S.IN_PROGRESS not in allowed:
        return None
    asked = request["identity_asked_on"] or today
    value: date = st.date_input(
        t("requests.proof_arrived"),
        value=today,
        max_value=today,
        min_value=min(asked, today),
        format=DATE_FORMAT,
        key=f"proof_arrived_{request['id']}",
        help=t("requests.proof_arrived_help", asked=format_date(asked, page.language, "short")),
    )
    return value


def _carry_out(page: PageContext, detail: desk.RequestDetail) -> None:
    request = detail.request
    kind = request["type"]
    if kind == "erasure":
        _erasure(page, request)
    elif kind in export_service.EXPORTABLE_TYPES:
        export_section(page, request)
    elif kind == "rectification":
        _rectification(page, request, detail.person or {})
    elif kind == "consent_withdrawal":
        _consents(page, request)
    elif kind in OUTCOME_TYPES:
        outcome_section(page, request)


def _erasure(page: PageContext, request: dict[str, Any]) -> None:
    st.markdown(f"**{t('erasure.preview_title')}**")
    today = today_amsterdam()
    preview = erasure_service.erasure_preview(page.db, page.member, int(request["id"]), today=today)
    erasure_plan_view(page, preview)
    st.markdown(f"**{t('erasure.recipients_title')}**")
    if len(preview.recipients):
        summary = (
            preview.recipients.groupby("recipient")["disclosed_at"]
            .agg(["count", "max"])
            .reset_index()
        )
        # the stored moment as its Amsterdam day, shown dd-mm-jjjj like every date
        summary["max"] = desk.local_times(pd.to_datetime(summary["max"])).dt.date
        st.dataframe(
            summary,
            hide_index=True,
            width="stretch",
            placeholder="",
            column_config={
                "recipient": t("statement.col_recipient"),
                "count": t("statement.col_items"),
                "max": st.column_config.DateColumn(t("erasure.last_disclosed"), format=DATE_FORMAT),
            },
        )
    else:
        st.caption(t("erasure.no_recipients"))
    if preview.block is not None:  # a restriction, or another open request, comes first
        key = "restricted" if preview.block.reason == "restriction" else "other_request"
        st.warning(t(f"errors.erasure_{key}", request=preview.block.request_id))
    flag = f"confirm_erasure_{request['id']}"
    if st.button(
        t("erasure.execute"),
        key="open_erasure_dialog",
        type="primary",
        icon=":material/delete_forever:",
        disabled=preview.block is not None,
    ):
        st.session_state[flag] = True
    if st.session_state.get(flag):
        _erasure_dialog(page, request, preview.reference, flag)


def _erasure_dialog(page: PageContext, request: dict[str, Any], reference: str, flag: str) -> None:
    @st.dialog(t("erasure.confirm_title"), on_dismiss=lambda: st.session_state.pop(flag, None))
    def confirm() -> None:
        st.write(t("erasure.confirm_help", reference=plain(reference)))
        typed = st.text_input(t("erasure.confirm_field"), key="erasure_reference")
        late = late_reason_input(request, S.COMPLETED.value)  # only past the due date
        # the safety ladder's buttons: Annuleren stays after a wrong reference (issue 20)
        if not confirm_buttons(
            confirm_key="confirm_erasure",
            cancel_key="cancel_erasure",
            on_cancel=lambda: st.session_state.pop(flag, None),
            confirm_label=t("erasure.confirm_button"),
            cancel_label=t("erasure.cancel"),
        ):
            return
        try:
            erasure_service.execute_erasure(
                page.db,
                page.member,
                int(request["id"]),
                seen_status=request["seen_status"],
                typed_reference=typed,
                late_reason=late,
                now=now_utc(),
            )
        except Exception as error:  # refusals and validation: one plain sentence
            show_service_error(error)
            return
        st.session_state.pop(flag, None)
        after_action("request", int(request["id"]), t("erasure.done"))

    confirm()


def _rectification(page: PageContext, request: dict[str, Any], person: dict[str, Any]) -> None:
    st.markdown(f"**{t('requests.rectify_title')}**")
    with st.form(f"rectify_form_{request['id']}"):
        changed = rectification_inputs(person, key=f"rect_{request['id']}")
        submitted = st.form_submit_button(t("requests.save_rectification"))
    if submitted:
        try:
            fields = rectify_person(
                page.db,
                page.member,
                int(person["id"]),
                changed,
                request_id=int(request["id"]),
                now=now_utc(),
            )
        except Exception as error:  # refusals and validation: one plain sentence
            show_service_error(error)
        else:
            after_action("request", int(request["id"]), t("requests.rectified", count=len(fields)))


def _how(value: object) -> str:
    """How a consent was given or withdrawn: typed words, or the dashboard's own marker (the
    request that withdrew it, a yes to the extension question) in the page's words."""
    return consent_how(value, current_language())


def _consents(page: PageContext, request: dict[str, Any]) -> None:
    st.markdown(f"**{t('requests.consents_title')}**")
    consents = desk.person_consents(page.db, page.member, int(request["person_id"]))
    st.dataframe(
        consents.assign(
            purpose=t_each("consent_purpose.", consents["purpose"]),
            given_how=[_how(h) for h in consents["given_how"]],
            withdrawn_how=[_how(h) for h in consents["withdrawn_how"]],
        ),
        hide_index=True,
        width="stretch",
        placeholder="",
        column_config={
            "id": None,
            "purpose": t("sharing.col_purpose"),
            "given_on": st.column_config.DateColumn(t("sharing.col_given"), format=DATE_FORMAT),
            "given_how": t("sharing.col_given_how"),
            "withdrawn_on": st.column_config.DateColumn(
                t("sharing.col_withdrawn"), format=DATE_FORMAT
            ),
            "withdrawn_how": t("sharing.col_withdrawn_how"),
        },
    )
    # the safety ladder's second rung: every standing consent goes, which cannot be undone
    flag = f"confirm_withdraw_consents_{request['id']}"
    if st.button(t("requests.withdraw_all"), key="withdraw_consents"):
        st.session_state[flag] = True
    if not st.session_state.get(flag):
        return
    standing = int(consents["withdrawn_on"].isna().sum())
    if confirm_effect(
        t("requests.withdraw_all_effect", count=standing),
        confirm_key="withdraw_consents_confirm",
        cancel_key="withdraw_consents_cancel",
        on_cancel=lambda: st.session_state.pop(flag, None),
    ):
        st.session_state.pop(flag, None)
        _act(
            int(request["id"]),
            lambda: withdraw_consents(
                page.db,
                page.member,
                int(request["person_id"]),
                how=f"request {request['id']}",
                request_id=int(request["id"]),
                now=now_utc(),
            ),
            t("requests.consents_withdrawn"),
        )


def _timeline_and_letters(page: PageContext, detail: desk.RequestDetail) -> None:
    timeline, letters = st.tabs([t("requests.timeline"), t("requests.letters")])
    with timeline:
        events = detail.events.assign(
            staff_name=detail.events["staff_name"].fillna(t("requests.system")),
            from_status=[
                t(f"status.{s}") if isinstance(s, str) else "" for s in detail.events["from_status"]
            ],
            to_status=[
                t(f"status.{s}") if isinstance(s, str) else "" for s in detail.events["to_status"]
            ],
        )
        st.dataframe(
            events,
            hide_index=True,
            width="stretch",
            column_config={
                "occurred_at": st.column_config.DatetimeColumn(
                    t("audit.col_when"), format=MOMENT_FORMAT
                ),
                "staff_name": t("audit.col_who"),
                "from_status": t("requests.from"),
                "to_status": t("requests.to"),
                "note": t("requests.note"),
            },
            placeholder="",
        )
    with letters:
        if detail.letters.empty:
            st.caption(t("requests.no_letters"))
        for letter in detail.letters.to_dict("records"):
            left, right = st.columns([4, 1])
            left.text(
                f"{letter['subject']} · {t('delivery.' + str(letter['delivery_status']))}"
                + (f" · {letter['last_error']}" if isinstance(letter["last_error"], str) else "")
            )
            name, text = desk.letter_for_download(page.db, page.member, int(letter["id"]))
            if letter["delivery_status"] == "not_applicable" and letter["sent_at"] is None:
                posted_button(page, int(detail.request["id"]), int(letter["id"]))
            right.download_button(
                t("requests.download_letter"),
                text,
                file_name=name,
                key=f"letter_{letter['id']}",
                icon=":material/download:",
            )
        settings = smtp_settings_from_env()
        if settings is not None and st.button(t("requests.send_outbox"), key="send_outbox"):
            try:
                report = send_outbox(page.db, page.member, settings, now=now_utc())
            except CodedError as error:  # e.g. a login that would go unencrypted
                show_service_error(error)
            else:
                st.info(t("requests.sent_report", sent=report.sent, failed=report.failed))
