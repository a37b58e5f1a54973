"""Art. 18 in the import: while a person's processing is restricted, an import adds nothing
about them and changes nothing of theirs; each such row is named in the Dutch check report
(file, line, column, why) and nothing at all is written. The same export imported again, and
a request of the person, are no problem."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from konnektus.db.database import Database
from konnektus.domain.permissions import Role
from konnektus.domain.staff import CLI, StaffMember
from konnektus.services import request_outcomes as outcomes
from konnektus.services import requests as desk
from konnektus.services.import_read import UploadedFile
from konnektus.services.import_report import problem_text
from konnektus.services.importing import ImportRefused, check_files, import_checked, mark_real
from konnektus.services.staff import add_staff
from tests.helpers import fingerprint

SAMPLES = Path(__file__).resolve().parents[2] / "data" / "samples"
NOW = datetime(2026, 11, 27, 9, 0)  # naive UTC, 10:00 in Amsterdam
ANOUK = "R-1001"  # employed; her BSN and IBAN are on her row of people.csv
NEW_DISCLOSURE = "VS-5,R-1001,ONT-1,bsn|salary,loonaangifte,legal_obligation,,2026-11-20 10:00,\n"


def files(**changed: str) -> list[UploadedFile]:
    """The sample files, with some of them (by name without .csv) replaced."""
    texts = {p.stem: p.read_text("utf-8") for p in sorted(SAMPLES.glob("*.csv"))} | changed
    return [UploadedFile(f"{name}.csv", text.encode()) for name, text in sorted(texts.items())]


def sample(name: str) -> str:
    return (SAMPLES / f"{name}.csv").read_text("utf-8")


def problems(db: Database, uploads: list[UploadedFile], language: str = "nl") -> list[str]:
    return [problem_text(p, language) for p in check_files(db, CLI, uploads, now=NOW).problems]


@pytest.fixture
def real_db(tmp_path: Path):  # type: ignore[no-untyped-def]
    db = Database.open(tmp_path / "real.duckdb")
    mark_real(db, CLI, now=NOW)
    checked = check_files(db, CLI, files(), now=NOW)
    assert checked.problems == []
    import_checked(db, CLI, checked, now=NOW)
    yield db
    db.close()


def person_id(db: Database, external: str) -> int:
    return int(
        db.query(
            "SELECT internal_id FROM import_key WHERE entity = 'people' AND external_id = ?",
            [external],
        )[0][0]
    )


def restrict(db: Database, external: str) -> int:
    """Grant a restriction request of the person, as the DPO does on the request desk."""
    dpo: StaffMember = add_staff(db, CLI, "fg@konnektus.nl", "Eva Smit", "dpo", now=NOW)
    request_id = desk.log_request(
        db, dpo, request_type="restriction", channel="email",
        received_at=datetime(2026, 11, 26, 12), requester_name="Anouk van der Meer",
        requester_email=None, free_text=None, person_id=person_id(db, external), now=NOW,
    )  # fmt: skip
    desk.change_status(db, dpo, request_id, seen_status="received", target="in_progress", now=NOW)
    outcomes.restrict_processing(
        db, dpo, request_id, seen_status="in_progress", disputed_field="city",
        reason="u betwist uw woonplaats", now=NOW,
    )  # fmt: skip
    return request_id


def refused_and_nothing_written(db: Database, uploads: list[UploadedFile]) -> None:
    before = fingerprint(db)
    checked = check_files(db, CLI, uploads, now=NOW)
    with pytest.raises(ImportRefused) as refused:
        import_checked(db, CLI, checked, now=NOW)
    assert refused.value.code == "has_problems"
    with pytest.raises(ImportRefused):
        import_checked(db, CLI, checked, now=NOW, dry_run=True)
    assert fingerprint(db) == before  # no row, no audit entry


def test_the_same_export_again_is_no_problem_for_a_restricted_person(real_db: Database) -> None:
    restrict(real_db, ANOUK)
    before = fingerprint(real_db)
    checked = check_files(real_db, CLI, files(), now=NOW)
    assert checked.problems == []
    summary = import_checked(real_db, CLI, checked, now=NOW)
    assert summary.total("new") == summary.total("changed") == 0
    after = fingerprint(real_db)
    assert {table for table in before if before[table] != after[table]} == {"audit_entry"}


def test_a_new_disclosure_for_a_restricted_person_is_named_in_the_report_and_not_written(
    real_db: Database,
) -> None:
    request_id = restrict(real_db, ANOUK)
    uploads = files(disclosures=sample("disclosures") + NEW_DISCLOSURE)
    assert problems(real_db, uploads) == [
        "disclosures.csv, regel 6, kolom person_id: de verwerking van persoon R-1001 is beperkt"
        f" (artikel 18 AVG, verzoek {request_id}): er komt niets over deze persoon bij tot de FG"
        " de beperking opheft"
    ]
    assert problems(real_db, uploads, "en") == [
        "disclosures.csv, line 6, column person_id: processing of person R-1001 is restricted"
        f" (GDPR Art. 18, request {request_id}): nothing is added about this person until the DPO"
        " lifts the restriction"
    ]
    refused_and_nothing_written(real_db, uploads)


def test_new_items_consents_and_proposals_of_a_restricted_person_are_each_named(
    real_db: Database,
) -> None:
    restrict(real_db, ANOUK)
    uploads = files(
        items=sample("items") + "IT-99,R-1001,cv,cv.pdf,2026-11-01,bemiddeling,consent,TS-3\n",
        consents=sample("consents") + "TS-9,R-1001,diploma_check,2026-11-01,formulier,,\n",
        proposals=sample("proposals") + "VD-9,R-1001,VAC-102,2026-11-01,pending,\n",
        disclosures=sample("disclosures") + NEW_DISCLOSURE,
    )  # fmt: skip
    found = problems(real_db, uploads)
    assert [p.split(":")[0] for p in found] == [
        "consents.csv, regel 10, kolom person_id",
        "disclosures.csv, regel 6, kolom person_id",
        "items.csv, regel 11, kolom person_id",
        "proposals.csv, regel 5, kolom person_id",
    ]
    refused_and_nothing_written(real_db, uploads)


def test_changed_values_of_a_restricted_person_are_named_by_line_and_column(
    real_db: Database,
) -> None:
    restrict(real_db, ANOUK)
    people = sample("people").replace("Lindelaan 4,3581 AB,Utrecht", "Lindelaan 4,3581 AB,Zeist")
    people = people.replace("NL85TRIO2650206027", "NL91ABNA0417164300")
    disclosures = sample("disclosures").replace(
        "loonbetaling,legal_obligation,,2026-02-25,",
        "loonbetaling,legal_obligation,,2026-02-25,2026-03-01",
    )
    # Chantal (R-1003) is not restricted: her change alone would be imported
    people = people.replace("Oudegracht 200,3511 NP,Utrecht", "Oudegracht 200,3511 NP,Zeist")
    uploads = files(people=people, disclosures=disclosures)
    found = problems(real_db, uploads)
    assert [p.split(":")[0] for p in found] == [
        "disclosures.csv, regel 3, kolom notified_on",
        "people.csv, regel 2, kolom city",
        "people.csv, regel 2, kolom iban",
    ]
    assert all("deze waarde wordt niet gewijzigd tot de FG de beperking opheft" in p for p in found)
    refused_and_nothing_written(real_db, uploads)
    assert real_db.query("SELECT city FROM person WHERE id = ?", [person_id(real_db, ANOUK)]) == [
        ("Utrecht",)
    ]


def test_a_restriction_granted_after_the_check_stops_the_import_before_any_write(
    real_db: Database,
) -> None:
    uploads = files(disclosures=sample("disclosures") + NEW_DISCLOSURE)
    checked = check_files(real_db, CLI, uploads, now=NOW)
    assert checked.problems == []  # not restricted yet
    restrict(real_db, ANOUK)
    before = fingerprint(real_db)
    with pytest.raises(ImportRefused) as refused:
        import_checked(real_db, CLI, checked, now=NOW)
    assert (refused.value.code, refused.value.params) == ("has_problems", {"count": 1})
    assert [p.code for p in checked.problems] == ["restricted_new"]  # in the report now
    assert fingerprint(real_db) == before


def test_a_request_of_a_restricted_person_is_still_imported(real_db: Database) -> None:
    restrict(real_db, ANOUK)
    request = (
        "VZ-3,erasure,email,2026-11-26 10:00,Anouk van der Meer,,R-1001,received,Verwijder alles.\n"
    )
    checked = check_files(real_db, CLI, files(requests=sample("requests") + request), now=NOW)
    assert checked.problems == []
    assert import_checked(real_db, CLI, checked, now=NOW).of("requests").new == 1  # type: ignore[union-attr]


def test_after_the_restriction_is_lifted_the_same_files_import(real_db: Database) -> None:
    restrict(real_db, ANOUK)
    uploads = files(disclosures=sample("disclosures") + NEW_DISCLOSURE)
    assert len(problems(real_db, uploads)) == 1
    dpo = StaffMember(
        int(real_db.query("SELECT id FROM staff")[0][0]),
        "fg@konnektus.nl",
        "Eva Smit",
        Role.DPO,
        True,
    )
    outcomes.lift_restriction(real_db, dpo, person_id(real_db, ANOUK), reason="opgelost", now=NOW)
    checked = check_files(real_db, CLI, uploads, now=NOW)
    assert checked.problems == []
    assert import_checked(real_db, CLI, checked, now=NOW).of("disclosures").new == 1  # type: ignore[union-attr]


def test_a_new_proposal_of_someone_whose_objection_stopped_job_finding_is_refused(
    real_db: Database,
) -> None:
    dpo: StaffMember = add_staff(real_db, CLI, "fg@konnektus.nl", "Eva Smit", "dpo", now=NOW)
    request_id = desk.log_request(
        real_db, dpo, request_type="objection", channel="email",
        received_at=datetime(2026, 11, 26, 12), requester_name="Anouk van der Meer",
        requester_email=None, free_text=None, person_id=person_id(real_db, ANOUK), now=NOW,
    )  # fmt: skip
    desk.change_status(
        real_db, dpo, request_id, seen_status="received", target="in_progress", now=NOW
    )
    uploads = files(proposals=sample("proposals") + "VD-9,R-1001,VAC-102,2026-11-01,pending,\n")
    assert not [p for p in problems(real_db, uploads) if p.startswith("proposals.csv")]
    outcomes.uphold_objection(
        real_db, dpo, request_id, seen_status="in_progress", purpose="job_finding",
        reason="u wilt niet meer bemiddeld worden", now=NOW,
    )  # fmt: skip
    assert [p for p in problems(real_db, uploads) if p.startswith("proposals.csv")] == [
        "proposals.csv, regel 5, kolom person_id: persoon R-1001 heeft bezwaar gemaakt tegen"
        " bemiddeling naar werk en het bezwaar is toegekend (artikel 21 AVG, verzoek"
        f" {request_id}): deze persoon wordt niet meer voorgedragen"
    ]
    refused_and_nothing_written(real_db, uploads)
