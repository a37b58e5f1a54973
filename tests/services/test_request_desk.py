"""The request desk through its services, on a real demo database."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime

import pytest

from konnektus.db import audit
from konnektus.db.database import Database
from konnektus.domain.permissions import Role
from konnektus.domain.requests import (
    ExtensionTooLate,
    IdentityPauseRefused,
    InvalidTransition,
    MoveRefused,
    ReasonRequired,
)
from konnektus.services import requests as desk
from konnektus.services.settings import SettingRefused, update_identity_question_days
from tests.helpers import demo_member, fingerprint

NOW = datetime(2026, 11, 26, 9, 0)  # UTC
TODAY = date(2026, 11, 26)


@pytest.fixture
def dpo(demo_db: Database):  # type: ignore[no-untyped-def]
    return demo_member(demo_db, Role.DPO)


def some_person(db: Database) -> int:
    return int(db.query("SELECT min(id) FROM person WHERE erased_at IS NULL")[0][0])


def log(
    db: Database,
    actor,
    request_type: str = "access",
    received: datetime | None = None,  # type: ignore[no-untyped-def]
    person: int | None = None,
) -> int:
    return desk.log_request(
        db,
        actor,
        request_type=request_type,
        channel="email",
        received_at=received or datetime(2026, 11, 20, 10, 0),
        requester_name="Jan de Vries",
        requester_email="jan@example.nl",
        free_text="Ik wil mijn gegevens zien.",
        person_id=person,
        now=NOW,
    )


def row(db: Database, request_id: int, columns: str) -> tuple:  # type: ignore[type-arg]
    return tuple(db.query(f"SELECT {columns} FROM request WHERE id = ?", [request_id])[0])


@pytest.mark.parametrize(
    ("request_type", "received", "mark", "due"),
    [
        # erasure has the month of every type: 2 March 2026 + 1 month = Thursday 2 April
        ("erasure", datetime(2026, 3, 2, 10, 0), date(2026, 4, 2), date(2026, 4, 2)),
        # received 5 March: + 1 month = Sunday 5 April, then Easter Monday -> Tuesday 7 April
        ("erasure", datetime(2026, 3, 5, 10, 0), date(2026, 4, 7), date(2026, 4, 7)),
        ("access", datetime(2026, 3, 2, 10, 0), date(2026, 4, 2), date(2026, 4, 2)),
        # a late-evening mail on 31 January (Amsterdam): one month ends 28 February
        # (Saturday) -> Monday 2 March
        ("access", datetime(2026, 1, 31, 23, 30), date(2026, 3, 2), date(2026, 3, 2)),
    ],
)
def test_a_logged_request_carries_the_one_month_mark_and_due_date_of_deadlines_md(
    demo_db: Database,
    dpo,
    request_type: str,
    received: datetime,
    mark: date,
    due: date,  # type: ignore[no-untyped-def]
) -> None:
    request_id = log(demo_db, dpo, request_type, received)
    assert row(demo_db, request_id, "one_month_mark, due_date, original_due_date, status") == (
        mark,
        due,
        due,
        "received",
    )


def test_an_aware_utc_receipt_late_in_the_evening_counts_from_the_amsterdam_date(
    demo_db: Database,
    dpo,  # type: ignore[no-untyped-def]
) -> None:
    request_id = log(demo_db, dpo, "access", datetime(2025, 3, 31, 22, 30, tzinfo=UTC))
    # 1 April 2025 Amsterdam + 1 month = Thursday 1 May 2025
    assert row(demo_db, request_id, "one_month_mark")[0] == date(2025, 5, 1)


def test_logging_writes_the_request_its_event_and_an_audit_entry_together(
    demo_db: Database,
    dpo,  # type: ignore[no-untyped-def]
) -> None:
    request_id = log(demo_db, dpo)
    assert demo_db.query(
        "SELECT to_status FROM request_event WHERE request_id = ?", [request_id]
    ) == [("received",)]
    last = demo_db.query(
        "SELECT action, object_id, details FROM audit_entry ORDER BY id DESC LIMIT 1"
    )[0]
    assert last[0] == "request_logged" and last[1] == request_id
    assert "Jan" not in last[2] and "jan@example.nl" not in last[2]


@pytest.mark.parametrize(
    ("field", "value", "code", "params"),
    [
        ("request_type", "complaint", "unknown_request_type", {}),
        ("channel", "pigeon", "unknown_channel", {}),
        ("requester_name", "  ", "requester_name_required", {}),
        ("requester_email", "jan@", "not_an_email", {"email": "jan@"}),
    ],
)
def test_bad_intake_is_refused_with_a_clear_message_and_nothing_written(
    demo_db: Database,
    dpo,
    field: str,
    value: str,
    code: str,
    params: dict[str, str],  # type: ignore[no-untyped-def]
) -> None:
    before = demo_db.query("SELECT count(*) FROM request")
    values = dict(
        request_type="access",
        channel="email",
        received_at=datetime(2026, 11, 20),
        requester_name="Jan",
        requester_email=None,
        free_text=None,
        person_id=None,
    )
    values[field] = value
    with pytest.raises(desk.RequestError) as refused:
        desk.log_request(demo_db, dpo, now=NOW, **values)  # type: ignore[arg-type]
    assert (refused.value.code, refused.value.params) == (code, params)
    assert demo_db.query("SELECT count(*) FROM request") == before


def test_a_receipt_in_the_future_is_refused(demo_db: Database, dpo) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(desk.RequestError) as refused:
        log(demo_db, dpo, received=datetime(2026, 12, 1))
    assert refused.value.code == "received_in_future"
    assert refused.value.params == {"received": datetime(2026, 11, 30, 23, 0)}  # stored UTC


def test_waiting_for_identity_pauses_the_clock_and_moves_the_due_date(
    demo_db: Database,
    dpo,  # type: ignore[no-untyped-def]
) -> None:
    request_id = log(demo_db, dpo, "access", datetime(2026, 11, 2, 10, 0), some_person(demo_db))
    desk.change_status(
        demo_db,
        dpo,
        request_id,
        seen_status="received",
        target="awaiting_identity",
        reason="het e-mailadres is niet het adres dat wij kennen",
        now=datetime(2026, 11, 3, 9, 0),
    )
    # clicked on 16 November, but the proof came in on the 12th: the pause ends then
    desk.change_status(
        demo_db,
        dpo,
        request_id,
        seen_status="awaiting_identity",
        target="in_progress",
        proof_arrived_on=date(2026, 11, 12),
        now=datetime(2026, 11, 16, 9, 0),
    )
    # 9 days waited: 2 Dec + 9 = Friday 11 December 2026
    assert row(demo_db, request_id, "paused_days, due_date") == (9, date(2026, 12, 11))
    # the doubt and the arrival day are on the timeline
    notes = [
        n
        for (n,) in demo_db.query(
            "SELECT note FROM request_event WHERE request_id = ? ORDER BY id", [request_id]
        )
    ]
    assert "het e-mailadres is niet het adres dat wij kennen" in notes
    assert "Bewijs van identiteit ontvangen op 12-11-2026." in notes


def awaiting(db: Database, dpo, request_id: int) -> None:  # type: ignore[no-untyped-def]
    desk.change_status(
        db,
        dpo,
        request_id,
        seen_status="received",
        target="awaiting_identity",
        reason="twijfel aan de afzender",
        now=datetime(2026, 11, 3, 9, 0),  # 10:00 on 3 November in Amsterdam
    )


@pytest.mark.parametrize(
    ("asked_at", "reason", "code"),
    [
        (datetime(2026, 11, 10, 9, 0), "twijfel", "identity_question_too_late"),  # day 8
        (datetime(2026, 11, 3, 9, 0), None, "identity_doubt_required"),
        (datetime(2026, 11, 3, 9, 0), "  ", "identity_doubt_required"),
    ],
)
def test_an_identity_question_late_or_without_a_doubt_is_refused_and_changes_nothing(
    demo_db: Database,
    dpo,  # type: ignore[no-untyped-def]
    asked_at: datetime,
    reason: str | None,
    code: str,
) -> None:
    request_id = log(demo_db, dpo, "access", datetime(2026, 11, 2, 10, 0))
    before = fingerprint(demo_db)
    with pytest.raises(IdentityPauseRefused) as refused:
        desk.change_status(
            demo_db,
            dpo,
            request_id,
            seen_status="received",
            target="awaiting_identity",
            reason=reason,
            now=asked_at,
        )
    assert refused.value.code == code
    assert fingerprint(demo_db) == before


def test_the_question_on_the_seventh_day_still_pauses(
    demo_db: Database,
    dpo,  # type: ignore[no-untyped-def]
) -> None:
    request_id = log(demo_db, dpo, "access", datetime(2026, 11, 2, 10, 0))
    desk.change_status(
        demo_db,
        dpo,
        request_id,
        seen_status="received",
        target="awaiting_identity",
        reason="twijfel",
        now=datetime(2026, 11, 9, 22, 30),  # 23:30 on 9 November in Amsterdam: day 7
    )
    assert row(demo_db, request_id, "status") == ("awaiting_identity",)


def test_a_longer_policy_lets_a_later_question_pause(
    demo_db: Database,
    dpo,  # type: ignore[no-untyped-def]
) -> None:
    update_identity_question_days(demo_db, dpo, 10, now=datetime(2026, 11, 1, 9, 0))
    request_id = log(demo_db, dpo, "access", datetime(2026, 11, 2, 10, 0))
    desk.change_status(
        demo_db,
        dpo,
        request_id,
        seen_status="received",
        target="awaiting_identity",
        reason="twijfel",
        now=datetime(2026, 11, 12, 9, 0),  # day 10
    )
    assert row(demo_db, request_id, "status") == ("awaiting_identity",)
    with pytest.raises(SettingRefused) as refused:
        update_identity_question_days(demo_db, dpo, 31, now=datetime(2026, 11, 1, 9, 0))
    assert refused.value.params == {"low": 0, "high": 30}


@pytest.mark.parametrize(
    ("arrived", "code"),
    [
        (date(2026, 11, 2), "proof_arrival_before_question"),  # the day before the question
        (date(2026, 11, 17), "proof_arrival_in_future"),  # tomorrow
        (None, "proof_arrival_required"),
    ],
)
def test_a_proof_arrival_in_the_future_or_before_the_question_is_refused_and_changes_nothing(
    demo_db: Database,
    dpo,  # type: ignore[no-untyped-def]
    arrived: date | None,
    code: str,
) -> None:
    request_id = log(demo_db, dpo, "access", datetime(2026, 11, 2, 10, 0), some_person(demo_db))
    awaiting(demo_db, dpo, request_id)
    before = fingerprint(demo_db)
    with pytest.raises(IdentityPauseRefused) as refused:
        desk.change_status(
            demo_db,
            dpo,
            request_id,
            seen_status="awaiting_identity",
            target="in_progress",
            proof_arrived_on=arrived,
            now=datetime(2026, 11, 16, 9, 0),
        )
    assert refused.value.code == code
    assert fingerprint(demo_db) == before


@pytest.mark.parametrize(("arrived", "paused"), [(date(2026, 11, 3), 0), (date(2026, 11, 16), 13)])
def test_proof_arriving_on_the_question_day_or_today_pauses_exactly_those_days(
    demo_db: Database,
    dpo,  # type: ignore[no-untyped-def]
    arrived: date,
    paused: int,
) -> None:
    request_id = log(demo_db, dpo, "access", datetime(2026, 11, 2, 10, 0), some_person(demo_db))
    awaiting(demo_db, dpo, request_id)
    desk.change_status(
        demo_db,
        dpo,
        request_id,
        seen_status="awaiting_identity",
        target="in_progress",
        proof_arrived_on=arrived,
        now=datetime(2026, 11, 16, 9, 0),
    )
    assert row(demo_db, request_id, "paused_days") == (paused,)


def test_extending_keeps_the_original_due_date_beside_the_new_one_and_queues_a_letter(
    demo_db: Database,
    dpo,  # type: ignore[no-untyped-def]
) -> None:
    person = some_person(demo_db)
    request_id = log(demo_db, dpo, "access", datetime(2026, 11, 2, 10, 0), person=person)
    desk.change_status(
        demo_db, dpo, request_id, seen_status="received", target="in_progress", now=NOW
    )
    with pytest.raises(ReasonRequired):
        desk.change_status(
            demo_db,
            dpo,
            request_id,
            seen_status="in_progress",
            target="extended",
            reason=" ",
            now=NOW,
        )
    desk.change_status(
        demo_db,
        dpo,
        request_id,
        seen_status="in_progress",
        target="extended",
        reason="gegevens bij drie payrollpartners",
        now=NOW,
    )
    assert row(demo_db, request_id, "original_due_date, due_date") == (
        date(2026, 12, 2),
        date(2027, 2, 2),
    )
    letter = demo_db.query(
        "SELECT kind, body, delivery_status FROM letter WHERE request_id = ?", [request_id]
    )
    assert letter[0][0] == "extension_notice" and "drie payrollpartners" in letter[0][1]
    assert "2 februari 2027" in letter[0][1] or "2 February 2027" in letter[0][1]


def test_extending_after_the_one_month_mark_is_refused(demo_db: Database, dpo) -> None:  # type: ignore[no-untyped-def]
    request_id = log(demo_db, dpo, "access", datetime(2026, 10, 1, 10, 0))
    desk.change_status(
        demo_db, dpo, request_id, seen_status="received", target="in_progress", now=NOW
    )
    with pytest.raises(ExtensionTooLate) as refused:
        desk.change_status(
            demo_db,
            dpo,
            request_id,
            seen_status="in_progress",
            target="extended",
            reason="te laat",
            now=NOW,
        )
    assert refused.value.code == "extension_too_late"
    assert refused.value.params == {"mark": row(demo_db, request_id, "one_month_mark")[0]}
    assert row(demo_db, request_id, "status")[0] == "in_progress"


def _started_erasure(db: Database, dpo, received: datetime) -> int:  # type: ignore[no-untyped-def]
    request_id = log(db, dpo, "erasure", received, person=some_person(db))
    desk.change_status(db, dpo, request_id, seen_status="received", target="in_progress", now=NOW)
    return request_id


@pytest.mark.parametrize(
    ("policy", "due", "in_letter"),
    [
        # received Monday 2 November 2026: one month = Wednesday 2 December; the statement's
        # two months = Saturday 2 January 2027 -> Monday 4 January; three = Tuesday 2 February
        (None, date(2027, 1, 4), "4 januari 2027"),
        (3, date(2027, 2, 2), "2 februari 2027"),
    ],
)
def test_an_erasure_is_extended_before_the_mark_to_the_policys_months_with_its_letter(
    demo_db: Database,
    dpo,  # type: ignore[no-untyped-def]
    policy: int | None,
    due: date,
    in_letter: str,
) -> None:
    from konnektus.services import settings

    if policy is not None:
        settings.update_erasure_extended_months(demo_db, dpo, policy, now=NOW)
    request_id = _started_erasure(demo_db, dpo, datetime(2026, 11, 2, 10, 0))
    desk.change_status(
        demo_db,
        dpo,
        request_id,
        seen_status="in_progress",
        target="extended",
        reason="gegevens bij drie payrollpartners",
        now=NOW,
    )
    assert row(demo_db, request_id, "status, one_month_mark, original_due_date, due_date") == (
        "extended",
        date(2026, 12, 2),
        date(2026, 12, 2),
        due,
    )
    letters = demo_db.query(
        "SELECT kind, body FROM letter WHERE request_id = ? AND kind = 'extension_notice'",
        [request_id],
    )
    assert len(letters) == 1 and in_letter in letters[0][1]
    assert "drie payrollpartners" in letters[0][1]


def test_an_erasure_past_its_one_month_mark_is_not_extended_and_nothing_changes(
    demo_db: Database,
    dpo,  # type: ignore[no-untyped-def]
) -> None:
    # received 23 October 2026: one month = Monday 23 November, before today (26 November)
    request_id = _started_erasure(demo_db, dpo, datetime(2026, 10, 23, 10, 0))
    columns = "status, one_month_mark, original_due_date, due_date, extension_reason"
    before = row(demo_db, request_id, columns)
    letters = demo_db.query("SELECT count(*) FROM letter WHERE request_id = ?", [request_id])
    events = demo_db.query("SELECT count(*) FROM request_event WHERE request_id = ?", [request_id])
    entries = demo_db.query("SELECT count(*) FROM audit_entry")
    with pytest.raises(ExtensionTooLate) as refused:
        desk.change_status(
            demo_db,
            dpo,
            request_id,
            seen_status="in_progress",
            target="extended",
            reason="drukte",
            now=NOW,
        )
    assert refused.value.code == "extension_too_late"
    assert refused.value.params == {"mark": date(2026, 11, 23)}
    mark = date(2026, 11, 23)
    assert before == ("in_progress", mark, mark, mark, None)
    assert row(demo_db, request_id, columns) == before
    assert (
        demo_db.query("SELECT count(*) FROM letter WHERE request_id = ?", [request_id]) == letters
    )
    assert (
        demo_db.query("SELECT count(*) FROM request_event WHERE request_id = ?", [request_id])
        == events
    )
    assert demo_db.query("SELECT count(*) FROM audit_entry") == entries


def test_the_erasure_queue_shows_the_statements_date_beside_the_one_month_due_date(
    demo_db: Database,
    dpo,  # type: ignore[no-untyped-def]
) -> None:
    erasure = _started_erasure(demo_db, dpo, datetime(2026, 11, 2, 10, 0))
    access = log(demo_db, dpo, "access", datetime(2026, 11, 2, 10, 0))
    queue = desk.request_queue(demo_db, dpo, today=TODAY).set_index("id")
    assert queue.loc[erasure, "due_date"] == date(2026, 12, 2)
    assert queue.loc[erasure, "promise_due"] == date(2027, 1, 4)
    assert queue.loc[access, "promise_due"] is None
    assert queue["promise_due"].notna().sum() == (queue["type"] == "erasure").sum()


def test_a_forbidden_step_raises_invalid_transition_and_changes_nothing(
    demo_db: Database,
    dpo,  # type: ignore[no-untyped-def]
) -> None:
    request_id = log(demo_db, dpo)
    with pytest.raises(InvalidTransition):
        desk.change_status(
            demo_db, dpo, request_id, seen_status="received", target="extended", reason="x", now=NOW
        )
    assert row(demo_db, request_id, "status")[0] == "received"


def test_an_erasure_cannot_be_completed_by_a_status_alone(demo_db: Database, dpo) -> None:  # type: ignore[no-untyped-def]
    request_id = log(demo_db, dpo, "erasure")
    desk.change_status(
        demo_db, dpo, request_id, seen_status="received", target="in_progress", now=NOW
    )
    with pytest.raises(MoveRefused) as refused:
        desk.change_status(
            demo_db, dpo, request_id, seen_status="in_progress", target="completed", now=NOW
        )
    assert refused.value.code == "erasure_completed_by_carrying_out"


def test_the_same_action_clicked_twice_applies_once_and_names_who_did_it(
    demo_db: Database,
    dpo,  # type: ignore[no-untyped-def]
) -> None:
    request_id = log(demo_db, dpo)
    desk.change_status(
        demo_db, dpo, request_id, seen_status="received", target="in_progress", now=NOW
    )
    with pytest.raises(desk.AlreadyChanged) as caught:
        desk.change_status(
            demo_db, dpo, request_id, seen_status="received", target="in_progress", now=NOW
        )
    assert caught.value.by == dpo.name
    assert demo_db.query(
        "SELECT count(*) FROM request_event WHERE request_id = ? AND to_status = 'in_progress'",
        [request_id],
    ) == [(1,)]


def test_two_dpos_acting_at_once_apply_the_action_exactly_once(demo_db: Database, dpo) -> None:  # type: ignore[no-untyped-def]
    request_id = log(demo_db, dpo)
    outcomes: list[str] = []
    barrier = threading.Barrier(2)

    def act() -> None:
        barrier.wait()
        try:
            desk.change_status(
                demo_db,
                dpo,
                request_id,
                seen_status="received",
                target="rejected",
                reason="wettelijke bewaarplicht",
                now=NOW,
            )
            outcomes.append("applied")
        except desk.AlreadyChanged:
            outcomes.append("already")

    threads = [threading.Thread(target=act) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["already", "applied"]
    assert demo_db.query(
        "SELECT count(*) FROM request_event WHERE request_id = ? AND to_status = 'rejected'",
        [request_id],
    ) == [(1,)]
    with demo_db.cursor() as cur:
        assert audit.verify(cur).intact


def test_the_queue_sorts_by_urgency_and_flags_what_the_dpo_must_see(demo_db: Database, dpo) -> None:  # type: ignore[no-untyped-def]
    queue = desk.request_queue(demo_db, dpo, today=TODAY)
    assert list(queue["days_left"]) == sorted(queue["days_left"])
    assert queue["overdue"].any() and queue["missed_notice"].any()
    counters = desk.queue_counters(queue)
    assert counters.open == len(queue) and counters.overdue == int(queue["overdue"].sum())
    assert set(queue["status"]) <= {"received", "awaiting_identity", "in_progress", "extended"}
    red = queue[queue["days_left"] < 5]
    assert set(red["urgency"]) == {"red"}


def test_matching_is_an_explicit_choice_that_is_recorded(demo_db: Database, dpo) -> None:  # type: ignore[no-untyped-def]
    request_id = log(demo_db, dpo)
    person = some_person(demo_db)
    assert row(demo_db, request_id, "person_id")[0] is None
    desk.match_person(demo_db, dpo, request_id, seen_status="received", person_id=person, now=NOW)
    assert row(demo_db, request_id, "person_id")[0] == person


def test_requester_candidates_are_found_by_email_or_every_word_of_the_name(
    demo_db: Database,
    dpo,  # type: ignore[no-untyped-def]
) -> None:
    given, _tv, family, email = demo_db.query(
        "SELECT given_name, tussenvoegsel, family_name, email FROM person"
        " WHERE tussenvoegsel IS NOT NULL LIMIT 1"
    )[0]
    by_email = desk.requester_candidates(demo_db, dpo, name=None, email=email.upper())
    assert email in set(by_email["email"])
    by_name = desk.requester_candidates(demo_db, dpo, name=f"{family} {given}", email=None)
    assert ((by_name["given_name"] == given) & (by_name["family_name"] == family)).any()


def test_a_stale_screen_cannot_re_link_a_matched_request(demo_db: Database, dpo) -> None:  # type: ignore[no-untyped-def]
    request_id = log(demo_db, dpo)
    first, second = (int(r[0]) for r in demo_db.query("SELECT id FROM person ORDER BY id LIMIT 2"))
    desk.match_person(demo_db, dpo, request_id, seen_status="received", person_id=first, now=NOW)
    with pytest.raises(desk.AlreadyChanged):
        desk.match_person(
            demo_db, dpo, request_id, seen_status="received", person_id=second, now=NOW
        )
    assert row(demo_db, request_id, "person_id")[0] == first


def test_the_same_request_logged_twice_is_refused_naming_the_first(demo_db: Database, dpo) -> None:  # type: ignore[no-untyped-def]
    first = log(demo_db, dpo)
    with pytest.raises(desk.DuplicateRequest) as caught:
        log(demo_db, dpo)
    assert caught.value.request_id == first
    assert demo_db.query(
        "SELECT count(*) FROM request WHERE requester_name = 'Jan de Vries' AND received_at = ?",
        [desk.utc_naive(datetime(2026, 11, 20, 10, 0))],
    ) == [(1,)]


def test_withdrawing_consents_twice_writes_nothing_the_second_time(demo_db: Database, dpo) -> None:  # type: ignore[no-untyped-def]
    from konnektus.services.rectification import withdraw_consents

    person_id = int(
        demo_db.query(
            "SELECT person_id FROM consent WHERE withdrawn_on IS NULL ORDER BY person_id LIMIT 1"
        )[0][0]
    )
    withdrawn, _ = withdraw_consents(demo_db, dpo, person_id, how="e-mail", now=NOW)
    assert withdrawn > 0
    audit_rows = demo_db.query("SELECT count(*) FROM audit_entry")
    with pytest.raises(desk.RequestError) as refused:
        withdraw_consents(demo_db, dpo, person_id, how="e-mail", now=NOW)
    assert refused.value.code == "no_consent_to_withdraw"
    assert demo_db.query("SELECT count(*) FROM audit_entry") == audit_rows


def test_identity_cannot_be_confirmed_on_a_request_linked_to_nobody(
    demo_db: Database,
    dpo,  # type: ignore[no-untyped-def]
) -> None:
    request_id = log(demo_db, dpo, "access", datetime(2026, 11, 24, 10, 0))  # no person
    desk.change_status(
        demo_db,
        dpo,
        request_id,
        seen_status="received",
        target="awaiting_identity",
        reason="twijfel aan de afzender",
        now=NOW,
    )
    before = fingerprint(demo_db)
    with pytest.raises(MoveRefused) as refused:
        desk.change_status(
            demo_db,
            dpo,
            request_id,
            seen_status="awaiting_identity",
            target="in_progress",
            proof_arrived_on=TODAY,
            now=NOW,
        )
    assert refused.value.code == "request_not_linked"
    assert fingerprint(demo_db) == before


@pytest.mark.parametrize("request_type", ["restriction", "objection", "automated_decision"])
def test_a_decision_request_is_not_completed_by_a_status_alone(
    demo_db: Database,
    dpo,  # type: ignore[no-untyped-def]
    request_type: str,
) -> None:
    request_id = log(demo_db, dpo, request_type, person=some_person(demo_db))
    desk.change_status(
        demo_db, dpo, request_id, seen_status="received", target="in_progress", now=NOW
    )
    before = fingerprint(demo_db)
    with pytest.raises(MoveRefused) as refused:
        desk.change_status(
            demo_db,
            dpo,
            request_id,
            seen_status="in_progress",
            target="completed",
            reason="besloten",
            now=NOW,
        )
    assert refused.value.code == "completed_by_decision"
    assert fingerprint(demo_db) == before


def test_the_queue_finds_a_request_by_number_whatever_its_status_or_by_name_words(
    demo_db: Database,
    dpo,  # type: ignore[no-untyped-def]
) -> None:
    closed = int(demo_db.query("SELECT max(id) FROM request WHERE status = 'completed'")[0][0])
    by_number = desk.request_queue(demo_db, dpo, today=TODAY, search=f"#{closed}")
    assert list(by_number["id"]) == [closed]
    request_id = log(demo_db, dpo, "access")  # requester "Jan de Vries"
    by_name = desk.request_queue(demo_db, dpo, today=TODAY, search="VRIES jan")
    assert request_id in set(by_name["id"])
    assert desk.request_queue(demo_db, dpo, today=TODAY, search="vries piet").empty
