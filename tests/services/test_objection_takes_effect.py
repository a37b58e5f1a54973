"""An upheld objection (Art. 21) stops its purpose everywhere that purpose is used: a referee
gets nothing after an objection to reference checks; after one to job finding the person is
out of a recruiter's search, off the ask list, and their job-finding data is gone in the same
transaction (what a legal hold keeps stays), with the Art. 19 letters; after one to surveys
the survey answers are gone. The reason and the purpose are required, and the letter says
exactly what stopped and what went."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from konnektus.db.database import Database
from konnektus.domain.permissions import Role
from konnektus.domain.restriction import Restricted
from konnektus.domain.retention import RetentionState
from konnektus.i18n import error_text
from konnektus.services import request_outcomes as outcomes
from konnektus.services import requests as desk
from konnektus.services.retention import EVERYONE, list_targets
from konnektus.services.retention_letters import ask_to_extend
from konnektus.services.search import search_people
from konnektus.services.sharing import DisclosureRefused, register_disclosure
from tests.helpers import demo_member, fingerprint
from tests.services.test_rights_take_effect import due_person, restricted, started

NOW = datetime(2026, 11, 26, 9, 0)
TODAY = date(2026, 11, 26)


def uphold(db: Database, request_id: int, purpose: str) -> outcomes.ObjectionResult:
    return outcomes.uphold_objection(
        db,
        demo_member(db, Role.DPO),
        request_id,
        seen_status="in_progress",
        purpose=purpose,
        reason="uw belang weegt zwaarder dan het onze",
        now=NOW,
    )


def referee(db: Database) -> int:
    return int(db.query("SELECT id FROM recipient WHERE category = 'referee' LIMIT 1")[0][0])


def to_referee(db: Database, person_id: int) -> int:
    return register_disclosure(
        db,
        demo_member(db, Role.BACKOFFICE),
        person_id,
        referee(db),
        ["cv"],
        "reference_check",
        "contract",
        None,
        now=NOW,
    )


def items(db: Database, person_id: int) -> dict[str, int]:
    rows = db.query(
        "SELECT category, count(*) FROM personal_data_item WHERE person_id = ? GROUP BY ALL",
        [person_id],
    )
    return {str(c): int(n) for c, n in rows}


def former_employee_with_a_hold_and_a_cv_disclosed(db: Database) -> int:
    """Someone whose CV went to a recipient and whose payroll data a running hold keeps."""
    return int(
        db.query(
            "SELECT p.id FROM person p WHERE p.erased_at IS NULL AND p.restricted_since IS NULL"
            " AND EXISTS (SELECT 1 FROM personal_data_item i WHERE i.person_id = p.id"
            "  AND i.category = 'cv')"
            " AND EXISTS (SELECT 1 FROM personal_data_item i WHERE i.person_id = p.id"
            "  AND i.category = 'bsn')"
            " AND EXISTS (SELECT 1 FROM legal_hold h WHERE h.person_id = p.id"
            "  AND h.category = 'payroll_records' AND h.until >= ?)"
            " AND EXISTS (SELECT 1 FROM disclosure d WHERE d.person_id = p.id AND NOT d.blocked"
            "  AND list_contains(d.data_categories, 'cv'))"
            " ORDER BY p.id LIMIT 1",
            [TODAY],
        )[0][0]
    )


# --- reference checks -----------------------------------------------------------------------


def test_after_an_objection_to_reference_checks_a_referee_gets_nothing(
    demo_db: Database,
) -> None:
    person_id, _ = due_person(demo_db)
    uphold(demo_db, started(demo_db, "objection", person_id), "reference_check")
    before = fingerprint(demo_db)
    with pytest.raises(DisclosureRefused) as refused:
        to_referee(demo_db, person_id)
    assert refused.value.refusal.value == "purpose_objected"
    assert "bezwaar" in error_text(refused.value, "nl")
    assert "artikel 21 AVG" in error_text(refused.value, "nl")
    assert fingerprint(demo_db) == before


def test_a_referee_still_gets_a_reference_of_someone_who_did_not_object(
    demo_db: Database,
) -> None:
    person_id, _ = due_person(demo_db)
    assert to_referee(demo_db, person_id) > 0


def test_an_objection_to_reference_checks_removes_no_data(demo_db: Database) -> None:
    person_id, _ = due_person(demo_db)
    kept = items(demo_db, person_id)
    result = uphold(demo_db, started(demo_db, "objection", person_id), "reference_check")
    assert result.removed_items == {}
    assert items(demo_db, person_id) == kept


# --- job finding -----------------------------------------------------------------------------


def test_after_an_objection_to_job_finding_a_recruiter_no_longer_finds_the_person(
    demo_db: Database,
) -> None:
    person_id, _ = due_person(demo_db)
    reference = demo_db.query("SELECT reference FROM person WHERE id = ?", [person_id])[0][0]
    recruiter = demo_member(demo_db, Role.RECRUITER)
    found = search_people(demo_db, recruiter, reference, today=TODAY)
    assert [int(i) for i in found.results["id"]] == [person_id]
    request_id = started(demo_db, "objection", person_id)
    uphold(demo_db, request_id, "job_finding")
    assert search_people(demo_db, recruiter, reference, today=TODAY).total == 0
    by_dpo = search_people(demo_db, demo_member(demo_db, Role.DPO), reference, today=TODAY)
    assert [int(i) for i in by_dpo.results["id"]] == [person_id]
    assert int(by_dpo.results["job_finding_stopped_by"].iloc[0]) == request_id


def test_a_restricted_person_is_out_of_a_recruiters_search_but_the_dpo_finds_them(
    demo_db: Database,
) -> None:
    person_id, _ = due_person(demo_db)
    reference = demo_db.query("SELECT reference FROM person WHERE id = ?", [person_id])[0][0]
    restricted(demo_db, person_id)
    recruiter = demo_member(demo_db, Role.RECRUITER)
    assert search_people(demo_db, recruiter, reference, today=TODAY).total == 0
    by_dpo = search_people(demo_db, demo_member(demo_db, Role.DPO), reference, today=TODAY)
    assert by_dpo.results["restricted"].tolist() == [True]


def test_after_an_objection_to_job_finding_the_person_is_not_on_the_ask_list(
    demo_db: Database,
) -> None:
    person_id, expiry = due_person(demo_db)
    recruiter = demo_member(demo_db, Role.RECRUITER)
    assert person_id in list_targets(demo_db, recruiter, RetentionState.DUE, EVERYONE, today=TODAY)
    uphold(demo_db, started(demo_db, "objection", person_id), "job_finding")
    assert person_id not in list_targets(
        demo_db, recruiter, RetentionState.DUE, EVERYONE, today=TODAY
    )
    with pytest.raises(Restricted):
        ask_to_extend(demo_db, recruiter, {person_id: expiry}, now=NOW)


def test_an_objection_to_job_finding_erases_the_cv_and_keeps_what_a_hold_keeps(
    demo_db: Database,
) -> None:
    person_id = former_employee_with_a_hold_and_a_cv_disclosed(demo_db)
    before = items(demo_db, person_id)
    request_id = started(demo_db, "objection", person_id)
    result = uphold(demo_db, request_id, "job_finding")
    after = items(demo_db, person_id)
    assert "cv" in before and "cv" not in after
    assert not any(c in after for c in ("cv", "correspondence", "survey_answer"))
    for held in ("bsn", "bank_account", "insurance_pension", "identity_document"):
        assert after.get(held) == before.get(held)  # under the payroll and ID-copy holds
    assert result.removed_items["cv"] == before["cv"]
    # no placement of theirs runs any more, so every proposal was job finding only
    assert demo_db.query("SELECT count(*) FROM proposal WHERE person_id = ?", [person_id]) == [(0,)]
    # Art. 19: the recipients that got the CV are told, in the same transaction
    told = demo_db.query(
        "SELECT count(*) FROM recipient_notice WHERE person_id = ? AND request_id = ?",
        [person_id, request_id],
    )[0][0]
    assert told >= 1 and len(result.recipients_told) == told
    audit = demo_db.query("SELECT action, object_id FROM audit_entry ORDER BY id DESC LIMIT 1")
    assert audit == [("objection_upheld", person_id)]


def test_the_letter_says_what_stopped_and_what_was_removed(demo_db: Database) -> None:
    person_id = former_employee_with_a_hold_and_a_cv_disclosed(demo_db)
    with demo_db.transaction() as cur:
        cur.execute("UPDATE person SET language = 'nl' WHERE id = ?", [person_id])
    cvs = items(demo_db, person_id)["cv"]
    request_id = started(demo_db, "objection", person_id)
    result = uphold(demo_db, request_id, "job_finding")
    body = demo_db.query(
        "SELECT body FROM letter WHERE request_id = ? AND kind = 'objection_upheld'", [request_id]
    )[0][0]
    assert "uw bezwaar tegen bemiddeling naar werk toe" in body
    assert "zoekresultaten" in body and "opdrachtgevers" in body and "langer te bewaren" in body
    assert f"- cv ({cvs})" in body
    assert "uw belang weegt zwaarder dan het onze" in body
    assert all(name in body for name in result.recipients_told)
    assert "niet meer voor dit doel" not in body


# --- surveys ---------------------------------------------------------------------------------


def test_an_objection_to_surveys_removes_the_survey_answers_and_nothing_else(
    demo_db: Database,
) -> None:
    person_id = int(
        demo_db.query(
            "SELECT person_id FROM personal_data_item i JOIN person p ON p.id = i.person_id"
            " WHERE i.category = 'survey_answer' AND p.erased_at IS NULL"
            " AND p.restricted_since IS NULL ORDER BY person_id LIMIT 1"
        )[0][0]
    )
    before = items(demo_db, person_id)
    proposals = demo_db.query("SELECT count(*) FROM proposal WHERE person_id = ?", [person_id])
    request_id = started(demo_db, "objection", person_id)
    result = uphold(demo_db, request_id, "survey")
    after = items(demo_db, person_id)
    assert result.removed_items == {"survey_answer": before["survey_answer"]}
    assert after == {c: n for c, n in before.items() if c != "survey_answer"}
    assert demo_db.query("SELECT count(*) FROM proposal WHERE person_id = ?", [person_id]) == (
        proposals
    )
    body = demo_db.query(
        "SELECT body FROM letter WHERE request_id = ? AND kind = 'objection_upheld'", [request_id]
    )[0][0]
    assert "antwoorden op enquêtes" in body and "geen enquêtes meer" in body


# --- while restricted, and the refusals ------------------------------------------------------


def test_while_restricted_the_data_is_only_stored_and_goes_when_the_restriction_is_lifted(
    demo_db: Database,
) -> None:
    person_id = former_employee_with_a_hold_and_a_cv_disclosed(demo_db)
    before = items(demo_db, person_id)
    restriction = restricted(demo_db, person_id)
    request_id = started(demo_db, "objection", person_id)
    result = uphold(demo_db, request_id, "job_finding")
    assert result.kept_for_restriction == restriction
    assert items(demo_db, person_id) == before
    body = demo_db.query(
        "SELECT body FROM letter WHERE request_id = ? AND kind = 'objection_upheld'", [request_id]
    )[0][0]
    assert f"verzoek {restriction}" in body
    outcomes.lift_restriction(
        demo_db, demo_member(demo_db, Role.DPO), person_id, reason="opgelost", now=NOW
    )
    assert "cv" not in items(demo_db, person_id)
    assert items(demo_db, person_id)["bsn"] == before["bsn"]


@pytest.mark.parametrize(
    ("purpose", "reason", "code"),
    [
        (None, "een reden", "purpose_required"),
        ("", "een reden", "purpose_required"),
        ("marketing", "een reden", "purpose_required"),
        ("job_finding", "", "reason_missing"),
        ("job_finding", "   \n ", "reason_missing"),
        ("job_finding", None, "reason_missing"),
    ],
)
def test_an_objection_without_purpose_or_reason_is_refused_and_nothing_changes(
    demo_db: Database, purpose: str | None, reason: str | None, code: str
) -> None:
    person_id, _ = due_person(demo_db)
    request_id = started(demo_db, "objection", person_id)
    before = fingerprint(demo_db)
    dpo = demo_member(demo_db, Role.DPO)
    with pytest.raises(desk.RequestError) as refused:
        outcomes.uphold_objection(
            demo_db, dpo, request_id, seen_status="in_progress", purpose=purpose,
            reason=reason, now=NOW,
        )  # fmt: skip
    assert refused.value.code == code
    with pytest.raises(desk.RequestError) as previewed:
        outcomes.objection_effect(demo_db, dpo, request_id, purpose, reason, language="nl", now=NOW)
    assert previewed.value.code == code
    assert fingerprint(demo_db) == before


def test_the_confirmation_names_what_stops_and_what_will_be_erased(demo_db: Database) -> None:
    person_id = former_employee_with_a_hold_and_a_cv_disclosed(demo_db)
    cvs = items(demo_db, person_id)["cv"]
    request_id = started(demo_db, "objection", person_id)
    before = fingerprint(demo_db)
    effect = outcomes.objection_effect(
        demo_db, demo_member(demo_db, Role.DPO), request_id, "job_finding", "reden",
        language="nl", now=NOW,
    )  # fmt: skip
    assert effect.startswith(
        "Bemiddeling naar werk stopt: uit de zoekresultaten, geen voordrachten,"
        " geen verlengingsvraag; "
    )
    assert f"cv ({cvs})" in effect and effect.endswith("worden verwijderd")
    assert "burgerservicenummer" not in effect.lower() and "bsn" not in effect.lower()
    assert fingerprint(demo_db) == before
