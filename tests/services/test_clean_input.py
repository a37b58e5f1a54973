"""Typed text is clean and bounded in the services, whatever the widgets allow (issue 13,
break 9): control characters removed from names and notes, refused in e-mail addresses,
markup that is no address refused, and lengths limited."""

from __future__ import annotations

from datetime import datetime

import pytest

from konnektus.db.database import Database
from konnektus.domain.errors import CodedError
from konnektus.domain.permissions import Role
from konnektus.services import requests as desk
from konnektus.services.rectification import rectify_person
from tests.helpers import demo_member

NOW = datetime(2026, 11, 26, 9, 0)


def log(db: Database, **typed: object) -> int:
    values: dict[str, object] = {
        "requester_name": "Jan de Vries",
        "requester_email": None,
        "free_text": None,
    } | typed
    return desk.log_request(
        db,
        demo_member(db, Role.DPO),
        request_type="access",
        channel="email",
        received_at=datetime(2026, 11, 20, 9),
        person_id=None,
        now=NOW,
        **values,  # type: ignore[arg-type]
    )


def test_control_characters_are_removed_from_a_requester_and_a_note(demo_db: Database) -> None:
    request_id = log(
        demo_db, requester_name="Jan\x00 de\x1b[31m Vries\x07", free_text="regel 1\nregel\x00 2"
    )
    assert demo_db.query(
        "SELECT requester_name, free_text FROM request WHERE id = ?", [request_id]
    ) == [("Jan de[31m Vries", "regel 1\nregel 2")]


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ({"requester_email": "jan\x00@ziggo.nl"}, "not_an_email"),
        ({"requester_email": "jan\x1b@ziggo.nl"}, "not_an_email"),
        ({"requester_email": "<svg/onload=alert(1)>@x.nl"}, "not_an_email"),
        ({"requester_name": "\x00\x07\x1b"}, "requester_name_required"),
        ({"requester_name": "J" * 201}, "text_too_long"),
        ({"free_text": "x" * 10_001}, "text_too_long"),
    ],
)
def test_bad_input_to_the_intake_is_refused_and_nothing_is_written(
    demo_db: Database, typed: dict[str, object], code: str
) -> None:
    before = demo_db.query("SELECT count(*) FROM request")
    with pytest.raises(CodedError) as refused:
        log(demo_db, **typed)
    assert refused.value.code == code
    assert demo_db.query("SELECT count(*) FROM request") == before


def test_a_reason_is_bounded_and_cleaned(demo_db: Database) -> None:
    dpo = demo_member(demo_db, Role.DPO)
    request_id = log(demo_db)
    with pytest.raises(CodedError) as refused:
        desk.change_status(
            demo_db, dpo, request_id, seen_status="received", target="rejected",
            reason="r" * 2001, now=NOW,
        )  # fmt: skip
    assert refused.value.code == "text_too_long"
    desk.change_status(
        demo_db, dpo, request_id, seen_status="received", target="rejected",
        reason="al\x00 eerder\x1b gevraagd", now=NOW,
    )  # fmt: skip
    assert demo_db.query("SELECT outcome_reason FROM request WHERE id = ?", [request_id]) == [
        ("al eerder gevraagd",)
    ]


def test_a_rectified_name_loses_its_control_characters(demo_db: Database) -> None:
    dpo = demo_member(demo_db, Role.DPO)
    person_id = int(demo_db.query("SELECT min(id) FROM person WHERE erased_at IS NULL")[0][0])
    with pytest.raises(CodedError):
        rectify_person(demo_db, dpo, person_id, {"email": "a\x00b@ziggo.nl"}, now=NOW)
    rectify_person(demo_db, dpo, person_id, {"given_name": "Ann\x07e"}, now=NOW)
    assert demo_db.query("SELECT given_name FROM person WHERE id = ?", [person_id]) == [("Anne",)]
