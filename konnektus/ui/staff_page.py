"""The DPO's staff page (issue 13): who may sign in, with which role; add a member, change a
role, withdraw or restore access, and reset the link to a single sign-on account. Every change
counts from the member's next click (the guard reads the staff row on every run)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from konnektus.clock import now_utc
from konnektus.domain.errors import CodedError
from konnektus.domain.permissions import Role
from konnektus.domain.staff import StaffMember
from konnektus.services import staff as staff_service
from konnektus.ui.errors import show_service_error
from konnektus.ui.forms import confirm_previous_save, saved_and_cleared
from konnektus.ui.guard import PageContext
from konnektus.ui.i18n import t

ADD_FORM = "staff_add"
ADD_EMAIL, ADD_NAME, ADD_ROLE = "staff_add_email", "staff_add_name", "staff_add_role"
CHOSEN = "staff_chosen"
NEW_ROLE = "staff_new_role"
DONE = "staff_done"


def _role_word(role: Role | str) -> str:
    return t(f"role.{Role(role).value}")


def staff_table(page: PageContext) -> list[StaffMember]:
    members = staff_service.list_staff(page.db, page.member)
    bound = staff_service.sign_in_bindings(page.db, page.member)
    frame = pd.DataFrame(
        {
            t("staff.col_name"): [m.name for m in members],
            t("staff.col_email"): [m.email for m in members],
            t("staff.col_role"): [_role_word(m.role) for m in members],
            t("staff.col_active"): [t("staff.yes") if m.active else t("staff.no") for m in members],
            t("staff.col_sso"): [
                t("staff.yes") if bound.get(m.id) else t("staff.no") for m in members
            ],
        }
    )
    st.dataframe(frame, hide_index=True, width="stretch")
    return members


def add_form(page: PageContext) -> None:
    st.subheader(t("staff.add_title"))
    confirm_previous_save(ADD_FORM)
    with st.form(ADD_FORM):
        email = st.text_input(t("staff.col_email"), key=ADD_EMAIL, max_chars=254)
        name = st.text_input(t("staff.col_name"), key=ADD_NAME, max_chars=200)
        role = st.selectbox(
            t("staff.col_role"), [r.value for r in Role], format_func=_role_word, key=ADD_ROLE
        )
        if not st.form_submit_button(t("staff.add"), key="staff_add_submit"):
            return
    try:
        member = staff_service.add_staff(page.db, page.member, email, name, role, now=now_utc())
    except CodedError as error:
        show_service_error(error)
        return
    saved_and_cleared(ADD_FORM, (ADD_EMAIL, ADD_NAME), t("staff.added", email=member.email))


def member_actions(page: PageContext, members: list[StaffMember]) -> None:
    st.subheader(t("staff.change_title"))
    done = st.session_state.pop(DONE, None)
    if done:
        st.success(done, icon=":material/check:")
    by_email = {m.email: m for m in members}
    chosen = st.selectbox(
        t("staff.choose"),
        list(by_email),
        index=None,
        placeholder=t("staff.choose_placeholder"),
        format_func=lambda e: f"{by_email[e].name} ({e})",
        key=CHOSEN,
    )
    if chosen is None:
        return
    member = by_email[chosen]
    if member.id == page.member.id:
        st.info(t("errors.staff_own_access"), icon=":material/info:")
        return
    role_column, access_column, sso_column = st.columns(3)
    others = [r.value for r in Role if r is not member.role]
    new_role = role_column.selectbox(
        t("staff.new_role"), others, format_func=_role_word, key=NEW_ROLE
    )
    if role_column.button(t("staff.change_role"), key="staff_change_role"):
        _act(
            lambda: staff_service.change_role(
                page.db, page.member, member.email, new_role, now=now_utc()
            ),
            t("staff.role_changed", email=member.email, role=_role_word(new_role)),
        )
    if member.active:
        if access_column.button(t("staff.deactivate"), key="staff_deactivate", type="primary"):
            _act(
                lambda: staff_service.deactivate_staff(
                    page.db, page.member, member.email, now=now_utc()
                ),
                t("staff.deactivated", email=member.email),
            )
    elif access_column.button(t("staff.reactivate"), key="staff_reactivate"):
        _act(
            lambda: staff_service.reactivate_staff(
                page.db, page.member, member.email, now=now_utc()
            ),
            t("staff.reactivated", email=member.email),
        )
    if sso_column.button(t("staff.reset_sign_in"), key="staff_reset_sign_in"):
        _act(
            lambda: staff_service.reset_sign_in(page.db, page.member, member.email, now=now_utc()),
            t("staff.sign_in_reset", email=member.email),
        )


def _act(change: object, message: str) -> None:
    try:
        change()  # type: ignore[operator]
    except CodedError as error:
        show_service_error(error)
        return
    st.session_state[DONE] = message
    st.rerun()
