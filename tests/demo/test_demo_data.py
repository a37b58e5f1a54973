"""The demo data is realistic, reproducible, and covers every state the dashboard shows."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from collections.abc import Iterator
from datetime import UTC, date
from pathlib import Path

import pytest
from stdnum import iban
from stdnum.nl import bsn

from konnektus.db.database import Database
from konnektus.demo.generate import DemoRefused, generate_demo
from konnektus.demo.recipients import DISCLOSURE_PROFILES
from konnektus.domain.deadlines import REQUEST_TYPES, one_month_mark, response_due_date
from konnektus.domain.lawful_bases import DISCLOSURE_PURPOSES
from konnektus.domain.requests import RequestStatus
from konnektus.domain.retention import RetentionState
from konnektus.domain.sharing import lawful_refusal
from tests.conftest import DEMO_PEOPLE, DEMO_SEED, DEMO_TODAY
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


# --- Sizing flags (`demo --requests R --disclosures D`) ------------------------------------
# The invariants above run on the default demo and again on one with many more requests and
# disclosures: the module's `demo_db` below overrides the shared one with both.
SIZED_REQUESTS = 1_500
SIZED_DISCLOSURES = 40_000


@pytest.fixture(scope="module")
def sized_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sized") / "sized.duckdb"
    db = Database.open(path)
    generate_demo(
        db,
        candidates=DEMO_PEOPLE,
        seed=DEMO_SEED,
        today=DEMO_TODAY,
        requests=SIZED_REQUESTS,
        disclosures=SIZED_DISCLOSURES,
    )
    db.close()
    return path


@pytest.fixture(params=["default", "sized"])
def demo_db(
    request: pytest.FixtureRequest, demo_template: Path, sized_template: Path, tmp_path: Path
) -> Iterator[Database]:
    source = demo_template if request.param == "default" else sized_template
    target = tmp_path / "demo.duckdb"
    shutil.copy(source, target)
    db = Database.open(target)
    yield db
    db.close()


def counts(db: Database) -> tuple[int, int, int]:
    people, requests, disclosures = db.query(
        "SELECT (SELECT count(*) FROM person), (SELECT count(*) FROM request),"
        " (SELECT count(*) FROM disclosure)"
    )[0]
    return int(people), int(requests), int(disclosures)


def test_the_flags_give_the_asked_counts(tmp_path: Path) -> None:
    db = Database.open(tmp_path / "small.duckdb")
    summary = generate_demo(
        db, candidates=500, seed=3, today=DEMO_TODAY, requests=300, disclosures=5_000
    )
    assert counts(db) == (500, 300, 5_000)
    assert (summary.people, summary.requests, summary.disclosures) == (500, 300, 5_000)
    db.close()


def test_fewer_disclosures_than_the_careers_make_keeps_the_planted_breaches(
    tmp_path: Path,
) -> None:
    db = Database.open(tmp_path / "few.duckdb")
    # the careers make about 1,000 here, some 350 of them the proposals' (which stay)
    generate_demo(db, candidates=500, seed=3, today=date(2026, 6, 1), disclosures=500)
    assert counts(db)[2] == 500
    assert db.query("SELECT count(*) FROM disclosure WHERE blocked")[0][0] > 0
    db.close()


def test_asking_for_the_default_counts_changes_nothing(tmp_path: Path) -> None:
    plain = make(tmp_path / "plain.duckdb", 3)
    db = Database.open(plain)
    _, requests, disclosures = counts(db)
    db.close()
    asked = tmp_path / "asked.duckdb"
    db = Database.open(asked)
    generate_demo(
        db,
        candidates=400,
        seed=3,
        today=date(2026, 6, 1),
        requests=requests,
        disclosures=disclosures,
    )
    db.close()
    assert fingerprint(plain) == fingerprint(asked)


def test_the_same_seed_and_flags_give_the_same_data(tmp_path: Path) -> None:
    prints = []
    for name in ("a", "b"):
        db = Database.open(tmp_path / f"{name}.duckdb")
        generate_demo(
            db, candidates=400, seed=3, today=date(2026, 6, 1), requests=50, disclosures=2_000
        )
        db.close()
        prints.append(fingerprint(tmp_path / f"{name}.duckdb"))
    assert prints[0] == prints[1]


# The breaches the demo plants on purpose, as counts; extra disclosures must add none.
BREACHES = {
    "blocked": "SELECT count(*) FROM disclosure WHERE blocked",
    "after_withdrawal": "SELECT count(*) FROM disclosure d JOIN consent c ON c.id = d.consent_id"
    " WHERE c.withdrawn_on <= d.disclosed_at::DATE",
    "processor_without_agreement": "SELECT count(*) FROM disclosure d"
    " JOIN recipient r ON r.id = d.recipient_id WHERE r.kind = 'processor' AND"
    " (r.dpa_signed_on IS NULL OR d.disclosed_at::DATE < r.dpa_signed_on"
    "  OR d.disclosed_at::DATE >= r.dpa_expires_on)",
}


def test_extra_disclosures_add_no_breach(demo_template: Path, sized_template: Path) -> None:
    found = {}
    for name, path in (("default", demo_template), ("sized", sized_template)):
        db = Database.open(path, read_only=True)
        found[name] = {key: db.query(sql)[0][0] for key, sql in BREACHES.items()}
        db.close()
    assert found["sized"] == found["default"]
    assert found["default"]["blocked"] > 0 and found["default"]["processor_without_agreement"] > 0


def test_disclosures_go_to_employees_inside_their_employment_and_are_told_after(
    demo_db: Database,
) -> None:
    # a proposal's disclosure goes to its client on the day of the proposal, before any job
    outside = demo_db.query(
        "SELECT count(*) FROM disclosure d LEFT JOIN employment e ON e.person_id = d.person_id"
        " WHERE d.id NOT IN (SELECT disclosure_id FROM proposal WHERE disclosure_id IS NOT NULL)"
        " AND (e.id IS NULL OR d.disclosed_at::DATE < e.start_date"
        " OR d.disclosed_at::DATE > coalesce(e.end_date, ?))",
        [DEMO_TODAY],
    )[0][0]
    assert outside == 0
    proposals = demo_db.query(
        "SELECT count(*), count(*) FILTER (WHERE d.disclosed_at::DATE = p.proposed_on"
        " AND d.recipient_id = c.recipient_id AND d.person_id = p.person_id)"
        " FROM proposal p JOIN vacancy v ON v.id = p.vacancy_id JOIN client c ON c.id = v.client_id"
        " LEFT JOIN disclosure d ON d.id = p.disclosure_id"
    )[0]
    assert proposals[0] == proposals[1] > 0
    wrong_notice = demo_db.query(
        "SELECT count(*) FROM disclosure WHERE notified_on < disclosed_at::DATE"
        " OR notified_on > ? OR disclosed_at::DATE > ?",
        [DEMO_TODAY, DEMO_TODAY],
    )[0][0]
    assert wrong_notice == 0
    # a consent basis names its consent, and that consent is the person's own
    unmatched = demo_db.query(
        "SELECT count(*) FROM disclosure d LEFT JOIN consent c ON c.id = d.consent_id"
        " WHERE d.legal_basis = 'consent' AND (c.id IS NULL OR c.person_id <> d.person_id)"
    )[0][0]
    assert unmatched == 0


def test_every_disclosure_the_demo_makes_passes_the_lawful_basis_table(
    demo_db: Database,
) -> None:
    """Issue 19: the demo makes only disclosures the register would accept on their day (the
    planted breaches are of another kind: a withdrawn consent, a lapsed agreement)."""
    rows = demo_db.query(
        "SELECT DISTINCT d.data_categories, r.category, r.kind, d.purpose, d.purpose_note,"
        " d.legal_basis, c.purpose FROM disclosure d JOIN recipient r ON r.id = d.recipient_id"
        " LEFT JOIN consent c ON c.id = d.consent_id"
    )
    assert len(rows) > 10
    for categories, recipient, kind, purpose, note, basis, consent_purpose in rows:
        assert purpose in DISCLOSURE_PURPOSES
        refusal = lawful_refusal(
            categories,
            recipient_category=recipient,
            recipient_kind=kind,
            purpose=purpose,
            note=note or "",
            legal_basis=basis,
            consent_purpose=consent_purpose,
        )
        assert refusal is None, (categories, recipient, purpose, basis, consent_purpose)
        assert basis != "consent" or consent_purpose == purpose


def test_every_client_is_a_recipient_in_the_register(demo_db: Database) -> None:
    assert demo_db.query(
        "SELECT count(*), count(r.id) FILTER (WHERE r.category = 'client') FROM client c"
        " LEFT JOIN recipient r ON r.id = c.recipient_id"
    ) == [(demo_db.query("SELECT count(*) FROM client")[0][0],) * 2]


def test_every_request_has_the_deadlines_of_the_rules(demo_db: Database) -> None:
    rows = demo_db.query(
        "SELECT type, received_at, paused_days, status, one_month_mark, original_due_date,"
        " due_date, extension_notice_sent_at FROM request"
    )
    for rtype, received, paused, status, mark, original, due, notice in rows:
        aware = received.replace(tzinfo=UTC)
        assert mark == one_month_mark(aware, paused_days=paused)
        assert original == response_due_date(rtype, aware, paused_days=paused)
        extended = notice is not None  # the extended ones, and the closed that were extended
        assert extended or status != "extended"
        assert due == response_due_date(rtype, aware, extended=extended, paused_days=paused)


def test_erasures_were_closed_on_time_late_and_extended_by_the_one_month_clock(
    demo_db: Database,
) -> None:
    """deadlines.md: an erasure done in month two is on time only after a notice by the mark."""
    rows = demo_db.query(
        "SELECT CAST(closed_at AS DATE) <= one_month_mark, extension_notice_sent_at IS NOT NULL,"
        " CAST(closed_at AS DATE) <= due_date, CAST(extension_notice_sent_at AS DATE)"
        " <= one_month_mark FROM request WHERE type = 'erasure' AND closed_at IS NOT NULL"
    )
    within_month = [r for r in rows if r[0]]
    extended = [r for r in rows if not r[0] and r[1]]
    late = [r for r in rows if not r[0] and not r[1]]
    assert within_month and extended and late
    assert all(r[2] and r[3] for r in extended), "extended ones closed by their extended date"
    assert all(not r[2] for r in late), "late ones closed after their one-month due date"


def test_the_audit_entry_names_the_flags_only_when_they_were_given(
    demo_template: Path, sized_template: Path
) -> None:
    found = []
    for path in (demo_template, sized_template):
        db = Database.open(path, read_only=True)
        (details,) = db.query(
            "SELECT details FROM audit_entry WHERE action = 'demo_data_generated'"
        )[0]
        db.close()
        found.append(json.loads(details))
    today = DEMO_TODAY.isoformat()
    assert found[0] == {"people": DEMO_PEOPLE, "seed": DEMO_SEED, "today": today}
    assert found[1] == {
        "people": DEMO_PEOPLE,
        "seed": DEMO_SEED,
        "today": today,
        "requests": SIZED_REQUESTS,
        "disclosures": SIZED_DISCLOSURES,
    }
