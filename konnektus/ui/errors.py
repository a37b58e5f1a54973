"""Service errors shown as one plain sentence in the page's language."""

from __future__ import annotations

import streamlit as st

from konnektus.domain.permissions import NotPermitted
from konnektus.domain.requests import ExtensionTooLate, InvalidTransition, ReasonRequired
from konnektus.i18n import format_date
from konnektus.services.employment import EmploymentRefused
from konnektus.services.erasure import ConfirmationMismatch
from konnektus.services.requests import AlreadyChanged, DuplicateRequest, local_time
from konnektus.services.retention_cleanup import CleanupRunning
from konnektus.ui.i18n import current_language, t
from konnektus.ui.text import plain


def show_service_error(error: Exception) -> None:
    if isinstance(error, AlreadyChanged):
        when = format_date(local_time(error.at).date(), current_language()) if error.at else ""
        message = t("errors.already_changed", by=plain(error.by or "?"), at=when)
    elif isinstance(error, DuplicateRequest):
        message = t("errors.duplicate_request", id=error.request_id)
    elif isinstance(error, ConfirmationMismatch):
        message = t("erasure.mismatch")
    elif isinstance(error, CleanupRunning):
        message = t("retention_cleanup.running_elsewhere")
    elif isinstance(error, EmploymentRefused):
        message = t(f"employment.refused.{error.code}")
    elif isinstance(error, ExtensionTooLate):
        message = t("errors.extension_too_late")
    elif isinstance(error, ReasonRequired):
        message = t("errors.reason_required")
    elif isinstance(error, InvalidTransition):
        message = t("errors.invalid_transition")
    elif isinstance(error, NotPermitted):
        message = t("guard.not_allowed")
    else:  # validation messages name the field and the fix; shown literally
        message = t("errors.invalid_input", detail=plain(error))
    st.error(message, icon=":material/error:")
