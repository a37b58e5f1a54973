"""Archief: closed requests, found again with their timeline, letters, certificate and export."""

import streamlit as st

from konnektus.ui.archive import archive_detail, archive_list
from konnektus.ui.guard import guard_page
from konnektus.ui.i18n import t

page = guard_page("archive")
st.title(t("archive.title"))
st.caption(t("archive.intro"))
opened = archive_list(page)
if opened is not None:
    st.divider()
    archive_detail(page, opened)
