"""People: find anyone by name, e-mail, phone, postcode or town; open their profile."""

import streamlit as st

from konnektus.services.search import recruiter_choices
from konnektus.ui.guard import guard_page
from konnektus.ui.i18n import t
from konnektus.ui.people_search import search_panel
from konnektus.ui.profile_view import profile_view

page = guard_page("people")
st.title(t("people.title"))
found, opened = search_panel(page, recruiters=recruiter_choices(page.db, page.member))
if opened is not None:
    st.divider()
    profile_view(page, opened)
elif found.total:
    st.caption(t("people.click_to_open"))
