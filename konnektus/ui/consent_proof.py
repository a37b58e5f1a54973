"""The DPO's check on consent with proof (issue 19 point 6): items held on consent without a
valid consent record, counted per problem, the first of them in a table (reference, kind of
data, collected on, the consent named, what is missing; never a value)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from konnektus.domain.permissions import Action, can
from konnektus.i18n import format_number
from konnektus.services import consent_proof as service
from konnektus.ui.formats import DATE_FORMAT
from konnektus.ui.guard import PageContext
from konnektus.ui.i18n import t, t_each
from konnektus.ui.versioned import per_version

TABLE_KEY = "consent_proof_table"
# read again only after a write or at midnight (konnektus/ui/versioned.py)
_unproven = per_version(service.unproven_consent_items)


def consent_proof_section(page: PageContext) -> None:
    """Draws nothing for a role that may not check the data (only the DPO may), so any page
    can call it."""
    if not can(page.member.role, Action.MINIMISE_DATA):
        return
    st.subheader(t("consent_proof.title"))
    st.caption(t("consent_proof.intro"))
    found = _unproven(page.db, page.member)
    if found.total == 0:
        st.success(t("consent_proof.none"), icon=":material/verified:")
        return
    problems = ", ".join(
        t(
            "consent_proof.problem_count",
            problem=t(f"consent_proof.problem.{code}"),
            count=format_number(count, page.language),
        )
        for code, count in found.by_problem.items()
    )
    st.warning(
        t(
            "consent_proof.totals",
            items=format_number(found.total, page.language),
            problems=problems,
        ),
        icon=":material/gpp_maybe:",
    )
    rows = found.rows
    if len(rows) < found.total:
        st.caption(t("consent_proof.shown_first", shown=format_number(len(rows), page.language)))
    shown = pd.DataFrame(
        {
            "reference": rows["reference"],
            "category": t_each("category.", rows["category"]),
            "collected_on": rows["collected_on"],
            "consent_id": rows["consent_id"],
            "problem": t_each("consent_proof.problem.", rows["problem"]),
        }
    )
    st.dataframe(
        shown,
        hide_index=True,
        width="stretch",
        key=TABLE_KEY,
        column_config={
            "reference": t("consent_proof.col_reference"),
            "category": t("consent_proof.col_category"),
            "collected_on": st.column_config.DateColumn(
                t("consent_proof.col_collected"), format=DATE_FORMAT
            ),
            "consent_id": st.column_config.NumberColumn(
                t("consent_proof.col_consent"), format="%d"
            ),
            "problem": t("consent_proof.col_problem"),
        },
    )
