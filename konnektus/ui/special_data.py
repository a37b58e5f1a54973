"""Medical data after the placement on screen (Art. 5(1)(e), 9): the list of people whose
medical data is held past its end, and removing it (DPO).

The list is its own table on the retention page, beside the O1 list: reference, the day it was
collected, its end date and the days past. "Remove selected" and "remove for everyone" open a
confirmation kept open by a session-state flag (works under AppTest as in the browser); the
one for everyone asks to type the number of people (the safety ladder, konnektus/ui/confirm.py).
References are the only typed text shown, in table cells, never as Markdown.
"""

from __future__ import annotations

from typing import Any, Final, NoReturn

import pandas as pd
import streamlit as st

from konnektus.clock import now_utc, today_amsterdam
from konnektus.domain.permissions import Action, can
from konnektus.i18n import format_date, format_number
from konnektus.services import special_data as service
from konnektus.services.requests import local_time
from konnektus.ui.confirm import confirm_count, confirm_effect
from konnektus.ui.errors import show_service_error
from konnektus.ui.formats import DATE_FORMAT
from konnektus.ui.guard import PageContext
from konnektus.ui.i18n import t
from konnektus.ui.text import plain
from konnektus.ui.versioned import per_version

CONFIRM_KEY: Final = "special_data_confirm"
GENERATION_KEY: Final = "special_data_generation"
RESULT_KEY: Final = "special_data_result"
SELECTED_BUTTON: Final = "special_data_remove_selected"
ALL_BUTTON: Final = "special_data_remove_all"
CONFIRM_BUTTON: Final = "special_data_confirm_remove"
CANCEL_BUTTON: Final = "special_data_cancel_remove"
NUMBER_FIELD: Final = "special_data_typed_people"
_medical_past_its_end = per_version(service.medical_past_its_end)


def table_key(generation: int = 0) -> str:
    return f"special_data_table_{generation}"


def special_data_section(page: PageContext) -> None:
    """The list with its removal actions; nothing for a role that may not remove data."""
    if not can(page.member.role, Action.MINIMISE_DATA):
        return
    language = page.language
    listing = _medical_past_its_end(page.db, page.member, today=today_amsterdam())
    st.subheader(t("special_data.title"))
    st.caption(t("special_data.intro", months=listing.months))
    outcome = st.session_state.pop(RESULT_KEY, None)
    if outcome is not None:
        kind, message = outcome
        {"success": st.success, "info": st.info, "warning": st.warning}[kind](message)
    if listing.people == 0:
        st.success(t("special_data.none"), icon=":material/verified:")
        _open_confirmation(page)
        return
    st.caption(
        t(
            "special_data.totals",
            people=format_number(listing.people, language),
            items=format_number(listing.items, language),
        )
    )
    rows = listing.rows
    event: Any = st.dataframe(
        _shown(rows),
        hide_index=True,
        width="stretch",
        key=table_key(int(st.session_state.get(GENERATION_KEY, 0))),
        on_select="rerun",
        selection_mode="multi-row",
        column_config={
            "person_id": None,
            "reference": t("special_data.col_reference"),
            "collected_on": st.column_config.DateColumn(
                t("special_data.col_collected"), format=DATE_FORMAT
            ),
            "ends_on": st.column_config.DateColumn(t("special_data.col_ends"), format=DATE_FORMAT),
            "days_past": st.column_config.NumberColumn(
                t("special_data.col_days_past"), format="%d"
            ),
            "items": st.column_config.NumberColumn(t("special_data.col_items"), format="%d"),
            "held_reason": st.column_config.TextColumn(
                t("special_data.col_held"), help=t("special_data.held_help")
            ),
            "held_request": None,
        },
        placeholder="",
    )
    chosen = [int(rows["person_id"].iloc[p]) for p in event.selection.rows if 0 <= p < len(rows)]
    st.caption(t("special_data.select_hint"))
    left, right = st.columns(2)
    if left.button(
        t("special_data.remove_selected", count=format_number(len(chosen), language)),
        key=SELECTED_BUTTON,
        disabled=not chosen,
        icon=":material/delete:",
    ):
        _ask_to_confirm(page, chosen)
    removable = listing.people - listing.held_people
    if right.button(
        t("special_data.remove_all", count=format_number(removable, language)),
        key=ALL_BUTTON,
        disabled=removable == 0,
        icon=":material/delete_sweep:",
    ):
        _ask_to_confirm(page, None)
    _open_confirmation(page)


def _shown(rows: pd.DataFrame) -> pd.DataFrame:
    """Art. 18 or an open request as 'Niet verwijderen: beperking / verzoek #N'."""
    return rows.assign(
        held_reason=[
            t(f"special_data.held_{r}", request=int(n)) if isinstance(r, str) else ""
            for r, n in zip(rows["held_reason"], rows["held_request"], strict=True)
        ]
    )[
        [
            "person_id",
            "reference",
            "collected_on",
            "ends_on",
            "days_past",
            "items",
            "held_reason",
            "held_request",
        ]
    ]


def _ask_to_confirm(page: PageContext, person_ids: list[int] | None) -> None:
    try:
        preview = service.medical_removal_preview(
            page.db, page.member, person_ids, today=today_amsterdam()
        )
    except Exception as error:  # a refusal: one plain sentence
        show_service_error(error)
        return
    if not preview.person_ids and preview.held:
        st.warning(
            t("special_data.all_held_back", count=format_number(len(preview.held), page.language)),
            icon=":material/lock:",
        )
        return
    st.session_state[CONFIRM_KEY] = {"person_ids": person_ids, "preview": preview}


def _open_confirmation(page: PageContext) -> None:
    pending = st.session_state.get(CONFIRM_KEY)
    if pending is None:
        return
    preview = pending["preview"]
    language = page.language
    whole = pending["person_ids"] is None
    effect = t(
        "special_data.confirm_all" if whole else "special_data.confirm_selected",
        people=format_number(preview.people, language),
        items=format_number(preview.items, language),
    )
    held = (
        t("special_data.confirm_held", count=format_number(len(preview.held), language))
        if preview.held
        else None
    )
    with st.container(border=True):
        if whole:
            confirmed = confirm_count(
                effect,
                preview.people,
                language=language,
                confirm_key=CONFIRM_BUTTON,
                cancel_key=CANCEL_BUTTON,
                number_key=NUMBER_FIELD,
                on_cancel=_close,
                confirm_label=t("special_data.confirm"),
                note=held,
            )
        else:
            confirmed = confirm_effect(
                effect,
                confirm_key=CONFIRM_BUTTON,
                cancel_key=CANCEL_BUTTON,
                on_cancel=_close,
                confirm_label=t("special_data.confirm"),
                note=held,
            )
        if not confirmed:
            return
    _close()
    _remove(page, pending)


def _close() -> None:
    st.session_state.pop(CONFIRM_KEY, None)


def _remove(page: PageContext, pending: dict[str, Any]) -> None:
    preview = pending["preview"]
    language = page.language
    try:
        if pending["person_ids"] is None:  # the number typed was the one shown (ui/confirm.py)
            removal = service.remove_all_medical_data(
                page.db,
                page.member,
                seen_people=preview.people,
                seen_items=preview.items,
                now=now_utc(),
            )
        else:
            removal = service.remove_medical_data(
                page.db, page.member, pending["person_ids"], seen_items=preview.items, now=now_utc()
            )
    except service.NothingPastItsEnd as error:
        if error.by is not None and error.at is not None:
            when = format_date(local_time(error.at).date(), language, "short")
            _outcome("info", t("special_data.already_done", by=plain(error.by), at=when))
        _outcome("info", t("special_data.already_done_unknown"))
    except Exception as error:  # the list changed, a wrong number, held back: nothing removed
        show_service_error(error)
        return
    _outcome(
        "success",
        t(
            "special_data.removed",
            people=format_number(removal.people, language),
            items=format_number(removal.items, language),
        ),
    )


def _outcome(kind: str, message: str) -> NoReturn:
    st.session_state[RESULT_KEY] = (kind, message)
    st.session_state[GENERATION_KEY] = int(st.session_state.get(GENERATION_KEY, 0)) + 1
    st.rerun()
