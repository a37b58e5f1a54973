"""People: find anyone by name, e-mail, phone, postcode or town; open their profile."""

import streamlit as st

from konnektus.services.search import recruiter_choices
from konnektus.ui.addresses import address_changed, keep_address
from konnektus.ui.guard import guard_page
from konnektus.ui.i18n import t
from konnektus.ui.people_search import OPEN_PERSON, search_panel
from konnektus.ui.profile_view import profile_view

page = guard_page("people")
st.title(t("people.title"))
# /people?ref=K0000123 opens that profile (after F5, back, or from a shared link): it is
# searched for, so a role finds through the address only whom its search finds
changed, address = address_changed("ref")
if changed:
    st.session_state.pop(OPEN_PERSON, None)
    if address:
        st.session_state["people_q"] = address
        st.session_state["people_page"] = 1
found, opened = search_panel(page, recruiters=recruiter_choices(page.db, page.member))
reference = None
if opened is not None:  # a profile opens below its own results only
    reference = str(found.results.set_index("id").loc[opened, "reference"])
keep_address("ref", reference)
if opened is not None:
    st.divider()
    profile_view(page, opened)
elif found.total:
    st.caption(t("people.click_to_open"))
