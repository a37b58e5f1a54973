"""No table of personal data offers an unaudited download (issue 20 point 5): Streamlit's own
table toolbar would offer "Download as CSV" (and read-only tables a clipboard copy) of every
st.dataframe, which nothing audits. The project's config turns that off for the whole app, so
data leaves only through the app's own export buttons."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit import config

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def project_config() -> Iterator[None]:
    """Streamlit's options as `streamlit run` reads them in the project's directory."""
    before = Path.cwd()
    os.chdir(ROOT)
    try:
        config.get_config_options(force_reparse=True)
        yield
    finally:
        os.chdir(before)
        config.get_config_options(force_reparse=True)


def test_the_app_runs_with_the_tables_data_export_turned_off(project_config: None) -> None:
    # Streamlit sends this to every browser session (NewSession.config.disable_data_export);
    # the table toolbar then has no download button and read-only tables no copy
    assert config.get_option("client.disableDataExport") is True


def test_no_code_turns_the_tables_data_export_back_on() -> None:
    sources = [*ROOT.glob("*.py"), *(ROOT / "pages").rglob("*.py")]
    sources += [*(ROOT / "konnektus").rglob("*.py")]
    pattern = re.compile(r"disableDataExport|DISABLE_DATA_EXPORT|set_option\(")
    assert [str(p.relative_to(ROOT)) for p in sources if pattern.search(p.read_text("utf-8"))] == []
