"""The Import page (issue 14): upload, preview, check report, confirmation, progress, summary.

The files are read once per upload (kept in the session by their digest), previewed, and
checked against the database; only a clean check offers the import. "Import…" first runs the
import as a dry run, so the confirmation names exactly what will be new and what will change;
the confirmation is a session flag, not a dialog (stack-notes.md: dialogs and AppTest).
"""

from __future__ import annotations

import hashlib
from typing import Any

import pandas as pd
import streamlit as st

from konnektus.clock import now_utc
from konnektus.domain.errors import CodedError
from konnektus.domain.import_values import Problem
from konnektus.i18n import format_number
from konnektus.services.import_check import Checked
from konnektus.services.import_read import PREVIEW_ROWS, ReadResult, UploadedFile, read_files
from konnektus.services.import_report import report_csv, report_frame
from konnektus.services.importing import ImportSummary, check_read, import_checked
from konnektus.ui.errors import show_service_error
from konnektus.ui.guard import PageContext
from konnektus.ui.i18n import t

UPLOAD = "import_files"
CHECKED = "import_checked"  # (digest, ReadResult, Checked) of the files on screen
PLAN = "import_plan"  # (digest, the dry run's ImportSummary) while the confirmation shows
DONE = "import_done"  # the summary of the import just made


def import_panel(page: PageContext) -> None:
    if page.demo:
        st.info(t("import.demo_refused"), icon=":material/science:")
        return
    uploaded = st.file_uploader(
        t("import.upload"), type=["csv", "xlsx"], accept_multiple_files=True, key=UPLOAD
    )
    done: ImportSummary | None = st.session_state.get(DONE)
    if not uploaded:
        if done is not None:
            _summary(done, page.language)
        return
    files = [UploadedFile(f.name, f.getvalue()) for f in uploaded]
    digest = _digest(files)
    if done is not None and st.session_state.get(f"{DONE}_digest") != digest:
        st.session_state.pop(DONE, None)  # other files now: the last summary is history
        done = None
    read, checked = _read_and_check(page, files, digest)
    if read is None or checked is None:
        return
    _preview(read, page.language)
    st.subheader(t("import.report_title"))
    if checked.problems:
        _report(checked.problems, page.language)
        return
    if done is not None:
        _summary(done, page.language)  # these files were just imported
        return
    st.success(t("import.all_clean"), icon=":material/check_circle:")
    _rows_table(checked, page.language)
    plan = st.session_state.get(PLAN)
    if plan is None or plan[0] != digest:
        if st.button(t("import.start"), key="import_start", type="primary"):
            try:
                summary = import_checked(page.db, page.member, checked, now=now_utc(), dry_run=True)
            except CodedError as error:
                show_service_error(error)
                return
            st.session_state[PLAN] = (digest, summary)
            st.rerun()
        return
    _confirm(page, checked, digest, plan[1])


def _digest(files: list[UploadedFile]) -> str:
    digest = hashlib.sha256()
    for file in files:
        digest.update(file.name.encode())
        digest.update(hashlib.sha256(file.data).digest())
    return digest.hexdigest()


def _read_and_check(
    page: PageContext, files: list[UploadedFile], digest: str
) -> tuple[ReadResult | None, Checked | None]:
    kept = st.session_state.get(CHECKED)
    if kept is not None and kept[0] == digest:
        return kept[1], kept[2]
    read = read_files(files)
    _preview(read, page.language)  # shown while the check runs; the rerun below redraws it
    with st.spinner(t("import.checking")):
        try:
            checked = check_read(page.db, page.member, read, now=now_utc())
        except CodedError as error:
            show_service_error(error)
            return None, None
    st.session_state[CHECKED] = (digest, read, checked)
    st.session_state.pop(PLAN, None)
    st.rerun()
    return read, checked  # not reached: st.rerun() ends this run


def _preview(read: ReadResult, language: str) -> None:
    st.subheader(t("import.preview_title"))
    for table in read.tables:
        headers = _unique(table.headers, len(table.rows.columns))
        shown = table.rows.head(PREVIEW_ROWS).set_axis(headers, axis=1)
        with st.expander(f"{t(f'import.entity.{table.entity.name}')} · {table.source}"):
            st.caption(
                t(
                    "import.preview_caption",
                    file=table.source,
                    rows=format_number(len(table.rows), language),
                )
            )
            st.dataframe(shown, hide_index=True, width="stretch")


def _unique(headers: list[str], width: int) -> list[str]:
    names: list[str] = []
    for index in range(width):
        name = headers[index] if index < len(headers) and headers[index] else f"({index + 1})"
        while name in names:
            name += "'"
        names.append(name)
    return names


def _report(problems: list[Problem], language: str) -> None:
    st.error(
        t("import.problems_found", count=format_number(len(problems), language)),
        icon=":material/error:",
    )
    st.dataframe(report_frame(problems, language), hide_index=True, width="stretch")
    st.download_button(
        t("import.report_download"),
        report_csv(problems, language),
        file_name=t("import.report_file"),
        mime="text/csv",
        key="import_report_download",
        icon=":material/download:",
    )


def _rows_table(checked: Checked, language: str) -> None:
    rows = [(name, len(frame)) for name, frame in checked.frames.items() if len(frame)]
    st.dataframe(
        pd.DataFrame(
            {
                t("import.col_entity"): [t(f"import.entity.{name}") for name, _ in rows],
                t("import.col_rows"): [format_number(count, language) for _, count in rows],
            }
        ),
        hide_index=True,
    )


def _counts_frame(summary: ImportSummary, language: str) -> pd.DataFrame:
    def column(what: str) -> list[str]:
        return [format_number(int(getattr(c, what)), language) for c in summary.counts]

    return pd.DataFrame(
        {
            t("import.col_entity"): [t(f"import.entity.{c.entity}") for c in summary.counts],
            t("import.col_new"): column("new"),
            t("import.col_changed"): column("changed"),
            t("import.col_unchanged"): column("unchanged"),
            t("import.col_skipped"): column("skipped"),
        }
    )


def _confirm(page: PageContext, checked: Checked, digest: str, plan: ImportSummary) -> None:
    people = plan.of("people")
    with st.container(border=True, key="import_confirmation"):
        st.markdown(f"**{t('import.confirm_title')}**")
        st.write(
            t(
                "import.confirm_text",
                new=format_number(plan.total("new"), page.language),
                changed=format_number(plan.total("changed"), page.language),
                people=format_number(people.new if people else 0, page.language),
            )
        )
        st.dataframe(_counts_frame(plan, page.language), hide_index=True)
        left, right = st.columns(2)
        confirmed = left.button(t("import.confirm"), key="import_confirm", type="primary")
        if right.button(t("import.cancel"), key="import_cancel"):
            st.session_state.pop(PLAN, None)
            st.rerun()
    if not confirmed:
        return
    bar = st.progress(0.0, text=t("import.writing"))

    def advance(done: int, total: int) -> None:
        bar.progress(min(done / max(total, 1), 1.0), text=t("import.writing"))

    try:
        summary = import_checked(page.db, page.member, checked, now=now_utc(), progress=advance)
    except CodedError as error:
        show_service_error(error)
        return
    st.session_state[DONE] = summary
    st.session_state[f"{DONE}_digest"] = digest
    st.session_state.pop(PLAN, None)  # the check stays: it says what these files hold
    st.rerun()


def _summary(summary: ImportSummary, language: str) -> None:
    values: dict[str, Any] = {
        what: format_number(summary.total(what), language)
        for what in ("new", "changed", "unchanged", "skipped")
    }
    if summary.total("new") or summary.total("changed"):
        st.success(
            t("import.done", holds=format_number(summary.holds_added, language), **values),
            icon=":material/task_alt:",
        )
    else:
        st.info(t("import.nothing_changed"), icon=":material/info:")
    st.dataframe(_counts_frame(summary, language), hide_index=True)
    st.markdown(f"[{t('import.to_people')}](/people)")
