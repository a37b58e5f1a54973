"""Every stored text is shown as text (issue 21 point 6).

A request's outcome reason reached `st.caption` unescaped, and in Chromium
`![p](http://evil.example/pixel.png)` made the browser fetch that address. Here every free-text
field a person or a member of staff can fill (names, addresses, notes, reasons, purposes,
recipient and client names) carries Markdown and HTML payloads, and every page for every
role, an open profile, an open request and an archived request are drawn: no text that
Streamlit renders as Markdown may hold a live link, image or HTML tag.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from google.protobuf.message import Message
from streamlit.testing.v1 import AppTest

from konnektus.db.database import Database
from konnektus.domain.permissions import Role
from konnektus.ui.archive import OPEN_ARCHIVED
from konnektus.ui.navigation import pages_for
from tests.ui.conftest import ROOT, app_test, persona_id
from tests.ui.rows import click_row

PAYLOAD = (
    " ![p](http://evil.example/pixel.png) [klik](http://evil.example/k)"
    ' <img src="http://evil.example/i.png"> <a href="http://evil.example/a">a</a>'
)

# Free text as people and staff type it or an import brings it. Codes, e-mail addresses,
# phone numbers and postcodes are checked on entry and cannot carry Markdown.
FREE_TEXT: dict[str, tuple[str, ...]] = {
    "person": ("given_name", "family_name", "street", "city"),
    "request": (
        "requester_name",
        "free_text",
        "extension_reason",
        "outcome_reason",
        "late_reason",
    ),
    "request_event": ("note",),
    "refused_request": ("note", "purpose_note"),
    "disclosure": ("purpose_note",),
    "person_change": ("old_value", "new_value"),
    "client": ("name", "contact_name"),
    "recipient": ("name",),
    "staff": ("name",),
    "vacancy": ("title",),
}

# Proto fields Streamlit renders as Markdown: texts, captions, alerts, headings, labels, help.
# Widget values, placeholders, table cells and select-box options are shown as plain text.
_MARKDOWN_FIELDS = frozenset({"body", "label", "help", "caption"})
_MARKDOWN_OPTIONS = frozenset({"Radio", "ButtonGroup"})  # their options render Markdown too
_PLAIN_KINDS = frozenset({"Text", "Code", "Json"})  # st.text, st.code: shown as they are
# a live link or image: '](' not escaped; an HTML tag: '<' not escaped
_LIVE = re.compile(r"(?<!\\)\]\(|(?<!\\)<\s*(?:img|a)\b", re.IGNORECASE)


def poison(path: Path) -> None:
    db = Database.open(path)
    try:
        with db.transaction() as cur:
            for table, columns in FREE_TEXT.items():
                for column in columns:  # names from the list above, never from input
                    cur.execute(
                        f"UPDATE {table} SET {column} = {column} || ? WHERE {column} IS NOT NULL",
                        [PAYLOAD],
                    )
    finally:
        db.close()


def _rendered(message: Message, kind: str) -> Iterator[str]:
    for field, value in message.ListFields():
        values = value if field.is_repeated else [value]
        if field.type == field.TYPE_MESSAGE:
            for item in values:
                if isinstance(item, Message):
                    yield from _rendered(item, kind)
        elif field.type == field.TYPE_STRING and (
            field.name in _MARKDOWN_FIELDS
            or (field.name == "options" and kind in _MARKDOWN_OPTIONS)
        ):
            yield from (str(item) for item in values)


def live_markup(app: AppTest) -> tuple[list[str], bool]:
    """The rendered texts holding a live link, image or tag; and whether the payload showed."""
    found, seen = [], False
    for node in app._tree:  # AppTest offers no public walk over every node
        proto = getattr(node, "proto", None)
        if not isinstance(proto, Message) or type(node).__name__ in _PLAIN_KINDS:
            continue
        for text in _rendered(proto, type(node).__name__):
            seen = seen or "evil" in text
            if _LIVE.search(text) and "evil" in text:
                found.append(f"{type(node).__name__}: {text[:160]!r}")
    for table in app.dataframe:
        seen = seen or table.value.astype(str).apply(lambda c: c.str.contains("evil")).any().any()
    return found, seen


@pytest.fixture
def poisoned(use_db: Path) -> Path:
    poison(use_db)
    return use_db


def first_id(path: Path, sql: str) -> int:
    db = Database.open(path)
    try:
        return int(db.query(sql)[0][0])
    finally:
        db.close()


def test_the_payload_reaches_the_database(poisoned: Path) -> None:
    reason = first_id(
        poisoned, "SELECT count(*) FROM request WHERE outcome_reason LIKE '%evil.example%'"
    )
    assert reason > 0  # else every check below would pass on clean data


@pytest.mark.parametrize("role", list(Role))
def test_every_page_shows_stored_text_as_text(poisoned: Path, role: Role) -> None:
    staff_id = persona_id(poisoned, role)
    problems = []
    for spec in pages_for(role):
        app = app_test(ROOT / spec.path, staff_id=staff_id).run()
        assert not app.exception, f"{spec.id}: {app.exception[0].message}"
        problems += [f"{spec.id}: {p}" for p in live_markup(app)[0]]
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("role", [Role.RECRUITER, Role.BACKOFFICE, Role.DPO])
def test_an_open_profile_shows_stored_text_as_text(poisoned: Path, role: Role) -> None:
    app = app_test(ROOT / "pages" / "people.py", staff_id=persona_id(poisoned, role)).run()
    app.text_input(key="people_q").input("jan").run()
    app = click_row(app, "people_results", 0)
    assert not app.exception, app.exception[0].message
    problems, seen = live_markup(app)
    assert seen, "the profile showed none of the stored payload"
    assert problems == [], "\n".join(problems)


def test_open_requests_show_stored_text_as_text(poisoned: Path) -> None:
    db = Database.open(poisoned)
    try:
        ids = [
            int(r[0])
            for r in db.query(
                "SELECT min(id) FROM request WHERE closed_at IS NULL GROUP BY type, status"
            )
        ]
    finally:
        db.close()
    for request_id in ids:
        app = app_test(ROOT / "pages" / "requests.py", staff_id=persona_id(poisoned, Role.DPO))
        app.session_state["open_request"] = request_id
        app.run()
        assert not app.exception, app.exception[0].message
        problems, seen = live_markup(app)
        assert seen, f"request {request_id} showed none of the stored payload"
        assert problems == [], f"request {request_id}:\n" + "\n".join(problems)


def test_an_archived_request_shows_its_outcome_reason_as_text(poisoned: Path) -> None:
    request_id = first_id(
        poisoned,
        "SELECT min(id) FROM request WHERE closed_at IS NOT NULL AND outcome_reason IS NOT NULL",
    )
    app = app_test(ROOT / "pages" / "archive.py", staff_id=persona_id(poisoned, Role.DPO))
    app.session_state[OPEN_ARCHIVED] = request_id
    app.run()
    assert not app.exception, app.exception[0].message
    problems, seen = live_markup(app)
    assert seen, "the archived request showed none of its outcome reason"
    assert problems == [], "\n".join(problems)
