"""The outbox page's service on a real demo database (issue 20): states in words, a failed
letter retried once, letters for the post printed and posted once, the back office seeing
only its own kinds, and a disclosure told only once its letter was delivered or posted."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from konnektus.db import disclosure_days
from konnektus.db.database import Database
from konnektus.domain.outbox import LetterState, state_counts
from konnektus.domain.permissions import NotPermitted, Role
from konnektus.services import outbox_desk
from konnektus.services import sharing_notify as notify
from konnektus.services.outbox import SmtpSettings, deliver_pending
from konnektus.services.requests import RequestError
from tests.conftest import DEMO_TODAY
from tests.helpers import demo_member, fingerprint

NOW = datetime(2026, 11, 26, 9, 0)  # UTC
EVER = {"first_day": date(2000, 1, 1), "last_day": DEMO_TODAY}


def _untold(db: Database, *, email: bool) -> int:
    """A disclosure made untold again (its sums kept in step), of a person with or without
    an e-mail address."""
    found = db.query(
        "SELECT d.id, d.person_id FROM disclosure d JOIN person p ON p.id = d.person_id"
        " WHERE p.erased_at IS NULL AND NOT d.blocked AND d.notice_deferred_until IS NULL"
        " AND p.email IS NOT NULL ORDER BY d.id LIMIT 1"
    )
    disclosure_id, person_id = int(found[0][0]), int(found[0][1])
    with db.transaction() as cur:
        if not email:  # every demo person who got data has an address: this one lost it
            cur.execute("UPDATE person SET email = NULL WHERE id = ?", [person_id])
        cur.execute("UPDATE disclosure SET notified_on = NULL WHERE id = ?", [disclosure_id])
        disclosure_days.refresh(cur, [disclosure_id])
    return disclosure_id


def _queue_notice(db: Database, disclosure_id: int) -> int:
    dpo = demo_member(db, Role.DPO)
    notify.notify_people(db, dpo, disclosure_id=disclosure_id, seen_disclosures=1, now=NOW, **EVER)
    letter = db.query("SELECT notice_letter_id FROM disclosure WHERE id = ?", [disclosure_id])
    return int(letter[0][0])


def _told(db: Database, disclosure_id: int) -> object:
    return db.query("SELECT notified_on FROM disclosure WHERE id = ?", [disclosure_id])[0][0]


def _state(db: Database, role: Role, letter_id: int) -> LetterState:
    found = outbox_desk.letters(db, demo_member(db, role))
    return LetterState(found.loc[found["id"] == letter_id, "state"].iloc[0])


def test_a_disclosure_is_told_only_when_its_e_mail_is_delivered(
    demo_db: Database, smtp_server: SmtpSettings
) -> None:
    disclosure_id = _untold(demo_db, email=True)
    letter_id = _queue_notice(demo_db, disclosure_id)
    assert _told(demo_db, disclosure_id) is None  # waiting in the outbox is not told
    assert _state(demo_db, Role.DPO, letter_id) is LetterState.WAITING
    later = NOW + timedelta(days=2)
    deliver_pending(demo_db, smtp_server, now=later)
    assert _told(demo_db, disclosure_id) == later.date()
    assert _state(demo_db, Role.DPO, letter_id) is LetterState.SENT


def test_a_letter_for_the_post_is_printed_then_posted_once_and_only_then_told(
    demo_db: Database,
) -> None:
    disclosure_id = _untold(demo_db, email=False)
    letter_id = _queue_notice(demo_db, disclosure_id)
    back_office = demo_member(demo_db, Role.BACKOFFICE)
    assert _state(demo_db, Role.BACKOFFICE, letter_id) is LetterState.TO_PRINT
    made = outbox_desk.print_file(demo_db, back_office, [letter_id], now=NOW)
    assert made.letters == 1 and made.html.count('class="letter"') == 1
    assert "@page { size: A4" in made.html
    assert _state(demo_db, Role.BACKOFFICE, letter_id) is LetterState.PRINTED
    assert demo_db.query("SELECT count(*) FROM audit_entry WHERE action = 'letters_printed'") == [
        (1,)
    ]
    assert _told(demo_db, disclosure_id) is None  # printed is not posted
    with pytest.raises(RequestError) as wrong:
        outbox_desk.mark_posted(demo_db, back_office, [letter_id], seen_count=2, now=NOW)
    assert wrong.value.code == "post_changed"
    posted_at = NOW + timedelta(days=1)
    assert (
        outbox_desk.mark_posted(demo_db, back_office, [letter_id], seen_count=1, now=posted_at) == 1
    )
    assert _state(demo_db, Role.BACKOFFICE, letter_id) is LetterState.POSTED
    assert _told(demo_db, disclosure_id) == posted_at.date()
    assert demo_db.query(
        "SELECT delivery_status, sent_at FROM letter WHERE id = ?", [letter_id]
    ) == [("sent", posted_at)]
    before = fingerprint(demo_db)
    with pytest.raises(RequestError) as twice:
        outbox_desk.mark_posted(demo_db, back_office, [letter_id], seen_count=1, now=posted_at)
    assert twice.value.code == "letter_not_for_post"
    assert fingerprint(demo_db) == before


def test_a_failed_letter_waits_again_once(demo_db: Database) -> None:
    disclosure_id = _untold(demo_db, email=True)
    letter_id = _queue_notice(demo_db, disclosure_id)
    with demo_db.transaction() as cur:  # five failed deliveries: the run gave up on it
        cur.execute(
            "UPDATE letter SET delivery_status = 'failed', attempts = 5,"
            " last_error = 'SMTPRecipientsRefused (550)' WHERE id = ?",
            [letter_id],
        )
    dpo = demo_member(demo_db, Role.DPO)
    assert _state(demo_db, Role.DPO, letter_id) is LetterState.FAILED
    outbox_desk.retry(demo_db, dpo, letter_id, now=NOW)
    assert demo_db.query(
        "SELECT delivery_status, attempts, last_error FROM letter WHERE id = ?", [letter_id]
    ) == [("pending", 0, None)]
    assert demo_db.query(
        "SELECT count(*) FROM audit_entry WHERE action = 'letter_retried' AND object_id = ?",
        [letter_id],
    ) == [(1,)]
    before = fingerprint(demo_db)
    with pytest.raises(RequestError) as twice:
        outbox_desk.retry(demo_db, dpo, letter_id, now=NOW)
    assert twice.value.code == "letter_not_failed"
    assert fingerprint(demo_db) == before
    assert _told(demo_db, disclosure_id) is None


def test_the_back_office_sees_and_touches_only_its_own_kinds(demo_db: Database) -> None:
    back_office = demo_member(demo_db, Role.BACKOFFICE)
    dpo = demo_member(demo_db, Role.DPO)
    kinds = set(outbox_desk.letters(demo_db, back_office)["kind"])
    assert kinds <= {"disclosure_notice", "refused_request_notice"}
    every = outbox_desk.letters(demo_db, dpo)
    assert "retention_extension_request" in set(every["kind"])
    other = int(every.loc[every["kind"] == "retention_extension_request", "id"].iloc[0])
    with demo_db.transaction() as cur:
        cur.execute("UPDATE letter SET delivery_status = 'failed' WHERE id = ?", [other])
    before = fingerprint(demo_db)
    with pytest.raises(RequestError) as refused:
        outbox_desk.retry(demo_db, back_office, other, now=NOW)
    assert refused.value.code == "letter_unknown"
    assert fingerprint(demo_db) == before


def test_print_files_are_not_listed_as_letters_and_no_name_is_shown(demo_db: Database) -> None:
    _queue_notice(demo_db, _untold(demo_db, email=False))  # makes a print_batch row too
    found = outbox_desk.letters(demo_db, demo_member(demo_db, Role.DPO))
    assert "print_batch" not in set(found["kind"])
    assert not {"given_name", "family_name", "recipient_email", "body"} & set(found.columns)


@pytest.mark.parametrize("role", [Role.RECRUITER, Role.MANAGEMENT])
def test_recruiters_and_management_are_refused(demo_db: Database, role: Role) -> None:
    actor = demo_member(demo_db, role)
    with pytest.raises(NotPermitted):
        outbox_desk.letters(demo_db, actor)
    with pytest.raises(NotPermitted):
        outbox_desk.mark_posted(demo_db, actor, [1], seen_count=1, now=NOW)
    with pytest.raises(NotPermitted):
        outbox_desk.retry(demo_db, actor, 1, now=NOW)


def test_every_state_is_counted_even_when_empty(demo_db: Database) -> None:
    found = outbox_desk.letters(demo_db, demo_member(demo_db, Role.DPO))
    counts = state_counts(found["state"])
    assert set(counts) == set(LetterState)
    assert sum(counts.values()) == len(found)
