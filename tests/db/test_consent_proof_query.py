"""Consent with proof in SQL (issue 19 point 6): the check is the domain rule's twin, migration
017 links old items to their consent, and the demo holds no item on consent without one."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from konnektus.db import consent_proof
from konnektus.db.database import Cursor, Database
from konnektus.db.migrations import MIGRATIONS_DIR, discover
from konnektus.domain.consent_proof import (
    CONSENT_WITHDRAWN,
    ConsentOnRecord,
    ProofProblem,
    proof_problem,
)

P = ProofProblem
COLLECTED = date(2025, 3, 10)
BEFORE, AFTER = date(2025, 3, 1), date(2025, 3, 11)


def add_person(cur: Cursor, reference: str) -> int:
    row = cur.execute(
        "INSERT INTO person (reference, given_name, family_name, source, stage, created_at,"
        " retention_term_start, retention_expiry) VALUES (?, 'Jan', 'Vries', 'website',"
        " 'applicant', TIMESTAMP '2025-03-01 10:00', DATE '2025-03-01', DATE '2027-03-01')"
        " RETURNING id",
        [reference],
    ).fetchall()
    return int(row[0][0])


def add_consent(
    cur: Cursor, person: int, purpose: str, given: date, withdrawn: date | None = None
) -> int:
    row = cur.execute(
        "INSERT INTO consent (person_id, purpose, given_on, given_how, withdrawn_on)"
        " VALUES (?, ?, ?, 'formulier', ?) RETURNING id",
        [person, purpose, given, withdrawn],
    ).fetchall()
    return int(row[0][0])


def add_item(
    cur: Cursor, person: int, category: str, basis: str, consent: int | None = None
) -> int:
    row = cur.execute(
        "INSERT INTO personal_data_item (person_id, category, value, collected_on, purpose,"
        " legal_basis, consent_id) VALUES (?, ?, 'x', ?, 'doel', ?, ?) RETURNING id",
        [person, category, COLLECTED, basis, consent],
    ).fetchall()
    return int(row[0][0])


# (legal basis, category, the consent named: None, or (whose, purpose, given, withdrawn))
CASES = [
    ("contract", "bank_account", None, None),
    ("legitimate_interest", "correspondence", None, None),
    ("consent", "cv", ("own", "job_finding", COLLECTED, None), None),
    ("consent", "cv", ("own", "job_finding", BEFORE, None), None),
    ("consent", "cv", None, P.CONSENT_REQUIRED),
    ("consent", "cv", ("other", "job_finding", BEFORE, None), P.OTHER_PERSON),
    ("consent", "cv", ("own", "diploma_check", BEFORE, None), P.OTHER_PURPOSE),
    ("consent", "cv", ("own", "job_finding", AFTER, None), P.GIVEN_AFTER),
    ("consent", "survey_answer", ("own", "survey", BEFORE, None), None),
    ("consent", "survey_answer", ("own", "job_finding", BEFORE, None), P.OTHER_PURPOSE),
    ("consent", "medical", ("own", "medical_exam", BEFORE, None), None),
    ("consent", "criminal_record_consent", ("own", "criminal_record_check", BEFORE, None), None),
    ("consent", "bsn", ("own", "job_finding", BEFORE, None), P.NOT_ON_CONSENT),
    ("consent", "bank_account", None, P.NOT_ON_CONSENT),
    # a consent withdrawn since: the rule alone cannot see it, the check lists it
    ("consent", "medical", ("own", "medical_exam", BEFORE, date(2026, 1, 5)), CONSENT_WITHDRAWN),
]


@pytest.mark.parametrize(("basis", "category", "named", "expected"), CASES)
def test_the_check_finds_what_the_domain_rule_finds_and_a_withdrawn_consent_too(
    empty_db: Database,
    basis: str,
    category: str,
    named: tuple[str, str, date, date | None] | None,
    expected: str | None,
) -> None:
    with empty_db.transaction() as cur:
        own, other = add_person(cur, "K1"), add_person(cur, "K2")
        consent = None
        if named is not None:
            whose, purpose, given, withdrawn = named
            person = own if whose == "own" else other
            consent = add_consent(cur, person, purpose, given, withdrawn)
        item = add_item(cur, own, category, basis, consent)
    if named is not None and named[3] is None:  # the rule and its twin agree
        whose, purpose, given, _ = named
        record = ConsentOnRecord(own if whose == "own" else other, purpose, given)
        rule = proof_problem(
            legal_basis=basis,
            category=category,
            person_id=own,
            collected_on=COLLECTED,
            consent=record,
        )
        assert rule == expected
    with empty_db.cursor() as cur:
        found = consent_proof.unproven_items(cur, limit=10)
        count = consent_proof.unproven_count(cur)
    rows = found.rows
    assert list(rows["id"]) == ([] if expected is None else [item])
    assert list(rows["problem"]) == ([] if expected is None else [str(expected)])
    assert found.total == count == (0 if expected is None else 1)
    assert found.by_problem == ({} if expected is None else {str(expected): 1})


def test_a_consent_id_naming_no_consent_counts_as_no_consent(empty_db: Database) -> None:
    with empty_db.transaction() as cur:
        own = add_person(cur, "K1")
        item = add_item(cur, own, "cv", "consent", 9999)
    with empty_db.cursor() as cur:
        found = consent_proof.unproven_items(cur, limit=10)
    assert found.rows[["id", "problem"]].values.tolist() == [[item, P.CONSENT_REQUIRED]]


def test_the_list_is_cut_at_its_limit_but_the_total_counts_all(empty_db: Database) -> None:
    with empty_db.transaction() as cur:
        own = add_person(cur, "K1")
        for _ in range(3):
            add_item(cur, own, "cv", "consent")
    with empty_db.cursor() as cur:
        found = consent_proof.unproven_items(cur, limit=2)
    assert len(found.rows) == 2 and found.total == 3


# --- migration 017 on a file of before it ------------------------------------------------------

# (category, consents of the person: (purpose, given, withdrawn), which one is linked: index)
LINKS = [
    ("cv", [("job_finding", BEFORE, None)], 0),
    ("cv", [("job_finding", COLLECTED, None)], 0),  # given on the day of collection
    ("cv", [("job_finding", AFTER, None)], None),  # given after: left for the check
    ("cv", [("diploma_check", BEFORE, None)], None),  # another purpose carries nothing
    ("cv", [], None),
    ("survey_answer", [("survey", BEFORE, None)], 0),
    ("medical", [("medical_exam", BEFORE, None)], 0),
    # of two, the one still standing; of two standing, the latest given by then
    ("medical", [("medical_exam", BEFORE, date(2025, 6, 1)), ("medical_exam", BEFORE, None)], 1),
    ("cv", [("job_finding", date(2024, 1, 1), None), ("job_finding", BEFORE, None)], 1),
    ("bsn", [("job_finding", BEFORE, None)], None),  # the BSN never rests on consent
]


@pytest.mark.parametrize(("category", "consents", "linked"), LINKS)
def test_migration_17_links_old_items_on_consent_to_a_matching_consent_or_leaves_them_null(
    tmp_path: Path,
    category: str,
    consents: list[tuple[str, date, date | None]],
    linked: int | None,
) -> None:
    older = tmp_path / "before017"
    older.mkdir()
    for migration in discover():
        if migration.version < 17:
            shutil.copy(MIGRATIONS_DIR / f"{migration.name}.sql", older)
    path = tmp_path / "k.duckdb"
    db = Database.open(path, migrations_dir=older)
    with db.transaction() as cur:
        person = add_person(cur, "K1")
        other = add_person(cur, "K2")
        add_consent(cur, other, "job_finding", BEFORE)  # someone else's never links
        ids = [add_consent(cur, person, p, given, withdrawn) for p, given, withdrawn in consents]
        cur.execute(
            "INSERT INTO personal_data_item (person_id, category, value, collected_on, purpose,"
            " legal_basis) VALUES (?, ?, 'x', ?, 'doel', 'consent'),"
            " (?, 'cv', 'y', ?, 'doel', 'contract')",
            [person, category, COLLECTED, person, COLLECTED],
        )
    db.close()
    db = Database.open(path)
    assert db.query("SELECT legal_basis, consent_id FROM personal_data_item ORDER BY id") == [
        ("consent", None if linked is None else ids[linked]),
        ("contract", None),  # not on consent: names none
    ]
    with db.cursor() as cur:
        assert consent_proof.unproven_count(cur) == (1 if linked is None else 0)
    db.close()


def test_every_item_on_consent_in_the_demo_names_its_consent(demo_db: Database) -> None:
    """The demo once held 2,558 CVs, 116 survey answers and 13 medical items on consent with
    no consent record; now each names one of its person, for its purpose, given by then."""
    with demo_db.cursor() as cur:
        assert consent_proof.unproven_count(cur) == 0
    assert demo_db.query(
        "SELECT count(*) FROM personal_data_item WHERE legal_basis = 'consent'"
        " AND consent_id IS NULL"
    ) == [(0,)]
    by_category = dict(
        demo_db.query(
            "SELECT i.category, c.purpose FROM personal_data_item i"
            " JOIN consent c ON c.id = i.consent_id GROUP BY ALL"
        )
    )
    assert by_category == {
        "cv": "job_finding",
        "survey_answer": "survey",
        "medical": "medical_exam",
        "criminal_record_consent": "criminal_record_check",
    }
