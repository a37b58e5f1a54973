"""Art. 19 after an erasure, on a demo database: the erasure (on request, or by the retention
clean-up) queues one letter per recipient that actually received the person's data, in its own
transaction, and the person's letter says recipients are told only when that is so."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import pytest

from konnektus.db import disclosure_days
from konnektus.db.database import Database
from konnektus.db.erasure import ERASED
from konnektus.domain.permissions import Role
from konnektus.i18n import translate
from konnektus.services import erasure as erasure_service
from konnektus.services import requests as desk
from konnektus.services import sharing_art19 as art19
from konnektus.services.retention_cleanup import clean_up_expired
from tests.helpers import demo_member
from tests.services.test_erasure import (
    NOW,
    erase,
    former_employee_with_holds,
    one_person,
    ready_request,
)
from tests.services.test_retention_cleanup import cleanable_ids

UK_BOARD = 10  # Security Clearance Board UK: an English letter
NOT_YET = "Wij laten hen weten"


def add_disclosure(
    db: Database,
    person_id: int,
    recipient_id: int,
    *,
    blocked: bool,
    categories: tuple[str, ...] = ("identity_document",),
) -> None:
    with db.transaction() as cur:
        added = cur.execute(
            "INSERT INTO disclosure (person_id, recipient_id, data_categories, purpose,"
            " legal_basis, disclosed_at, blocked) VALUES (?, ?, ?, 'screening',"
            " 'legal_obligation', TIMESTAMP '2026-03-02 10:00', ?) RETURNING id",
            [person_id, recipient_id, list(categories), blocked],
        ).fetchall()
        disclosure_days.refresh(cur, [int(added[0][0])])


def received_from(db: Database, person_ids: list[int]) -> set[tuple[int, int]]:
    """(person, recipient) for every disclosure that actually went out."""
    return {
        (int(p), int(r))
        for p, r in db.query(
            "SELECT DISTINCT person_id, recipient_id FROM disclosure"
            " WHERE NOT blocked AND list_contains(?, person_id)",
            [person_ids],
        )
    }


def recipient_letters(db: Database, person_ids: list[int]) -> list[dict[str, Any]]:
    rows = db.query(
        "SELECT n.id, n.person_id, n.recipient_id, n.request_id, n.sent_at, l.id, l.kind,"
        " l.language, l.recipient_email, l.body, rc.name FROM recipient_notice n"
        " JOIN letter l ON l.id = n.letter_id JOIN recipient rc ON rc.id = n.recipient_id"
        " WHERE n.change IN ('erasure', 'partial_erasure') AND list_contains(?, n.person_id)"
        " ORDER BY n.id",
        [person_ids],
    )
    names = (
        "notice_id",
        "person_id",
        "recipient_id",
        "request_id",
        "sent_at",
        "letter_id",
        "kind",
        "language",
        "email",
        "body",
        "recipient",
    )
    return [dict(zip(names, row, strict=True)) for row in rows]


def body(db: Database, letter_id: int) -> str:
    return str(db.query("SELECT body FROM letter WHERE id = ?", [letter_id])[0][0])


def test_an_erasure_queues_one_letter_per_recipient_that_received_the_data_and_names_them(
    demo_db: Database,
) -> None:
    person = former_employee_with_holds(demo_db)
    add_disclosure(demo_db, person["id"], UK_BOARD, blocked=False)
    refused = demo_db.query(
        "SELECT id, name FROM recipient WHERE id NOT IN"
        " (SELECT recipient_id FROM disclosure WHERE person_id = ?) ORDER BY id LIMIT 1",
        [person["id"]],
    )[0]
    add_disclosure(demo_db, person["id"], int(refused[0]), blocked=True)  # nothing went there
    expected = {r for _, r in received_from(demo_db, [person["id"]])}

    result = erase(demo_db, person)

    letters = recipient_letters(demo_db, [person["id"]])
    assert sorted(letter["recipient_id"] for letter in letters) == sorted(expected)
    assert int(refused[0]) not in expected
    request_id = demo_db.query(
        "SELECT request_id FROM letter WHERE id = ?", [result.confirmation_letter_id]
    )[0][0]
    for letter in letters:
        assert (letter["kind"], letter["email"], letter["request_id"], letter["sent_at"]) == (
            "recipient_notice",
            None,
            request_id,
            None,
        )
        assert person["name"] in letter["body"]  # the recipient must know whom it is about
        if letter["recipient_id"] == UK_BOARD:
            assert letter["language"] == "en"
            assert letter["body"].startswith(f"To: {letter['recipient']}")
            assert "erased" in letter["body"] and "restricted" in letter["body"]  # a hold runs
        else:
            assert letter["language"] == "nl"
            assert letter["body"].startswith(f"Aan: {letter['recipient']}")
            assert "gewist" in letter["body"] and "afgeschermd" in letter["body"]
    # the person's letter names exactly the recipients told, and not the refused one
    confirmation = body(demo_db, result.confirmation_letter_id)
    for letter in letters:
        assert letter["recipient"] in confirmation
    assert str(refused[1]) not in confirmation
    assert "erasure.letter" not in confirmation
    certificate = body(demo_db, result.certificate_letter_id)
    assert str(refused[1]) not in certificate
    details = json.loads(
        demo_db.query(
            "SELECT details FROM audit_entry WHERE action = 'erasure_executed'"
            " ORDER BY id DESC LIMIT 1"
        )[0][0]
    )
    assert details["recipient_letters"] == len(letters)


def test_a_person_nobody_received_data_of_is_told_so_and_no_recipient_letter_is_queued(
    demo_db: Database,
) -> None:
    person = one_person(
        demo_db,
        "p.stage IN ('candidate', 'applicant') AND p.erased_at IS NULL"
        " AND p.id NOT IN (SELECT person_id FROM disclosure)"
        " AND p.id NOT IN (SELECT person_id FROM employment)",
    )
    add_disclosure(demo_db, person["id"], UK_BOARD, blocked=True)  # refused: nothing went out
    notices_before = demo_db.query("SELECT count(*) FROM recipient_notice")[0][0]

    result = erase(demo_db, person)

    assert recipient_letters(demo_db, [person["id"]]) == []
    assert demo_db.query("SELECT count(*) FROM recipient_notice")[0][0] == notices_before
    confirmation = body(demo_db, result.confirmation_letter_id)
    if person["language"] == "nl":
        assert "Wij hebben uw gegevens niet aan derden verstrekt." in confirmation
        assert NOT_YET not in confirmation
    else:
        assert "We did not disclose your data to third parties." in confirmation
    assert "Security Clearance Board UK" not in confirmation


def test_a_repeated_erasure_cannot_queue_the_recipient_letters_twice(demo_db: Database) -> None:
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
    first = recipient_letters(demo_db, [person["id"]])
    assert first
    with pytest.raises(desk.AlreadyChanged):
        erasure_service.execute_erasure(
            demo_db,
            dpo,
            request_id,
            seen_status="in_progress",
            typed_reference=person["reference"],
            now=NOW,
        )
    # no second request can be logged for the person; a clean-up finds nothing left to tell
    with pytest.raises(desk.RequestError):
        ready_request(demo_db, dpo, person["id"])
    clean_up_expired(demo_db, dpo, now=NOW, max_people=50)
    with demo_db.cursor() as cur:
        assert art19.erasure_letters_due(cur, [person["id"]]).empty
    assert recipient_letters(demo_db, [person["id"]]) == first


def test_a_clean_up_queues_one_letter_per_recipient_of_each_person_it_erases(
    demo_db: Database,
) -> None:
    targets = sorted(cleanable_ids(demo_db))
    expected = received_from(demo_db, targets)
    assert expected, "the demo holds people to clean up who had data disclosed"
    names = {
        int(pid): str(name)
        for pid, name in demo_db.query(
            "SELECT id, concat_ws(' ', given_name, tussenvoegsel, family_name) FROM person"
            " WHERE list_contains(?, id)",
            [targets],
        )
    }

    report = clean_up_expired(demo_db, demo_member(demo_db, Role.DPO), now=NOW, batch_size=100)

    assert report.people == len(targets)
    letters = recipient_letters(demo_db, targets)
    pairs = [(letter["person_id"], letter["recipient_id"]) for letter in letters]
    assert sorted(pairs) == sorted(expected)  # one each, nobody else
    assert all(letter["request_id"] is None and letter["sent_at"] is None for letter in letters)
    for letter in letters:
        assert names[letter["person_id"]] in letter["body"]
    # each certificate names exactly the recipients told
    for pid, certificate in demo_db.query(
        "SELECT person_id, body FROM letter WHERE kind = 'erasure_certificate'"
        " AND list_contains(?, person_id)",
        [targets],
    ):
        told = {letter["recipient"] for letter in letters if letter["person_id"] == pid}
        listed = certificate.split("(artikel 19 AVG):\n")[1].split("\n\n")[0].splitlines()
        assert listed == ([f"- {n}" for n in sorted(told)] if told else ["- geen"])
    audited = sum(
        json.loads(details)["recipient_letters"]
        for (details,) in demo_db.query(
            "SELECT details FROM audit_entry WHERE action = 'retention_cleanup'"
        )
    )
    assert audited == len(letters)


def test_the_recipient_letters_contain_no_data_of_other_people(demo_db: Database) -> None:
    targets = sorted(cleanable_ids(demo_db))
    people = {
        int(pid): (str(ref), str(given), str(family), email)
        for pid, ref, given, family, email in demo_db.query(
            "SELECT id, reference, given_name, family_name, email FROM person"
            " WHERE list_contains(?, id)",
            [targets],
        )
    }
    clean_up_expired(demo_db, demo_member(demo_db, Role.DPO), now=NOW, batch_size=500)
    letters = recipient_letters(demo_db, targets)
    assert letters
    for letter in letters:
        own = people[letter["person_id"]]
        assert f"{own[1]}" in letter["body"] and own[0] not in letter["body"]
        assert own[3] is None or own[3] not in letter["body"]  # no address, no reference
        for pid, (ref, given, family, email) in people.items():
            if pid == letter["person_id"] or (given, family) == own[1:3]:
                continue
            full = f"{given} {family}"
            assert full not in letter["body"] and ref not in letter["body"]
            assert email is None or email not in letter["body"]


def test_ticking_off_an_erasure_letter_removes_the_name_it_carried(demo_db: Database) -> None:
    dpo = demo_member(demo_db, Role.DPO)
    person = former_employee_with_holds(demo_db)
    erase(demo_db, person)
    letters = recipient_letters(demo_db, [person["id"]])
    tasks = art19.recipient_tasks(demo_db, dpo)
    mine = tasks[(tasks["person_id"] == person["id"]) & (tasks["type"] == "erasure")]
    assert sorted(mine["notice_id"]) == sorted(letter["notice_id"] for letter in letters)
    assert mine["letter_id"].notna().all()
    for letter in letters:
        art19.tick_off_recipient_letter(demo_db, dpo, int(letter["notice_id"]), now=NOW)
    assert all(body(demo_db, letter["letter_id"]) == ERASED for letter in letters)
    tasks = art19.recipient_tasks(demo_db, dpo)
    assert not (tasks["person_id"] == person["id"]).any()
    with pytest.raises(desk.AlreadyChanged) as caught:
        art19.tick_off_recipient_letter(demo_db, dpo, int(letters[0]["notice_id"]), now=NOW)
    assert caught.value.by == dpo.name


def test_a_letter_queued_by_a_clean_up_is_ticked_off_without_a_request(
    demo_db: Database,
) -> None:
    dpo = demo_member(demo_db, Role.DPO)
    clean_up_expired(demo_db, dpo, now=NOW, max_people=200)
    tasks = art19.recipient_tasks(demo_db, dpo)
    erasures = tasks[tasks["type"] == "erasure"]
    assert len(erasures) and erasures["request_id"].isna().all()
    notice = int(erasures["notice_id"].iloc[0])
    art19.tick_off_recipient_letter(demo_db, dpo, notice, now=datetime(2026, 11, 27, 9))
    assert demo_db.query(
        "SELECT object_type FROM audit_entry WHERE action = 'recipient_notice_sent'"
    ) == [("person",)]


def test_the_persons_letter_never_claims_a_telling_this_erasure_did_not_queue(
    demo_db: Database,
) -> None:
    person = former_employee_with_holds(demo_db)
    received = sorted(r for _, r in received_from(demo_db, [person["id"]]))
    # as if every recipient had already been sent an erasure letter for this person
    for recipient_id in received:
        demo_db.query(
            "INSERT INTO recipient_notice (recipient_id, letter_id, created_at, person_id, change)"
            " VALUES (?, 0, TIMESTAMP '2026-11-01 10:00', ?, 'erasure')",
            [recipient_id, person["id"]],
        )
    result = erase(demo_db, person)
    assert demo_db.query(
        "SELECT count(*) FROM recipient_notice WHERE person_id = ?", [person["id"]]
    ) == [(len(received),)]
    confirmation = body(demo_db, result.confirmation_letter_id)
    names = [
        str(n)
        for (n,) in demo_db.query(
            "SELECT name FROM recipient WHERE list_contains(?, id) ORDER BY name", [received]
        )
    ]
    assert ", ".join(names) in confirmation  # it does say who received the data
    assert NOT_YET not in confirmation and "We will tell them" not in confirmation
    assert "niet aan derden" not in confirmation and "did not disclose" not in confirmation


def test_a_partial_erasure_tells_only_the_recipients_of_what_it_removed(
    demo_db: Database,
) -> None:
    """A current employee's erasure removes what no legal duty names (the CV among it): the
    referee that received the CV is told, with just that, and so is each client the CV was
    proposed to and whoever received another removed category (medical data, say); the
    payroll bureau's data stays and it is not."""
    person = one_person(
        demo_db,
        "p.stage = 'employed'"
        " AND p.id IN (SELECT person_id FROM personal_data_item WHERE category = 'cv')"
        " AND p.id IN (SELECT person_id FROM employment WHERE end_date IS NULL)",
    )
    referee, payroll = (
        int(demo_db.query("SELECT min(id) FROM recipient WHERE category = ?", [c])[0][0])
        for c in ("referee", "payroll_bureau")
    )
    add_disclosure(demo_db, person["id"], referee, blocked=False, categories=("cv",))
    add_disclosure(demo_db, person["id"], payroll, blocked=False, categories=("salary",))

    clients = [
        int(r[0])
        for r in demo_db.query(
            "SELECT DISTINCT d.recipient_id FROM disclosure d JOIN recipient r"
            " ON r.id = d.recipient_id WHERE d.person_id = ? AND r.category = 'client'",
            [person["id"]],
        )
    ]
    assert clients  # the proposal that led to the placement went to its client

    result = erase(demo_db, person)

    assert result.record.partial and result.record.removed_items.get("cv", 0) > 0
    everyone = recipient_letters(demo_db, [person["id"]])
    letters = [x for x in everyone if x["recipient_id"] == referee]
    told = {letter["recipient_id"] for letter in recipient_letters(demo_db, [person["id"]])}
    removed = sorted(result.record.removed_items)
    others = {
        int(r[0])
        for r in demo_db.query(
            "SELECT DISTINCT recipient_id FROM disclosure WHERE person_id = ? AND NOT blocked"
            " AND list_has_any(data_categories, ?::VARCHAR[])",
            [person["id"], removed],
        )
    }
    assert payroll not in told and told == {referee, *clients, *others}
    change = demo_db.query(
        "SELECT change FROM recipient_notice WHERE id = ?", [letters[0]["notice_id"]]
    )[0][0]
    assert change == "partial_erasure"
    text = letters[0]["body"]
    assert person["name"] in text and "een deel van diens persoonsgegevens gewist" in text
    assert f"betreft dat: {translate('category.cv', 'nl')}. Wij verzoeken" in text
    tasks = art19.recipient_tasks(demo_db, demo_member(demo_db, Role.DPO), open_only=True)
    mine = tasks[tasks["person_id"] == person["id"]]
    assert set(mine["recipient_id"]) == {referee, *clients, *others}
    assert set(mine["type"]) == {"partial_erasure"}
    # the person's letter names the recipient told, and only that one
    names = dict(
        demo_db.query("SELECT id, name FROM recipient WHERE id IN (?, ?)", [referee, payroll])
    )
    refusal = body(demo_db, result.confirmation_letter_id)
    assert names[referee] in refusal and "Wij laten hen weten" in refusal
    assert names[payroll] not in refusal


def test_a_partial_erasure_nobody_received_removed_data_of_names_no_recipient(
    demo_db: Database,
) -> None:
    person = one_person(
        demo_db,
        "p.stage = 'employed'"
        " AND p.id IN (SELECT person_id FROM personal_data_item WHERE category = 'cv')"
        " AND p.id IN (SELECT person_id FROM employment WHERE end_date IS NULL)"
        " AND p.id NOT IN (SELECT person_id FROM disclosure d JOIN recipient r"
        "  ON r.id = d.recipient_id WHERE list_contains(d.data_categories, 'cv')"
        "  AND r.category <> 'client')",
    )
    # every employee was proposed: here the CV went to no one (its proposals' disclosures go)
    with demo_db.transaction() as cur:
        cur.execute("UPDATE proposal SET disclosure_id = NULL WHERE person_id = ?", [person["id"]])
        cur.execute("DELETE FROM disclosure WHERE person_id = ?", [person["id"]])
        disclosure_days.rebuild(cur)
    result = erase(demo_db, person)
    assert result.record.partial
    assert recipient_letters(demo_db, [person["id"]]) == []
    refusal = body(demo_db, result.confirmation_letter_id)
    assert "artikel 19" not in refusal and "$" not in refusal


def test_erasing_a_person_with_a_proposal_queues_an_art_19_letter_to_the_client(
    demo_db: Database,
) -> None:
    """Issue 19: a proposal sent the CV to the client, so the client is a recipient told of
    the erasure (Art. 19), and the person's letter names it."""
    person = one_person(
        demo_db,
        "p.stage = 'proposed' AND p.id IN (SELECT person_id FROM proposal)",
    )
    clients = dict(
        demo_db.query(
            "SELECT DISTINCT r.id, r.name FROM proposal p JOIN vacancy v ON v.id = p.vacancy_id"
            " JOIN client c ON c.id = v.client_id JOIN recipient r ON r.id = c.recipient_id"
            " WHERE p.person_id = ?",
            [person["id"]],
        )
    )
    assert clients

    result = erase(demo_db, person)

    letters = recipient_letters(demo_db, [person["id"]])
    told = {letter["recipient_id"] for letter in letters}
    assert set(clients) <= told
    for letter in letters:
        if letter["recipient_id"] in clients:
            assert letter["body"].startswith(f"Aan: {clients[letter['recipient_id']]}")
            assert person["name"] in letter["body"] and "gewist" in letter["body"]
    confirmation = body(demo_db, result.confirmation_letter_id)
    assert all(name in confirmation for name in clients.values())
