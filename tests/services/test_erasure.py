"""Erasure end to end on a real database: what the law makes us keep stays, restricted, until
its date, and nothing more; the certificate says exactly what is left; a current employee is
erased only in part; held data goes once its hold has ended; the audit chain holds throughout.

The ruling of issue 8 replaces "no table holds BSN or IBAN afterwards": after a former
employee's erasure the BSN, IBAN and insurance data (payroll records, AWR art. 52) and the ID
copy and work permit (Wet LB 1964 art. 28) stay while their holds run, and nowhere else.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import Any

import pytest

from konnektus.db import audit
from konnektus.db import erasure as erasure_rows
from konnektus.db.database import Database
from konnektus.db.erasure import ERASED
from konnektus.domain.erasure import Kept, KeptPart, Treatment, kept_after_erasure, kept_order
from konnektus.domain.holds import RunningHold
from konnektus.domain.permissions import NotPermitted, Role
from konnektus.domain.staff import CLI
from konnektus.i18n import translate
from konnektus.services import erasure as erasure_service
from konnektus.services import requests as desk
from konnektus.services import sharing_art19 as art19
from konnektus.services.erasure_text import kept_lines
from tests.helpers import demo_member, fingerprint

NOW = datetime(2026, 11, 26, 9, 0)
TODAY = NOW.date()
ONE_DAY = timedelta(days=1)
PAYROLL_ITEMS = {"bsn", "bank_account", "insurance_pension"}
ID_ITEMS = {"identity_document", "work_permit"}
CONTACT = ("email", "phone", "street", "postcode", "city")


def one_person(db: Database, where: str) -> dict[str, Any]:
    """The first person matching `where` whose full name is unique, with their contact data."""
    rows = db.query(
        "SELECT p.id, p.reference, p.given_name, p.tussenvoegsel, p.family_name, p.email,"
        " p.phone, p.street, p.postcode, p.city, p.date_of_birth, p.language FROM person p"
        f" WHERE {where} AND (SELECT count(*) FROM person q WHERE q.given_name = p.given_name"
        "  AND q.family_name = p.family_name) = 1 ORDER BY p.id LIMIT 1"
    )
    names = ("id", "reference", "given", "tv", "family", *CONTACT, "dob", "language")
    person = dict(zip(names, rows[0], strict=True))
    person["name"] = " ".join(p for p in (person["given"], person["tv"], person["family"]) if p)
    # the values only this person has (a pension scheme's name is shared by many)
    person["values"] = dict(
        db.query(
            "SELECT category, value FROM personal_data_item i WHERE person_id = ?"
            " AND (SELECT count(*) FROM personal_data_item j WHERE j.value = i.value) = 1",
            [person["id"]],
        )
    )
    return person


def former_employee_with_holds(db: Database) -> dict[str, Any]:
    """A former employee with running payroll and ID-copy holds, a work permit, disclosures."""
    return one_person(
        db,
        "p.stage = 'former_employee'"
        " AND p.id IN (SELECT person_id FROM legal_hold WHERE category = 'identity_document'"
        "  AND until > DATE '2026-11-26')"
        " AND p.id IN (SELECT person_id FROM personal_data_item WHERE category = 'work_permit')"
        " AND p.id IN (SELECT person_id FROM disclosure)",
    )


def current_employee(db: Database) -> dict[str, Any]:
    """Someone employed now, with a CV, a BSN, an ID copy and proposals besides the placement."""
    return one_person(
        db,
        "p.stage = 'employed'"
        " AND p.id IN (SELECT person_id FROM personal_data_item"
        "  WHERE category = 'identity_document')"
        " AND p.id IN (SELECT person_id FROM proposal WHERE outcome <> 'placed')"
        " AND p.id IN (SELECT person_id FROM employment WHERE end_date IS NULL)",
    )


def ready_request(db: Database, dpo, person_id: int) -> int:  # type: ignore[no-untyped-def]
    request_id = desk.log_request(
        db,
        dpo,
        request_type="erasure",
        channel="email",
        received_at=datetime(2026, 11, 20, 8),
        requester_name="Verzoeker",
        requester_email=None,
        free_text="Verwijder alles van mij.",
        person_id=person_id,
        now=NOW,
    )
    desk.change_status(db, dpo, request_id, seen_status="received", target="in_progress", now=NOW)
    return request_id


def erase(db: Database, person: dict[str, Any]) -> erasure_service.ErasureResult:
    dpo = demo_member(db, Role.DPO)
    request_id = ready_request(db, dpo, person["id"])
    return erasure_service.execute_erasure(
        db, dpo, request_id, seen_status="in_progress", typed_reference=person["reference"], now=NOW
    )


def located_values(db: Database) -> list[tuple[str, str, str]]:
    """(table, column, value) for every text value (and list of text) in every table."""
    found: list[tuple[str, str, str]] = []
    columns = db.query(
        "SELECT table_name, column_name, data_type FROM information_schema.columns"
        " WHERE data_type IN ('VARCHAR', 'VARCHAR[]')"
    )
    for table, column, kind in columns:
        expr = f"array_to_string(\"{column}\", ' ')" if kind == "VARCHAR[]" else f'"{column}"'
        found += [
            (table, column, v)
            for (v,) in db.query(f'SELECT {expr} FROM "{table}" WHERE "{column}" IS NOT NULL')
        ]
    return found


def holders(db: Database, text: str) -> set[tuple[str, str]]:
    return {(t, c) for t, c, v in located_values(db) if text in v}


def body(db: Database, letter_id: int) -> str:
    return str(db.query("SELECT body FROM letter WHERE id = ?", [letter_id])[0][0])


def assert_name_only_in_recipient_letters_until_sent(db: Database, person: dict[str, Any]) -> None:
    """The erasure queued a letter to each recipient that received the data; those letters,
    and no other row, name the person, until they are ticked off as sent."""
    queued = db.query(
        "SELECT n.id, n.letter_id FROM recipient_notice n WHERE n.person_id = ?"
        " AND n.change = 'erasure' AND n.sent_at IS NULL ORDER BY n.id",
        [person["id"]],
    )
    assert queued, "the person's data went to recipients"
    naming = db.query("SELECT id FROM letter WHERE contains(body, ?) ORDER BY id", [person["name"]])
    assert naming == [(letter_id,) for _, letter_id in queued]
    assert holders(db, person["name"]) == {("letter", "body")}
    dpo = demo_member(db, Role.DPO)
    for notice_id, _ in queued:
        art19.tick_off_recipient_letter(db, dpo, int(notice_id), now=NOW + ONE_DAY)


def kept_in_database(db: Database, person_ids: list[int]) -> dict[int, list[Kept]]:
    """What is actually left of erased people, read straight from the tables: the held items,
    a name or date of birth not emptied, the employment rows (with the hold that keeps them)."""
    kept: dict[int, list[Kept]] = {pid: [] for pid in person_ids}
    for pid, c, g, u, n in db.query(
        "SELECT person_id, category, held_ground, held_until, count(*) FROM personal_data_item"
        " WHERE list_contains(?, person_id) AND held_until IS NOT NULL GROUP BY ALL",
        [person_ids],
    ):
        kept[pid].append(Kept(KeptPart.ITEMS, c, int(n), g, u))
    for pid, name, employments, ground, until in db.query(
        "SELECT p.id, p.given_name <> ? OR p.date_of_birth IS NOT NULL,"
        " (SELECT count(*) FROM employment e WHERE e.person_id = p.id),"
        " h.ground, h.until FROM person p LEFT JOIN (SELECT person_id,"
        "  arg_max(legal_ground, until) AS ground, max(until) AS until FROM legal_hold"
        "  WHERE until >= ? AND category IN ('payroll_records', 'employment')"
        "  GROUP BY person_id) h ON h.person_id = p.id WHERE list_contains(?, p.id)",
        [ERASED, TODAY, person_ids],
    ):
        if name:
            kept[pid].append(Kept(KeptPart.NAME_AND_BIRTH, "", 1, ground, until))
        if employments:
            kept[pid].append(Kept(KeptPart.EMPLOYMENT, "", employments, ground, until))
    return {pid: sorted(lines, key=kept_order) for pid, lines in kept.items()}


def section(text: str, title: str) -> list[str]:
    """The list lines ('- ' and '  - ') right under `title` in a certificate."""
    lines = text.splitlines()
    found = []
    for line in lines[lines.index(title) + 1 :]:
        if not line.lstrip().startswith("- "):
            break
        found.append(line)
    return found


def test_the_preview_of_a_former_employee_shows_what_goes_and_exactly_what_stays(
    demo_db: Database,
) -> None:
    dpo = demo_member(demo_db, Role.DPO)
    person = former_employee_with_holds(demo_db)
    request_id = ready_request(demo_db, dpo, person["id"])
    before = fingerprint(demo_db)
    preview = erasure_service.erasure_preview(demo_db, dpo, request_id, today=TODAY)
    assert fingerprint(demo_db) == before, "a preview changes nothing"
    plan = preview.plan
    assert not plan.partial
    lines = {(line.table, line.treatment) for line in plan.lines}
    assert ("personal_data_item", Treatment.REMOVE) in lines
    assert ("personal_data_item", Treatment.KEEP) in lines
    assert ("employment", Treatment.KEEP) in lines  # the payroll hold runs
    assert ("person", Treatment.ANONYMISE) in lines
    assert {k.category for k in plan.kept if k.part is KeptPart.ITEMS} == PAYROLL_ITEMS | ID_ITEMS
    assert preview.holds and all(h.until >= TODAY for h in preview.holds)
    assert len(preview.recipients) > 0


def test_a_former_employee_keeps_payroll_and_id_data_restricted_and_nothing_else(
    demo_db: Database,
) -> None:
    person = former_employee_with_holds(demo_db)
    people_before = demo_db.query("SELECT count(*) FROM person")[0][0]
    disclosures_before = demo_db.query("SELECT count(*) FROM disclosure")[0][0]
    holds = dict(
        demo_db.query("SELECT category, until FROM legal_hold WHERE person_id = ?", [person["id"]])
    )

    result = erase(demo_db, person)

    items = demo_db.query(
        "SELECT category, held_until, held_ground FROM personal_data_item WHERE person_id = ?",
        [person["id"]],
    )
    assert {c for c, _u, _g in items} == PAYROLL_ITEMS | ID_ITEMS
    for category, until, ground in items:
        if category in PAYROLL_ITEMS:
            assert (until, ground) == (holds["payroll_records"], "awr_52")
        else:
            assert (until, ground) == (holds["identity_document"], "wet_lb_28")
    row = demo_db.query(
        "SELECT given_name, family_name, date_of_birth, email, phone, street, postcode, city,"
        " erased_at FROM person WHERE id = ?",
        [person["id"]],
    )[0]
    assert row[:3] == (person["given"], person["family"], person["dob"])  # the payroll name
    assert row[3:8] == (None,) * 5 and row[8] is not None
    assert demo_db.query("SELECT count(*) FROM employment WHERE person_id = ?", [person["id"]])[0][
        0
    ]
    # each held value lives in its held item only; the name only on the person row
    assert {"bsn", "bank_account", "identity_document", "work_permit"} <= set(person["values"])
    for category in (PAYROLL_ITEMS | ID_ITEMS) & set(person["values"]):
        assert holders(demo_db, person["values"][category]) == {("personal_data_item", "value")}
    # the name survives only in the letters telling the recipients (Art. 19) until they are sent
    assert_name_only_in_recipient_letters_until_sent(demo_db, person)
    assert not holders(demo_db, person["name"])  # in no letter, request or note
    for key in ("phone", "street"):
        assert not holders(demo_db, person[key]), key
    for category in set(person["values"]) - PAYROLL_ITEMS - ID_ITEMS:
        assert not holders(demo_db, person["values"][category]), category
    # the address survives only on the confirmation letter until it is delivered
    assert demo_db.query("SELECT id FROM letter WHERE recipient_email = ?", [person["email"]]) == [
        (result.confirmation_letter_id,)
    ]
    assert demo_db.query("SELECT count(*) FROM person")[0][0] == people_before
    assert demo_db.query("SELECT count(*) FROM disclosure")[0][0] == disclosures_before
    assert demo_db.query("SELECT status, outcome FROM request WHERE person_id = ?", [person["id"]])[
        -1
    ] == ("completed", "completed")
    with demo_db.cursor() as cur:
        assert audit.verify(cur).intact
    entry = demo_db.query("SELECT details FROM audit_entry WHERE action = 'erasure_executed'")[0][0]
    for secret in (person["name"], person["email"], person["values"]["bsn"]):
        assert secret not in entry


def test_the_certificate_says_exactly_what_is_left_in_the_database(demo_db: Database) -> None:
    person = former_employee_with_holds(demo_db)
    result = erase(demo_db, person)

    certificate = body(demo_db, result.certificate_letter_id)
    left = kept_in_database(demo_db, [person["id"]])[person["id"]]
    assert list(result.record.kept) == left
    assert {k.part for k in left} == {KeptPart.ITEMS, KeptPart.NAME_AND_BIRTH, KeptPart.EMPLOYMENT}
    assert section(certificate, "Bewaard op grond van een wettelijke plicht:") == kept_lines(
        left, "nl"
    )
    assert re.search(r"Tot en met 31-12-20\d\d, op grond van: fiscale bewaarplicht", certificate)
    assert "kopie identiteitsbewijs" in certificate and "naam en geboortedatum" in certificate
    assert person["reference"] in certificate and "Belastingdienst" in certificate
    for code in ("personal_data_item", "legal_hold", "bank_account", "awr_52", "payroll_records"):
        assert code not in certificate
    assert not re.search(r"\bbsn\b", certificate)
    for secret in (person["name"], person["email"], *person["values"].values()):
        assert secret not in certificate
    # the letter to the person names the same, in their language
    letter = body(demo_db, result.confirmation_letter_id)
    assert letter.startswith("Geachte heer/mevrouw," if person["language"] == "nl" else "Dear")
    for line in kept_lines(left, person["language"]):
        assert line in letter


def test_a_person_whose_holds_have_ended_keeps_nothing(demo_db: Database) -> None:
    person = former_employee_with_holds(demo_db)
    demo_db.query(
        "UPDATE legal_hold SET until = DATE '2025-12-31' WHERE person_id = ?", [person["id"]]
    )
    result = erase(demo_db, person)

    assert result.record.kept == ()
    assert demo_db.query(
        "SELECT count(*) FROM personal_data_item WHERE person_id = ?", [person["id"]]
    ) == [(0,)]
    assert demo_db.query("SELECT count(*) FROM employment WHERE person_id = ?", [person["id"]]) == [
        (0,)
    ]
    assert demo_db.query(
        "SELECT given_name, family_name, date_of_birth FROM person WHERE id = ?", [person["id"]]
    ) == [(ERASED, ERASED, None)]
    assert_name_only_in_recipient_letters_until_sent(demo_db, person)
    for secret in (person["name"], person["phone"], *person["values"].values()):
        assert not holders(demo_db, secret), secret
    certificate = body(demo_db, result.certificate_letter_id)
    assert section(certificate, "Bewaard op grond van een wettelijke plicht:") == ["- niets"]


def test_a_current_employee_is_erased_in_part_with_a_refusal_letter(demo_db: Database) -> None:
    dpo = demo_member(demo_db, Role.DPO)
    person = current_employee(demo_db)
    request_id = ready_request(demo_db, dpo, person["id"])
    preview = erasure_service.erasure_preview(demo_db, dpo, request_id, today=TODAY)
    assert preview.plan.partial
    assert KeptPart.PERSON_DETAILS in {k.part for k in preview.plan.kept}
    placement = demo_db.query(
        "SELECT id FROM proposal WHERE person_id = ? AND outcome = 'placed'", [person["id"]]
    )

    result = erasure_service.execute_erasure(
        demo_db,
        dpo,
        request_id,
        seen_status="in_progress",
        typed_reference=person["reference"],
        now=NOW,
    )

    assert result.record.partial
    assert list(result.record.kept) == preview.plan.kept
    categories = {
        c
        for (c,) in demo_db.query(
            "SELECT category FROM personal_data_item WHERE person_id = ?", [person["id"]]
        )
    }
    assert {"bsn", "identity_document"} <= categories
    assert not categories & {"cv", "correspondence", "survey_answer"}
    assert demo_db.query("SELECT id FROM proposal WHERE person_id = ?", [person["id"]]) == placement
    assert demo_db.query(
        "SELECT count(*) FROM retention_contact WHERE person_id = ?", [person["id"]]
    ) == [(0,)]
    assert demo_db.query(
        "SELECT given_name, email, erased_at FROM person WHERE id = ?", [person["id"]]
    ) == [(person["given"], person["email"], None)]
    assert demo_db.query("SELECT status, outcome FROM request WHERE id = ?", [request_id]) == [
        ("completed", "partially_refused")
    ]
    kind, language, text = demo_db.query(
        "SELECT kind, language, body FROM letter WHERE id = ?", [result.confirmation_letter_id]
    )[0]
    assert kind == "erasure_partial_refusal"
    if language == "nl":
        assert text.startswith("Geachte heer/mevrouw,")
        for phrase in ("artikel 17, lid 3, onder b AVG", "Autoriteit Persoonsgegevens", "rechter"):
            assert phrase in text
        assert "- cv (1)" in text
    else:
        assert text.startswith("Dear Sir or Madam,") and "Art. 12(4)" in text
    for line in kept_lines(result.record.kept, language):
        assert line in text
    certificate = body(demo_db, result.certificate_letter_id)
    assert certificate.startswith("VERKLARING VAN GEDEELTELIJKE VERWIJDERING")
    with demo_db.cursor() as cur:
        assert audit.verify(cur).intact


# What a partial erasure leaves of each item category (Art. 17(3)(b)): only what an
# employer's legal duty names (AWR art. 52, Wet LB 1964 art. 28).
KEPT_BY_PARTIAL_ERASURE = {
    "cv": False,
    "correspondence": False,
    "survey_answer": False,
    "medical": False,
    "criminal_record_consent": False,
    "emergency_contact": False,
    "family_member": False,
    "education_proof": False,
    "bsn": True,
    "bank_account": True,
    "insurance_pension": True,
    "identity_document": True,
    "work_permit": True,
}


def test_a_partial_erasure_leaves_only_the_categories_a_legal_duty_names(
    demo_db: Database,
) -> None:
    person = current_employee(demo_db)
    with demo_db.transaction() as cur:
        for category in KEPT_BY_PARTIAL_ERASURE:
            cur.execute(
                "INSERT INTO personal_data_item (person_id, category, value, collected_on,"
                " purpose, legal_basis, special_category) VALUES"
                " (?, ?, 'waarde', DATE '2026-01-05', 'employment', 'contract', ?)",
                [person["id"], category, category == "medical"],
            )

    result = erase(demo_db, person)

    left = {
        str(c)
        for (c,) in demo_db.query(
            "SELECT DISTINCT category FROM personal_data_item WHERE person_id = ?", [person["id"]]
        )
    }
    assert {c: c in left for c in KEPT_BY_PARTIAL_ERASURE} == KEPT_BY_PARTIAL_ERASURE
    assert result.record.partial
    assert set(result.record.removed_items) == {
        c for c, kept in KEPT_BY_PARTIAL_ERASURE.items() if not kept
    }
    grounds = {k.category: k.legal_ground for k in result.record.kept if k.part is KeptPart.ITEMS}
    assert grounds == {
        "bsn": "awr_52",
        "bank_account": "awr_52",
        "insurance_pension": "awr_52",
        "identity_document": "wet_lb_28",
        "work_permit": "wet_lb_28",
    }
    language, text = demo_db.query(
        "SELECT language, body FROM letter WHERE id = ?", [result.confirmation_letter_id]
    )[0]
    medical = translate("category.medical", language)
    kept_part = text.split("Wij bewaren:" if language == "nl" else "We keep:")[1]
    assert f"- {medical} (" in text and medical not in kept_part


def facts_of(
    db: Database, person_ids: list[int]
) -> dict[int, tuple[dict[str, int], int, list[RunningHold]]]:
    """Per person: items per category, employment rows, holds; the domain rule's input."""
    facts: dict[int, tuple[dict[str, int], int, list[RunningHold]]] = {
        pid: ({}, 0, []) for pid in person_ids
    }
    for pid, category, n in db.query(
        "SELECT person_id, category, count(*) FROM personal_data_item"
        " WHERE list_contains(?, person_id) GROUP BY ALL",
        [person_ids],
    ):
        facts[pid][0][category] = n
    for pid, n in db.query(
        "SELECT person_id, count(*) FROM employment WHERE list_contains(?, person_id) GROUP BY ALL",
        [person_ids],
    ):
        facts[pid] = (facts[pid][0], n, facts[pid][2])
    for pid, kind, ground, until in db.query(
        "SELECT person_id, category, legal_ground, until FROM legal_hold"
        " WHERE list_contains(?, person_id)",
        [person_ids],
    ):
        facts[pid][2].append(RunningHold(kind, ground, until))
    return facts


def test_erasing_two_thousand_people_in_one_call_keeps_for_each_what_the_rule_says(
    demo_db: Database,
) -> None:
    erasable = [
        pid
        for (pid,) in demo_db.query(
            "SELECT id FROM person WHERE stage IN ('applicant', 'proposed', 'former_employee')"
            " ORDER BY stage = 'former_employee' DESC, id LIMIT 2000"
        )
    ]
    employed = [pid for (pid,) in demo_db.query("SELECT id FROM person WHERE stage = 'employed'")]
    assert len(erasable) == 2000
    expected = {
        pid: kept_after_erasure(items, employments, holds, TODAY)
        for pid, (items, employments, holds) in facts_of(demo_db, erasable).items()
    }
    untouched = fingerprint(demo_db)

    with demo_db.transaction() as cur:
        records = erasure_rows.erase_people(cur, erasable + employed[:5], at=NOW, today=TODAY)

    assert sorted(records) == sorted(erasable), "current employees are never erased whole"
    left = kept_in_database(demo_db, erasable)
    for pid in erasable:
        assert list(records[pid].kept) == expected[pid] == left[pid], pid
    assert any(records[pid].kept for pid in erasable)
    assert demo_db.query(
        "SELECT count(*) FROM person WHERE list_contains(?, id) AND (erased_at IS NULL"
        " OR email IS NOT NULL OR phone IS NOT NULL OR street IS NOT NULL OR city IS NOT NULL)",
        [erasable],
    ) == [(0,)]
    assert demo_db.query(
        "SELECT count(*) FROM personal_data_item WHERE list_contains(?, person_id)"
        " AND held_until IS NULL",
        [erasable],
    ) == [(0,)]
    assert demo_db.query(
        "SELECT count(*) FROM person WHERE list_contains(?, id) AND erased_at IS NOT NULL",
        [employed],
    ) == [(0,)]
    assert fingerprint(demo_db)["consent"] == untouched["consent"]


def test_held_data_goes_once_its_hold_has_ended_and_nothing_identifying_is_left(
    demo_db: Database,
) -> None:
    person = former_employee_with_holds(demo_db)
    erase(demo_db, person)
    # the letters to the recipients go out within days, years before any hold ends
    assert_name_only_in_recipient_letters_until_sent(demo_db, person)
    id_until, payroll_until = (
        demo_db.query(
            "SELECT until FROM legal_hold WHERE person_id = ? AND category = ?",
            [person["id"], kind],
        )[0][0]
        for kind in ("identity_document", "payroll_records")
    )
    dpo = demo_member(demo_db, Role.DPO)

    # the day after the ID-copy hold: the ID copy and work permit go, the payroll data stays
    between = datetime.combine(id_until, datetime.min.time()).replace(hour=12) + ONE_DAY
    first = erasure_service.purge_ended_holds(demo_db, dpo, now=between)
    assert first.items_removed >= 2 and first.people_anonymised == 0
    left = {
        c
        for (c,) in demo_db.query(
            "SELECT category FROM personal_data_item WHERE person_id = ?", [person["id"]]
        )
    }
    assert left == PAYROLL_ITEMS
    assert not holders(demo_db, person["values"]["identity_document"])

    # the day after the payroll hold, run from the command line: everything goes
    after = datetime.combine(payroll_until, datetime.min.time()).replace(hour=12) + ONE_DAY
    second = erasure_service.purge_ended_holds(demo_db, CLI, now=after)
    assert second.people_anonymised >= 1 and person["id"] in second.person_ids
    assert demo_db.query(
        "SELECT count(*) FROM personal_data_item WHERE person_id = ?", [person["id"]]
    ) == [(0,)]
    assert demo_db.query("SELECT count(*) FROM employment WHERE person_id = ?", [person["id"]]) == [
        (0,)
    ]
    assert demo_db.query(
        "SELECT given_name, tussenvoegsel, family_name, date_of_birth FROM person WHERE id = ?",
        [person["id"]],
    ) == [(ERASED, None, ERASED, None)]
    for secret in (person["name"], *person["values"].values()):
        assert not holders(demo_db, secret), secret
    entries = demo_db.query(
        "SELECT role, details FROM audit_entry WHERE action = 'held_data_purged' ORDER BY id"
    )
    assert [role for role, _ in entries] == ["dpo", "cli"]
    assert all(person["family"] not in details for _, details in entries)
    with demo_db.cursor() as cur:
        assert audit.verify(cur).intact


def test_a_recruiter_may_not_purge_held_data(demo_db: Database) -> None:
    before = fingerprint(demo_db)
    with pytest.raises(NotPermitted):
        erasure_service.purge_ended_holds(
            demo_db, demo_member(demo_db, Role.RECRUITER), now=datetime(2040, 1, 1)
        )
    assert fingerprint(demo_db) == before


def test_a_wrong_reference_erases_nothing(demo_db: Database) -> None:
    dpo = demo_member(demo_db, Role.DPO)
    person = former_employee_with_holds(demo_db)
    request_id = ready_request(demo_db, dpo, person["id"])
    before = fingerprint(demo_db)
    with pytest.raises(erasure_service.ConfirmationMismatch):
        erasure_service.execute_erasure(
            demo_db, dpo, request_id, seen_status="in_progress", typed_reference="K9999999", now=NOW
        )
    assert fingerprint(demo_db) == before


def test_an_erasure_cannot_be_applied_twice(demo_db: Database) -> None:
    dpo = demo_member(demo_db, Role.DPO)
    person = former_employee_with_holds(demo_db)
    request_id = ready_request(demo_db, dpo, person["id"])
    erasure_service.execute_erasure(
        demo_db,
        dpo,
        request_id,
        seen_status="in_progress",
        typed_reference=person["reference"],
        now=NOW,
    )
    after_first = fingerprint(demo_db)
    with pytest.raises(desk.AlreadyChanged):
        erasure_service.execute_erasure(
            demo_db,
            dpo,
            request_id,
            seen_status="in_progress",
            typed_reference=person["reference"],
            now=NOW,
        )
    assert fingerprint(demo_db) == after_first


def test_a_recruiter_calling_the_erasure_gets_not_permitted_and_nothing_changes(
    demo_db: Database,
) -> None:
    dpo = demo_member(demo_db, Role.DPO)
    person = former_employee_with_holds(demo_db)
    request_id = ready_request(demo_db, dpo, person["id"])
    before = fingerprint(demo_db)
    with pytest.raises(NotPermitted):
        erasure_service.execute_erasure(
            demo_db,
            demo_member(demo_db, Role.RECRUITER),
            request_id,
            seen_status="in_progress",
            typed_reference=person["reference"],
            now=NOW,
        )
    assert fingerprint(demo_db) == before


def test_what_the_preview_says_will_stay_is_what_stays(
    demo_db: Database,
) -> None:
    """The plan (the domain rule) and what the SQL leaves agree, to the day."""
    person = former_employee_with_holds(demo_db)
    dpo = demo_member(demo_db, Role.DPO)
    request_id = ready_request(demo_db, dpo, person["id"])
    planned = erasure_service.erasure_preview(demo_db, dpo, request_id, today=TODAY).plan.kept
    result = erasure_service.execute_erasure(
        demo_db,
        dpo,
        request_id,
        seen_status="in_progress",
        typed_reference=person["reference"],
        now=NOW,
    )
    assert list(result.record.kept) == planned
    assert all(isinstance(k.until, date) for k in planned)
