"""Issue 20 point 1: the overview and the sharing page show the same "told on time" for the
same period (the board report's CSV and HTML: tests/db/test_headline_figures.py)."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from konnektus.domain.permissions import Role
from konnektus.domain.promises import PROMISE_BY_KEY, rolling_period
from konnektus.i18n import translate
from tests.conftest import DEMO_TODAY
from tests.ui.conftest import ROOT, app_test, error_texts, persona_id

HOME = ROOT / "pages" / "home.py"
SHARING = ROOT / "pages" / "sharing.py"
TOLD = PROMISE_BY_KEY["disclosures_told_in_time"]


def metric(at: AppTest, label: str) -> str:
    return next(str(m.value) for m in at.metric if m.label == label)


def test_the_overview_and_the_sharing_page_show_the_same_told_on_time(use_db: Path) -> None:
    staff = persona_id(use_db, Role.DPO)
    home = app_test(HOME, staff_id=staff).run()
    assert not home.exception
    on_home = metric(home, translate(TOLD.figure_key, "nl"))
    period, _ = rolling_period(DEMO_TODAY)
    at = app_test(SHARING, staff_id=staff)
    at.session_state["sh_from"] = period.first  # the overview's 30 days
    at.session_state["sh_to"] = period.last
    at.run()
    assert not at.exception and not error_texts(at)
    on_sharing = metric(at, translate("sharing.metric_on_time", "nl"))
    assert on_home == on_sharing
    assert on_home.endswith("%") and on_home not in ("100%", "100,0%")  # old untold count
    # the page says what the figure counts, in the promise's own sentence
    assert any(translate(TOLD.explain_key, "nl") in c.value for c in at.caption)
