"""Issue 14: importing the agency's records, on real DuckDB files made the way staff make them."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from konnektus.db.database import Database
from konnektus.demo.generate import DemoRefused, generate_demo
from konnektus.domain.permissions import NotPermitted, Role
from konnektus.domain.staff import CLI
from konnektus.services.import_read import UploadedFile
from konnektus.services.import_report import problem_text, report_csv
from konnektus.services.importing import (
    ImportRefused,
    check_files,
    import_checked,
)
from tests.helpers import fingerprint, member

SAMPLES = Path(__file__).resolve().parents[2] / "data" / "samples"
NOW = datetime(2026, 11, 27, 9, 0)  # naive UTC, 10:00 in Amsterdam


def sample_files() -> list[UploadedFile]:
    return [UploadedFile(p.name, p.read_bytes()) for p in sorted(SAMPLES.glob("*.csv"))]


def sample_text(name: str) -> str:
    return (SAMPLES / f"{name}.csv").read_text("utf-8")


def run_import(db: Database, files: list[UploadedFile], *, dry_run: bool = False):  # type: ignore[no-untyped-def]
    checked = check_files(db, CLI, files, now=NOW)
    assert [problem_text(p) for p in checked.problems] == []
    return import_checked(db, CLI, checked, now=NOW, dry_run=dry_run)


def problems_of(db: Database, files: list[UploadedFile]) -> list[str]:
    return [problem_text(p) for p in check_files(db, CLI, files, now=NOW).problems]


def with_file(name: str, text: str) -> list[UploadedFile]:
    """The samples, with one of them replaced."""
    return [f for f in sample_files() if f.name != name] + [UploadedFile(name, text.encode())]


def test_the_samples_import_every_entity_with_holds_clocks_and_search_keys(
    real_db: Database,
) -> None:
    summary = run_import(real_db, sample_files())
    assert {c.entity: c.new for c in summary.counts} == {
        "recipients": 3,
        "clients": 2,
        "vacancies": 3,
        "people": 6,
        "items": 13,  # 9 in items.csv, and the BSN and IBAN of two employees
        "proposals": 3,
        "employment": 2,
        "consents": 8,  # two for reference checks, six that the CVs and the medical item rest on
        "disclosures": 4,
        "requests": 2,
    }
    # the ended employment (30 June 2025) gets both holds by the rule of domain/holds.py
    assert real_db.query(
        "SELECT category, legal_ground, until FROM legal_hold ORDER BY category"
    ) == [
        ("identity_document", "wet_lb_28", date(2030, 12, 31)),
        ("payroll_records", "awr_52", date(2032, 12, 31)),
    ]
    # the retention clock runs from the registration date, 24 calendar months
    assert real_db.query(
        "SELECT retention_term_start, retention_expiry, extension_state, given_key, email_key"
        " FROM person WHERE email = 'chantal.dewit@voorbeeld.nl'"
    ) == [(date(2025, 10, 10), date(2027, 10, 10), "none", "chantal", "chantal.dewit@voorbeeld.nl")]
    assert real_db.query("SELECT value FROM personal_data_item WHERE category = 'bsn'") != []
    # a disclosure after its consent was withdrawn would be blocked; none of these relied on one
    assert real_db.query("SELECT count(*) FROM disclosure_day") != [(0,)]
    assert real_db.query("SELECT due_date FROM request ORDER BY id") == [
        (date(2026, 12, 2),),  # access, received 2 November: one month
        (date(2026, 11, 20),),  # erasure, received 20 October: one month too (a Friday)
    ]
    assert real_db.query("SELECT action FROM audit_entry ORDER BY id")[-1] == ("data_imported",)


def test_each_imported_item_on_consent_names_the_consent_it_rests_on(real_db: Database) -> None:
    run_import(real_db, sample_files())
    linked = real_db.query(
        "SELECT ki.external_id, kc.external_id, c.purpose FROM personal_data_item i"
        " JOIN import_key ki ON ki.entity = 'items' AND ki.internal_id = i.id"
        " JOIN consent c ON c.id = i.consent_id"
        " JOIN import_key kc ON kc.entity = 'consents' AND kc.internal_id = c.id"
        " ORDER BY ki.external_id"
    )
    assert linked == [
        ("IT-1", "TS-3", "job_finding"),
        ("IT-3", "TS-4", "job_finding"),
        ("IT-5", "TS-5", "medical_exam"),
        ("IT-6", "TS-6", "job_finding"),
        ("IT-7", "TS-7", "job_finding"),
        ("IT-9", "TS-8", "job_finding"),
    ]
    assert real_db.query(
        "SELECT count(*) FROM personal_data_item WHERE legal_basis <> 'consent'"
        " AND consent_id IS NOT NULL"
    ) == [(0,)]


@pytest.mark.parametrize(
    ("consent", "problem"),
    [
        ("TS-3", None),  # imported before, of R-1001, for job finding, given 20 January 2024
        ("TS-4", "toestemming TS-4 is van een andere persoon"),
        ("TS-1", "toestemming TS-1 is voor een ander doel gegeven"),
    ],
)
def test_a_later_file_may_name_a_consent_imported_before_and_is_held_to_the_same_rule(
    real_db: Database, consent: str, problem: str | None
) -> None:
    run_import(real_db, sample_files())
    header = sample_text("items").splitlines()[0]
    later = [UploadedFile("items.csv", (
        f"{header}\nIT-20,R-1001,cv,cv_nieuw.pdf,2026-10-01,bemiddeling naar werk,consent,"
        f"{consent}\n"
    ).encode())]  # fmt: skip
    found = problems_of(real_db, later)
    if problem is None:
        assert found == []
        run_import(real_db, later)
        assert real_db.query(
            "SELECT kc.external_id FROM personal_data_item i"
            " JOIN import_key kc ON kc.entity = 'consents' AND kc.internal_id = i.consent_id"
            " WHERE i.value = 'cv_nieuw.pdf'"
        ) == [("TS-3",)]
    else:
        before = fingerprint(real_db)
        assert [p for p in found if problem in p] and len(found) == 1
        assert found[0].startswith("items.csv, regel 2, kolom consent_id")
        with pytest.raises(ImportRefused):
            import_checked(real_db, CLI, check_files(real_db, CLI, later, now=NOW), now=NOW)
        assert fingerprint(real_db) == before


def test_importing_the_same_files_again_changes_nothing(real_db: Database) -> None:
    run_import(real_db, sample_files())
    before = fingerprint(real_db)
    summary = run_import(real_db, sample_files())
    assert summary.total("new") == summary.total("changed") == 0
    after = fingerprint(real_db)
    changed = {table for table in before if before[table] != after[table]}
    assert changed == {"audit_entry"}  # only the entry that says an import ran


def test_a_changed_value_is_updated_and_logged_like_a_rectification(real_db: Database) -> None:
    run_import(real_db, sample_files())
    people = sample_text("people").replace("chantal.dewit@voorbeeld.nl", "c.dewit@voorbeeld.nl")
    items = sample_text("items").replace("Paspoort NXK12AB34", "Paspoort NXK99ZZ99")
    files = [f for f in sample_files() if f.name not in ("people.csv", "items.csv")] + [
        UploadedFile("people.csv", people.encode()),
        UploadedFile("items.csv", items.encode()),
    ]
    summary = run_import(real_db, files)
    assert summary.total("new") == 0 and summary.total("changed") == 2
    assert real_db.query(
        "SELECT field, old_value, new_value FROM person_change ORDER BY field"
    ) == [
        ("email", "chantal.dewit@voorbeeld.nl", "c.dewit@voorbeeld.nl"),
        ("personal_data_item.value", "Paspoort NXK12AB34", "Paspoort NXK99ZZ99"),
    ]
    assert real_db.query("SELECT email_key FROM person WHERE given_name = 'Chantal'") == [
        ("c.dewit@voorbeeld.nl",)
    ]


def test_a_corrected_end_date_moves_the_holds_and_a_new_end_creates_them(real_db: Database) -> None:
    run_import(real_db, sample_files())
    employment = (
        sample_text("employment")
        .replace("2024-03-01,,PR-501", "2024-03-01,2026-10-31,PR-501")
        .replace("2025-06-30", "2026-01-15")
    )
    summary = run_import(real_db, with_file("employment.csv", employment))
    assert summary.holds_added == 2 and summary.holds_moved == 2
    assert real_db.query(
        "SELECT e.payroll_reference, h.category, h.until FROM legal_hold h"
        " JOIN employment e ON e.id = h.employment_id ORDER BY 1, 2"
    ) == [
        ("PR-501", "identity_document", date(2031, 12, 31)),
        ("PR-501", "payroll_records", date(2033, 12, 31)),
        ("PR-502", "identity_document", date(2031, 12, 31)),
        ("PR-502", "payroll_records", date(2033, 12, 31)),
    ]


def test_a_dry_run_counts_exactly_and_writes_nothing(real_db: Database) -> None:
    before = fingerprint(real_db)
    summary = run_import(real_db, sample_files(), dry_run=True)
    assert summary.dry_run and summary.total("new") == 46  # 40, and six consents since 017
    assert fingerprint(real_db) == before


DUTCH_PEOPLE = (
    "\ufeffPersoon_id;Voornaam;Tussenvoegsel;Achternaam;E-mail;Telefoon;Postcode;Woonplaats;"
    "Geboortedatum;Bron;Fase;Ingeschreven op;BSN;IBAN\r\n"
    "P1;Jan;de;Vries;jan@voorbeeld.nl;06-12345678;1012 AB;Amsterdam;05-03-1990;website;"
    "in dienst;31-01-2025;111222333;NL91ABNA0417164300\r\n"
    "P2;Sanne;;Müller;sanne@voorbeeld.nl;+31 6 87654321;3511cd;Utrecht;29-02-2000;referral;"
    "kandidaat;1-2-2024;;\r\n"
)


def test_a_semicolon_dutch_excel_csv_with_bom_and_dutch_dates_is_read(real_db: Database) -> None:
    summary = run_import(real_db, [UploadedFile("Personen.csv", DUTCH_PEOPLE.encode("utf-8"))])
    assert summary.of("people") is not None and summary.total("new") == 4  # 2 people, 2 items
    assert real_db.query(
        "SELECT given_name, tussenvoegsel, postcode, date_of_birth, stage, retention_term_start"
        " FROM person ORDER BY given_name"
    ) == [
        ("Jan", "de", "1012 AB", date(1990, 3, 5), "employed", date(2025, 1, 31)),
        ("Sanne", None, "3511 CD", date(2000, 2, 29), "applicant", date(2024, 2, 1)),
    ]
    assert real_db.query("SELECT category, value FROM personal_data_item ORDER BY 1") == [
        ("bank_account", "NL91ABNA0417164300"),
        ("bsn", "111222333"),
    ]


def test_an_xlsx_workbook_with_one_sheet_per_entity_is_read(
    real_db: Database, tmp_path: Path
) -> None:
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for path in sorted(SAMPLES.glob("*.csv")):
        sheet = book.create_sheet(path.stem.capitalize())
        for line in path.read_text("utf-8").splitlines():
            cells: list[object] = line.split(",")
            sheet.append(cells)
    # Excel keeps dates as dates and numbers as numbers
    people = book["People"]
    people["P2"] = datetime(2024, 1, 20)
    people["P2"].number_format = "dd-mm-yyyy"
    people["J2"] = datetime(1990, 4, 12)
    people["P3"] = 361507070  # a BSN typed as a number
    target = tmp_path / "export.xlsx"
    book.save(target)
    summary = run_import(real_db, [UploadedFile("export.xlsx", target.read_bytes())])
    assert summary.total("new") == 46
    assert real_db.query("SELECT retention_term_start FROM person WHERE given_name = 'Anouk'") == [
        (date(2024, 1, 20),)
    ]


# (file, how the cell is spoiled, line, column, message): one bad file per rule
BAD = [
    ("people.csv", ("686307380", "123456789"), "regel 2, kolom bsn: 123456789 is geen geldig BSN"),
    (
        "people.csv",
        ("NL06RABO0844434320", "NL07RABO0844434320"),
        "regel 3, kolom iban: NL07RABO0844434320 is geen geldig IBAN",
    ),
    (
        "people.csv",
        ("Anouk,van der,Meer", ",van der,Meer"),
        "regel 2, kolom given_name: dit veld is verplicht",
    ),
    (
        "people.csv",
        ("1990-04-12", "31-02-1990"),
        "regel 2, kolom date_of_birth: 31-02-1990 is geen datum (gebruik jjjj-mm-dd of dd-mm-jjjj)",
    ),
    (
        "people.csv",
        ("bram.kuipers@voorbeeld.nl", "bram.kuipers@voorbeeld"),
        "regel 3, kolom email: bram.kuipers@voorbeeld is geen geldig e-mailadres",
    ),
    (
        "people.csv",
        ("030-1234567", "030-12345"),
        "regel 4, kolom phone: 030-12345 is geen geldig telefoonnummer",
    ),
    (
        "people.csv",
        ("3811 CD", "381 CD"),
        "regel 3, kolom postcode: 381 CD is geen geldige postcode (1234 AB)",
    ),
    (
        "people.csv",
        ("2026-05-02", "2027-05-02"),
        "regel 7, kolom registered_on: 02-05-2027 ligt in de toekomst",
    ),
    (
        "items.csv",
        ("medical", "horoscope"),
        "regel 6, kolom category: horoscope is geen bekende waarde; kies uit: cv, "
        "correspondence, survey_answer, identity_document, work_permit, "
        "criminal_record_consent, emergency_contact, medical, education_proof, "
        "insurance_pension, bank_account, bsn, family_member",
    ),
    (
        "items.csv",
        ("legitimate_interest", "goede reden"),
        "regel 9, kolom legal_basis: goede reden is geen bekende waarde; kies uit: consent, "
        "contract, legal_obligation, legitimate_interest",
    ),
    (
        "items.csv",
        ("IT-9,R-1006", "IT-9,R-9999"),
        "regel 10, kolom person_id: R-9999 staat niet in de bestanden en is niet eerder "
        "geïmporteerd",
    ),
    ("items.csv", ("IT-9,", "IT-8,"), "regel 10, kolom item_id: IT-8 komt meer dan eens voor"),
    # consent with proof (Art. 7(1)): an item on consent names its consent, of its person,
    # for its purpose, given by the day it was collected; some data never rests on consent
    (
        "items.csv",
        ("consent,TS-3", "consent,"),
        "regel 2, kolom consent_id: dit gegeven berust op toestemming, maar noemt geen"
        " toestemming; zonder bewijs van de toestemming is toestemming geen grondslag"
        " (artikel 7, lid 1 AVG)",
    ),
    (
        "items.csv",
        ("consent,TS-3", "consent,TS-4"),
        "regel 2, kolom consent_id: toestemming TS-4 is van een andere persoon",
    ),
    (
        "items.csv",
        ("consent,TS-3", "consent,TS-1"),
        "regel 2, kolom consent_id: toestemming TS-1 is voor een ander doel gegeven dan"
        " waarvoor dit gegeven wordt bewaard; een toestemming draagt alleen haar eigen doel",
    ),
    (
        "items.csv",
        ("2026-05-02,bemiddeling naar werk,consent", "2026-05-01,bemiddeling naar werk,consent"),
        "regel 10, kolom consent_id: toestemming TS-8 is pas gegeven na de dag waarop dit"
        " gegeven werd verzameld",
    ),
    (
        "items.csv",
        ("loonbelasting,legal_obligation", "loonbelasting,consent"),
        "regel 3, kolom legal_basis: dit soort gegeven kan niet op toestemming berusten; kies"
        " de grondslag waarop het wordt bewaard (overeenkomst of wettelijke verplichting)",
    ),
    (
        "items.csv",
        ("consent,TS-3", "consent,TS-99"),
        "regel 2, kolom consent_id: TS-99 staat niet in de bestanden en is niet eerder"
        " geïmporteerd",
    ),
    (
        "employment.csv",
        ("2025-06-30", "2023-06-30"),
        "regel 3, kolom end_date: 30-06-2023 ligt vóór de begindatum",
    ),
    (
        "disclosures.csv",
        ("ONT-2,bsn|salary", "ONT-2,bsn|horoscope"),
        "regel 4, kolom data_categories: horoscope is geen bekende waarde; kies uit: cv, "
        "correspondence, identity_document, bsn, bank_account, emergency_contact, "
        "education_proof, insurance_pension, work_permit, criminal_record_consent, medical, "
        "family_member, salary, employment, contact_details",
    ),
    (
        "disclosures.csv",
        ("loonaangifte,legal_obligation,,2026-01-31", "loonaangifte,consent,,2026-01-31"),
        "regel 2, kolom consent_id: een verstrekking op grond van toestemming noemt de toestemming",
    ),
    (
        "disclosures.csv",
        ("loonaangifte,legal_obligation,,2026-01-31", "loonaangifte,consent,TS-2,2026-01-31"),
        "regel 2, kolom consent_id: toestemming TS-2 is van een andere persoon",
    ),
    (  # the lawful-basis table (issue 19): the BSN only on a legal obligation
        "disclosures.csv",
        ("pensioenopbouw,legal_obligation", "pensioenopbouw,legitimate_interest"),
        "regel 4, kolom purpose: deze verstrekking mag niet: het BSN gaat alleen op grond van"
        " een wettelijke verplichting, voor het doel dat die wet noemt (artikel 46 UAVG); nooit"
        " op toestemming of gerechtvaardigd belang.",
    ),
    (  # one consent, one purpose: a consent for a reference check is no tax return
        "disclosures.csv",
        (
            "ONT-1,bsn|salary,loonaangifte,legal_obligation,,2026-01-31",
            "ONT-1,salary,referentiecheck,consent,TS-1,2026-01-31",
        ),
        "regel 2, kolom purpose: deze verstrekking mag niet: bankrekeningnummer, loon en"
        " gezinsleden gaan alleen op grond van een wettelijke verplichting of de overeenkomst,"
        " voor het doel van die ontvanger (loon, belasting, pensioen, verzekering).",
    ),
    (
        "disclosures.csv",
        ("loonaangifte,legal_obligation", "horoscoop,legal_obligation"),
        "regel 2, kolom purpose: horoscoop is geen bekende waarde; kies uit: job_finding,"
        " diploma_check, reference_check, medical_exam, criminal_record_check, survey,"
        " placement, payroll, tax_return, pension, social_security, insurance, immigration,"
        " customs, audit, tax_advice, court_order",
    ),
    (
        "recipients.csv",
        ("NL,2024-01-15", "Nederland,2024-01-15"),
        "regel 4, kolom country: Nederland is geen landcode van twee letters (NL, BE, GB)",
    ),
    (
        "consents.csv",
        ("2024-05-01,e-mail", "2023-05-01,e-mail"),
        "regel 3, kolom withdrawn_on: 01-05-2023 ligt vóór de datum van de toestemming",
    ),
    (
        "requests.csv",
        ("in_progress", "completed"),
        "regel 3, kolom status: completed is geen bekende waarde; kies uit: received, in_progress",
    ),
    (
        "people.csv",
        ("language,source", "language,herkomst"),
        "regel 1, kolom herkomst: deze kolom is onbekend",
    ),
]


@pytest.mark.parametrize(("name", "change", "expected"), BAD, ids=[b[2][:40] for b in BAD])
def test_each_rule_refuses_a_bad_file_naming_line_and_column_and_writes_nothing(
    real_db: Database, name: str, change: tuple[str, str], expected: str
) -> None:
    text = sample_text(name.removesuffix(".csv"))
    assert change[0] in text
    files = with_file(name, text.replace(change[0], change[1], 1))
    before = fingerprint(real_db)
    found = problems_of(real_db, files)
    assert f"{name}, {expected}" in found
    checked = check_files(real_db, CLI, files, now=NOW)
    with pytest.raises(ImportRefused) as refused:
        import_checked(real_db, CLI, checked, now=NOW)
    assert refused.value.code == "has_problems"
    assert fingerprint(real_db) == before


def test_a_missing_required_column_is_named(real_db: Database) -> None:
    text = sample_text("clients").replace("client_id,name,city", "client_id,name,stad")
    found = problems_of(real_db, with_file("clients.csv", text))
    assert "clients.csv, regel 1, kolom plaats: de verplichte kolom ontbreekt (city)" in found


def test_one_bad_bsn_on_line_7_is_refused_naming_line_7_and_the_bsn_column(
    real_db: Database,
) -> None:
    lines = DUTCH_PEOPLE.splitlines()
    rows = [lines[0]] + [
        f"P{n};Piet;;Jansen{n};p{n}@voorbeeld.nl;;;;;website;kandidaat;01-01-2025;;"
        for n in range(1, 6)
    ]
    rows.append("P6;Kees;;Bakker;k@voorbeeld.nl;;;;;website;kandidaat;01-01-2025;123456789;")
    files = [UploadedFile("personen.csv", "\r\n".join(rows).encode())]
    assert problems_of(real_db, files) == [
        "personen.csv, regel 7, kolom BSN: 123456789 is geen geldig BSN"
    ]
    report = report_csv(check_files(real_db, CLI, files, now=NOW).problems).decode("utf-8-sig")
    assert report.splitlines() == [
        "bestand;regel;kolom;probleem",
        "personen.csv;7;BSN;123456789 is geen geldig BSN",
    ]
    assert real_db.query("SELECT count(*) FROM person") == [(0,)]


def test_a_demo_database_refuses_a_real_import(demo_db: Database) -> None:
    with pytest.raises(ImportRefused) as refused:
        check_files(demo_db, CLI, sample_files(), now=NOW)
    assert refused.value.code == "demo_database"


def test_a_real_database_never_receives_demo_data(real_db: Database) -> None:
    with pytest.raises(DemoRefused, match="real records"):
        generate_demo(real_db, candidates=10, seed=1, today=date(2026, 11, 26))
    assert real_db.query("SELECT count(*) FROM person") == [(0,)]


def test_an_import_marks_an_unmarked_database_real(empty_db: Database) -> None:
    run_import(empty_db, sample_files())
    with pytest.raises(DemoRefused):
        generate_demo(empty_db, candidates=10, seed=1, today=date(2026, 11, 26))


def test_an_erased_person_is_not_brought_back_by_a_later_import(real_db: Database) -> None:
    run_import(real_db, sample_files())
    real_db.query(
        "UPDATE person SET erased_at = ?, given_name = '[verwijderd]' WHERE given_name = 'Fleur'",
        [NOW],
    )
    real_db.query(
        "DELETE FROM personal_data_item WHERE person_id IN"
        " (SELECT id FROM person WHERE erased_at IS NOT NULL)"
    )
    summary = run_import(real_db, sample_files())
    assert summary.of("people").skipped == 1  # type: ignore[union-attr]
    assert summary.of("items").skipped == 1  # type: ignore[union-attr]
    assert real_db.query("SELECT count(*) FROM person WHERE given_name = 'Fleur'") == [(0,)]


@pytest.mark.parametrize("role", [Role.RECRUITER, Role.MANAGEMENT])
def test_roles_other_than_back_office_and_the_dpo_may_not_import(
    real_db: Database, role: Role
) -> None:
    with pytest.raises(NotPermitted):
        check_files(real_db, member(role), sample_files(), now=NOW)


def test_the_retention_and_sharing_figures_follow_from_the_samples(real_db: Database) -> None:
    from collections import Counter

    from tests.helpers import domain_retention_states

    run_import(real_db, sample_files())
    states = Counter(domain_retention_states(real_db, date(2026, 11, 27)))
    # Anouk is employed; Chantal and Fleur run; Daniel's term ends 1 December (due);
    # Bram (former employee, held payroll data) and Eva ended without a question (expired)
    assert states == {"employed": 1, "running": 2, "due": 1, "expired": 2}
    # the four disclosures of the file and the three proposals, each a disclosure to its
    # client (who knew: the agency asked before proposing them)
    assert real_db.query(
        "SELECT count(*), count(notified_on), count(*) FILTER (WHERE blocked) FROM disclosure"
    ) == [(7, 5, 0)]


def test_imported_clients_are_recipients_and_each_proposal_a_disclosure_to_its_client(
    real_db: Database,
) -> None:
    run_import(real_db, sample_files())
    assert real_db.query(
        "SELECT count(*) FROM client c LEFT JOIN recipient r ON r.id = c.recipient_id"
        " WHERE r.category IS DISTINCT FROM 'client'"
    ) == [(0,)]
    sent = real_db.query(
        "SELECT p.proposed_on, d.disclosed_at::DATE, d.data_categories, d.purpose, d.legal_basis,"
        " d.notified_on = p.proposed_on, d.person_id = p.person_id, r.id = c.recipient_id"
        " FROM proposal p JOIN disclosure d ON d.id = p.disclosure_id"
        " JOIN recipient r ON r.id = d.recipient_id JOIN vacancy v ON v.id = p.vacancy_id"
        " JOIN client c ON c.id = v.client_id ORDER BY p.proposed_on"
    )
    assert [row[1:] for row in sent] == [
        (row[0], ["cv", "contact_details"], "job_finding", "contract", True, True, True)
        for row in sent
    ]
    assert len(sent) == real_db.query("SELECT count(*) FROM proposal")[0][0] == 3
    before = fingerprint(real_db)
    run_import(real_db, sample_files())  # the same files again: no second recipient or disclosure
    assert real_db.query("SELECT count(*) FROM disclosure")[0][0] == 7
    assert real_db.query("SELECT count(*) FROM recipient WHERE category = 'client'") == [(2,)]
    assert before["disclosure_day"] == fingerprint(real_db)["disclosure_day"]


def test_after_an_upheld_objection_an_imported_disclosure_to_a_referee_is_refused_from_its_day(
    real_db: Database,
) -> None:
    """Art. 21: the import judges a referee row as the register does, as of its own moment."""
    run_import(real_db, sample_files())
    person = real_db.query(
        "SELECT internal_id FROM import_key WHERE entity = 'people' AND external_id = 'R-1001'"
    )[0][0]
    with real_db.transaction() as cur:  # the objection as the request desk upholds it
        request_id = cur.execute(
            "INSERT INTO request (type, channel, received_at, requester_name, person_id, status,"
            " one_month_mark, due_date, original_due_date) VALUES ('objection', 'email',"
            " TIMESTAMP '2026-05-20 09:00', 'Anouk van der Meer', ?, 'completed',"
            " DATE '2026-06-22', DATE '2026-06-22', DATE '2026-06-22') RETURNING id",
            [person],
        ).fetchall()[0][0]
        cur.execute(
            "INSERT INTO processing_stop VALUES"
            " (?, 'reference_check', TIMESTAMP '2026-06-01 10:00')",
            [request_id],
        )
    recipients = (
        sample_text("recipients") + "ONT-9,Referent Voorbeeld,referee,independent,NL,,,,ja\n"
    )
    row = "{id},R-1001,ONT-9,cv,reference_check,consent,TS-1,{at},\n"
    before = row.format(id="VS-91", at="2026-05-01 10:00")  # before the objection: lawful
    after = row.format(id="VS-92", at="2026-07-01 10:00")
    files = [f for f in sample_files() if f.name not in {"recipients.csv", "disclosures.csv"}] + [
        UploadedFile("recipients.csv", recipients.encode())
    ]
    disclosures = sample_text("disclosures")
    assert (
        problems_of(
            real_db, [*files, UploadedFile("disclosures.csv", (disclosures + before).encode())]
        )
        == []
    )
    problems = problems_of(
        real_db, [*files, UploadedFile("disclosures.csv", (disclosures + after).encode())]
    )
    assert len(problems) == 1
    assert problems[0].startswith("disclosures.csv, regel 6, kolom purpose:")
    assert "bezwaar" in problems[0] and "(artikel 21 AVG)" in problems[0]
