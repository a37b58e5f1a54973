"""Buttons from the state, after every action (issue 20, point 3): every transition of the
table, for every type of request, is clicked on the request desk, and after each click the
request is drawn from its new state, with exactly the buttons that state allows and a
sentence saying what changed. Parametrised over the transition table, so it grows with it."""

from __future__ import annotations

from datetime import UTC, timedelta
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from konnektus.db.database import Database
from konnektus.domain.deadlines import REQUEST_TYPES
from konnektus.domain.permissions import Role
from konnektus.domain.requests import (
    CLOSED_STATUSES,
    COMPLETED_BY_DECISION,
    TRANSITIONS,
    RequestState,
    RequestStatus,
    offered_moves,
)
from konnektus.i18n import translate
from konnektus.services import requests as desk_service
from konnektus.ui.request_detail import ACTIONS
from tests.conftest import DEMO_TODAY
from tests.helpers import demo_member
from tests.ui.conftest import DEMO_MOMENT, ROOT, app_test, error_texts, persona_id

PAGE = ROOT / "pages" / "requests.py"
S = RequestStatus
KEY = {target: f"to_{key}" for target, key, _ in ACTIONS}
STEPS = [(source, target) for source, targets in TRANSITIONS.items() for target in sorted(targets)]
NOW = DEMO_MOMENT.astimezone(UTC).replace(tzinfo=None)
# how a fresh request is brought into each open status before the step is clicked
PATH = {
    S.RECEIVED: (),
    S.AWAITING_IDENTITY: (S.AWAITING_IDENTITY,),
    S.IN_PROGRESS: (S.IN_PROGRESS,),
    S.EXTENDED: (S.IN_PROGRESS, S.EXTENDED),
}


def fresh_request(path: Path, request_type: str, status: RequestStatus, *, linked: bool) -> int:
    db = Database.open(path)
    try:
        dpo = demo_member(db, Role.DPO)
        person, name = db.query(
            "SELECT id, given_name || ' ' || family_name FROM person WHERE erased_at IS NULL"
            " AND tussenvoegsel IS NULL ORDER BY id LIMIT 1"
        )[0]
        request_id = desk_service.log_request(
            db,
            dpo,
            request_type=request_type,
            channel="email",
            received_at=NOW - timedelta(hours=1),
            requester_name=name,
            requester_email=None,
            free_text=None,
            person_id=int(person) if linked else None,
            now=NOW,
        )
        seen = S.RECEIVED
        for step in PATH[status]:
            desk_service.change_status(
                db, dpo, request_id, seen_status=seen, target=step, reason="twijfel", now=NOW
            )
            seen = step
        return request_id
    finally:
        db.close()


def status_buttons(at: AppTest) -> set[str]:
    return {b.key for b in at.button if b.key in KEY.values()}


def offered_keys(path: Path, request_id: int) -> set[str]:
    """The buttons the domain's one rule allows for the request as it is in the database."""
    db = Database.open(path)
    try:
        status, kind, person, one_month_mark = db.query(
            "SELECT status, type, person_id, one_month_mark FROM request WHERE id = ?",
            [request_id],
        )[0]
    finally:
        db.close()
    state = RequestState(
        status=S(status),
        request_type=kind,
        linked=person is not None,
        received_on=DEMO_TODAY,
        one_month_mark=one_month_mark,
        identity_question_days=7,
    )
    return {KEY[s] for s in offered_moves(state, DEMO_TODAY)}


def opened(path: Path, request_id: int) -> AppTest:
    at = app_test(PAGE, staff_id=persona_id(path, Role.DPO))
    at.session_state["open_request"] = request_id
    at.run()
    assert not at.exception
    return at


@pytest.mark.parametrize("request_type", REQUEST_TYPES)
@pytest.mark.parametrize(("source", "target"), STEPS, ids=lambda s: str(s))
def test_after_each_step_the_request_shows_only_the_buttons_of_its_new_state(
    use_db: Path, request_type: str, source: RequestStatus, target: RequestStatus
) -> None:
    request_id = fresh_request(use_db, request_type, source, linked=True)
    at = opened(use_db, request_id)
    assert status_buttons(at) == offered_keys(use_db, request_id)
    if target is S.COMPLETED and (
        request_type == "erasure" or request_type in COMPLETED_BY_DECISION
    ):
        # completed by carrying it out (the erasure, the decision), never by this button
        assert KEY[target] not in status_buttons(at)
        return
    at.text_input(key=f"reason_{request_id}").input("Reden voor deze stap")
    at.button(key=KEY[target]).click().run()
    assert not at.exception and not error_texts(at)
    db = Database.open(use_db)
    assert db.query("SELECT status FROM request WHERE id = ?", [request_id]) == [(target.value,)]
    db.close()
    after = status_buttons(at)
    assert after == offered_keys(use_db, request_id)
    if target in CLOSED_STATUSES:
        assert after == set(), "a closed request offers no step"
    word = translate(f"status.{target.value}", "nl")
    assert translate("requests.moved", "nl", id=request_id, status=word) in [
        s.value for s in at.success
    ]


def test_a_request_linked_to_nobody_offers_linking_first_and_then_identity_confirmation(
    use_db: Path,
) -> None:
    request_id = fresh_request(use_db, "access", S.AWAITING_IDENTITY, linked=False)
    at = opened(use_db, request_id)
    assert status_buttons(at) == {KEY[S.REJECTED], KEY[S.WITHDRAWN]}
    assert translate("requests.link_first", "nl") in [i.value for i in at.info]
    assert f"proof_arrived_{request_id}" not in {d.key for d in at.date_input}
    # the requester's name finds the demo's people of that name: link the first one
    at.button(key="match_person").click().run()
    assert not at.exception and not error_texts(at)
    db = Database.open(use_db)
    [(person,)] = db.query("SELECT person_id FROM request WHERE id = ?", [request_id])
    db.close()
    assert person is not None
    assert any(s.value.startswith(f"Verzoek {request_id} is gekoppeld aan") for s in at.success)
    assert status_buttons(at) == {KEY[S.IN_PROGRESS], KEY[S.REJECTED], KEY[S.WITHDRAWN]}
    assert at.button(key=KEY[S.IN_PROGRESS]).label == "Identiteit geverifieerd"
    at.button(key=KEY[S.IN_PROGRESS]).click().run()
    assert not at.exception and not error_texts(at)
    assert KEY[S.IN_PROGRESS] not in status_buttons(at)
