"""The audit log for people: words instead of codes, filters staff think in, and a CSV."""

from __future__ import annotations

import ast
import csv
import io
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest

from konnektus.db import audit
from konnektus.db.database import Database
from konnektus.domain.deadlines import AMSTERDAM
from konnektus.domain.permissions import NotPermitted, Role
from konnektus.domain.staff import CLI
from konnektus.i18n import LANGUAGES, catalog
from konnektus.services.audit_log import AuditFilter, audit_entries, export_audit_csv
from konnektus.services.requests import log_request
from tests.helpers import demo_member, member

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 11, 26, 10)


def utc(day: date, hour: int, minute: int) -> datetime:
    """An Amsterdam wall-clock moment as the naive UTC the database stores."""
    local = datetime.combine(day, time(hour, minute), AMSTERDAM)
    return local.astimezone(UTC).replace(tzinfo=None)


def add(db: Database, at: datetime = NOW, **fields: object) -> int:
    with db.transaction() as cur:
        return audit.append(cur, at=at, staff_id=None, role="cli", **fields)  # type: ignore[arg-type]


def ids(db: Database, where: AuditFilter) -> list[int]:
    return sorted(audit_entries(db, CLI, where, limit=1000).entries["id"].tolist())


def a_person(db: Database, offset: int = 0) -> tuple[int, str]:
    row = db.query("SELECT id, reference FROM person ORDER BY id LIMIT 1 OFFSET ?", [offset])[0]
    return int(row[0]), str(row[1])


# -- every action code has its words ------------------------------------------------------


AUDIT_WRITERS = {"append", "audited_reveal"}  # audit.append and the audited reveal helper


def audit_action_codes() -> set[str]:
    """Every string an `action=` keyword can carry in konnektus/, constants resolved."""
    trees = [ast.parse(p.read_text("utf-8")) for p in (ROOT / "konnektus").rglob("*.py")]
    constants: dict[str, set[str]] = {}
    for tree in trees:
        for node in tree.body:
            target = (
                node.target
                if isinstance(node, ast.AnnAssign)
                else node.targets[0]
                if isinstance(node, ast.Assign)
                else None
            )
            if isinstance(target, ast.Name) and node.value is not None:  # type: ignore[union-attr]
                strings = {
                    n.value
                    for n in ast.walk(node.value)  # type: ignore[union-attr]
                    if isinstance(n, ast.Constant) and isinstance(n.value, str)
                }
                constants.setdefault(target.id, set()).update(strings)
    codes: set[str] = set()
    for tree in trees:
        for call in (n for n in ast.walk(tree) if isinstance(n, ast.Call)):
            function = call.func
            name = function.attr if isinstance(function, ast.Attribute) else None
            if isinstance(function, ast.Name):
                name = function.id
            if name not in AUDIT_WRITERS:
                continue
            for keyword in call.keywords:
                if keyword.arg != "action":
                    continue
                for node in ast.walk(keyword.value):
                    if isinstance(node, ast.Constant) and isinstance(node.value, str):
                        codes.add(node.value)
                    elif isinstance(node, ast.Name | ast.Attribute):
                        name = node.id if isinstance(node, ast.Name) else node.attr
                        if name.isupper() or name.startswith("_"):
                            codes.update(constants.get(name, set()))
    return codes


def test_the_scan_finds_the_audit_actions_written_through_constants_too() -> None:
    codes = audit_action_codes()
    assert {"request_logged", "employment_ended", "retention_asked", "retention_run"} <= codes
    assert {"held_data_viewed", "excess_data_removed", "audit_log_exported"} <= codes
    assert "sensitive_viewed" in codes  # passed to the audited reveal helper


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_audit_action_code_has_a_word_in_both_catalogs(language: str) -> None:
    missing = sorted(
        c for c in audit_action_codes() if f"audit.action.{c}" not in catalog(language)
    )
    assert missing == []


# -- in words -----------------------------------------------------------------------------


def test_details_show_as_words_with_references_instead_of_codes_and_json(
    demo_db: Database,
) -> None:
    person_id, reference = a_person(demo_db)
    dpo = demo_member(demo_db, Role.DPO)
    request_id = log_request(
        demo_db,
        dpo,
        request_type="access",
        channel="email",
        received_at=datetime(2026, 11, 26, 9),
        requester_name="Jan *de* Vries",
        requester_email=None,
        free_text=None,
        person_id=person_id,
        now=NOW,
    )
    rows = audit_entries(demo_db, CLI, AuditFilter(request_id=request_id)).entries
    row = rows.iloc[0]
    assert row["action"] == "verzoek vastgelegd"
    assert row["object"] == f"verzoek {request_id}"
    # the log stores details with sorted keys; they are shown in that order
    assert row["details"] == f"kanaal: e-mail; persoon: {reference}; soort verzoek: inzage"
    assert (row["who"], row["role"]) == (dpo.name, "Functionaris gegevensbescherming (FG)")
    assert row["when"] == "26-11-2026 11:00"  # 10:00 UTC is 11:00 in Amsterdam in November
    english = audit_entries(demo_db, CLI, AuditFilter(request_id=request_id), language="en")
    assert english.entries.iloc[0]["details"] == (
        f"channel: e-mail; person: {reference}; request type: access"
    )


def test_dates_lists_and_flags_in_details_are_written_the_dutch_way(demo_db: Database) -> None:
    add(
        demo_db,
        action="employment_ended",
        object_type="employment",
        object_id=7,
        details={
            "end_date": "2026-03-05",
            "holds": [["payroll_records", "2033-12-31"]],
            "stage": "former_employee",
            "person_id": None,
        },
    )
    add(demo_db, action="retention_auto_cleanup_set", details={"enabled": True})
    rows = audit_entries(demo_db, CLI, AuditFilter(actions=("employment_ended",))).entries
    assert rows.iloc[0]["details"] == (
        "einddatum: 05-03-2026; bewaarplichten: loonadministratie tot 31-12-2033;"
        " fase: oud-medewerker"
    )
    flag = audit_entries(demo_db, CLI, AuditFilter(actions=("retention_auto_cleanup_set",)))
    assert flag.entries.iloc[0]["details"] == "aan: ja"


def test_a_long_list_of_people_shows_ten_references_and_how_many_more(demo_db: Database) -> None:
    people = [int(r[0]) for r in demo_db.query("SELECT id FROM person ORDER BY id LIMIT 1234")]
    add(demo_db, action="retention_cleanup", details={"people": 1234, "person_ids": people})
    text = audit_entries(demo_db, CLI, AuditFilter(actions=("retention_cleanup",))).entries.iloc[0][
        "details"
    ]
    assert text.startswith("aantal personen: 1.234; personen: K")
    assert text.endswith("en 1.224 meer")


# -- filters ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "day",
    [date(2026, 1, 15), date(2026, 7, 15), date(2026, 3, 29), date(2026, 10, 25)],
    ids=["winter", "summer", "spring-forward", "fall-back"],
)
def test_a_period_holds_exactly_its_amsterdam_days_from_midnight_to_midnight(
    empty_db: Database, day: date
) -> None:
    before = add(empty_db, utc(day - timedelta(days=1), 23, 59), action="sign_in")
    first = add(empty_db, utc(day, 0, 0), action="sign_in")
    last = add(empty_db, utc(day, 23, 59), action="sign_in")
    after = add(empty_db, utc(day + timedelta(days=1), 0, 0), action="sign_in")
    assert ids(empty_db, AuditFilter(since=day, until=day)) == [first, last]
    assert ids(empty_db, AuditFilter(since=day)) == [first, last, after]
    assert ids(empty_db, AuditFilter(until=day)) == [before, first, last]
    shown = audit_entries(empty_db, CLI, AuditFilter(since=day, until=day)).entries
    assert sorted(shown["when"]) == [
        f"{day:%d-%m-%Y} 00:00",
        f"{day:%d-%m-%Y} 23:59",
    ]


def test_the_person_filter_finds_every_entry_about_that_person_by_reference(
    demo_db: Database,
) -> None:
    person_id, reference = a_person(demo_db)
    other_id, _ = a_person(demo_db, 1)
    request_id = log_request(
        demo_db,
        demo_member(demo_db, Role.DPO),
        request_type="erasure",
        channel="letter",
        received_at=datetime(2026, 11, 26, 9),
        requester_name="X",
        requester_email=None,
        free_text=None,
        person_id=person_id,
        now=NOW,
    )
    logged = int(demo_db.query("SELECT max(id) FROM audit_entry")[0][0])
    about = [
        add(demo_db, action="contact_logged", object_type="person", object_id=person_id),
        add(demo_db, action="request_status_changed", object_type="request", object_id=request_id),
        add(demo_db, action="retention_cleanup", details={"person_ids": [other_id, person_id]}),
        add(demo_db, action="consent_withdrawn", object_type="consent", object_id=3,
            details={"person_id": person_id}),
    ]  # fmt: skip
    add(demo_db, action="contact_logged", object_type="person", object_id=other_id)
    add(demo_db, action="retention_cleanup", details={"person_ids": [other_id]})
    assert ids(demo_db, AuditFilter(person_reference=reference)) == [logged, *about]
    assert ids(demo_db, AuditFilter(person_reference=f" {reference.lower()} ")) == [
        logged,
        *about,
    ]
    assert ids(demo_db, AuditFilter(person_reference="K9999999")) == []


def test_the_request_filter_finds_the_request_its_letters_and_entries_that_name_it(
    demo_db: Database,
) -> None:
    person_id, _ = a_person(demo_db)
    wanted = [
        add(demo_db, action="request_assigned", object_type="request", object_id=41),
        add(demo_db, action="person_exported", object_type="person", object_id=person_id,
            details={"request_id": 41, "tables": {"person": 1}}),
    ]  # fmt: skip
    add(demo_db, action="request_assigned", object_type="request", object_id=42)
    add(demo_db, action="letter_sent", object_type="letter", object_id=41)  # a letter, not 41
    assert ids(demo_db, AuditFilter(request_id=41)) == wanted


def test_the_staff_filter_and_the_filters_together(demo_db: Database) -> None:
    dpo = demo_member(demo_db, Role.DPO)
    with demo_db.transaction() as cur:
        mine = audit.append(cur, at=NOW, staff_id=dpo.id, role="dpo", action="sign_in")
        audit.append(cur, at=NOW, staff_id=dpo.id, role="dpo", action="sign_out")
    add(demo_db, action="sign_in")
    assert ids(demo_db, AuditFilter(staff_ids=(dpo.id,), actions=("sign_in",))) == [mine]
    other = demo_member(demo_db, Role.RECRUITER)
    assert ids(demo_db, AuditFilter(staff_ids=(other.id,))) == []
    row = audit_entries(demo_db, CLI, AuditFilter(staff_ids=(dpo.id,))).entries.iloc[0]
    assert (row["who"], row["action"]) == (dpo.name, "afgemeld")


# -- export and permission ----------------------------------------------------------------


def test_the_csv_holds_the_filtered_entries_in_words_with_dutch_headers_and_is_audited(
    demo_db: Database,
) -> None:
    person_id, reference = a_person(demo_db)
    add(demo_db, action="contact_logged", object_type="person", object_id=person_id,
        details={"channel": "phone"})  # fmt: skip
    add(demo_db, action="sign_in")
    content = export_audit_csv(
        demo_db, CLI, AuditFilter(person_reference=reference), now=NOW
    ).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content)))
    assert rows[0] == ["#", "Wanneer", "Wie", "Rol", "Handeling", "Object", "Details"]
    assert len(rows) == 2
    assert rows[1][4:] == ["contactmoment vastgelegd", f"persoon {reference}", "kanaal: telefoon"]
    last = demo_db.query("SELECT action, details FROM audit_entry ORDER BY id DESC LIMIT 1")[0]
    assert last == ("audit_log_exported", '{"entries": 1}')


def test_a_staff_name_that_looks_like_a_formula_stays_text_in_the_csv(empty_db: Database) -> None:
    with empty_db.transaction() as cur:
        cur.execute(
            "INSERT INTO staff (id, email, name, role, created_at) VALUES (1, ?, ?, 'dpo', ?)",
            ["x@konnektus.nl", '=HYPERLINK("http://x")', NOW],
        )
        audit.append(cur, at=NOW, staff_id=1, role="dpo", action="sign_in")
    content = export_audit_csv(empty_db, CLI, AuditFilter(), now=NOW).decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(content)))[1][2] == '\'=HYPERLINK("http://x")'


@pytest.mark.parametrize("role", [Role.RECRUITER, Role.BACKOFFICE, Role.MANAGEMENT])
def test_only_the_dpo_reads_or_exports_the_audit_log(demo_db: Database, role: Role) -> None:
    with pytest.raises(NotPermitted):
        audit_entries(demo_db, member(role), AuditFilter())
    with pytest.raises(NotPermitted):
        export_audit_csv(demo_db, member(role), AuditFilter(), now=NOW)
    assert audit_entries(demo_db, member(Role.DPO), AuditFilter()).total >= 1
