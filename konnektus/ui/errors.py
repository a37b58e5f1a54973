"""Service errors shown as one plain sentence in the page's language.

Every refusal a service or a domain rule can raise is a CodedError: its code is a catalog key
and its values are filled in the reader's language (konnektus.i18n.error_text). Anything
else is a fault, not a refusal: it is logged in full and the page says so in one sentence.
"""

from __future__ import annotations

import logging

import streamlit as st

from konnektus.domain.errors import CodedError
from konnektus.i18n import error_text
from konnektus.ui.i18n import current_language, t
from konnektus.ui.text import plain

log = logging.getLogger(__name__)


def service_error_text(error: Exception) -> str:
    """The sentence for `error` in this session's language; never the exception's own text."""
    if isinstance(error, CodedError):
        return error_text(error, current_language(), escape=plain)
    log.error("unexpected error shown as a refusal", exc_info=error)
    return t("errors.unexpected")


def show_service_error(error: Exception) -> None:
    st.error(service_error_text(error), icon=":material/error:")
