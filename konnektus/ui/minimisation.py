"""O1 on screen: who holds employment-only data they never needed, and removing it (DPO).

A page calls `minimisation_section(page)`. The list is a page of 50 people (by reference) with
row selection; "remove selected" and "remove for everyone in the list" open a confirmation
that names the people (or the count) and the items per category, then remove exactly those
items. The one for everyone asks to type the number of people (konnektus/ui/confirm.py).
The confirmation is kept open by a session-state flag rather than by the opener button, so
it works under AppTest as in the browser (shared/docs/stack-notes.md). Names and other typed
text appear only in tables or through `plain()`, never as Markdown.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Final, NoReturn

import pandas as pd
import streamlit as st

from konnektus.clock import now_utc, today_amsterdam
from konnektus.db.minimisation import ExcessSummary
from konnektus.domain.minimisation import EMPLOYMENT_ONLY
from konnektus.domain.permissions import Action, can
from konnektus.i18n import format_date, format_number
from konnektus.services import minimisation as service
from konnektus.services.requests import local_time
from konnektus.ui.confirm import confirm_count, confirm_effect
from konnektus.ui.errors import show_service_error
from konnektus.ui.formats import DATE_FORMAT
from konnektus.ui.guard import PageContext
from konnektus.ui.i18n import t, t_each
from konnektus.ui.text import plain
from konnektus.ui.versioned import per_version

PAGE_KEY: Final = "minimisation_page"
CONFIRM_KEY: Final = "minimisation_confirm"  # the pending removal while its dialog is open
GENERATION_KEY: Final = "minimisation_generation"  # bumped after a removal: fresh selection
RESULT_KEY: Final = "minimisation_result"  # the success message shown after the rerun
SELECTED_BUTTON: Final = "minimisation_remove_selected"
ALL_BUTTON: Final = "minimisation_remove_all"
CONFIRM_BUTTON: Final = "minimisation_confirm_remove"
CANCEL_BUTTON: Final = "minimisation_cancel_remove"
NUMBER_FIELD: Final = "minimisation_typed_people"
# read again only after a write or at midnight (konnektus/ui/versioned.py)
_excess_data_people = per_version(service.excess_data_people)


def table_key(generation: int = 0, page: int = 1) -> str:
    """The list's widget key: a new one after each removal (selections are positional, and a
    removed row would hand its selection to the next) and one per page."""
    return f"minimisation_table_{generation}_{page}"


def _categories_text(categories: Sequence[str]) -> str:
    return ", ".join(t_each("category.", categories))


def _by_category_text(by_category: dict[str, int], language: str) -> str:
    return ", ".join(
        t(
            "minimisation.category_count",
            category=t(f"category.{c}"),
            count=format_number(n, language),
        )
        for c in EMPLOYMENT_ONLY
        if (n := by_category.get(c, 0))
    )


def minimisation_section(page: PageContext) -> None:
    """The O1 list with its removal actions. Draws nothing for a role that may not minimise
    data (only the DPO may), so any page can call it."""
    if not can(page.member.role, Action.MINIMISE_DATA):
        return
    st.subheader(t("minimisation.title"))
    st.caption(t("minimisation.intro"))
    outcome = st.session_state.pop(RESULT_KEY, None)
    if outcome is not None:
        kind, message = outcome
        {"success": st.success, "info": st.info, "warning": st.warning}[kind](message)

    number = int(st.session_state.get(PAGE_KEY, 1))
    listing = _excess_data_people(page.db, page.member, today=today_amsterdam(), page=number)
    if listing.page != number:  # the list got shorter; the pager below is not drawn yet
        st.session_state[PAGE_KEY] = listing.page
    if listing.total_people == 0:
        st.success(t("minimisation.none"), icon=":material/verified:")
        # a confirmation still open was overtaken (by a colleague, say): let its click say so
        _open_confirmation(page)
        return

    count, pager = st.columns([4, 1])
    count.caption(
        t(
            "minimisation.totals",
            people=format_number(listing.total_people, page.language),
            items=format_number(listing.total_items, page.language),
        )
        + (
            " "
            + t("minimisation.held_count", count=format_number(listing.held_people, page.language))
            if listing.held_people
            else ""
        )
    )
    pager.number_input(
        t("minimisation.page", pages=listing.pages),
        min_value=1,
        max_value=listing.pages,
        step=1,
        key=PAGE_KEY,
    )
    rows = listing.rows
    generation = int(st.session_state.get(GENERATION_KEY, 0))
    event: Any = st.dataframe(
        _shown(rows),
        hide_index=True,
        width="stretch",
        key=table_key(generation, listing.page),
        on_select="rerun",
        selection_mode="multi-row",
        column_config={
            "person_id": None,
            "reference": t("minimisation.col_reference"),
            "name": t("minimisation.col_name"),
            "stage": t("minimisation.col_stage"),
            "recruiter": t("minimisation.col_recruiter"),
            "categories": t("minimisation.col_categories"),
            "items": st.column_config.NumberColumn(t("minimisation.col_items"), format="%d"),
            "first_collected": st.column_config.DateColumn(
                t("minimisation.col_first_collected"), format=DATE_FORMAT
            ),
            "held_reason": st.column_config.TextColumn(
                t("minimisation.col_held"), help=t("minimisation.held_help")
            ),
            "held_request": None,
        },
        placeholder="",
    )
    positions = [p for p in event.selection.rows if 0 <= p < len(rows)]
    chosen = [int(rows["person_id"].iloc[p]) for p in positions]
    st.caption(t("minimisation.select_hint"))
    left, right = st.columns(2)
    if left.button(
        t("minimisation.remove_selected", count=format_number(len(chosen), page.language)),
        key=SELECTED_BUTTON,
        disabled=not chosen,
        icon=":material/delete:",
    ):
        _ask_to_confirm(page, rows[rows["person_id"].isin(chosen)])
    removable = listing.total_people - listing.held_people
    if right.button(
        t("minimisation.remove_all", count=format_number(removable, page.language)),
        key=ALL_BUTTON,
        disabled=removable == 0,
        icon=":material/delete_sweep:",
    ):
        _ask_to_confirm(page, None)
    _open_confirmation(page)


def _shown(rows: pd.DataFrame) -> pd.DataFrame:
    """Coded values as words; names stay text cells (never Markdown)."""
    return rows.assign(
        stage=t_each("stage.", rows["stage"]),
        recruiter=[r if isinstance(r, str) else "-" for r in rows["recruiter"]],
        categories=[_categories_text(c) for c in rows["categories"]],
        # Art. 18 or an open request: "Niet opschonen: verzoek #N", never removed now
        held_reason=[
            t(f"erasure_block.{r}", request=int(n)) if isinstance(r, str) else ""
            for r, n in zip(rows["held_reason"], rows["held_request"], strict=True)
        ],
    )


def _ask_to_confirm(page: PageContext, selected: pd.DataFrame | None) -> None:
    """Preview what would go now (for the selected rows, or None: everyone on the list) and
    keep it, with the names of the people chosen, while the confirmation is open."""
    person_ids = None if selected is None else [int(i) for i in selected["person_id"]]
    try:
        preview = service.removal_preview(page.db, page.member, person_ids, today=today_amsterdam())
    except Exception as error:  # a refusal: one plain sentence
        show_service_error(error)
        return
    if not preview.person_ids and preview.held:  # every one of them waits: nothing to ask
        count = format_number(len(preview.held), page.language)
        st.warning(t("minimisation.all_held_back", count=count), icon=":material/lock:")
        return
    people = pd.DataFrame(columns=["reference", "name"])
    if selected is not None:
        concerned = selected[selected["person_id"].isin(preview.person_ids)]
        people = concerned[["reference", "name"]].reset_index(drop=True)
    st.session_state[CONFIRM_KEY] = {
        "scope": "whole_list" if selected is None else "selection",
        "person_ids": person_ids,
        "summary": preview,
        "people": people,
    }


def _open_confirmation(page: PageContext) -> None:
    """Draw the confirmation while one is pending (the flag outlives the opener's click)."""
    pending = st.session_state.get(CONFIRM_KEY)
    if pending is not None:
        _confirmation(page)(pending)


def _close_confirmation() -> None:
    st.session_state.pop(CONFIRM_KEY, None)


def _confirmation(page: PageContext) -> Any:
    @st.dialog(t("minimisation.confirm_title"), on_dismiss=_close_confirmation)
    def confirm(pending: dict[str, Any]) -> None:
        summary: ExcessSummary = pending["summary"]
        language = page.language
        whole = pending["scope"] == "whole_list"
        effect = t(
            f"minimisation.{'confirm_all' if whole else 'confirm_selected'}",
            people=format_number(summary.people, language),
            items=format_number(summary.items, language),
            categories=_by_category_text(summary.items_by_category, language),
        )
        held = (
            t("minimisation.confirm_held", count=format_number(len(summary.held), language))
            if summary.held
            else None
        )
        if whole:
            confirmed = confirm_count(
                effect,
                summary.people,
                language=language,
                confirm_key=CONFIRM_BUTTON,
                cancel_key=CANCEL_BUTTON,
                number_key=NUMBER_FIELD,
                on_cancel=_close_confirmation,
                confirm_label=t("minimisation.confirm"),
                note=held,
            )
        else:
            confirmed = confirm_effect(
                effect,
                confirm_key=CONFIRM_BUTTON,
                cancel_key=CANCEL_BUTTON,
                on_cancel=_close_confirmation,
                confirm_label=t("minimisation.confirm"),
                note=held,
                details=lambda: _chosen_people(pending["people"]),
            )
        if confirmed:
            _close_confirmation()
            _remove(page, pending)

    return confirm


def _chosen_people(people: pd.DataFrame) -> None:
    """The chosen people by reference and name (text cells, never Markdown): named, a selection
    needs no number typed."""
    if len(people):
        st.dataframe(
            people,
            hide_index=True,
            width="stretch",
            column_config={
                "reference": t("minimisation.col_reference"),
                "name": t("minimisation.col_name"),
            },
            placeholder="",
        )


def _remove(page: PageContext, pending: dict[str, Any]) -> None:
    summary: ExcessSummary = pending["summary"]
    try:
        if pending["scope"] == "whole_list":
            removal = service.remove_all_excess_items(
                page.db,
                page.member,
                seen_people=summary.people,
                seen_items=summary.items,
                now=now_utc(),
            )
        else:
            removal = service.remove_excess_items(
                page.db, page.member, pending["person_ids"], seen_items=summary.items, now=now_utc()
            )
    except service.NothingToRemove as error:
        if error.by is not None and error.at is not None:
            when = format_date(local_time(error.at).date(), page.language, "short")
            _outcome("info", t("minimisation.already_done", by=plain(error.by), at=when))
        _outcome("info", t("minimisation.already_done_unknown"))
    except service.ExcessChanged as error:
        seen = format_number(error.seen_items, page.language)
        found = format_number(error.found_items, page.language)
        _outcome("warning", t("minimisation.changed", seen=seen, found=found))
    except Exception as error:  # a refusal: one plain sentence, nothing removed
        show_service_error(error)
        return
    removed = t(
        "minimisation.removed",
        people=format_number(removal.people, page.language),
        items=format_number(removal.items, page.language),
        categories=_by_category_text(removal.items_by_category, page.language),
    )
    _outcome("success", removed)


def _outcome(kind: str, message: str) -> NoReturn:
    """Show `message` above the fresh list: the rows changed, so the selection starts empty."""
    st.session_state[RESULT_KEY] = (kind, message)
    st.session_state[GENERATION_KEY] = int(st.session_state.get(GENERATION_KEY, 0)) + 1
    st.rerun()
