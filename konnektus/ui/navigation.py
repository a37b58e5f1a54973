"""The pages and who may open them: a pure table, read by app.py and by every page guard."""

from __future__ import annotations

from dataclasses import dataclass

from konnektus.domain.permissions import Action, Role, can


@dataclass(frozen=True)
class PageSpec:
    id: str
    path: str  # relative to the project root, as st.Page wants it
    title_key: str
    icon: str
    action: Action  # the role must be allowed this action to open the page


PAGES: tuple[PageSpec, ...] = (
    PageSpec("home", "pages/home.py", "nav.home", ":material/home:", Action.VIEW_AGGREGATES),
    PageSpec(
        "people",
        "pages/people.py",
        "nav.people",
        ":material/person_search:",
        Action.SEARCH_PEOPLE,
    ),
    PageSpec(
        "retention",
        "pages/retention.py",
        "nav.retention",
        ":material/hourglass_bottom:",
        Action.VIEW_RETENTION,
    ),
    PageSpec(
        "requests",
        "pages/requests.py",
        "nav.requests",
        ":material/assignment:",
        Action.TRIAGE_REQUEST,
    ),
    PageSpec(
        "outbox",
        "pages/outbox.py",
        "outbox.nav",
        ":material/outbox:",
        Action.VIEW_OUTBOX,
    ),
    PageSpec(
        "sharing",
        "pages/sharing.py",
        "sharing.nav",
        ":material/share:",
        Action.VIEW_AGGREGATES,
    ),
    PageSpec(
        "legal_holds",
        "pages/legal_holds.py",
        "held_data.nav",
        ":material/inventory_2:",
        Action.VIEW_HELD_DATA,
    ),
    PageSpec(
        "import_data",
        "pages/import_data.py",
        "import.nav",
        ":material/upload_file:",
        Action.IMPORT_DATA,
    ),
    PageSpec("staff", "pages/staff.py", "staff.nav", ":material/badge:", Action.MANAGE_STAFF),
    PageSpec(
        "archive",
        "pages/archive.py",
        "archive.nav",
        ":material/archive:",
        Action.TRIAGE_REQUEST,
    ),
    PageSpec(
        "settings",
        "pages/settings.py",
        "settings.nav",
        ":material/settings:",
        Action.MANAGE_SETTINGS,
    ),
    PageSpec(
        "audit_log",
        "pages/audit_log.py",
        "nav.audit_log",
        ":material/policy:",
        Action.VIEW_AUDIT_LOG,
    ),
)
PAGE_BY_ID = {page.id: page for page in PAGES}


def pages_for(role: Role | str) -> list[PageSpec]:
    """The pages this role may open, in menu order; the others are left out, not hidden."""
    return [page for page in PAGES if can(role, page.action)]
