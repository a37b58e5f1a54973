"""Sharing with outside parties through its services, on a real demo database (O7, O8)."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest

from konnektus.db import disclosure_days
from konnektus.db.database import Database
from konnektus.domain.permissions import NotPermitted, Role
from konnektus.domain.sharing import NOTIFY_WITHIN_DAYS, Refusal
from konnektus.services import sharing
from konnektus.services import sharing_register as recipients
from konnektus.services.requests import AlreadyChanged
from konnektus.services.sharing import DisclosureAlreadyRegistered, DisclosureRefused
from konnektus.services.sharing_register import RecipientInput, SharingError
from tests.conftest import DEMO_TODAY
from tests.helpers import demo_member, fingerprint, member

NOW = datetime(2026, 11, 26, 9, 0)  # UTC
EVER = {"first_day": date(2000, 1, 1), "last_day": DEMO_TODAY}
SUMMED = {**EVER, "today": DEMO_TODAY}  # the summaries count deferred notices as of a day
EXPIRED_PROCESSOR = 16  # the demo's processor whose agreement lapsed a year ago
UK_BOARD = 10
PAYROLL = 14  # a processor with a valid agreement


@pytest.fixture
def dpo(demo_db: Database):  # type: ignore[no-untyped-def]
    return demo_member(demo_db, Role.DPO)


@pytest.fixture
def backoffice(demo_db: Database):  # type: ignore[no-untyped-def]
    return demo_member(demo_db, Role.BACKOFFICE)


def living_person(db: Database) -> int:
    return int(db.query("SELECT min(id) FROM person WHERE erased_at IS NULL")[0][0])


def count(db: Database, sql: str, params: list[object] | None = None) -> int:
    return int(db.query(sql, params or [])[0][0])


# --- summaries equal direct counts ---------------------------------------------------------


def test_the_summary_per_recipient_equals_direct_counts(demo_db: Database, dpo) -> None:  # type: ignore[no-untyped-def]
    frame = sharing.sharing_summary(demo_db, dpo, grouping="recipient", **SUMMED)
    direct = {
        int(r[0]): r[1:]
        for r in demo_db.query(
            "SELECT recipient_id, count(*), count(DISTINCT person_id),"
            " count(*) FILTER (WHERE notified_on IS NULL AND NOT blocked),"
            " count(*) FILTER (WHERE blocked), max(disclosed_at)"
            " FROM disclosure GROUP BY recipient_id"
        )
    }
    assert len(frame) == count(demo_db, "SELECT count(*) FROM recipient")
    for row in frame.itertuples():
        expected = direct.get(int(row.recipient_id), (0, 0, 0, 0, None))
        got = (row.disclosures, row.people, row.not_notified, row.blocked)
        assert got == expected[:4], row.name
        if expected[4] is not None:
            assert row.last_disclosure.to_pydatetime() == expected[4]
        assert row.on_time + row.late + row.not_notified + row.blocked == row.disclosures
    assert frame["disclosures"].sum() == count(demo_db, "SELECT count(*) FROM disclosure")
    # the home page's figure and the page's figure are the same number
    assert frame["not_notified"].sum() == count(
        demo_db, "SELECT count(*) FROM disclosure WHERE notified_on IS NULL AND NOT blocked"
    )


def test_the_summary_per_category_adds_up_the_recipients(demo_db: Database, dpo) -> None:  # type: ignore[no-untyped-def]
    by_recipient = sharing.sharing_summary(demo_db, dpo, grouping="recipient", **SUMMED)
    by_category = sharing.sharing_summary(demo_db, dpo, grouping="category", **SUMMED)
    summed = by_recipient.groupby("category")[["disclosures", "on_time", "not_notified"]].sum()
    for row in by_category.itertuples():
        assert row.disclosures == summed.loc[row.category, "disclosures"]
        assert row.on_time == summed.loc[row.category, "on_time"]
        assert row.not_notified == summed.loc[row.category, "not_notified"]
    tax = by_category.set_index("category").loc["tax_authority"]
    assert list(tax["data_categories"]) == ["bsn", "salary"]
    assert list(tax["legal_bases"]) == ["legal_obligation"]


def test_a_period_counts_only_the_disclosures_inside_it(demo_db: Database, dpo) -> None:  # type: ignore[no-untyped-def]
    frame = sharing.sharing_summary(
        demo_db,
        dpo,
        grouping="category",
        first_day=date(2025, 1, 1),
        last_day=date(2025, 12, 31),
        today=DEMO_TODAY,
    )
    # 2025 in Amsterdam is [2024-12-31 23:00, 2025-12-31 23:00) in stored UTC
    expected = count(
        demo_db,
        "SELECT count(*) FROM disclosure WHERE disclosed_at >= TIMESTAMP '2024-12-31 23:00'"
        " AND disclosed_at < TIMESTAMP '2025-12-31 23:00'",
    )
    assert frame["disclosures"].sum() == expected > 0


def test_late_notifications_are_counted_against_the_thirty_day_rule(
    demo_db: Database,
    dpo,  # type: ignore[no-untyped-def]
) -> None:
    target = count(demo_db, "SELECT min(id) FROM disclosure WHERE recipient_id = 1")
    with demo_db.transaction() as cur:
        cur.execute(
            "UPDATE disclosure SET notified_on = CAST(disclosed_at AS DATE) + ?, blocked = FALSE"
            " WHERE id = ?",
            [NOTIFY_WITHIN_DAYS + 5, target],
        )
        disclosure_days.refresh(cur, [target])  # as every writer of the log does
    frame = sharing.sharing_summary(demo_db, dpo, grouping="recipient", **SUMMED)
    assert frame.set_index("recipient_id").loc[1, "late"] >= 1


def test_disclosures_to_a_processor_before_or_after_its_agreement_are_flagged(
    demo_db: Database,
    dpo,  # type: ignore[no-untyped-def]
) -> None:
    frame = sharing.sharing_summary(demo_db, dpo, grouping="recipient", **SUMMED)
    flagged = frame.set_index("recipient_id")["without_agreement"]
    expected = count(
        demo_db,
        "SELECT count(*) FROM disclosure d JOIN recipient r ON r.id = d.recipient_id"
        " WHERE r.id = ? AND (CAST(d.disclosed_at AS DATE) > r.dpa_expires_on"
        "   OR CAST(d.disclosed_at AS DATE) < r.dpa_signed_on)",
        [EXPIRED_PROCESSOR],
    )
    assert flagged.loc[EXPIRED_PROCESSOR] == expected > 0
    assert flagged.drop(EXPIRED_PROCESSOR).sum() == 0


def test_the_register_shows_agreement_status_and_transfers_outside_the_eea(
    demo_db: Database,
    dpo,  # type: ignore[no-untyped-def]
) -> None:
    register = recipients.recipient_register(demo_db, dpo, today=DEMO_TODAY).set_index("id")
    assert register.loc[EXPIRED_PROCESSOR, "agreement"] == "expired"
    assert register.loc[PAYROLL, "agreement"] == "valid"
    assert register.loc[1, "agreement"] == "not_required"
    assert bool(register.loc[UK_BOARD, "outside_eea"])
    assert register.loc[UK_BOARD, "safeguard"] == "adequacy_decision"
    assert not register["safeguard_missing"].any()


def test_a_monthly_series_per_category_adds_up_to_the_period_total(
    demo_db: Database,
    dpo,  # type: ignore[no-untyped-def]
) -> None:
    months = sharing.disclosures_per_month(demo_db, dpo, **EVER)
    assert months["disclosures"].sum() == count(demo_db, "SELECT count(*) FROM disclosure")
    assert set(months["category"]) <= set(
        r[0] for r in demo_db.query("SELECT DISTINCT category FROM recipient")
    )


def test_the_drill_down_pages_through_a_recipients_disclosures(demo_db: Database, dpo) -> None:  # type: ignore[no-untyped-def]
    total = count(demo_db, "SELECT count(*) FROM disclosure WHERE recipient_id = 1")
    first = sharing.recipient_disclosures(demo_db, dpo, 1, page_size=20, **EVER)
    assert first.total == total and first.pages == -(-total // 20) and len(first.rows) == 20
    last = sharing.recipient_disclosures(demo_db, dpo, 1, page=999, page_size=20, **EVER)
    assert last.page == last.pages and len(last.rows) == total - 20 * (last.pages - 1)
    assert not set(first.rows["id"]) & set(last.rows["id"])
    unnotified = sharing.recipient_disclosures(demo_db, dpo, 1, only_unnotified=True, **EVER)
    assert unnotified.total == count(
        demo_db,
        "SELECT count(*) FROM disclosure WHERE recipient_id = 1 AND notified_on IS NULL"
        " AND NOT blocked",
    )
    assert unnotified.rows["notified_on"].isna().all()


# --- registering a disclosure -----------------------------------------------------------


def register(db: Database, actor, **changes: object) -> int:  # type: ignore[no-untyped-def]
    values: dict[str, object] = {
        "person_id": living_person(db),
        "recipient_id": PAYROLL,
        "categories": ("salary", "bank_account"),
        "purpose": "payroll",
        "legal_basis": "contract",
        "consent_id": None,
    }
    values.update(changes)
    return sharing.register_disclosure(db, actor, now=NOW, **values)  # type: ignore[arg-type]


def test_a_disclosure_is_registered_with_its_audit_entry(demo_db: Database, backoffice) -> None:  # type: ignore[no-untyped-def]
    before = count(demo_db, "SELECT count(*) FROM audit_entry")
    new = register(demo_db, backoffice)
    row = demo_db.query(
        "SELECT recipient_id, data_categories, notified_on, requested_by, disclosed_at"
        " FROM disclosure WHERE id = ?",
        [new],
    )[0]
    assert row == (PAYROLL, ["bank_account", "salary"], None, backoffice.id, NOW)
    entry = demo_db.query(
        "SELECT action, object_id, details FROM audit_entry ORDER BY id DESC LIMIT 1"
    )[0]
    assert entry[:2] == ("disclosure_registered", new)
    assert set(json.loads(entry[2])) == {
        "person_id",
        "recipient_id",
        "categories",
        "purpose",
        "consent_id",
    }
    assert count(demo_db, "SELECT count(*) FROM audit_entry") == before + 1


def test_a_double_click_registers_the_disclosure_once(demo_db: Database, backoffice) -> None:  # type: ignore[no-untyped-def]
    first = register(demo_db, backoffice)
    with pytest.raises(DisclosureAlreadyRegistered) as caught:
        register(demo_db, backoffice)
    assert caught.value.disclosure_id == first


def withdrawn_consent(db: Database) -> tuple[int, int]:
    row = db.query(
        "SELECT id, person_id FROM consent WHERE withdrawn_on IS NOT NULL"
        " AND purpose = 'reference_check' ORDER BY id LIMIT 1"
    )[0]
    return int(row[0]), int(row[1])


def standing_consent(db: Database) -> tuple[int, int]:
    row = db.query(
        "SELECT c.id, c.person_id FROM consent c JOIN person p ON p.id = c.person_id"
        " WHERE c.withdrawn_on IS NULL AND p.erased_at IS NULL AND c.purpose = 'reference_check'"
        " ORDER BY c.id LIMIT 1"
    )[0]
    return int(row[0]), int(row[1])


def test_a_disclosure_relying_on_a_standing_consent_is_registered(
    demo_db: Database,
    backoffice,  # type: ignore[no-untyped-def]
) -> None:
    consent_id, person_id = standing_consent(demo_db)
    new = register(
        demo_db,
        backoffice,
        person_id=person_id,
        recipient_id=17,
        categories=("cv",),
        purpose="reference_check",
        legal_basis="consent",
        consent_id=consent_id,
    )
    assert demo_db.query("SELECT consent_id FROM disclosure WHERE id = ?", [new]) == [(consent_id,)]


def refusal_cases(db: Database) -> list[tuple[dict[str, object], Refusal]]:
    withdrawn, withdrawn_person = withdrawn_consent(db)
    standing, standing_person = standing_consent(db)
    other = int(
        db.query(
            "SELECT min(id) FROM person WHERE id <> ? AND erased_at IS NULL", [standing_person]
        )[0][0]
    )
    with db.transaction() as cur:
        cur.execute("UPDATE recipient SET active = FALSE WHERE id = 1")
        cur.execute("UPDATE recipient SET safeguard = NULL WHERE id = ?", [UK_BOARD])
        cur.execute("UPDATE person SET erased_at = TIMESTAMP '2026-01-01' WHERE id = ?", [other])
    consent = {
        "legal_basis": "consent",
        "purpose": "reference_check",
        "recipient_id": 17,
        "categories": ("cv",),
    }
    return [
        ({"recipient_id": 1}, Refusal.RECIPIENT_SUSPENDED),
        ({"recipient_id": EXPIRED_PROCESSOR}, Refusal.AGREEMENT_EXPIRED),
        ({"recipient_id": UK_BOARD}, Refusal.NO_SAFEGUARD),
        ({"recipient_id": 999}, Refusal.RECIPIENT_UNKNOWN),
        ({"person_id": 10**9}, Refusal.PERSON_UNKNOWN),
        ({"person_id": other}, Refusal.PERSON_ERASED),
        ({"categories": ()}, Refusal.NO_DATA_CATEGORIES),
        ({"purpose": "   "}, Refusal.NO_PURPOSE),
        ({"purpose": "loonbetaling"}, Refusal.UNKNOWN_PURPOSE),
        ({"recipient_id": 17, "purpose": "reference_check"}, Refusal.FINANCIAL_RECIPIENT),
        (
            {**consent, "person_id": withdrawn_person, "consent_id": withdrawn},
            Refusal.CONSENT_WITHDRAWN,
        ),
        ({**consent, "person_id": standing_person}, Refusal.CONSENT_MISSING),
        (
            {**consent, "person_id": withdrawn_person, "consent_id": standing},
            Refusal.CONSENT_OF_ANOTHER_PERSON,
        ),
    ]


def test_every_refused_disclosure_writes_nothing_and_says_why(
    demo_db: Database,
    backoffice,  # type: ignore[no-untyped-def]
) -> None:
    cases = refusal_cases(demo_db)
    before = fingerprint(demo_db)
    for changes, expected in cases:
        with pytest.raises(DisclosureRefused) as caught:
            register(demo_db, backoffice, **changes)
        assert caught.value.refusal is expected, changes
    assert fingerprint(demo_db) == before


def test_a_processor_without_any_agreement_is_refused(demo_db: Database, backoffice) -> None:  # type: ignore[no-untyped-def]
    with demo_db.transaction() as cur:
        cur.execute(
            "UPDATE recipient SET dpa_signed_on = NULL, dpa_expires_on = NULL WHERE id = ?",
            [PAYROLL],
        )
    before = fingerprint(demo_db)
    with pytest.raises(DisclosureRefused) as caught:
        register(demo_db, backoffice)
    assert caught.value.refusal is Refusal.AGREEMENT_MISSING
    assert fingerprint(demo_db) == before


# --- the register -----------------------------------------------------------------------


ENTRY = RecipientInput(
    name="  Payroll  Partners Ltd ",
    category="payroll_bureau",
    kind="processor",
    country="gb",
    dpa_signed_on=date(2026, 1, 1),
    dpa_expires_on=date(2027, 1, 10),
    safeguard="standard_contractual_clauses",
)


def test_a_recipient_is_added_and_then_shown_with_its_status(demo_db: Database, dpo) -> None:  # type: ignore[no-untyped-def]
    new = recipients.add_recipient(demo_db, dpo, ENTRY, now=NOW)
    register = recipients.recipient_register(demo_db, dpo, today=DEMO_TODAY).set_index("id")
    assert register.loc[new, "name"] == "Payroll Partners Ltd"
    assert register.loc[new, "country"] == "GB"
    assert register.loc[new, "agreement"] == "expiring"
    assert register.loc[new, "changed_by"] == dpo.name
    assert demo_db.query("SELECT action FROM audit_entry ORDER BY id DESC LIMIT 1") == [
        ("recipient_added",)
    ]


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"name": "  "}, "name_required"),
        ({"name": "belastingdienst"}, "name_taken"),
        ({"category": "astrologer"}, "unknown_category"),
        ({"kind": "friend"}, "unknown_kind"),
        ({"country": "Nederland"}, "bad_country"),
        ({"safeguard": "a handshake"}, "unknown_safeguard"),
        ({"dpa_signed_on": None}, "expiry_without_signing"),
        ({"dpa_expires_on": date(2025, 1, 1)}, "expires_before_signed"),
    ],
)
def test_a_bad_register_entry_is_refused_with_a_code_and_writes_nothing(
    demo_db: Database,
    dpo,
    changes: dict[str, object],
    code: str,  # type: ignore[no-untyped-def]
) -> None:
    from dataclasses import replace

    before = fingerprint(demo_db)
    with pytest.raises(SharingError) as caught:
        recipients.add_recipient(demo_db, dpo, replace(ENTRY, **changes), now=NOW)  # type: ignore[arg-type]
    assert caught.value.code == code
    assert fingerprint(demo_db) == before


def test_suspending_twice_names_who_did_it_first(
    demo_db: Database,
    dpo,
    backoffice,  # type: ignore[no-untyped-def]
) -> None:
    recipients.suspend_recipient(demo_db, backoffice, PAYROLL, now=NOW)
    before = fingerprint(demo_db)
    with pytest.raises(AlreadyChanged) as caught:
        recipients.suspend_recipient(demo_db, dpo, PAYROLL, now=NOW)
    assert caught.value.by == backoffice.name
    assert fingerprint(demo_db) == before
    with pytest.raises(DisclosureRefused):
        register(demo_db, backoffice)
    recipients.reactivate_recipient(demo_db, dpo, PAYROLL, now=NOW)
    assert register(demo_db, backoffice) > 0


def test_an_edit_of_a_version_someone_changed_since_is_refused(
    demo_db: Database,
    dpo,
    backoffice,  # type: ignore[no-untyped-def]
) -> None:
    seen = demo_db.query("SELECT changed_at FROM recipient WHERE id = ?", [PAYROLL])[0][0]
    entry = RecipientInput(
        name="Loonadministratie Nederland B.V.",
        category="payroll_bureau",
        kind="processor",
        country="NL",
        dpa_signed_on=date(2024, 1, 1),
        dpa_expires_on=date(2029, 1, 1),
    )
    recipients.edit_recipient(demo_db, backoffice, PAYROLL, entry, seen_changed_at=seen, now=NOW)
    before = fingerprint(demo_db)
    with pytest.raises(AlreadyChanged) as caught:
        recipients.edit_recipient(demo_db, dpo, PAYROLL, entry, seen_changed_at=seen, now=NOW)
    assert caught.value.by == backoffice.name
    assert fingerprint(demo_db) == before
    assert demo_db.query("SELECT dpa_expires_on FROM recipient WHERE id = ?", [PAYROLL]) == [
        (date(2029, 1, 1),)
    ]


# --- who may do what --------------------------------------------------------------------


def calls(db: Database) -> dict[str, tuple[object, ...]]:
    person = living_person(db)
    return {
        "recipient_register": (recipients.recipient_register, (), {"today": DEMO_TODAY}),
        "sharing_summary": (sharing.sharing_summary, (), {"grouping": "recipient", **SUMMED}),
        "disclosures_per_month": (sharing.disclosures_per_month, (), EVER),
        "recipient_disclosures": (sharing.recipient_disclosures, (1,), EVER),
        "add_recipient": (recipients.add_recipient, (ENTRY,), {"now": NOW}),
        "suspend_recipient": (recipients.suspend_recipient, (3,), {"now": NOW}),
        "consents_for_disclosure": (sharing.consents_for_disclosure, (person,), {}),
        "register_disclosure": (
            sharing.register_disclosure,
            (person, PAYROLL, ("salary",), "payroll", "contract", None),
            {"now": NOW},
        ),
    }


ALLOWED = {
    "recipient_register": {Role.MANAGEMENT, Role.DPO, Role.RECRUITER, Role.BACKOFFICE},
    "sharing_summary": {Role.MANAGEMENT, Role.DPO, Role.RECRUITER, Role.BACKOFFICE},
    "disclosures_per_month": {Role.MANAGEMENT, Role.DPO, Role.RECRUITER, Role.BACKOFFICE},
    "recipient_disclosures": {Role.DPO, Role.RECRUITER, Role.BACKOFFICE},
    "add_recipient": {Role.DPO, Role.BACKOFFICE},
    "suspend_recipient": {Role.DPO, Role.BACKOFFICE},
    "consents_for_disclosure": {Role.DPO, Role.BACKOFFICE},
    "register_disclosure": {Role.DPO, Role.BACKOFFICE},
}


@pytest.mark.parametrize("role", list(Role))
def test_each_role_may_use_exactly_its_sharing_functions(demo_db: Database, role: Role) -> None:
    for name, (function, args, kwargs) in calls(demo_db).items():
        before = fingerprint(demo_db)
        if role in ALLOWED[name]:
            function(demo_db, member(role), *args, **kwargs)  # type: ignore[operator]
        else:
            with pytest.raises(NotPermitted):
                function(demo_db, member(role), *args, **kwargs)  # type: ignore[operator]
            assert fingerprint(demo_db) == before, name


def test_a_demo_file_made_before_migration_6_gets_the_uk_safeguard(tmp_path: Path) -> None:
    """A demo file of that age held the recipients (and the demo flag) as the generator of
    the day wrote them; the upgrade records the UK board's adequacy decision, and only on demo
    data. Written by hand: today's generator writes columns that schema did not have."""
    import shutil

    from konnektus.db.migrations import MIGRATIONS_DIR, discover

    older = tmp_path / "upto5"
    older.mkdir()
    for migration in discover():
        if migration.version < 6:
            shutil.copy(MIGRATIONS_DIR / f"{migration.name}.sql", older)
    for demo, expected in ((True, "adequacy_decision"), (False, None)):
        path = tmp_path / f"old_{demo}.duckdb"
        db = Database.open(path, migrations_dir=older)
        with db.transaction() as cur:
            cur.execute(
                "INSERT INTO recipient (name, category, kind, country) VALUES"
                " ('Belastingdienst', 'tax_authority', 'independent', 'NL'),"
                " ('Security Clearance Board UK', 'offshore_security_body', 'independent', 'GB')"
            )
            if demo:
                cur.execute("INSERT INTO meta (key, value) VALUES ('demo_data', 'true')")
        db.close()
        db = Database.open(path)
        assert db.query("SELECT name, safeguard FROM recipient WHERE country <> 'NL'") == [
            ("Security Clearance Board UK", expected)
        ]
        db.close()
