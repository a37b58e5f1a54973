"""Done-when of issue 10: no letter or certificate in the outbox of a demo run holds an English
code, a placeholder, or 'bijgaand' without an attachment; every letter to a person opens with
'Geachte heer/mevrouw' (or its English) and carries the privacy contact."""

from __future__ import annotations

import re
from datetime import datetime

from konnektus.db.database import Database
from konnektus.domain.permissions import Role
from konnektus.services import export as export_service
from konnektus.services import request_outcomes as outcomes
from konnektus.services import requests as desk
from tests.helpers import demo_member
from tests.services.test_erasure import current_employee, erase, former_employee_with_holds
from tests.services.test_settings_and_archive import finished_erasure

NOW = datetime(2026, 11, 26, 9, 0)
CODE = re.compile(r"\b[a-z]+_[a-z_]+\b|[$]\w|\{\w+\}")
TO_PEOPLE = {"certificate", "recipient_notice", "print_batch", "board_report"}


def started(db: Database, kind: str, person_id: int) -> int:
    dpo = demo_member(db, Role.DPO)
    request_id = desk.log_request(
        db,
        dpo,
        request_type=kind,
        channel="email",
        received_at=datetime(2026, 11, 25, 12),
        requester_name=f"Verzoeker {person_id}",
        requester_email="verzoeker@example.org",
        free_text=None,
        person_id=person_id,
        now=NOW,
    )
    desk.change_status(db, dpo, request_id, seen_status="received", target="in_progress", now=NOW)
    return request_id


def test_every_letter_of_a_demo_run_is_clean(demo_db: Database) -> None:
    dpo = demo_member(demo_db, Role.DPO)
    finished_erasure(demo_db)
    erase(demo_db, former_employee_with_holds(demo_db))
    erase(demo_db, current_employee(demo_db))
    people = [
        int(p)
        for (p,) in demo_db.query(
            "SELECT id FROM person WHERE erased_at IS NULL AND stage = 'employed'"
            " ORDER BY id LIMIT 4"
        )
    ]
    access = started(demo_db, "access", people[0])
    export_service.export_for_request(demo_db, dpo, access, now=NOW)
    posted = started(demo_db, "access", people[1])
    export_service.export_for_request(demo_db, dpo, posted, now=NOW, delivery="post")
    restriction = started(demo_db, "restriction", people[2])
    outcomes.restrict_processing(
        demo_db,
        dpo,
        restriction,
        seen_status="in_progress",
        disputed_field=None,
        reason="u betwist de juistheid",
        now=NOW,
    )
    outcomes.lift_restriction(demo_db, dpo, people[2], reason="gecontroleerd", now=NOW)
    extended = started(demo_db, "objection", people[3])
    desk.change_status(
        demo_db,
        dpo,
        extended,
        seen_status="in_progress",
        target="extended",
        reason="wij wachten op de opdrachtgever",
        now=NOW,
    )
    letters = demo_db.query("SELECT id, kind, body, subject FROM letter ORDER BY id")
    kinds = {kind for _, kind, _, _ in letters}
    assert {"erasure_certificate", "erasure_confirmation", "erasure_partial_refusal"} <= kinds
    assert {"access_cover", "access_cover_post", "restriction_applied"} <= kinds
    assert {"restriction_lifted", "extension_notice", "recipient_notice"} <= kinds
    for letter_id, kind, body, subject in letters:
        if kind in ("board_report", "print_batch") or body == "[verwijderd]":
            continue  # an erasure empties the letters it kept as proof of sending
        text = (body or "") + "\n" + subject
        assert not CODE.findall(text.replace("privacy@konnektus.nl", "")), (kind, letter_id)
        assert "bijgaand" not in text.lower(), (kind, letter_id)
        if kind.startswith("erasure_certificate") or kind == "recipient_notice":
            continue
        if kind in ("disclosure_notice", "refused_request_notice"):  # addressed by name
            assert body.startswith(("Geachte heer/mevrouw ", "Dear ")), kind
        else:
            assert body.startswith(("Geachte heer/mevrouw,", "Dear Sir or Madam,")), kind
        assert "privacy@konnektus.nl" in body, kind
