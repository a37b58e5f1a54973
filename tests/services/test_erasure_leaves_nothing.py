"""An erased person leaves nothing behind (issue 13, break 2): their name, e-mail, phone, BSN
and IBAN are found in no column of any table after the erasure, the delivery of its letters,
a failed delivery and the retries; also not in what was written before the request was
matched to them."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import pytest
from aiosmtpd.controller import Controller

from konnektus.db import audit
from konnektus.db.database import Database
from konnektus.db.personal_columns import TEXT_TYPES
from konnektus.db.search import refresh_keys
from konnektus.domain.permissions import Role
from konnektus.services import erasure as erasure_service
from konnektus.services import requests as desk
from konnektus.services.outbox import SmtpSettings, deliver_pending
from konnektus.services.sharing import register_disclosure
from konnektus.services.sharing_art19 import tick_off_recipient_letter
from konnektus.services.sharing_refused import record_refused_request
from tests.helpers import demo_member
from tests.services.test_outbox import Inbox, free_port

NOW = datetime(2026, 11, 26, 9, 0)
GIVEN, FAMILY = "Zebulon", "Quastenbroek"
EMAIL, PHONE = "zebulon.quast@ziggo.nl", "06-99887766"
BSN, IBAN = "111222333", "NL91ABNA0417164300"
NEEDLES = (GIVEN, FAMILY, EMAIL, PHONE, "0699887766", BSN, IBAN, "Quastlaan")


@pytest.fixture
def smtp() -> Iterator[tuple[SmtpSettings, Inbox]]:
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield SmtpSettings(host="127.0.0.1", port=controller.port, sender="fg@konnektus.nl"), inbox
    controller.stop()


def plant_person(db: Database) -> tuple[int, str]:
    """An applicant without legal holds, made unmistakable, with a BSN and an IBAN."""
    pid, reference = db.query(
        "SELECT id, reference FROM person p WHERE stage = 'applicant' AND erased_at IS NULL"
        " AND NOT EXISTS (SELECT 1 FROM legal_hold h WHERE h.person_id = p.id)"
        " AND NOT EXISTS (SELECT 1 FROM employment e WHERE e.person_id = p.id)"
        " ORDER BY id LIMIT 1"
    )[0]
    with db.transaction() as cur:
        cur.execute(
            "UPDATE person SET given_name = ?, tussenvoegsel = NULL, family_name = ?, email = ?,"
            " phone = ?, street = 'Quastlaan 9' WHERE id = ?",
            [GIVEN, FAMILY, EMAIL, PHONE, pid],
        )
        for category, value in (("bsn", BSN), ("bank_account", IBAN)):
            cur.execute(
                "INSERT INTO personal_data_item (person_id, category, value, collected_on,"
                " purpose, legal_basis) VALUES (?, ?, ?, DATE '2026-01-05', 'salaris',"
                " 'contract')",
                [pid, category, value],
            )
        refresh_keys(cur)
    return int(pid), str(reference)


def found_anywhere(db: Database) -> list[str]:
    """table.column: needle, for every text column of every table that holds a needle."""
    columns = db.query(
        "SELECT table_name, column_name FROM information_schema.columns"
        " WHERE table_schema = 'main' AND data_type = 'VARCHAR' ORDER BY ALL"
    )
    hits = []
    for table, column in columns:
        for needle in NEEDLES:
            count = db.query(
                f'SELECT count(*) FROM "{table}" WHERE contains(lower("{column}"), lower(?))',
                [needle],
            )[0][0]
            if count:
                hits.append(f"{table}.{column}: {needle}")
    return hits


def test_nothing_of_an_erased_person_is_left_in_any_column(
    demo_db: Database, smtp: tuple[SmtpSettings, Inbox]
) -> None:
    assert TEXT_TYPES
    dpo = demo_member(demo_db, Role.DPO)
    pid, reference = plant_person(demo_db)
    # a request logged before anyone knew who it was: letters and notes without a person
    other = desk.log_request(
        demo_db,
        dpo,
        request_type="access",
        channel="email",
        received_at=datetime(2026, 11, 2, 9),
        requester_name=f"{GIVEN} {FAMILY}",
        requester_email=EMAIL,
        free_text=f"Bel {PHONE}, BSN {BSN}",
        person_id=None,
        now=NOW,
    )
    desk.change_status(demo_db, dpo, other, seen_status="received", target="in_progress", now=NOW)
    desk.change_status(
        demo_db,
        dpo,
        other,
        seen_status="in_progress",
        target="extended",
        reason=f"{GIVEN} {FAMILY} heeft gegevens in meerdere systemen",
        now=NOW,
    )
    desk.change_status(
        demo_db,
        dpo,
        other,
        seen_status="extended",
        target="rejected",
        reason=f"{GIVEN} {FAMILY} ({EMAIL}) vroeg dit al eerder",
        now=NOW,
    )
    assert (
        demo_db.query(
            "SELECT count(*) FROM letter WHERE request_id = ? AND person_id IS NULL", [other]
        )[0][0]
        > 0
    ), "a letter was written before the match"
    desk.match_person(demo_db, dpo, other, seen_status="rejected", person_id=pid, now=NOW)
    assert demo_db.query(
        "SELECT count(*) FROM letter WHERE request_id = ? AND person_id IS NULL", [other]
    ) == [(0,)], "matching gives the earlier letters their person"
    request_id = desk.log_request(
        demo_db,
        dpo,
        request_type="erasure",
        channel="email",
        received_at=datetime(2026, 11, 20, 9),
        requester_name=f"{GIVEN} {FAMILY}",
        requester_email=EMAIL,
        free_text=f"Verwijder alles van {GIVEN} {FAMILY}, {PHONE}, IBAN {IBAN}",
        person_id=None,
        now=NOW,
    )
    desk.change_status(
        demo_db, dpo, request_id, seen_status="received", target="in_progress", now=NOW
    )
    desk.match_person(demo_db, dpo, request_id, seen_status="in_progress", person_id=pid, now=NOW)
    # a recipient received their data: the erasure tells it (Art. 19), naming them
    recipient = demo_db.query(
        "SELECT id FROM recipient WHERE active AND kind = 'independent' ORDER BY id LIMIT 1"
    )[0][0]
    register_disclosure(
        demo_db, dpo, pid, recipient, ["cv"], "tax_return", "legitimate_interest", None, now=NOW
    )
    # a refused request whose note names them (O8): the record stays, the note goes
    record_refused_request(
        demo_db,
        dpo,
        pid,
        recipient,
        ["bsn"],
        "reference_check",
        "other",
        received_on=NOW.date(),
        now=NOW,
        note=f"{GIVEN} {FAMILY} belde zelf: niet doorgeven",
    )
    # a failed delivery (the server quotes the address), then another, then the real one
    dead = SmtpSettings(host="127.0.0.1", port=free_port())
    deliver_pending(demo_db, dead, now=NOW)
    erasure_service.execute_erasure(
        demo_db, dpo, request_id, seen_status="in_progress", typed_reference=reference, now=NOW
    )
    deliver_pending(demo_db, dead, now=NOW)
    settings, inbox = smtp
    deliver_pending(demo_db, settings, now=NOW)
    assert any(m["To"] == EMAIL for m in inbox.messages)  # type: ignore[index]
    # the letter to the recipient is printed and posted; the DPO ticks it off
    notices = demo_db.query("SELECT id FROM recipient_notice WHERE person_id = ?", [pid])
    assert notices, "the erasure told the recipient"
    for (notice_id,) in notices:
        tick_off_recipient_letter(demo_db, dpo, int(notice_id), now=NOW)
    assert found_anywhere(demo_db) == []
    with demo_db.cursor() as cur:
        assert audit.verify(cur).intact
