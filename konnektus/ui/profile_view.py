"""One person's profile: details, retention clock, data (masked by role), history, actions.

Everything a person typed or that was stored about them is shown with st.text or in tables,
never as Markdown or HTML.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pandas as pd
import streamlit as st

from konnektus.clock import now_utc, this_minute_amsterdam, today_amsterdam
from konnektus.db.people import RECTIFIABLE
from konnektus.domain.deadlines import REQUEST_TYPES
from konnektus.domain.minimisation import article_of
from konnektus.domain.permissions import Action, can
from konnektus.domain.retention import RetentionState
from konnektus.domain.text import full_name
from konnektus.i18n import consent_how, format_date
from konnektus.services import profile as profile_service
from konnektus.services import requests as desk
from konnektus.services.rectification import rectify_person
from konnektus.services.requests import local_times
from konnektus.ui.acted import after_action, show_action_result
from konnektus.ui.employment_actions import employment_end_form
from konnektus.ui.errors import show_service_error
from konnektus.ui.formats import DATE_FORMAT, MOMENT_FORMAT
from konnektus.ui.forms import confirm_previous_save, saved_and_cleared
from konnektus.ui.guard import PageContext
from konnektus.ui.i18n import current_language, t
from konnektus.ui.rectification_form import rectification_inputs
from konnektus.ui.restriction_view import restriction_banner
from konnektus.ui.retention_answer import answer_control, show_answer_confirmation
from konnektus.ui.text import plain

PROFILE_ANSWER_DONE = "profile_answer_done"
# columns that hold a moment stored in UTC (the others hold calendar days)
MOMENTS = frozenset({"disclosed_at", "received_at", "created_at"})
PROFILE_REQUEST_KEYS = (
    "profile_request_type",
    "profile_request_channel",
    "profile_request_date",
    "profile_request_time",
    "profile_request_text",
)


def _call(action: Any) -> bool:
    try:
        action()
    except Exception as error:  # service refusals and validation: one plain sentence
        show_service_error(error)
        return False
    return True


def _table(
    frame: pd.DataFrame, labels: dict[str, str], translate: dict[str, str] | None = None
) -> None:
    """A read-only table with Dutch/English headers; coded values shown as words, days as
    dd-mm-jjjj and stored (UTC) moments as dd-mm-jjjj uu:mm in Amsterdam time."""
    shown = frame.copy()
    for column, prefix in (translate or {}).items():
        shown[column] = [t(f"{prefix}.{v}") if isinstance(v, str) else "" for v in shown[column]]
    config: dict[str, Any] = {}
    for column, key in labels.items():
        cells = shown[column]
        if pd.api.types.is_datetime64_any_dtype(cells) and column in MOMENTS:
            shown[column] = local_times(cells)
            config[column] = st.column_config.DatetimeColumn(t(key), format=MOMENT_FORMAT)
        elif pd.api.types.is_datetime64_any_dtype(cells) or any(
            isinstance(v, date) for v in cells.dropna()
        ):
            config[column] = st.column_config.DateColumn(t(key), format=DATE_FORMAT)
        else:
            config[column] = t(key)
    for column in shown.columns:
        if column not in config:
            config[column] = None  # internal columns stay hidden
    st.dataframe(shown, hide_index=True, width="stretch", column_config=config, placeholder="")


def _field_text(field: str, value: object, language: str) -> str:
    """A person's field as text: a date as dd-mm-jjjj, nothing as an empty cell."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, datetime | pd.Timestamp):
        value = value.date()
    if isinstance(value, date):
        return format_date(value, language, "short")
    if field == "language":
        return t(f"language_name.{value}")
    return str(value)


def _full_name(person: dict[str, Any]) -> str:
    return full_name(person["given_name"], person["tussenvoegsel"], person["family_name"])


def profile_view(page: PageContext, person_id: int) -> None:
    profile = profile_service.person_profile(
        page.db, page.member, person_id, today=today_amsterdam()
    )
    person = profile.person
    language = page.language
    st.subheader(t("people.profile_title", reference=plain(person["reference"])))
    show_action_result("person", person_id)
    st.text(_full_name(person))
    restriction_banner(page, person)
    columns = st.columns([1, 2, 1, 1])
    columns[0].metric(t("people.stage"), t(f"stage.{person['stage']}"))
    columns[1].metric(t("people.retention"), t(f"retention.{profile.retention.value}"))
    columns[2].metric(
        t("people.expiry"), format_date(person["retention_expiry"], language, "short")
    )
    columns[3].metric(t("people.extensions"), str(person["retention_extensions"]))

    details, data, shared, requests, actions = st.tabs(
        [
            t("people.tab_details"),
            t("people.tab_data"),
            t("people.tab_shared"),
            t("people.tab_requests"),
            t("people.tab_actions"),
        ]
    )
    with details:
        rows = [
            (t(f"statement.field.{f}"), _field_text(f, person.get(f), language))
            for f in RECTIFIABLE
        ]
        rows += [
            (t("people.recruiter"), profile.recruiter or "-"),
            (t("people.source"), t(f"source.{person['source']}")),
        ]
        st.dataframe(
            pd.DataFrame(rows, columns=[t("statement.col_field"), t("statement.col_value")]),
            hide_index=True,
            width="stretch",
            placeholder="",
        )
        st.caption(t("people.history"))
        history = profile.history.assign(
            detail=[
                t(f"proposal_outcome.{d}") if kind == "proposal" and isinstance(d, str) else d
                for kind, d in zip(profile.history["kind"], profile.history["detail"], strict=True)
            ]
        )
        _table(
            history,
            {
                "since": "people.col_since",
                "until": "people.col_until",
                "kind": "people.col_kind",
                "client": "people.col_client",
                "vacancy": "people.col_vacancy",
                "detail": "people.col_detail",
            },
            {"kind": "history"},
        )
        st.caption(t("people.retention_contacts"))
        _table(
            profile.retention_contacts,
            {
                "contacted_on": "statement.col_date",
                "channel": "requests.channel",
                "answer": "people.col_answer",
                "answered_on": "people.col_answered_on",
            },
            {"channel": "channel", "answer": "extension_answer"},
        )
    with data:
        _data_items(page, profile)
    with shared:
        st.caption(t("people.consents"))
        _table(
            profile.consents.assign(
                given_how=[
                    consent_how(h, current_language()) for h in profile.consents["given_how"]
                ]
            ),
            {
                "purpose": "statement.col_purpose",
                "given_on": "people.col_given",
                "given_how": "people.col_how",
                "withdrawn_on": "people.col_withdrawn",
            },
            {"purpose": "consent_purpose"},
        )
        st.caption(t("people.disclosures"))
        disclosures = profile.disclosures.assign(
            data_categories=[
                ", ".join(t(f"category.{c}") for c in cats)
                for cats in profile.disclosures["data_categories"]
            ],
            # a role shown only some of the categories does not see the purpose either
            purpose=[
                t("sharing.purpose_withheld")
                if bool(w)
                else (t(f"disclosure_purpose.{p}") if isinstance(p, str) else "")
                for p, w in zip(
                    profile.disclosures["purpose"], profile.disclosures["withheld"], strict=True
                )
            ],
        )
        _table(
            disclosures,
            {
                "disclosed_at": "statement.col_date",
                "recipient": "statement.col_recipient",
                "data_categories": "statement.col_categories",
                "purpose": "statement.col_purpose",
                "legal_basis": "statement.col_basis",
                "notified_on": "statement.col_notified",
                "blocked": "people.col_blocked",
            },
            {"legal_basis": "legal_basis"},
        )
    with requests:
        _table(
            profile.requests,
            {
                "id": "people.col_number",
                "type": "requests.col_type",
                "status": "requests.col_status",
                "received_at": "requests.col_received",
                "due_date": "requests.col_due",
            },
            {"type": "request_type", "status": "status"},
        )
        st.caption(t("requests.letters"))
        _table(
            profile.letters,
            {
                "created_at": "statement.col_date",
                "kind": "people.col_kind",
                "subject": "people.col_subject",
                "delivery_status": "requests.col_status",
            },
            {"kind": "letter_kind", "delivery_status": "delivery"},
        )
    with actions:
        _actions(page, person, profile.retention)


def _data_items(page: PageContext, profile: profile_service.Profile) -> None:
    items = profile.items
    if items.empty:
        st.caption(t("people.no_items"))
        return
    # per staff member, so a value revealed by one never shows for another in this browser
    revealed: dict[int, str] = st.session_state.setdefault(f"revealed_{page.member.id}", {})
    for item in items.to_dict("records"):
        label, value, button = st.columns([2, 3, 1])
        # the article from the category, not the stored flag: criminal-record data is
        # Art. 10 data, never an Art. 9 special category
        article = article_of(item["category"])
        label.text(
            t(f"category.{item['category']}")
            + (f" ({t(f'gdpr_article.{article}')})" if article else "")
        )
        item_id = int(item["id"])
        value.text(revealed.get(item_id, item["value"]) if item["visible"] else item["value"])
        if item["sensitive"] and item["visible"] and item_id not in revealed:
            if button.button(
                t("people.reveal"), key=f"reveal_{item_id}", icon=":material/visibility:"
            ):
                try:
                    revealed[item_id] = profile_service.reveal_item(
                        page.db, page.member, item_id, now=now_utc()
                    )
                except Exception as error:  # the refusal stays on screen
                    show_service_error(error)
                else:
                    st.rerun()
        elif item["sensitive"] and not item["visible"]:
            button.caption(t("people.not_for_role"))


def _actions(page: PageContext, person: dict[str, Any], retention: RetentionState) -> None:
    role = page.member.role
    person_id = int(person["id"])
    if can(role, Action.LOG_CONTACT):
        confirm_previous_save("contact_form")
        with st.form("contact_form"):
            st.markdown(f"**{t('people.log_contact')}**")
            channel = st.selectbox(
                t("requests.channel"),
                profile_service.CONTACT_CHANNELS,
                format_func=lambda c: t(f"contact_channel.{c}"),
                key="contact_channel",
            )
            note = st.text_area(t("people.contact_note"), max_chars=2000, key="contact_note")
            if st.form_submit_button(t("people.save_contact"), key="save_contact") and _call(
                lambda: profile_service.log_contact(
                    page.db, page.member, person_id, channel=channel, note=note, now=now_utc()
                )
            ):
                saved_and_cleared(
                    "contact_form", ("contact_channel", "contact_note"), t("people.contact_saved")
                )
    if can(role, Action.RECORD_EXTENSION_ANSWER):
        # one control and one service with the retention page; the channel is chosen
        show_answer_confirmation(page, PROFILE_ANSWER_DONE)
        if answer_control(
            page, person, retention, key="profile_extension", done_key=PROFILE_ANSWER_DONE
        ):
            st.rerun()
    employment_end_form(page, person_id)
    if can(role, Action.LOG_REQUEST):
        confirm_previous_save("request_form")
        with st.form("request_form"):
            st.markdown(f"**{t('people.log_request')}**")
            left, right = st.columns(2)
            request_type = left.selectbox(
                t("requests.col_type"),
                REQUEST_TYPES,
                key="profile_request_type",
                format_func=lambda v: t(f"request_type.{v}"),
            )
            channel = right.selectbox(
                t("requests.channel"),
                ("phone", "email", "letter"),
                format_func=lambda v: t(f"channel.{v}"),
                key="profile_request_channel",
            )
            # a default valid at any hour: this minute, Amsterdam time (architecture rule 11)
            this_minute = this_minute_amsterdam()
            received_on = left.date_input(
                t("requests.received_on"),
                value=this_minute.date(),
                max_value=this_minute.date(),
                format=DATE_FORMAT,
                key="profile_request_date",
            )
            received_time = right.time_input(
                t("requests.received_time"),
                value=this_minute.time(),
                step=60,
                key="profile_request_time",
            )
            text = st.text_area(t("requests.free_text"), max_chars=5000, key="profile_request_text")
            if st.form_submit_button(t("requests.log"), key="profile_log_request") and _call(
                lambda: desk.log_request(
                    page.db,
                    page.member,
                    request_type=request_type,
                    channel=channel,
                    received_at=datetime.combine(received_on, received_time),
                    requester_name=_full_name(person),
                    requester_email=person["email"],
                    free_text=text,
                    person_id=person_id,
                    now=now_utc(),
                )
            ):
                saved_and_cleared("request_form", PROFILE_REQUEST_KEYS, t("people.request_logged"))
    if can(role, Action.RECTIFY_PERSON):
        with st.form("profile_rectify"):
            st.markdown(f"**{t('requests.rectify_title')}**")
            changed = rectification_inputs(person, key="profile_rect")
            if st.form_submit_button(t("requests.save_rectification")):
                try:
                    fields = rectify_person(page.db, page.member, person_id, changed, now=now_utc())
                except Exception as error:  # refusals and validation: one plain sentence
                    show_service_error(error)
                else:  # drawn again from the stored values, with what changed
                    after_action("person", person_id, t("requests.rectified", count=len(fields)))
