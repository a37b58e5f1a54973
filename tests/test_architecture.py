"""Imports point one way: pages -> services -> domain, services -> db -> domain."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def files(folder: str) -> list[Path]:
    return sorted((ROOT / folder).rglob("*.py"))


FORBIDDEN = {
    "konnektus/domain": (
        "streamlit",
        "duckdb",
        "konnektus.db",
        "konnektus.services",
        "konnektus.ui",
        "pandas",
    ),
    "konnektus/db": ("streamlit", "konnektus.services", "konnektus.ui"),
    "konnektus/services": ("streamlit", "konnektus.ui"),
    "konnektus/demo": ("streamlit", "konnektus.ui"),
    "konnektus/jobs": ("streamlit", "konnektus.ui"),
    "pages": ("duckdb", "konnektus.db"),
}


@pytest.mark.parametrize("folder", sorted(FORBIDDEN))
def test_each_layer_imports_only_what_it_may(folder: str) -> None:
    offenders = []
    for path in files(folder):
        for module in imported_modules(path):
            if any(module == bad or module.startswith(bad + ".") for bad in FORBIDDEN[folder]):
                offenders.append(f"{path.relative_to(ROOT)} imports {module}")
    assert files(folder), f"no files found in {folder}"
    assert offenders == []


def test_no_sql_is_written_in_pages() -> None:
    sql_words = ("SELECT ", "INSERT ", "UPDATE ", "DELETE ")
    for path in [*files("pages"), ROOT / "app.py"]:
        text = path.read_text("utf-8")
        assert not any(word in text for word in sql_words), path.name


def test_every_page_opens_with_the_shared_guard() -> None:
    for path in files("pages"):
        statements = [
            n
            for n in ast.parse(path.read_text("utf-8")).body
            if not isinstance(n, (ast.Import, ast.ImportFrom, ast.Expr))
        ]
        first = ast.unparse(statements[0])
        assert "guard_page(" in first, f"{path.name} must start with guard_page()"
