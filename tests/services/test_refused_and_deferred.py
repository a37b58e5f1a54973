"""Every request of an outside party can be shown (O8): a refused one is recorded and the
person told of it; a notice can be deferred on a confidentiality ground (UAVG art. 41) and the
notice run leaves it out through its last day; a notice names a transfer's country and
safeguard. On a real demo database."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from konnektus import management_settings
from konnektus.db import disclosure_days
from konnektus.db.database import Database
from konnektus.domain.errors import CodedError
from konnektus.domain.permissions import NotPermitted, Role
from konnektus.services import sharing, sharing_notify
from konnektus.services import sharing_refused as refused
from konnektus.services.outbox import SmtpSettings, deliver_pending
from konnektus.services.sharing import DisclosureRefused
from tests.conftest import DEMO_TODAY
from tests.helpers import demo_member, fingerprint, member

NOW = datetime(2026, 11, 26, 9, 0)  # UTC, the demo's day
THRESHOLDS = management_settings.load().thresholds
EVER = {"first_day": date(2000, 1, 1), "last_day": DEMO_TODAY}


def living_person(db: Database, *, email: bool = True) -> int:
    return int(
        db.query(
            "SELECT id FROM person WHERE erased_at IS NULL AND restricted_since IS NULL"
            f" AND email IS {'NOT ' if email else ''}NULL ORDER BY id LIMIT 1"
        )[0][0]
    )


def recipient_of(db: Database, category: str) -> int:
    return int(
        db.query(
            "SELECT id FROM recipient WHERE category = ? AND active ORDER BY id LIMIT 1",
            [category],
        )[0][0]
    )


def untold_disclosure(db: Database) -> tuple[int, int, int]:
    """(disclosure, person, recipient) of an untold, unblocked disclosure of a living person,
    its notice not yet waiting in the outbox."""
    row = db.query(
        "SELECT d.id, d.person_id, d.recipient_id FROM disclosure d"
        " JOIN person p ON p.id = d.person_id WHERE d.notified_on IS NULL AND NOT d.blocked"
        " AND d.notice_letter_id IS NULL"
        " AND p.erased_at IS NULL ORDER BY d.id LIMIT 1"
    )[0]
    return int(row[0]), int(row[1]), int(row[2])


def test_a_refused_request_is_recorded_and_the_person_is_told_once_its_letter_goes(
    demo_db: Database, smtp_server: SmtpSettings
) -> None:
    dpo = demo_member(demo_db, Role.DPO)
    pid, referee = living_person(demo_db), recipient_of(demo_db, "referee")
    rid = refused.record_refused_request(
        demo_db, dpo, pid, referee, ["bsn", "medical"], "reference_check", "bsn_recipient",
        received_on=DEMO_TODAY - timedelta(days=2), now=NOW,
    )  # fmt: skip
    row = demo_db.query(
        "SELECT person_id, recipient_id, data_categories, reason, received_on, notified_on"
        " FROM refused_request WHERE id = ?",
        [rid],
    )[0]
    # queued, not told: told is the day its letter goes (issue 20)
    assert row == (pid, referee, ["bsn", "medical"], "bsn_recipient",
                   DEMO_TODAY - timedelta(days=2), None)  # fmt: skip
    subject, body = demo_db.query(
        "SELECT subject, body FROM letter WHERE person_id = ? AND kind = 'refused_request_notice'",
        [pid],
    )[0]
    assert "geweigerd" in subject
    assert "niets verstrekt" in body and "BSN" in body
    assert demo_db.query(
        "SELECT count(*) FROM audit_entry WHERE action = 'refused_request_recorded'"
        " AND object_id = ?",
        [rid],
    ) == [(1,)]
    assert refused.refused_request_counts(demo_db, dpo, today=DEMO_TODAY, **EVER) == (1, 0, 0)
    deliver_pending(demo_db, smtp_server, now=NOW)
    assert refused.refused_request_counts(demo_db, dpo, today=DEMO_TODAY, **EVER) == (1, 1, 0)


def test_a_refused_request_deferred_on_a_ground_is_not_told_until_the_day_after(
    demo_db: Database, smtp_server: SmtpSettings
) -> None:
    dpo = demo_member(demo_db, Role.DPO)
    pid, court = living_person(demo_db), recipient_of(demo_db, "court")
    until = DEMO_TODAY + timedelta(days=30)
    rid = refused.record_refused_request(
        demo_db, dpo, pid, court, ["cv"], "court_order", "no_ground_given",
        received_on=DEMO_TODAY, now=NOW, note="geen bevel meegestuurd",
        deferral_ground="criminal_investigation", deferred_until=until,
    )  # fmt: skip
    assert demo_db.query("SELECT notified_on FROM refused_request WHERE id = ?", [rid]) == [(None,)]
    assert refused.refused_request_counts(demo_db, dpo, today=DEMO_TODAY, **EVER) == (1, 0, 1)
    before = fingerprint(demo_db)
    on_last_day = datetime.combine(until, datetime.min.time()) + timedelta(hours=9)
    with pytest.raises(refused.RefusedRequestError) as refusal:
        refused.tell_refused_request(demo_db, dpo, rid, now=on_last_day)
    assert refusal.value.code == "refused_still_deferred"
    assert fingerprint(demo_db) == before
    refused.tell_refused_request(demo_db, dpo, rid, now=on_last_day + timedelta(days=1))
    deliver_pending(demo_db, smtp_server, now=on_last_day + timedelta(days=1))
    assert demo_db.query("SELECT notified_on FROM refused_request WHERE id = ?", [rid]) == [
        (until + timedelta(days=1),)
    ]


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"person_id": 999_999_999}, "refused_person_unknown"),
        ({"recipient_id": 999_999}, "refused_recipient_unknown"),
        ({"categories": []}, "refused_categories_required"),
        ({"categories": ["shoe_size"]}, "refused_category_unknown"),
        ({"purpose": ""}, "refused_purpose_required"),
        ({"purpose": "curiosity"}, "refused_purpose_unknown"),
        ({"reason": "because"}, "refused_reason_unknown"),
        ({"reason": "other", "note": "  "}, "refused_note_required"),
        ({"received_on": None}, "refused_received_missing"),
        ({"received_on": DEMO_TODAY + timedelta(days=1)}, "refused_received_in_future"),
        ({"deferral_ground": "court_order"}, "deferral_end_required"),
        ({"deferred_until": DEMO_TODAY + timedelta(days=9)}, "deferral_ground_required"),
        (
            {"deferral_ground": "court_order", "deferred_until": DEMO_TODAY},
            "deferral_end_not_after_today",
        ),
    ],
)
def test_a_refused_request_is_not_recorded_for_exactly_these_reasons(
    demo_db: Database, changes: dict[str, object], code: str
) -> None:
    dpo = demo_member(demo_db, Role.DPO)
    args: dict[str, object] = {
        "person_id": living_person(demo_db),
        "recipient_id": recipient_of(demo_db, "referee"),
        "categories": ["cv"],
        "purpose": "reference_check",
        "reason": "more_than_needed",
        "received_on": DEMO_TODAY,
        "note": "vroeg ook om loongegevens",
    } | changes
    before = fingerprint(demo_db)
    with pytest.raises(CodedError) as refusal:
        refused.record_refused_request(demo_db, dpo, now=NOW, **args)  # type: ignore[arg-type]
    assert refusal.value.code == code
    assert fingerprint(demo_db) == before


def test_the_register_forms_refusal_code_can_be_recorded_as_the_reason(
    demo_db: Database,
) -> None:
    dpo = demo_member(demo_db, Role.DPO)
    pid, referee = living_person(demo_db), recipient_of(demo_db, "referee")
    with pytest.raises(DisclosureRefused) as refusal:
        sharing.register_disclosure(
            demo_db, dpo, pid, referee, ["bsn"], "reference_check", "legitimate_interest", None,
            now=NOW,
        )  # fmt: skip
    rid = refused.record_refused_request(
        demo_db, dpo, pid, referee, ["bsn"], "reference_check", refusal.value.refusal.value,
        received_on=DEMO_TODAY, now=NOW,
    )  # fmt: skip
    listed = refused.refused_requests(demo_db, dpo, **EVER)
    assert listed.set_index("id").loc[rid, "reason"] == "bsn_recipient"


def test_only_roles_that_register_disclosures_record_refusals_and_only_the_dpo_defers(
    demo_db: Database,
) -> None:
    before = fingerprint(demo_db)
    for role in (Role.MANAGEMENT, Role.RECRUITER):
        with pytest.raises(NotPermitted):
            refused.record_refused_request(
                demo_db, member(role), 1, 1, ["cv"], "reference_check", "other",
                received_on=DEMO_TODAY, now=NOW, note="x",
            )  # fmt: skip
    disclosure_id, _pid, _rid = untold_disclosure(demo_db)
    for role in (Role.MANAGEMENT, Role.RECRUITER, Role.BACKOFFICE):
        with pytest.raises(NotPermitted):
            refused.defer_disclosure_notice(
                demo_db, member(role), disclosure_id, ground="court_order",
                until=DEMO_TODAY + timedelta(days=9), seen_until=None, now=NOW,
            )  # fmt: skip
    assert fingerprint(demo_db) == before


def test_a_deferred_notice_is_left_out_of_the_notice_run_through_its_last_day(
    demo_db: Database,
) -> None:
    dpo = demo_member(demo_db, Role.DPO)
    disclosure_id, _pid, recipient_id = untold_disclosure(demo_db)
    until = DEMO_TODAY + timedelta(days=10)
    one = {"disclosure_id": disclosure_id, **EVER}
    assert sharing_notify.notice_preview(demo_db, dpo, today=DEMO_TODAY, **one).disclosures == 1
    refused.defer_disclosure_notice(
        demo_db, dpo, disclosure_id, ground="tax_investigation", until=until, seen_until=None,
        now=NOW,
    )  # fmt: skip
    assert sharing_notify.notice_preview(demo_db, dpo, today=DEMO_TODAY, **one).disclosures == 0
    assert sharing_notify.notice_preview(demo_db, dpo, today=until, **one).disclosures == 0
    after = until + timedelta(days=1)
    assert sharing_notify.notice_preview(demo_db, dpo, today=after, **one).disclosures == 1
    # the summary counts it apart: neither told nor untold while deferred, untold after
    summed = {"grouping": "recipient", **EVER}
    while_deferred = sharing.sharing_summary(demo_db, dpo, today=DEMO_TODAY, **summed)
    ended = sharing.sharing_summary(demo_db, dpo, today=after, **summed)
    row = while_deferred.set_index("recipient_id").loc[recipient_id]
    later = ended.set_index("recipient_id").loc[recipient_id]
    assert row["deferred"] == 1 and later["deferred"] == 0
    assert later["not_notified"] == row["not_notified"] + 1
    assert demo_db.query(
        "SELECT count(*) FROM audit_entry WHERE action = 'notice_deferred' AND object_id = ?",
        [disclosure_id],
    ) == [(1,)]


@pytest.mark.parametrize(
    ("ground", "until", "seen", "code"),
    [
        (None, DEMO_TODAY + timedelta(days=5), None, "deferral_ground_required"),
        ("gossip", DEMO_TODAY + timedelta(days=5), None, "deferral_ground_unknown"),
        ("court_order", None, None, "deferral_end_required"),
        ("court_order", DEMO_TODAY, None, "deferral_end_not_after_today"),
        ("court_order", DEMO_TODAY + timedelta(days=367), None, "deferral_end_too_far"),
        ("court_order", DEMO_TODAY + timedelta(days=5), DEMO_TODAY, "already_changed_unknown"),
    ],
)
def test_a_deferral_is_refused_for_exactly_these_reasons(
    demo_db: Database, ground: str | None, until: date | None, seen: date | None, code: str
) -> None:
    dpo = demo_member(demo_db, Role.DPO)
    disclosure_id, _pid, _rid = untold_disclosure(demo_db)
    before = fingerprint(demo_db)
    with pytest.raises(CodedError) as refusal:
        refused.defer_disclosure_notice(
            demo_db, dpo, disclosure_id, ground=ground, until=until, seen_until=seen, now=NOW
        )
    assert refusal.value.code == code
    assert fingerprint(demo_db) == before


def test_a_told_disclosure_cannot_be_deferred(demo_db: Database) -> None:
    dpo = demo_member(demo_db, Role.DPO)
    told = int(
        demo_db.query("SELECT id FROM disclosure WHERE notified_on IS NOT NULL LIMIT 1")[0][0]
    )
    before = fingerprint(demo_db)
    with pytest.raises(CodedError) as refusal:
        refused.defer_disclosure_notice(
            demo_db, dpo, told, ground="court_order", until=DEMO_TODAY + timedelta(days=5),
            seen_until=None, now=NOW,
        )  # fmt: skip
    assert refusal.value.code == "deferral_already_told"
    assert fingerprint(demo_db) == before


def test_the_notice_of_a_transfer_outside_the_eea_names_the_country_and_safeguard(
    demo_db: Database,
) -> None:
    dpo = demo_member(demo_db, Role.DPO)
    abroad = demo_db.query(
        "SELECT d.id, d.person_id, r.safeguard FROM disclosure d"
        " JOIN recipient r ON r.id = d.recipient_id JOIN person p ON p.id = d.person_id"
        " WHERE r.country = 'GB' AND p.erased_at IS NULL AND NOT d.blocked ORDER BY d.id LIMIT 1"
    )
    assert abroad, "the demo reaches the UK clearance board"
    disclosure_id, pid, safeguard = abroad[0]
    with demo_db.transaction() as cur:  # untold again, in Dutch, so the run covers it
        cur.execute("UPDATE disclosure SET notified_on = NULL WHERE id = ?", [disclosure_id])
        cur.execute("UPDATE person SET language = 'nl' WHERE id = ?", [pid])
        disclosure_days.refresh(cur, [disclosure_id])
    one = {"disclosure_id": disclosure_id, **EVER}
    sharing_notify.notify_people(demo_db, dpo, seen_disclosures=1, now=NOW, **one)
    body = demo_db.query(
        "SELECT body FROM letter WHERE person_id = ? AND kind = 'disclosure_notice'"
        " ORDER BY id DESC LIMIT 1",
        [pid],
    )[0][0]
    assert "Doorgifte buiten de EER: naar Verenigd Koninkrijk (GB)" in body
    assert safeguard == "adequacy_decision" and "adequaatheidsbesluit" in body


def test_the_access_answer_leaves_out_a_deferred_request_until_the_day_after_its_end(
    demo_db: Database,
) -> None:
    """UAVG art. 41: the Art. 15 answer may not tell what the deferred notice may not tell,
    the disclosure itself, its audit trail or a refused request deferred on a ground."""
    from konnektus.db import access_answer

    dpo = demo_member(demo_db, Role.DPO)
    disclosure_id, person_id, _recipient = untold_disclosure(demo_db)
    until = DEMO_TODAY + timedelta(days=10)
    refused.defer_disclosure_notice(
        demo_db, dpo, disclosure_id, ground="criminal_investigation", until=until,
        seen_until=None, now=NOW,
    )  # fmt: skip

    def shown(today: date) -> tuple[bool, bool]:
        with demo_db.cursor() as cur:
            rows = access_answer.readable_rows_about(cur, person_id, today)
            trail = access_answer.consultations(cur, person_id, today)
        listed = disclosure_id in [r["id"] for r in rows["disclosure"]]
        return listed, any(c["action"] == "notice_deferred" for c in trail)

    assert shown(DEMO_TODAY) == (False, False)
    assert shown(until) == (False, False)
    assert shown(until + timedelta(days=1)) == (True, True)


def test_the_figures_count_a_deferred_notice_apart_neither_told_nor_late(
    demo_db: Database,
) -> None:
    """Issue 19 point 8: "told" counts deferred notices apart, on the overview's counts and in
    the management figure (its 30 days run from the day after the deferral)."""
    from konnektus.domain.promises import Period
    from konnektus.services.management import promise_figures
    from konnektus.services.overview import compliance

    dpo = demo_member(demo_db, Role.DPO)
    late = demo_db.query(  # untold for more than 30 days: late before the deferral
        "SELECT d.id, d.disclosed_at FROM disclosure d JOIN person p ON p.id = d.person_id"
        " WHERE d.notified_on IS NULL AND NOT d.blocked AND p.erased_at IS NULL"
        " AND d.disclosed_at < ? ORDER BY d.disclosed_at DESC LIMIT 1",
        [NOW - timedelta(days=40)],
    )[0]
    disclosure_id, day = int(late[0]), late[1].date()
    period = Period(day, DEMO_TODAY)
    before_period = Period(day - timedelta(days=400), day - timedelta(days=1))

    def measured() -> tuple[int, int, float | None, int | None]:
        counts = compliance(demo_db, dpo, today=DEMO_TODAY)
        figure = {
            f.promise.key: f
            for f in promise_figures(
                demo_db, demo_member(demo_db, Role.MANAGEMENT), period, before_period,
                today=DEMO_TODAY, thresholds=THRESHOLDS,
            )
        }["disclosures_told_in_time"]  # fmt: skip
        shown = counts.disclosures_not_notified, counts.disclosures_deferred
        return (*shown, figure.value, figure.apart)

    untold, deferred, share_before, apart_before = measured()
    refused.defer_disclosure_notice(
        demo_db, dpo, disclosure_id, ground="court_order", until=DEMO_TODAY + timedelta(days=30),
        seen_until=None, now=NOW,
    )  # fmt: skip
    after = measured()
    assert after[:2] == (untold - 1, deferred + 1)
    # it was late; deferred, it leaves the measured disclosures for the count apart, so the
    # share told does not fall (among the late ones of every period since, one in a thousand)
    assert share_before is not None and after[2] is not None and after[2] >= share_before
    assert apart_before is not None and after[3] == apart_before + 1


def test_the_erasure_letter_names_no_recipient_whose_notice_is_deferred(
    demo_db: Database,
) -> None:
    """UAVG art. 41: the recipient is told of the erasure (Art. 19), the person not of it."""
    from konnektus.services import erasure as erasure_service
    from konnektus.services import requests as desk

    dpo = demo_member(demo_db, Role.DPO)
    row = demo_db.query(
        "SELECT d.id, d.person_id, r.name FROM disclosure d JOIN person p ON p.id = d.person_id"
        " JOIN recipient r ON r.id = d.recipient_id WHERE d.notified_on IS NULL"
        " AND NOT d.blocked AND p.erased_at IS NULL AND p.restricted_since IS NULL"
        " AND p.stage IN ('applicant', 'proposed', 'former_employee')"
        " AND (SELECT count(*) FROM disclosure e"
        "   WHERE e.person_id = d.person_id AND e.recipient_id = d.recipient_id) = 1"
        " AND NOT EXISTS (SELECT 1 FROM request q WHERE q.person_id = p.id"
        "   AND q.status NOT IN ('completed', 'rejected', 'withdrawn'))"
        " ORDER BY d.id LIMIT 1"
    )[0]
    disclosure_id, person_id, recipient = int(row[0]), int(row[1]), str(row[2])
    refused.defer_disclosure_notice(
        demo_db, dpo, disclosure_id, ground="tax_investigation",
        until=DEMO_TODAY + timedelta(days=60), seen_until=None, now=NOW,
    )  # fmt: skip
    reference = demo_db.query("SELECT reference FROM person WHERE id = ?", [person_id])[0][0]
    request_id = desk.log_request(
        demo_db, dpo, request_type="erasure", channel="email",
        received_at=datetime(2026, 11, 20, 8), requester_name="Verzoeker",
        requester_email=None, free_text=None, person_id=person_id, now=NOW,
    )  # fmt: skip
    desk.change_status(
        demo_db, dpo, request_id, seen_status="received", target="in_progress", now=NOW
    )
    erasure_service.execute_erasure(
        demo_db, dpo, request_id, seen_status="in_progress", typed_reference=reference, now=NOW
    )
    (body,) = demo_db.query(
        "SELECT body FROM letter WHERE request_id = ? AND kind IN"
        " ('erasure_confirmation', 'erasure_partial')",
        [request_id],
    )[0]
    assert recipient not in body
    assert demo_db.query(
        "SELECT count(*) FROM recipient_notice WHERE person_id = ? AND recipient_id ="
        " (SELECT recipient_id FROM disclosure WHERE id = ?)",
        [person_id, disclosure_id],
    ) == [(1,)]
