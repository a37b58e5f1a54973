"""The search box, filters and results of the People page."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from konnektus.clock import today_amsterdam
from konnektus.db.search import PeopleFilter
from konnektus.domain.retention import RetentionState
from konnektus.domain.search import MAX_TOKENS
from konnektus.domain.text import full_name
from konnektus.i18n import format_number
from konnektus.services.search import SearchPage, search_people
from konnektus.ui.formats import DATE_FORMAT
from konnektus.ui.guard import PageContext
from konnektus.ui.i18n import t, t_each
from konnektus.ui.row_pick import clickable_table

OPEN_PERSON = "people_open"  # the person whose profile is open, by id
STAGES = ("applicant", "proposed", "placed", "employed", "former_employee")


def search_panel(page: PageContext, recruiters: dict[int, str]) -> tuple[SearchPage, int | None]:
    """The search and its results; returns them with the person opened by a click (or the
    only hit), if any."""
    query = st.text_input(
        t("people.search"),
        key="people_q",
        placeholder=t("people.placeholder"),
        max_chars=200,
        icon=":material/search:",
    )
    with st.expander(t("requests.filters"), icon=":material/filter_list:"):
        left, middle, right = st.columns(3)
        stages = left.multiselect(
            t("people.stage"),
            STAGES,
            key="people_stages",
            format_func=lambda s: t(f"stage.{s}"),
            placeholder=t("requests.all"),
            select_all=False,
        )
        recruiter = middle.selectbox(
            t("people.recruiter"),
            [None, *recruiters],
            key="people_recruiter",
            format_func=lambda r: t("requests.all") if r is None else recruiters[r],
            placeholder=t("requests.all"),  # None chosen shows the placeholder
        )
        states = right.multiselect(
            t("people.retention"),
            [s.value for s in RetentionState],
            key="people_states",
            placeholder=t("requests.all"),
            format_func=lambda s: t(f"retention.{s}"),
            select_all=False,
        )
    where = PeopleFilter(
        stages=tuple(stages), recruiter_id=recruiter, retention_states=tuple(states)
    )
    number = int(st.session_state.get("people_page", 1))
    found = search_people(
        page.db, page.member, query, where=where, today=today_amsterdam(), page=number
    )
    if found.total and number > found.pages:
        # a narrower search has fewer pages than the one the user was on: start again at 1
        # (the pager widget is drawn below, so its state may still be set in this run)
        st.session_state["people_page"] = 1
        found = search_people(page.db, page.member, query, where=where, today=today_amsterdam())
    if found.ignored_words:
        st.caption(t("people.words_ignored", max=MAX_TOKENS, count=found.ignored_words))
    if found.total == 0:
        st.caption(t("people.hint") if not query.strip() else t("people.none"))
        return found, None
    count, pager = st.columns([4, 1])
    count.caption(t("people.found", count=format_number(found.total, page.language)))
    pager.number_input(
        t("audit.page", pages=found.pages),
        min_value=1,
        max_value=found.pages,
        key="people_page",
        step=1,
    )
    results = found.results
    shown = pd.DataFrame(
        {
            "reference": results["reference"],
            "name": [
                full_name(*parts)
                + (f" · {t('restriction.badge')}" if restricted else "")
                + (
                    ""
                    if pd.isna(stopped)
                    else f" · {t('objection_effect.badge', request=int(stopped))}"
                )
                for *parts, restricted, stopped in zip(
                    results["given_name"],
                    results["tussenvoegsel"],
                    results["family_name"],
                    results["restricted"],
                    results["job_finding_stopped_by"],
                    strict=True,
                )
            ],
            "email": results["email"],
            "phone": results["phone"],
            "city": results["city"],
            "stage": t_each("stage.", results["stage"]),
            "recruiter": results["recruiter"],
            "retention": t_each("retention.", results["retention_state"]),
            "expiry": results["retention_expiry"],
        }
    )
    ids = [int(i) for i in results["id"]]
    opened = clickable_table(
        shown,
        ids,
        key="people_results",
        open_key=OPEN_PERSON,
        column_config={
            "reference": t("people.reference"),
            "name": t("people.name"),
            "email": t("statement.field.email"),
            "phone": t("statement.field.phone"),
            "city": t("statement.field.city"),
            "stage": t("people.stage"),
            "recruiter": t("people.recruiter"),
            "retention": t("people.retention"),
            "expiry": st.column_config.DateColumn(t("people.expiry"), format=DATE_FORMAT),
        },
    )
    if found.total == 1:
        # one hit: open it, the way a search for a reference or an e-mail is meant
        opened = st.session_state[OPEN_PERSON] = ids[0]
    # a profile shows below its own results only, never below another search's
    return found, opened if opened in ids else None
