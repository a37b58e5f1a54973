"""The retention page's use cases (O6) on the demo database: counts, lists, asking,
reminding, print letters and answers."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

import pytest

from konnektus.db.database import Database
from konnektus.db.retention import RetentionFilter
from konnektus.domain.permissions import NotPermitted, Role
from konnektus.domain.retention import (
    ACTION_LISTS,
    AGE_BUCKETS,
    Clock,
    RetentionState,
    age_bucket,
    extended_expiry,
    retention_state,
)
from konnektus.domain.staff import StaffMember
from konnektus.i18n import consent_how
from konnektus.services import retention as retention_service
from konnektus.services import retention_letters, sharing_consent
from konnektus.services.requests import AlreadyChanged, RequestError
from tests.conftest import DEMO_TODAY
from tests.helpers import demo_member, domain_retention_states, fingerprint, member

NOW = datetime(2026, 11, 26, 10, 0)  # 11:00 in Amsterdam, on DEMO_TODAY
S = RetentionState


def people(
    db: Database, where: str = "TRUE", params: list[object] | None = None
) -> list[dict[str, Any]]:
    with db.cursor() as cur:
        rows = cur.execute(
            f"SELECT * FROM person WHERE erased_at IS NULL AND {where} ORDER BY id",
            params or [],
        ).fetchall()
        names = [c[0] for c in cur.description]
    return [dict(zip(names, row, strict=True)) for row in rows]


def in_state(db: Database, state: RetentionState, count: int = 1) -> list[dict[str, Any]]:
    found = [p for p in people(db) if retention_state(Clock.of(p), DEMO_TODAY) is state]
    assert len(found) >= count, f"the demo has too few people in state {state}"
    return found[:count]


def seen(rows: list[dict[str, Any]]) -> dict[int, date]:
    return {int(p["id"]): p["retention_expiry"] for p in rows}


def dpo(db: Database) -> StaffMember:
    return demo_member(db, Role.DPO)


# --- counts and lists -------------------------------------------------------------------


def test_counts_and_chart_agree_with_the_domain_rule_and_direct_sql(demo_db: Database) -> None:
    overview = retention_service.retention_overview(demo_db, dpo(demo_db), today=DEMO_TODAY)
    by_rule = Counter(domain_retention_states(demo_db, DEMO_TODAY))
    assert {s.value: n for s, n in overview.counts.items() if n} == dict(by_rule)
    assert (
        overview.total == demo_db.query("SELECT count(*) FROM person WHERE erased_at IS NULL")[0][0]
    )
    # a few states counted straight from the stored columns
    assert (
        overview.counts[S.DECLINED]
        == demo_db.query(
            "SELECT count(*) FROM person WHERE erased_at IS NULL AND extension_state = 'declined'"
            " AND stage NOT IN ('placed', 'employed')"
        )[0][0]
    )
    assert (
        overview.counts[S.EMPLOYED]
        == demo_db.query(
            "SELECT count(*) FROM person WHERE erased_at IS NULL"
            " AND stage IN ('placed', 'employed')"
        )[0][0]
    )
    # the chart: every (state, age bucket) as the domain computes it, person by person
    expected = Counter(
        (
            retention_state(Clock.of(p), DEMO_TODAY).value,
            age_bucket(p["retention_term_start"], DEMO_TODAY),
        )
        for p in people(demo_db)
    )
    chart = {(r.state, r.age): r.people for r in overview.by_age.itertuples()}
    assert chart == dict(expected)
    assert set(overview.by_age["age"]) <= set(range(len(AGE_BUCKETS)))


@pytest.mark.parametrize("today", [DEMO_TODAY, date(2025, 2, 28), date(2028, 2, 29)])
def test_the_chart_ages_anniversaries_and_leap_days_as_the_domain_does(
    demo_db: Database, today: date
) -> None:
    starts = [date(2024, 2, 29), date(2024, 2, 28), date(2023, 3, 1), today, today.replace(day=1)]
    starts += [today.replace(year=today.year - k) for k in (1, 2, 3, 4) if today.day != 29]
    ids = [
        int(i) for (i,) in demo_db.query("SELECT id FROM person ORDER BY id LIMIT ?", [len(starts)])
    ]
    for person_id, start in zip(ids, starts, strict=True):
        demo_db.query("UPDATE person SET retention_term_start = ? WHERE id = ?", [start, person_id])
    overview = retention_service.retention_overview(demo_db, dpo(demo_db), today=today)
    expected = Counter(
        (retention_state(Clock.of(p), today).value, age_bucket(p["retention_term_start"], today))
        for p in people(demo_db)
    )
    assert {(r.state, r.age): r.people for r in overview.by_age.itertuples()} == dict(expected)


def test_each_action_list_holds_exactly_its_state_and_its_total_is_the_count(
    demo_db: Database,
) -> None:
    actor = dpo(demo_db)
    overview = retention_service.retention_overview(demo_db, actor, today=DEMO_TODAY)
    lists = retention_service.action_lists(demo_db, actor, today=DEMO_TODAY, page_size=10)
    assert list(lists) == list(ACTION_LISTS)
    for state, found in lists.items():
        assert found.total == overview.counts[state] > 0
        assert len(found.rows) == min(10, found.total)
        ids = [int(i) for i in found.rows["id"]]
        assert domain_retention_states(demo_db, DEMO_TODAY, ids) == [state.value] * len(ids)
        expiries = list(found.rows["retention_expiry"])
        assert expiries == sorted(expiries), "soonest expiry first"


def test_the_pages_of_a_list_together_are_the_whole_list(demo_db: Database) -> None:
    actor = dpo(demo_db)
    first = retention_service.action_lists(demo_db, actor, today=DEMO_TODAY, page_size=50)
    state = S.EXPIRED
    pages = first[state].pages
    assert pages > 1
    collected: list[int] = []
    for number in range(1, pages + 1):
        found = retention_service.action_lists(
            demo_db, actor, today=DEMO_TODAY, pages={state: number}, page_size=50
        )[state]
        assert found.page == number
        collected += [int(i) for i in found.rows["id"]]
    whole = retention_service.list_targets(
        demo_db, actor, state, RetentionFilter(), today=DEMO_TODAY
    )
    assert collected == list(whole)
    assert len(collected) == first[state].total


def test_filters_narrow_counts_lists_and_the_whole_list_alike(demo_db: Database) -> None:
    actor = dpo(demo_db)
    recruiter_id, city = demo_db.query(
        "SELECT recruiter_id, city FROM person WHERE erased_at IS NULL GROUP BY ALL"
        " ORDER BY count(*) DESC LIMIT 1"
    )[0]
    for where, sql, params in (
        (RetentionFilter(recruiter_id=recruiter_id), "recruiter_id = ?", [recruiter_id]),
        (RetentionFilter(city=city), "city = ?", [city]),
        (RetentionFilter(stages=("applicant",)), "stage = 'applicant'", []),
    ):
        overview = retention_service.retention_overview(demo_db, actor, where, today=DEMO_TODAY)
        expected = Counter(
            retention_state(Clock.of(p), DEMO_TODAY).value for p in people(demo_db, sql, params)
        )
        assert {s.value: n for s, n in overview.counts.items() if n} == dict(expected)
        lists = retention_service.action_lists(demo_db, actor, where, today=DEMO_TODAY)
        assert lists[S.DUE].total == expected[S.DUE.value]
        whole = retention_service.list_targets(demo_db, actor, S.EXPIRED, where, today=DEMO_TODAY)
        assert len(whole) == expected[S.EXPIRED.value]


def test_a_recruiter_sees_their_own_candidates_first(demo_db: Database) -> None:
    recruiter = demo_member(demo_db, Role.RECRUITER)
    found = retention_service.action_lists(
        demo_db, recruiter, today=DEMO_TODAY, own_recruiter_id=recruiter.id, page_size=500
    )[S.EXPIRED]
    own = [name == recruiter.name for name in found.rows["recruiter"]]
    assert any(own) and not all(own)
    assert own == sorted(own, reverse=True)


def test_erased_people_are_on_no_list_and_in_no_count(demo_db: Database) -> None:
    person = in_state(demo_db, S.EXPIRED)[0]
    before = retention_service.retention_overview(demo_db, dpo(demo_db), today=DEMO_TODAY)
    demo_db.query("UPDATE person SET erased_at = ? WHERE id = ?", [NOW, person["id"]])
    after = retention_service.retention_overview(demo_db, dpo(demo_db), today=DEMO_TODAY)
    assert after.counts[S.EXPIRED] == before.counts[S.EXPIRED] - 1
    whole = retention_service.list_targets(
        demo_db, dpo(demo_db), S.EXPIRED, RetentionFilter(), today=DEMO_TODAY
    )
    assert person["id"] not in whole


# --- asking and reminding ---------------------------------------------------------------


def letters_of(db: Database, person_id: int) -> list[tuple[Any, ...]]:
    return db.query(
        "SELECT kind, language, recipient_email, subject, body, delivery_status FROM letter"
        " WHERE person_id = ? AND created_at = ? ORDER BY id",
        [person_id, NOW],
    )


def test_an_ask_writes_the_state_a_contact_and_a_letter_with_the_reference(
    demo_db: Database,
) -> None:
    person = in_state(demo_db, S.DUE)[0]
    demo_db.query("UPDATE person SET language = 'nl' WHERE id = ?", [person["id"]])
    report = retention_letters.ask_to_extend(demo_db, dpo(demo_db), seen([person]), now=NOW)
    assert (report.sent, report.by_email, report.by_print, report.skipped) == (1, 1, 0, 0)
    state, asked_on = demo_db.query(
        "SELECT extension_state, extension_asked_on FROM person WHERE id = ?", [person["id"]]
    )[0]
    assert (state, asked_on) == ("asked", DEMO_TODAY)
    assert demo_db.query(
        "SELECT kind, channel, contacted_on, answer FROM retention_contact"
        " WHERE person_id = ? AND kind = 'ask' AND contacted_on = ?",
        [person["id"], DEMO_TODAY],
    ) == [("ask", "email", DEMO_TODAY, None)]
    [(kind, language, email, subject, body, status)] = letters_of(demo_db, person["id"])
    assert (kind, language, email, status) == (
        "retention_extension_request",
        "nl",
        person["email"],
        "pending",
    )
    assert subject == "Verzoek tot verlenging van de bewaartermijn"
    assert person["reference"] in body and "Geachte heer/mevrouw" in body
    assert (
        retention_state(Clock.of(people(demo_db, "id = ?", [person["id"]])[0]), DEMO_TODAY)
        is S.ASKED
    )


def test_an_english_speaker_gets_the_letter_in_english(demo_db: Database) -> None:
    person = in_state(demo_db, S.EXPIRED)[0]
    demo_db.query("UPDATE person SET language = 'en' WHERE id = ?", [person["id"]])
    retention_letters.ask_to_extend(demo_db, dpo(demo_db), seen([person]), now=NOW)
    [(_kind, language, _email, subject, body, _status)] = letters_of(demo_db, person["id"])
    assert language == "en" and subject == "Request to extend the retention period"
    assert f"Your reference: {person['reference']}" in body


def test_asking_twice_is_refused_and_writes_nothing_the_second_time(demo_db: Database) -> None:
    person = in_state(demo_db, S.DUE)[0]
    first = demo_member(demo_db, Role.RECRUITER)
    retention_letters.ask_to_extend(demo_db, first, seen([person]), now=NOW)
    before = fingerprint(demo_db)
    with pytest.raises(AlreadyChanged) as refused:
        retention_letters.ask_to_extend(
            demo_db, dpo(demo_db), seen([person]), now=NOW + timedelta(minutes=1)
        )
    assert refused.value.by == first.name
    assert fingerprint(demo_db) == before


def test_an_ask_for_an_expiry_no_longer_current_changes_nothing(demo_db: Database) -> None:
    person = in_state(demo_db, S.EXPIRED)[0]
    before = fingerprint(demo_db)
    stale = {int(person["id"]): person["retention_expiry"] - timedelta(days=1)}
    with pytest.raises(AlreadyChanged):
        retention_letters.ask_to_extend(demo_db, dpo(demo_db), stale, now=NOW)
    assert fingerprint(demo_db) == before


def test_a_selection_is_asked_except_those_already_asked_and_the_report_says_so(
    demo_db: Database,
) -> None:
    due = in_state(demo_db, S.DUE, 3)
    already = in_state(demo_db, S.ASKED)[0]
    report = retention_letters.ask_to_extend(demo_db, dpo(demo_db), seen([*due, already]), now=NOW)
    assert (report.requested, report.sent, report.skipped) == (4, 3, 1)
    assert letters_of(demo_db, already["id"]) == []
    entry = demo_db.query(
        "SELECT details FROM audit_entry WHERE action = 'retention_asked' ORDER BY id DESC LIMIT 1"
    )[0][0]
    details = json.loads(entry)
    assert details["person_ids"] == sorted(int(p["id"]) for p in due)
    assert (details["people"], details["skipped"]) == (3, 1)
    # ids and counts only: nothing that identifies a person
    assert set(details) == {
        "people",
        "by_email",
        "by_print",
        "skipped",
        "print_batch",
        "person_ids",
    }


def test_the_whole_list_is_asked_set_based_in_batches_with_progress(
    demo_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(retention_letters, "BATCH_SIZE", 100)
    actor = dpo(demo_db)
    whole = retention_service.list_targets(
        demo_db, actor, S.EXPIRED, RetentionFilter(), today=DEMO_TODAY
    )
    assert len(whole) > 200
    progress: list[tuple[int, int]] = []
    report = retention_letters.ask_to_extend(
        demo_db,
        actor,
        whole,
        now=NOW,
        on_progress=lambda done, total: progress.append((done, total)),
    )
    assert report.sent == len(whole) and report.skipped == 0
    assert progress[-1] == (len(whole), len(whole)) and len(progress) == -(-len(whole) // 100)
    assert demo_db.query("SELECT count(*) FROM audit_entry WHERE action = 'retention_asked'")[0][
        0
    ] == len(progress)
    after = retention_service.retention_overview(demo_db, actor, today=DEMO_TODAY)
    assert after.counts[S.EXPIRED] == 0
    assert demo_db.query(
        "SELECT count(*) FROM letter WHERE kind = 'retention_extension_request' AND created_at = ?",
        [NOW],
    )[0][0] == len(whole)


def test_the_reminder_goes_out_once(demo_db: Database) -> None:
    person = in_state(demo_db, S.REMINDER_DUE)[0]
    recruiter = demo_member(demo_db, Role.RECRUITER)
    report = retention_letters.send_reminders(demo_db, recruiter, seen([person]), now=NOW)
    assert report.sent == 1
    [(kind, *_rest)] = letters_of(demo_db, person["id"])
    assert kind == "retention_extension_reminder"
    reminded_on = demo_db.query(
        "SELECT extension_reminded_on FROM person WHERE id = ?", [person["id"]]
    )[0][0]
    assert reminded_on == DEMO_TODAY
    assert (
        demo_db.query(
            "SELECT count(*) FROM retention_contact WHERE person_id = ? AND kind = 'reminder'",
            [person["id"]],
        )[0][0]
        == 1
    )
    before = fingerprint(demo_db)
    with pytest.raises(AlreadyChanged):
        retention_letters.send_reminders(demo_db, recruiter, seen([person]), now=NOW)
    assert fingerprint(demo_db) == before
    # nor is someone whose reminder is not yet due reminded, nor someone never asked
    early = in_state(demo_db, S.ASKED)[0]
    with pytest.raises(AlreadyChanged):
        retention_letters.send_reminders(demo_db, recruiter, seen([early]), now=NOW)
    assert fingerprint(demo_db) == before


def test_people_without_email_or_whose_last_letter_bounced_land_in_the_print_batch(
    demo_db: Database,
) -> None:
    no_email, bounced, fine = in_state(demo_db, S.EXPIRED, 3)
    demo_db.query(
        "UPDATE person SET email = NULL, given_name = '<b>Anna</b>', family_name = 'O''Brien & Zn'"
        " WHERE id = ?",
        [no_email["id"]],
    )
    demo_db.query(
        "INSERT INTO letter (person_id, kind, language, recipient_email, subject, body,"
        " created_at, delivery_status, attempts) VALUES (?, 'access_cover', 'nl', ?, 's', 'b',"
        " ?, 'failed', 1)",
        [bounced["id"], bounced["email"], NOW - timedelta(days=3)],
    )
    report = retention_letters.ask_to_extend(
        demo_db, dpo(demo_db), seen([no_email, bounced, fine]), now=NOW
    )
    assert (report.by_email, report.by_print) == (1, 2)
    [batch] = report.print_batches
    assert batch.letters == 2
    for person in (no_email, bounced):
        [(_kind, _language, email, _s, _b, status)] = letters_of(demo_db, person["id"])
        assert (email, status) == (None, "not_applicable")
        assert demo_db.query(
            "SELECT channel FROM retention_contact WHERE person_id = ? AND contacted_on = ?"
            " AND kind = 'ask'",
            [person["id"], DEMO_TODAY],
        ) == [("letter",)]
    html = retention_service.print_batch_html(demo_db, dpo(demo_db), batch.letter_id)
    assert html.count('<section class="letter"') == 2
    assert "page-break-after: always" in html
    assert "&lt;b&gt;Anna&lt;/b&gt;" in html and "<b>Anna" not in html
    assert "O&#x27;Brien &amp; Zn" in html
    for person in (no_email, bounced):
        assert person["reference"] in html and person["postcode"] in html
    assert fine["reference"] not in html
    batches = retention_service.recent_print_batches(demo_db, dpo(demo_db))
    assert int(batches["id"].iloc[0]) == batch.letter_id


# --- answers ------------------------------------------------------------------------------


def answer(
    db: Database, person: dict[str, Any], value: str, channel: str = "email", **changes: Any
) -> retention_service.AnswerRecorded:
    return retention_service.record_extension_answer(
        db,
        demo_member(db, Role.RECRUITER),
        int(person["id"]),
        seen_state=str(changes.get("seen_state", person["extension_state"])),
        seen_expiry=changes.get("seen_expiry", person["retention_expiry"]),
        answer=value,
        channel=channel,
        now=NOW,
    )


def job_finding_consents(db: Database, person_id: int) -> list[tuple[Any, ...]]:
    return db.query(
        "SELECT id, given_on, given_how, withdrawn_on FROM consent"
        " WHERE person_id = ? AND purpose = 'job_finding' AND given_how LIKE 'extension_answer:%'",
        [person_id],
    )


def test_a_yes_is_stored_as_a_consent_for_job_finding_that_can_be_withdrawn(
    demo_db: Database,
) -> None:
    person = in_state(demo_db, S.ASKED)[0]
    assert job_finding_consents(demo_db, int(person["id"])) == []
    answer(demo_db, person, "granted", channel="phone")
    [(consent_id, given_on, how, withdrawn)] = job_finding_consents(demo_db, int(person["id"]))
    assert (given_on, how, withdrawn) == (NOW.date(), "extension_answer:phone", None)
    entry = demo_db.query(
        "SELECT details FROM audit_entry WHERE action = 'extension_answer' ORDER BY id DESC LIMIT 1"
    )[0][0]
    assert json.loads(entry)["consent_id"] == consent_id
    sharing_consent.withdraw_consent(
        demo_db,
        demo_member(demo_db, Role.DPO),
        consent_id,
        how="email",
        received_on=NOW.date(),
        now=NOW,
    )
    [(_, _, _, withdrawn)] = job_finding_consents(demo_db, int(person["id"]))
    assert withdrawn == NOW.date()


@pytest.mark.parametrize("value", ["declined", "no_answer"])
def test_no_other_answer_is_stored_as_a_consent(demo_db: Database, value: str) -> None:
    person = in_state(demo_db, S.ASKED)[0]
    answer(demo_db, person, value)
    assert job_finding_consents(demo_db, int(person["id"])) == []


def test_a_yes_reads_as_words_wherever_its_consent_is_shown() -> None:
    assert consent_how("extension_answer:phone", "nl") == "ja op de verlengingsvraag (telefoon)"
    assert consent_how("extension_answer:email", "en") == "yes to the extension question (e-mail)"
    assert consent_how("request 12", "nl") == "verzoek 12"
    assert consent_how("formulier", "en") == "formulier"  # what staff typed stays as typed
    assert consent_how(None, "nl") == ""


@pytest.mark.parametrize("state", [S.DUE, S.ASKED, S.REMINDER_DUE, S.NO_ANSWER, S.EXPIRED])
def test_a_granted_answer_extends_from_the_later_of_expiry_and_today_and_runs_again(
    demo_db: Database, state: RetentionState
) -> None:
    person = in_state(demo_db, state)[0]
    done = answer(demo_db, person, "granted", channel="meeting")
    expected = extended_expiry(person["retention_expiry"], DEMO_TODAY)
    assert (done.state_before, done.state_after, done.expiry_after) == (state, S.RUNNING, expected)
    stored = people(demo_db, "id = ?", [person["id"]])[0]
    assert (
        stored["retention_expiry"],
        stored["extension_state"],
        stored["retention_extensions"],
    ) == (
        expected,
        "none",
        person["retention_extensions"] + 1,
    )
    assert stored["extension_asked_on"] is None and stored["extension_reminded_on"] is None
    assert demo_db.query(
        "SELECT channel, answer, answered_on FROM retention_contact"
        " WHERE person_id = ? AND kind = 'answer'",
        [person["id"]],
    ) == [("meeting", "granted", DEMO_TODAY)]
    assert demo_db.query(
        "SELECT count(*) FROM retention_contact WHERE person_id = ? AND answer IS NULL",
        [person["id"]],
    ) == [(0,)]
    details = demo_db.query(
        "SELECT details FROM audit_entry WHERE action = 'extension_answer' ORDER BY id DESC LIMIT 1"
    )[0][0]
    recorded = json.loads(details)
    consent = demo_db.query(
        "SELECT person_id, purpose FROM consent WHERE id = ?", [recorded.pop("consent_id")]
    )
    assert recorded == {"answer": "granted", "channel": "meeting"}
    assert consent == [(person["id"], "job_finding")]


def test_a_repeated_answer_is_refused_and_a_fresh_term_cannot_be_extended_early(
    demo_db: Database,
) -> None:
    person = in_state(demo_db, S.ASKED)[0]
    done = answer(demo_db, person, "granted")
    before = fingerprint(demo_db)
    with pytest.raises(AlreadyChanged) as refused:
        answer(demo_db, person, "granted")
    assert refused.value.by == demo_member(demo_db, Role.RECRUITER).name
    with pytest.raises(RequestError) as early:
        answer(demo_db, person, "granted", seen_state="none", seen_expiry=done.expiry_after)
    assert early.value.code == "extension_not_open"
    assert fingerprint(demo_db) == before


def test_a_decline_is_kept_until_clean_up(demo_db: Database) -> None:
    person = in_state(demo_db, S.REMINDER_DUE)[0]
    done = answer(demo_db, person, "declined", channel="letter")
    assert (done.state_after, done.expiry_after) == (S.DECLINED, person["retention_expiry"])
    found = retention_service.list_targets  # the declined list is not asked
    with pytest.raises(RequestError):
        found(demo_db, dpo(demo_db), S.DECLINED, RetentionFilter(), today=DEMO_TODAY)


def test_no_answer_is_recorded_only_after_the_question_was_asked(demo_db: Database) -> None:
    asked = in_state(demo_db, S.ASKED)[0]
    done = answer(demo_db, asked, "no_answer", channel="phone")
    assert done.state_after is S.NO_ANSWER
    assert people(demo_db, "id = ?", [asked["id"]])[0]["extension_state"] == "no_answer"
    never_asked = in_state(demo_db, S.EXPIRED)[0]
    with pytest.raises(RequestError) as refused:
        answer(demo_db, never_asked, "no_answer")
    assert refused.value.code == "extension_not_open"


@pytest.mark.parametrize(("value", "channel"), [("maybe", "phone"), ("granted", "pigeon")])
def test_an_unknown_answer_or_channel_is_refused(
    demo_db: Database, value: str, channel: str
) -> None:
    person = in_state(demo_db, S.ASKED)[0]
    before = fingerprint(demo_db)
    with pytest.raises(RequestError):
        answer(demo_db, person, value, channel=channel)
    assert fingerprint(demo_db) == before


# --- who may ------------------------------------------------------------------------------


def calls(db: Database) -> dict[str, Callable[[StaffMember], object]]:
    person = in_state(db, S.DUE)[0]
    return {
        "overview": lambda actor: retention_service.retention_overview(db, actor, today=DEMO_TODAY),
        "lists": lambda actor: retention_service.action_lists(db, actor, today=DEMO_TODAY),
        "whole list": lambda actor: retention_service.list_targets(
            db, actor, S.DUE, RetentionFilter(), today=DEMO_TODAY
        ),
        "towns": lambda actor: retention_service.town_choices(db, actor),
        "ask": lambda actor: retention_letters.ask_to_extend(db, actor, seen([person]), now=NOW),
        "remind": lambda actor: retention_letters.send_reminders(db, actor, {}, now=NOW),
        "print files": lambda actor: retention_service.recent_print_batches(db, actor),
    }


@pytest.mark.parametrize("role", [Role.MANAGEMENT, Role.BACKOFFICE])
def test_management_and_back_office_are_refused_every_retention_action(
    demo_db: Database, role: Role
) -> None:
    before = fingerprint(demo_db)
    for name, call in calls(demo_db).items():
        with pytest.raises(NotPermitted):
            call(member(role))
        assert fingerprint(demo_db) == before, name


@pytest.mark.parametrize("role", [Role.RECRUITER, Role.DPO])
def test_recruiters_and_the_dpo_may_use_every_retention_action(
    demo_db: Database, role: Role
) -> None:
    for call in calls(demo_db).values():
        call(demo_member(demo_db, role))


def test_management_may_not_record_an_answer_but_back_office_may(demo_db: Database) -> None:
    person = in_state(demo_db, S.ASKED, 2)
    with pytest.raises(NotPermitted):
        retention_service.record_extension_answer(
            demo_db,
            member(Role.MANAGEMENT),
            int(person[0]["id"]),
            seen_state="asked",
            seen_expiry=person[0]["retention_expiry"],
            answer="granted",
            channel="phone",
            now=NOW,
        )
    done = retention_service.record_extension_answer(
        demo_db,
        demo_member(demo_db, Role.BACKOFFICE),
        int(person[1]["id"]),
        seen_state="asked",
        seen_expiry=person[1]["retention_expiry"],
        answer="declined",
        channel="phone",
        now=NOW,
    )
    assert done.state_after is S.DECLINED
