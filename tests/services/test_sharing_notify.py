"""Telling people of disclosures, and exporting the register and log, on a demo database."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime

import pytest

from konnektus.db.database import Database
from konnektus.domain.permissions import NotPermitted, Role
from konnektus.services import sharing_notify as notify
from konnektus.services.requests import AlreadyChanged
from tests.conftest import DEMO_TODAY
from tests.helpers import demo_member, fingerprint, member

NOW = datetime(2026, 11, 26, 9, 0)  # UTC
EVER = {"first_day": date(2000, 1, 1), "last_day": DEMO_TODAY}
# still to queue: neither told nor waiting in the outbox
OPEN = "notified_on IS NULL AND notice_letter_id IS NULL AND NOT blocked"


@pytest.fixture
def dpo(demo_db: Database):  # type: ignore[no-untyped-def]
    return demo_member(demo_db, Role.DPO)


def open_of(db: Database, recipient_id: int) -> tuple[int, int]:
    row = db.query(
        f"SELECT count(*), count(DISTINCT d.person_id) FROM disclosure d"
        f" JOIN person p ON p.id = d.person_id WHERE d.recipient_id = ? AND d.{OPEN}"
        " AND p.erased_at IS NULL",
        [recipient_id],
    )[0]
    return int(row[0]), int(row[1])


def test_the_preview_counts_what_a_run_would_cover(demo_db: Database, dpo) -> None:  # type: ignore[no-untyped-def]
    preview = notify.notice_preview(demo_db, dpo, recipient_id=1, today=DEMO_TODAY, **EVER)
    assert (preview.disclosures, preview.people) == open_of(demo_db, 1)
    assert 0 <= preview.on_paper <= preview.people


def test_notifying_a_recipient_writes_one_letter_per_person_and_marks_the_disclosures(
    demo_db: Database,
    dpo,  # type: ignore[no-untyped-def]
) -> None:
    disclosures, people = open_of(demo_db, 1)
    letters_before = demo_db.query("SELECT count(*) FROM letter")[0][0]
    told_today = "SELECT count(*) FROM disclosure WHERE recipient_id = 1 AND notified_on = ?"
    told_before = demo_db.query(told_today, [DEMO_TODAY])[0][0]
    reported: list[float] = []
    run = notify.notify_people(
        demo_db,
        dpo,
        recipient_id=1,
        seen_disclosures=disclosures,
        now=NOW,
        progress=reported.append,
        **EVER,
    )
    assert (run.letters, run.disclosures) == (people, disclosures)
    assert open_of(demo_db, 1) == (0, 0)
    assert demo_db.query("SELECT count(*) FROM letter")[0][0] == letters_before + people
    assert demo_db.query(
        "SELECT count(DISTINCT person_id), count(*) FROM letter WHERE kind = 'disclosure_notice'"
        " AND created_at = ?",  # the demo's own notices wait in the outbox too
        [NOW],
    ) == [(people, people)]
    # queued is not told (issue 20): told comes with delivery (test_outbox_service)
    assert demo_db.query(told_today, [DEMO_TODAY]) == [(told_before,)]
    assert demo_db.query(
        "SELECT count(*) FROM disclosure d JOIN letter l ON l.id = d.notice_letter_id"
        " WHERE d.recipient_id = 1 AND l.person_id = d.person_id AND d.notified_on IS NULL"
        " AND l.created_at = ?",
        [NOW],
    ) == [(disclosures,)]
    assert reported[-1] == 1.0
    entry = demo_db.query(
        "SELECT action, object_id, details FROM audit_entry ORDER BY id DESC LIMIT 1"
    )[0]
    assert entry[:2] == ("disclosures_notified", 1)
    assert json.loads(entry[2]) == {
        "disclosures": disclosures,
        "letters": people,
        "printed": run.printed,
        "disclosure_id": None,
    }


def test_a_letter_says_what_went_to_whom_when_and_why_in_the_persons_language(
    demo_db: Database,
    dpo,  # type: ignore[no-untyped-def]
) -> None:
    target = demo_db.query(
        f"SELECT min(d.id), d.person_id FROM disclosure d JOIN person p ON p.id = d.person_id"
        f" WHERE d.recipient_id = 1 AND d.{OPEN} AND p.erased_at IS NULL"
        " GROUP BY d.person_id ORDER BY d.person_id LIMIT 2"
    )
    (dutch_id, dutch_person), (english_id, english_person) = target
    with demo_db.transaction() as cur:
        cur.execute("UPDATE person SET language = 'nl' WHERE id = ?", [dutch_person])
        cur.execute("UPDATE person SET language = 'en' WHERE id = ?", [english_person])
    for disclosure_id in (dutch_id, english_id):
        notify.notify_people(
            demo_db, dpo, disclosure_id=disclosure_id, seen_disclosures=1, now=NOW, **EVER
        )
    letters = dict(
        demo_db.query(
            "SELECT language, body FROM letter WHERE kind = 'disclosure_notice' ORDER BY id"
        )
    )
    assert letters["nl"].startswith("Geachte heer/mevrouw ")
    assert "aan Belastingdienst" in letters["nl"]
    assert "burgerservicenummer (BSN)" in letters["nl"]
    assert (
        "wettelijke verplichting" in letters["nl"]
        and "Autoriteit Persoonsgegevens" in letters["nl"]
    )
    assert letters["en"].startswith("Dear ")
    assert "to Belastingdienst" in letters["en"] and "legal obligation" in letters["en"]


def test_a_second_run_names_who_was_quicker_and_writes_nothing(demo_db: Database, dpo) -> None:  # type: ignore[no-untyped-def]
    disclosures, _ = open_of(demo_db, 1)
    notify.notify_people(
        demo_db, dpo, recipient_id=1, seen_disclosures=disclosures, now=NOW, **EVER
    )
    before = fingerprint(demo_db)
    other = demo_member(demo_db, Role.BACKOFFICE)
    with pytest.raises(AlreadyChanged) as caught:
        notify.notify_people(
            demo_db, other, recipient_id=1, seen_disclosures=disclosures, now=NOW, **EVER
        )
    assert caught.value.by == dpo.name
    assert fingerprint(demo_db) == before


def test_a_run_on_an_outdated_preview_is_refused_and_writes_nothing(
    demo_db: Database,
    dpo,  # type: ignore[no-untyped-def]
) -> None:
    disclosures, _ = open_of(demo_db, 1)
    before = fingerprint(demo_db)
    with pytest.raises(notify.PreviewOutdated) as caught:
        notify.notify_people(
            demo_db, dpo, recipient_id=1, seen_disclosures=disclosures - 1, now=NOW, **EVER
        )
    assert caught.value.disclosures == disclosures
    assert fingerprint(demo_db) == before


def test_notifying_everything_leaves_no_disclosure_untold(demo_db: Database, dpo) -> None:  # type: ignore[no-untyped-def]
    postal = [
        int(r[0])
        for r in demo_db.query(
            f"SELECT DISTINCT d.person_id FROM disclosure d JOIN person p ON p.id = d.person_id"
            f" WHERE d.{OPEN} AND p.erased_at IS NULL ORDER BY 1 LIMIT 5"
        )
    ]
    with demo_db.transaction() as cur:
        cur.execute("UPDATE person SET email = NULL WHERE list_contains(?, id)", [postal])
        cur.execute("UPDATE person SET given_name = '<b>Anna</b>' WHERE id = ?", [postal[0]])
    preview = notify.notice_preview(demo_db, dpo, today=DEMO_TODAY, **EVER)
    assert preview.disclosures > 0
    run = notify.notify_people(demo_db, dpo, seen_disclosures=preview.disclosures, now=NOW, **EVER)
    assert run.letters == preview.people
    left = demo_db.query(
        f"SELECT count(*) FROM disclosure d JOIN person p ON p.id = d.person_id"
        f" WHERE d.{OPEN} AND p.erased_at IS NULL"
    )
    assert left == [(0,)]
    # people without an e-mail address get a letter to print and post
    assert demo_db.query(
        "SELECT count(*) FROM letter WHERE kind = 'disclosure_notice'"
        " AND delivery_status = 'not_applicable'"
    ) == [(preview.on_paper,)]
    # ... all in one print file, one letter per A4 page, with the address in the window
    assert run.printed == preview.on_paper > 0 and run.print_batch is not None
    html = notify.notice_print_file(demo_db, dpo, run.print_batch)
    assert html.count('<section class="letter"') == run.printed
    assert "Kennisgeving van verstrekking" in html or "Notice of disclosure" in html
    assert "&lt;b&gt;Anna&lt;/b&gt;" in html and "<b>Anna" not in html


@pytest.mark.parametrize("role", [Role.MANAGEMENT, Role.RECRUITER])
def test_roles_that_may_not_notify_are_refused(demo_db: Database, role: Role) -> None:
    before = fingerprint(demo_db)
    with pytest.raises(NotPermitted):
        notify.notice_preview(demo_db, member(role), today=DEMO_TODAY, **EVER)
    with pytest.raises(NotPermitted):
        notify.notify_people(demo_db, member(role), seen_disclosures=1, now=NOW, **EVER)
    with pytest.raises(NotPermitted):
        notify.export_disclosure_log(demo_db, member(role), file_format="csv", now=NOW, **EVER)
    assert fingerprint(demo_db) == before


def test_the_register_exports_as_csv_and_json(demo_db: Database) -> None:
    manager = member(Role.MANAGEMENT)
    rows = list(
        csv.DictReader(
            io.StringIO(notify.export_register(demo_db, manager, file_format="csv").decode())
        )
    )
    records = json.loads(notify.export_register(demo_db, manager, file_format="json"))
    count = demo_db.query("SELECT count(*) FROM recipient")[0][0]
    assert len(rows) == len(records) == count
    uk = next(r for r in records if r["country"] == "GB")
    assert uk["safeguard"] == "adequacy_decision"
    assert records[0]["dpa_signed_on"] is None or len(records[0]["dpa_signed_on"]) == 10


def test_the_disclosure_log_exports_references_not_names_and_is_audited(
    demo_db: Database,
    dpo,  # type: ignore[no-untyped-def]
) -> None:
    period = {"first_day": date(2025, 1, 1), "last_day": date(2025, 12, 31)}
    records = json.loads(
        notify.export_disclosure_log(demo_db, dpo, file_format="json", now=NOW, **period)
    )
    expected = demo_db.query(
        "SELECT count(*) FROM disclosure WHERE disclosed_at >= TIMESTAMP '2024-12-31 23:00'"
        " AND disclosed_at < TIMESTAMP '2025-12-31 23:00'"
    )[0][0]
    assert len(records) == expected > 0
    assert not {"given_name", "family_name", "email"} & set(records[0])
    assert records[0]["person_reference"].startswith("K")
    assert isinstance(records[0]["data_categories"], list)
    assert records[0]["disclosed_at"].endswith("Z")
    text = notify.export_disclosure_log(demo_db, dpo, file_format="csv", now=NOW, **period)
    first = next(csv.DictReader(io.StringIO(text.decode())))
    assert ";" in first["data_categories"] or first["data_categories"]
    assert demo_db.query(
        "SELECT count(*) FROM audit_entry WHERE action = 'disclosure_log_exported'"
    ) == [(2,)]
