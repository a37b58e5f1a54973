"""The DPO's clean-up of records whose term ended without an extension (O6), and the switch
that lets the daily retention run do it by itself."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from konnektus.clock import now_utc, today_amsterdam
from konnektus.domain.permissions import Action, can
from konnektus.i18n import format_moment, format_number
from konnektus.services import retention_cleanup as cleanup
from konnektus.services import retention_run
from konnektus.ui.confirm import confirm_count
from konnektus.ui.errors import show_service_error
from konnektus.ui.guard import PageContext
from konnektus.ui.i18n import t
from konnektus.ui.versioned import per_version

CONFIRMING = "cleanup_confirming"  # the number of people the DPO is asked to confirm
REPORT = "cleanup_report"
# read again only after a write or at midnight (konnektus/ui/versioned.py)
_cleanup_preview = per_version(cleanup.cleanup_preview)


def cleanup_section(page: PageContext) -> None:
    """Preview, confirmation, progress bar and a report to download; DPO only."""
    if not can(page.member.role, Action.EXECUTE_ERASURE):
        return
    language = page.language
    st.subheader(t("retention_cleanup.title"))
    st.caption(t("retention_cleanup.intro"))
    _report(page)
    preview = _cleanup_preview(page.db, page.member, today=today_amsterdam())
    columns = st.columns(4)
    columns[0].metric(t("retention_cleanup.people"), format_number(preview.people, language))
    for column, state in zip(columns[1:], ("no_answer", "declined", "expired"), strict=True):
        column.metric(
            t(f"retention.{state}"), format_number(preview.by_state.get(state, 0), language)
        )
    st.text(
        t(
            "retention_cleanup.items",
            items=format_number(preview.items, language),
            held=format_number(preview.items_held, language),
        )
    )
    _held_back(preview.held_back)
    _switch(page)
    _last_run(page)
    if st.button(
        t("retention_cleanup.start", count=format_number(preview.people, language)),
        key="cleanup_start",
        disabled=preview.people == 0,
        icon=":material/delete_sweep:",
    ):
        st.session_state[CONFIRMING] = preview.people
    if CONFIRMING in st.session_state:
        _confirm(page, int(st.session_state[CONFIRMING]))


def held_text(reason: str, request_id: int) -> str:
    """ "Niet opschonen: beperking (verzoek #N)" / "Niet opschonen: verzoek #N"."""
    return t(f"erasure_block.{reason}", request=request_id)


def _held_back(held: tuple[cleanup.HeldBack, ...]) -> None:
    """Who the clean-up leaves now, by reference, and the request each waits for."""
    if not held:
        return
    st.markdown(f"**{t('retention_cleanup.held_title')}** ({len(held)})")
    st.caption(t("retention_cleanup.held_intro"))
    st.dataframe(
        pd.DataFrame(
            {
                "reference": [h.reference for h in held],
                "state": [t(f"retention.{h.state}") for h in held],
                "held": [held_text(h.block.reason.value, h.block.request_id) for h in held],
            }
        ),
        hide_index=True,
        width="stretch",
        key="cleanup_held_back",
        column_config={
            "reference": t("retention_cleanup.col_reference"),
            "state": t("retention_cleanup.col_state"),
            "held": t("retention_cleanup.col_held"),
        },
        placeholder="",
    )


def _close() -> None:
    st.session_state.pop(CONFIRMING, None)


def _confirm(page: PageContext, seen: int) -> None:
    """The bulk rung of the safety ladder (konnektus/ui/confirm.py): type the number shown."""
    with st.container(border=True):
        if not confirm_count(
            t("retention_cleanup.confirm_text", count=format_number(seen, page.language)),
            seen,
            language=page.language,
            confirm_key="cleanup_confirm",
            cancel_key="cleanup_cancel",
            number_key="cleanup_typed_people",
            on_cancel=_close,
            confirm_label=t("retention_cleanup.confirm"),
        ):
            return
    _close()
    bar = st.progress(0.0, text=t("retention_cleanup.running", done=0, total=seen))

    def progress(done: int, total: int) -> None:
        bar.progress(
            done / max(total, 1), text=t("retention_cleanup.running", done=done, total=total)
        )

    try:
        report = cleanup.clean_up_expired(
            page.db, page.member, now=now_utc(), seen_people=seen, progress=progress
        )
    except Exception as error:  # "already done by ...", a run in progress: one plain sentence
        bar.empty()
        show_service_error(error)
        return
    st.session_state[REPORT] = (report.people, cleanup.report_csv(report, page.language))
    st.rerun()


def _report(page: PageContext) -> None:
    done = st.session_state.get(REPORT)
    if done is None:
        return
    people, csv_text = done
    st.success(
        t("retention_cleanup.done", count=format_number(people, page.language)),
        icon=":material/check_circle:",
    )
    st.download_button(
        t("retention_cleanup.download"),
        data=csv_text,
        file_name="opschoning-bewaartermijn.csv",
        mime="text/csv",
        key="cleanup_download",
        icon=":material/download:",
    )


def _switch(page: PageContext) -> None:
    enabled = retention_run.auto_cleanup_enabled(page.db, page.member)
    wanted = st.toggle(t("retention_cleanup.auto"), value=enabled, key="cleanup_auto")
    if wanted != enabled:
        try:
            retention_run.set_auto_cleanup(page.db, page.member, wanted, now=now_utc())
        except Exception as error:
            show_service_error(error)
            return
        st.toast(t("retention_cleanup.auto_on" if wanted else "retention_cleanup.auto_off"))


def _last_run(page: PageContext) -> None:
    found = retention_run.last_run(page.db, page.member)
    if found is None:
        st.caption(t("retention_cleanup.never_run"))
        return
    at, report = found
    language = page.language
    st.caption(
        t(
            "retention_cleanup.last_run",
            at=format_moment(at, language),
            asked=format_number(report.asked, language),
            reminded=format_number(report.reminded, language),
            silent=format_number(report.marked_no_answer, language),
            held=format_number(report.held_items_removed, language),
            cleaned=format_number(report.cleaned_up, language),
        )
    )
