"""The restriction badge on a profile (Art. 18) and the DPO's form to lift it."""

from __future__ import annotations

from typing import Any

import streamlit as st

from konnektus.clock import now_utc
from konnektus.domain.permissions import Action, can
from konnektus.i18n import format_moment
from konnektus.services import request_outcomes as outcomes
from konnektus.ui.errors import show_service_error
from konnektus.ui.guard import PageContext
from konnektus.ui.i18n import t


def restriction_banner(page: PageContext, person: dict[str, Any]) -> None:
    stopped = outcomes.stopped_purposes(page.db, page.member, int(person["id"]))
    if stopped:
        words = ", ".join(t(f"objection_purpose.{p}") for p in stopped)
        st.warning(t("restriction.stopped", purposes=words), icon=":material/block:")
    if person.get("restricted_since") is None:
        return
    since = format_moment(person["restricted_since"], page.language)
    request = person.get("restriction_request_id")
    field = person.get("restriction_field")
    st.badge(t("restriction.badge"), icon=":material/lock:", color="orange")
    if field:
        st.warning(
            t(
                "restriction.since",
                since=since,
                request=request,
                field=t(f"statement.field.{field}"),
            )
        )
    else:
        st.warning(t("restriction.since_no_field", since=since, request=request))
    if not can(page.member.role, Action.EXECUTE_ERASURE):
        return
    with st.form(f"lift_restriction_{person['id']}"):
        reason = st.text_input(t("restriction.lift_reason"), key="lift_reason", max_chars=1000)
        if st.form_submit_button(
            t("restriction.lift"), icon=":material/lock_open:", key="lift_restriction"
        ):
            try:
                outcomes.lift_restriction(
                    page.db, page.member, int(person["id"]), reason=reason, now=now_utc()
                )
            except Exception as error:  # refusals and validation: one plain sentence
                show_service_error(error)
            else:
                st.toast(t("restriction.lifted"))
                st.rerun()
