"""People: find anyone by name, e-mail, phone, postcode or town; open their profile."""

import streamlit as st

from konnektus.services.search import recruiter_choices
from konnektus.ui.guard import guard_page
from konnektus.ui.i18n import t
from konnektus.ui.people_search import search_panel
from konnektus.ui.profile_view import profile_view
from konnektus.ui.text import person_label

page = guard_page("people")
st.title(t("people.title"))
found = search_panel(page, recruiters=recruiter_choices(page.db, page.member))
if found.total:
    labels = {int(r["id"]): person_label(r) for r in found.results.to_dict("records")}
    chosen = st.selectbox(
        t("people.open"), list(labels), key="people_open", format_func=labels.__getitem__
    )
    if chosen is not None:
        st.divider()
        profile_view(page, int(chosen))
