"""A test page holding only the O1 section (or, with KONNEKTUS_TEST_SECTION=special_data, the
list of medical data after the placement): the database named by KONNEKTUS_DB, the demo
persona whose staff id is in session state, the language of the session. No page id is
needed, so this tests the section whichever page ends up calling it."""

import os

import streamlit as st

from konnektus.db.database import Database
from konnektus.services.auth import demo_member
from konnektus.ui.guard import PageContext
from konnektus.ui.i18n import current_language
from konnektus.ui.minimisation import minimisation_section
from konnektus.ui.special_data import special_data_section
from konnektus.ui.state import StateKeys


@st.cache_resource(show_spinner=False)
def _open(path: str) -> Database:
    return Database.open(path)


db = _open(os.environ["KONNEKTUS_DB"])
member = demo_member(db, int(st.session_state[StateKeys.DEMO_STAFF_ID]))
assert member is not None, "the test page needs a demo persona"
context = PageContext(db, current_language(), True, member)
if os.environ.get("KONNEKTUS_TEST_SECTION") == "special_data":
    special_data_section(context)
else:
    minimisation_section(context)
