"""The demo data is realistic, reproducible, and covers every state the dashboard shows."""

from __future__ import annotations

import hashlib
import re
from datetime import date
from pathlib import Path

import pytest
from stdnum import iban
from stdnum.nl import bsn

from konnektus.db.database import Database
from konnektus.demo.generate import DemoRefused, generate_demo
from konnektus.demo.recipients import DISCLOSURE_PROFILES
from konnektus.domain.deadlines import REQUEST_TYPES
from konnektus.domain.requests import RequestStatus
from konnektus.domain.retention import RetentionState
from tests.conftest import DEMO_TODAY
from tests.helpers import domain_retention_states

TABLES = (
    "person",
    "personal_data_item",
    "disclosure",
    "request",
    "consent",
    "employment",
    "retention_contact",
    "letter",
    "legal_hold",
    "proposal",
)


def fingerprint(path: Path) -> str:
    db = Database.open(path)
    parts = []
    for table in TABLES:
        rows = db.query(f"SELECT * EXCLUDE (id) FROM {table} ORDER BY ALL")
        parts.append(repr(rows))
    db.close()
    return hashlib.sha256("".join(parts).encode()).hexdigest()


def make(path: Path, seed: int, people: int = 400) -> Path:
    db = Database.open(path)
    generate_demo(db, candidates=people, seed=seed, today=date(2026, 6, 1))
    db.close()
    return path


def test_the_same_seed_gives_the_same_data(tmp_path: Path) -> None:
    assert fingerprint(make(tmp_path / "a.duckdb", 3)) == fingerprint(
        make(tmp_path / "b.duckdb", 3)
    )


def test_another_seed_gives_other_data(tmp_path: Path) -> None:
    assert fingerprint(make(tmp_path / "a.duckdb", 3)) != fingerprint(
        make(tmp_path / "b.duckdb", 4)
    )


def test_demo_data_is_only_written_into_an_empty_database(demo_db: Database) -> None:
    with pytest.raises(DemoRefused, match="already holds people"):
        generate_demo(demo_db, candidates=10, seed=1, today=DEMO_TODAY)


def test_the_database_records_that_it_holds_demo_data(demo_db: Database) -> None:
    assert demo_db.query("SELECT value FROM meta WHERE key = 'demo_data'") == [("true",)]


def test_every_retention_state_and_extension_count_occurs(demo_db: Database) -> None:
    states = set(domain_retention_states(demo_db, DEMO_TODAY))
    assert states == {state.value for state in RetentionState}
    rows = demo_db.query("SELECT DISTINCT retention_extensions FROM person")
    assert {extensions for (extensions,) in rows} == {0, 1, 2}


def test_an_extension_adds_24_months_to_the_previous_expiry(demo_db: Database) -> None:
    rows = demo_db.query(
        "SELECT retention_term_start, retention_expiry, retention_extensions FROM person"
    )
    from konnektus.domain.deadlines import retention_expiry

    for start, expiry, extensions in rows:
        expected = retention_expiry(start)
        for _ in range(extensions):
            expected = retention_expiry(expected)
        assert expiry == expected


def test_names_are_dutch_with_tussenvoegsels_kept_apart(demo_db: Database) -> None:
    tussenvoegsels = {r[0] for r in demo_db.query("SELECT DISTINCT tussenvoegsel FROM person")}
    assert {"de", "van", "van der", "van den"} <= tussenvoegsels
    families = {r[0] for r in demo_db.query("SELECT DISTINCT family_name FROM person")}
    assert all(not f.split()[0].islower() for f in families)
    assert (
        demo_db.query(
            "SELECT count(*) FROM person WHERE tussenvoegsel = 'de' AND family_name = 'Vries'"
        )[0][0]
        > 0
    )


def test_phone_numbers_are_dutch_in_the_formats_people_type(demo_db: Database) -> None:
    phones = [r[0] for r in demo_db.query("SELECT phone FROM person")]
    pattern = re.compile(r"^(06-\d{8}|06 \d\d \d{3} \d{3}|\+31 6 \d{8}|06\d{8}|0\d\d-\d{7})$")
    assert all(pattern.match(p) for p in phones)
    assert any(p.startswith("+31 6") for p in phones) and any(
        p.startswith("020-") or p.startswith("010-") for p in phones
    )


def test_every_bsn_passes_the_eleven_test_and_every_iban_its_check(demo_db: Database) -> None:
    bsns = [
        r[0] for r in demo_db.query("SELECT value FROM personal_data_item WHERE category = 'bsn'")
    ]
    ibans = [
        r[0]
        for r in demo_db.query(
            "SELECT value FROM personal_data_item WHERE category = 'bank_account'"
        )
    ]
    assert len(bsns) > 100 and len(ibans) > 100
    assert all(bsn.is_valid(b) for b in bsns)
    assert all(iban.is_valid(i) and i.startswith("NL") for i in ibans)


def test_only_a_minority_has_employment_and_its_data_categories(demo_db: Database) -> None:
    total, employed = demo_db.query(
        "SELECT count(*), count(*) FILTER (WHERE id IN (SELECT person_id FROM employment))"
        " FROM person"
    )[0]
    assert 0.05 < employed / total < 0.3
    categories = {r[0] for r in demo_db.query("SELECT DISTINCT category FROM personal_data_item")}
    assert {
        "identity_document",
        "work_permit",
        "criminal_record_consent",
        "emergency_contact",
        "medical",
        "education_proof",
        "insurance_pension",
        "bank_account",
        "bsn",
        "family_member",
        "cv",
        "correspondence",
        "survey_answer",
    } == categories


def test_some_never_employed_people_hold_excess_data(demo_db: Database) -> None:
    excess = demo_db.query(
        "SELECT count(*) FROM personal_data_item i JOIN person p ON p.id = i.person_id"
        " WHERE i.category = 'bsn' AND p.stage IN ('applicant', 'proposed')"
    )[0][0]
    assert excess > 0


def test_every_kind_of_recipient_received_data_mostly_notified(demo_db: Database) -> None:
    rows = demo_db.query(
        "SELECT r.category, count(*), count(d.notified_on) FROM disclosure d"
        " JOIN recipient r ON r.id = d.recipient_id GROUP BY ALL"
    )
    # courts are rare (0.3% of employees), the other kinds all occur in a few thousand people
    assert {category for category, *_ in rows} >= set(DISCLOSURE_PROFILES) - {"court"}
    total = sum(count for _, count, _ in rows)
    notified = sum(n for *_, n in rows)
    assert 0.8 < notified / total < 0.95


def test_requests_of_every_type_and_status_occur_with_urgent_ones(demo_db: Database) -> None:
    rows = demo_db.query(
        "SELECT type, status, due_date, paused_days, extension_notice_sent_at FROM request"
    )
    assert {r[0] for r in rows} == set(REQUEST_TYPES)
    assert {r[1] for r in rows} == {str(s) for s in RequestStatus}
    open_rows = [r for r in rows if r[1] not in ("completed", "rejected", "withdrawn")]
    assert any(r[2] < DEMO_TODAY for r in open_rows), "some open request is overdue"
    assert any(0 <= (r[2] - DEMO_TODAY).days <= 7 for r in open_rows), "some are due this week"
    assert any(r[3] > 0 for r in rows), "some requests were paused for identity"
    assert any(r[1] == "extended" and r[4] is not None for r in rows)


def test_some_consents_were_withdrawn(demo_db: Database) -> None:
    assert demo_db.query("SELECT count(*) FROM consent WHERE withdrawn_on IS NOT NULL")[0][0] > 0
