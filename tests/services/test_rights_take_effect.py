"""Rights that take effect: a restriction blocks each action it must block until the DPO
lifts it, an upheld objection stops its processing, a human review is recorded, and every
answer goes out as a letter. (Extending an erasure: tests/services/test_request_desk.py.)"""

from __future__ import annotations

from datetime import datetime

import pytest

from konnektus.db.database import Database
from konnektus.domain.permissions import NotPermitted, Role
from konnektus.domain.restriction import Restricted
from konnektus.services import request_outcomes as outcomes
from konnektus.services import requests as desk
from konnektus.services.rectification import rectify_person
from konnektus.services.retention_letters import ask_to_extend
from konnektus.services.sharing import register_disclosure
from tests.helpers import demo_member

NOW = datetime(2026, 11, 26, 9, 0)


def started(db: Database, kind: str, person_id: int | None) -> int:
    dpo = demo_member(db, Role.DPO)
    request_id = desk.log_request(
        db,
        dpo,
        request_type=kind,
        channel="email",
        received_at=datetime(2026, 11, 25, 12),
        requester_name="Verzoeker",
        requester_email=None,
        free_text=None,
        person_id=person_id,
        now=NOW,
    )
    desk.change_status(db, dpo, request_id, seen_status="received", target="in_progress", now=NOW)
    return request_id


def due_person(db: Database) -> tuple[int, object]:
    """Someone the retention page would ask to extend today (due, not yet asked)."""
    row = db.query(
        "SELECT id, retention_expiry FROM person WHERE erased_at IS NULL AND extension_state ="
        " 'none' AND stage IN ('applicant', 'proposed') AND retention_expiry BETWEEN"
        " DATE '2026-11-27' AND DATE '2027-01-20' ORDER BY id LIMIT 1"
    )[0]
    return int(row[0]), row[1]


def restricted(db: Database, person_id: int, field: str | None = "city") -> int:
    request_id = started(db, "restriction", person_id)
    outcomes.restrict_processing(
        db,
        demo_member(db, Role.DPO),
        request_id,
        seen_status="in_progress",
        disputed_field=field,
        reason="u betwist uw woonplaats; wij zoeken het uit",
        now=NOW,
    )
    return request_id


def test_a_restriction_marks_the_person_and_closes_the_request_with_a_letter(
    demo_db: Database,
) -> None:
    person_id, _ = due_person(demo_db)
    request_id = restricted(demo_db, person_id)
    assert demo_db.query(
        "SELECT restriction_request_id, restriction_field FROM person WHERE id = ?", [person_id]
    ) == [(request_id, "city")]
    assert demo_db.query("SELECT status FROM request WHERE id = ?", [request_id]) == [
        ("completed",)
    ]
    kinds = demo_db.query("SELECT kind FROM letter WHERE request_id = ?", [request_id])
    assert ("restriction_applied",) in kinds
    assert demo_db.query("SELECT action FROM audit_entry ORDER BY id DESC LIMIT 1") == [
        ("restriction_set",)
    ]


def test_a_restricted_person_cannot_be_asked_to_extend(demo_db: Database) -> None:
    person_id, expiry = due_person(demo_db)
    request_id = restricted(demo_db, person_id)
    with pytest.raises(Restricted) as refused:
        ask_to_extend(demo_db, demo_member(demo_db, Role.RECRUITER), {person_id: expiry}, now=NOW)
    assert (refused.value.code, refused.value.params) == (
        "person_restricted",
        {"request": request_id},
    )
    assert demo_db.query("SELECT extension_state FROM person WHERE id = ?", [person_id]) == [
        ("none",)
    ]


def test_a_restricted_person_gets_no_new_disclosure(demo_db: Database) -> None:
    person_id, _ = due_person(demo_db)
    restricted(demo_db, person_id)
    before = demo_db.query("SELECT count(*) FROM disclosure")
    with pytest.raises(Restricted) as refused:
        register_disclosure(
            demo_db,
            demo_member(demo_db, Role.BACKOFFICE),
            person_id,
            1,
            ["bsn"],
            "loonaangifte",
            "legal_obligation",
            None,
            now=NOW,
        )
    assert refused.value.code == "person_restricted"
    assert demo_db.query("SELECT count(*) FROM disclosure") == before


def test_only_the_disputed_field_may_be_corrected_while_restricted(demo_db: Database) -> None:
    person_id, _ = due_person(demo_db)
    request_id = restricted(demo_db, person_id, field="city")
    dpo = demo_member(demo_db, Role.DPO)
    with pytest.raises(Restricted) as refused:
        rectify_person(demo_db, dpo, person_id, {"phone": "0612345678"}, now=NOW)
    assert refused.value.code == "restricted_other_field"
    assert refused.value.params["request"] == request_id
    assert rectify_person(demo_db, dpo, person_id, {"city": "Utrecht"}, now=NOW) == ["city"]


def test_lifting_is_the_dpos_and_sends_a_letter(demo_db: Database) -> None:
    person_id, expiry = due_person(demo_db)
    request_id = restricted(demo_db, person_id)
    with pytest.raises(NotPermitted):
        outcomes.lift_restriction(
            demo_db, demo_member(demo_db, Role.BACKOFFICE), person_id, reason="x", now=NOW
        )
    outcomes.lift_restriction(
        demo_db, demo_member(demo_db, Role.DPO), person_id, reason="woonplaats klopt", now=NOW
    )
    assert demo_db.query("SELECT restricted_since FROM person WHERE id = ?", [person_id]) == [
        (None,)
    ]
    body = demo_db.query(
        "SELECT body FROM letter WHERE request_id = ? AND kind = 'restriction_lifted'",
        [request_id],
    )[0][0]
    assert "woonplaats klopt" in body and "Geachte heer/mevrouw" in body
    report = ask_to_extend(
        demo_db, demo_member(demo_db, Role.RECRUITER), {person_id: expiry}, now=NOW
    )
    assert report.by_email + report.by_print == 1


def test_an_upheld_objection_to_job_finding_stops_the_extension_question(
    demo_db: Database,
) -> None:
    person_id, expiry = due_person(demo_db)
    request_id = started(demo_db, "objection", person_id)
    outcomes.uphold_objection(
        demo_db,
        demo_member(demo_db, Role.DPO),
        request_id,
        seen_status="in_progress",
        purpose="job_finding",
        reason="u wilt niet meer bemiddeld worden",
        now=NOW,
    )
    with pytest.raises(Restricted):
        ask_to_extend(demo_db, demo_member(demo_db, Role.RECRUITER), {person_id: expiry}, now=NOW)
    body = demo_db.query(
        "SELECT body FROM letter WHERE request_id = ? AND kind = 'objection_upheld'", [request_id]
    )[0][0]
    assert "bemiddeling naar werk" in body


def test_a_human_review_is_recorded_with_its_outcome(demo_db: Database) -> None:
    person_id, _ = due_person(demo_db)
    request_id = started(demo_db, "automated_decision", person_id)
    outcomes.record_human_review(
        demo_db,
        demo_member(demo_db, Role.DPO),
        request_id,
        seen_status="in_progress",
        outcome="de afwijzing is opnieuw beoordeeld en herzien",
        now=NOW,
    )
    assert demo_db.query(
        "SELECT status, outcome_reason FROM request WHERE id = ?", [request_id]
    ) == [("completed", "de afwijzing is opnieuw beoordeeld en herzien")]
    assert demo_db.query(
        "SELECT count(*) FROM letter WHERE request_id = ? AND kind = 'automated_review'",
        [request_id],
    ) == [(1,)]


def test_other_requests_may_still_be_extended(demo_db: Database) -> None:
    person_id, _ = due_person(demo_db)
    request_id = started(demo_db, "access", person_id)
    desk.change_status(
        demo_db,
        demo_member(demo_db, Role.DPO),
        request_id,
        seen_status="in_progress",
        target="extended",
        reason="veel gegevens",
        now=NOW,
    )


def test_asking_for_identity_and_refusing_each_send_their_letter(demo_db: Database) -> None:
    dpo = demo_member(demo_db, Role.DPO)
    person_id, _ = due_person(demo_db)
    request_id = desk.log_request(
        demo_db,
        dpo,
        request_type="access",
        channel="email",
        received_at=datetime(2026, 11, 25, 12),
        requester_name="Verzoeker",
        requester_email="v@example.org",
        free_text=None,
        person_id=person_id,
        now=NOW,
    )
    desk.change_status(
        demo_db,
        dpo,
        request_id,
        seen_status="received",
        target="awaiting_identity",
        reason="het verzoek kwam van een onbekend adres",
        now=NOW,
    )
    desk.change_status(
        demo_db,
        dpo,
        request_id,
        seen_status="awaiting_identity",
        target="rejected",
        reason="wij konden niet vaststellen dat het verzoek van u kwam",
        now=NOW,
    )
    letters = demo_db.query(
        "SELECT kind, body FROM letter WHERE request_id = ? ORDER BY id", [request_id]
    )
    assert [kind for kind, _ in letters] == ["identity_request", "request_refusal"]
    assert "niet vaststellen" in letters[1][1] and "rechter" in letters[1][1]


def test_a_finished_rectification_confirms_exactly_what_changed(demo_db: Database) -> None:
    dpo = demo_member(demo_db, Role.DPO)
    person_id, _ = due_person(demo_db)
    request_id = started(demo_db, "rectification", person_id)
    rectify_person(demo_db, dpo, person_id, {"city": "Zwolle"}, request_id=request_id, now=NOW)
    desk.change_status(
        demo_db, dpo, request_id, seen_status="in_progress", target="completed", now=NOW
    )
    body = demo_db.query(
        "SELECT body FROM letter WHERE request_id = ? AND kind = 'rectification_done'",
        [request_id],
    )[0][0]
    assert "- Woonplaats: Zwolle" in body


def test_an_extension_notice_counts_as_sent_only_once_it_is_delivered(demo_db: Database) -> None:
    person_id, _ = due_person(demo_db)
    with demo_db.transaction() as cur:  # no e-mail address: the notice goes by post
        cur.execute("UPDATE person SET email = NULL WHERE id = ?", [person_id])
    request_id = started(demo_db, "access", person_id)
    dpo = demo_member(demo_db, Role.DPO)
    desk.change_status(
        demo_db,
        dpo,
        request_id,
        seen_status="in_progress",
        target="extended",
        reason="veel gegevens bij verschillende opdrachtgevers",
        now=NOW,
    )
    assert demo_db.query(
        "SELECT extension_notice_sent_at FROM request WHERE id = ?", [request_id]
    ) == [(None,)]
    letter_id, status = demo_db.query(
        "SELECT id, delivery_status FROM letter WHERE request_id = ? AND kind = 'extension_notice'",
        [request_id],
    )[0]
    assert status == "not_applicable"
    posted = datetime(2026, 11, 27, 8)
    outcomes.record_letter_posted(demo_db, dpo, int(letter_id), now=posted)
    assert demo_db.query(
        "SELECT extension_notice_sent_at FROM request WHERE id = ?", [request_id]
    ) == [(posted,)]
    with pytest.raises(desk.RequestError) as refused:
        outcomes.record_letter_posted(demo_db, dpo, int(letter_id), now=posted)
    assert refused.value.code == "letter_not_for_post"


def test_the_access_answer_names_a_stopped_purpose_in_words(demo_db: Database) -> None:
    from tests.services.test_access_answer import answer_of, opened

    person_id, _ = due_person(demo_db)
    request_id = started(demo_db, "objection", person_id)
    outcomes.uphold_objection(
        demo_db,
        demo_member(demo_db, Role.DPO),
        request_id,
        seen_status="in_progress",
        purpose="survey",
        reason="u wilt geen enquêtes meer",
        now=NOW,
    )
    exported, _ = answer_of(demo_db, person_id)
    html = opened(exported).read("statement.html").decode()
    assert "niet meer voor: enquêtes en tevredenheidsonderzoek." in html
    assert "survey" not in html
