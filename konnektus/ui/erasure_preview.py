"""The erasure preview the DPO confirms: per table what goes and what stays, whether it will be a
partial erasure (a current employee), and exactly what is kept, on which ground, until when."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from konnektus.domain.erasure import kept_label_key
from konnektus.i18n import format_date
from konnektus.services.erasure import ErasurePreview
from konnektus.ui.guard import PageContext
from konnektus.ui.i18n import t


def erasure_plan_view(page: PageContext, preview: ErasurePreview) -> None:
    plan = preview.plan
    if plan.partial:
        st.warning(
            f"**{t('erasure_holds.partial_title')}**  \n{t('erasure_holds.partial_warning')}",
            icon=":material/work:",
        )
    st.dataframe(
        pd.DataFrame(
            {
                t("erasure.preview_table"): [
                    t(f"erasure.table.{line.table}") for line in plan.lines
                ],
                t("erasure.preview_rows"): [line.rows for line in plan.lines],
                t("erasure.preview_treatment"): [
                    t(f"erasure.treatment.{line.treatment.value}") for line in plan.lines
                ],
                t("erasure.preview_why"): [t(f"erasure.why.{line.why}") for line in plan.lines],
            }
        ),
        hide_index=True,
        width="stretch",
        key="erasure_preview",
        placeholder="",
    )
    st.markdown(f"**{t('erasure_holds.kept_title')}**")
    if plan.kept:
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        t("erasure_holds.col_what"): t(kept_label_key(kept)),
                        t("erasure_holds.col_count"): kept.count,
                        t("erasure_holds.col_until"): (
                            format_date(kept.until, page.language, "short")
                            if kept.until
                            else t("erasure_holds.while_employed")
                        ),
                        t("erasure_holds.col_ground"): t(f"legal_ground.{kept.legal_ground}"),
                    }
                    for kept in plan.kept
                ]
            ),
            hide_index=True,
            width="stretch",
            key="erasure_kept",
            placeholder="",
        )
    else:
        st.caption(t("erasure_holds.nothing_stays"))
    st.markdown(f"**{t('erasure.holds_title')}**")
    if plan.holds:
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        t("statement.col_category"): t(f"hold_kind.{hold.kind}"),
                        t("erasure.preview_why"): t(f"legal_ground.{hold.legal_ground}"),
                        t("erasure.until_col"): format_date(hold.until, page.language, "short"),
                    }
                    for hold in plan.holds
                ]
            ),
            hide_index=True,
            width="stretch",
            placeholder="",
        )
    else:
        st.caption(t("erasure.no_holds"))
