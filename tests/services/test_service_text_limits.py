"""Every service that stores text typed by staff or given by a person holds its own limits,
whatever the widgets allow (issue 13 continued): the contact log, the recipient register, how a
consent was withdrawn, the answer to the extension question, the purpose of a disclosure and the
reasons of a restriction, an objection or a human review. Too long, or nothing left once the
control characters are gone, is refused with a code from the catalogs, and nothing is written:
no row, no audit entry. Control characters inside good text are removed before it is stored."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from typing import Any

import pytest

from konnektus.db.database import Database
from konnektus.domain.errors import CodedError, Term
from konnektus.domain.permissions import Role
from konnektus.i18n import LANGUAGES, error_text
from konnektus.services import profile, settings, sharing, sharing_consent
from konnektus.services import request_outcomes as outcomes
from konnektus.services import requests as desk
from konnektus.services import retention as retention_service
from konnektus.services import sharing_register as recipients
from konnektus.services.rectification import withdraw_consents
from konnektus.services.sharing_register import RecipientInput
from tests.helpers import demo_member, fingerprint

NOW = datetime(2026, 11, 26, 9, 0)  # UTC
PAYROLL = 14  # a demo processor with a valid agreement
CONTROL = "\x00\x07\x1b\x7f\u202e"  # NUL, BEL, ESC, DEL and a bidi override


def living_person(db: Database) -> int:
    return int(db.query("SELECT min(id) FROM person WHERE erased_at IS NULL")[0][0])


def refused(db: Database, call: Any) -> CodedError:
    """Run `call`, which must be refused with a coded error, and check nothing was written."""
    before = fingerprint(db)
    with pytest.raises(CodedError) as caught:
        call()
    assert fingerprint(db) == before, "a refused call wrote something"
    for language in LANGUAGES:  # its message comes from the catalogs, in both languages
        assert error_text(caught.value, language=language)
    return caught.value


def too_long(error: CodedError, field: str, limit: int) -> None:
    assert (error.code, error.params["field"], error.params["limit"]) == (
        "text_too_long",
        Term("input_field", field),
        limit,
    )


# --- the contact log (profile: "contact vastleggen") ------------------------------------------


def log_contact(db: Database, note: str, channel: str = "phone") -> int:
    return profile.log_contact(
        db, demo_member(db, Role.RECRUITER), living_person(db), channel=channel, note=note, now=NOW
    )


def test_a_contact_note_longer_than_the_form_allows_is_refused(demo_db: Database) -> None:
    error = refused(demo_db, lambda: log_contact(demo_db, "n" * 2001))
    too_long(error, "note", 2000)
    assert error.params["length"] == 2001


@pytest.mark.parametrize(
    ("note", "channel", "code"),
    [
        (CONTROL, "phone", "contact_note_required"),
        (" \t\n" + CONTROL, "phone", "contact_note_required"),
        ("gebeld", "phone\x00", "unknown_contact_channel"),
        ("gebeld", "p" * 10_000, "unknown_contact_channel"),
    ],
)
def test_a_contact_of_control_characters_or_an_unknown_channel_is_refused(
    demo_db: Database, note: str, channel: str, code: str
) -> None:
    assert refused(demo_db, lambda: log_contact(demo_db, note, channel)).code == code


def test_a_contact_note_at_the_limit_is_kept_without_its_control_characters(
    demo_db: Database,
) -> None:
    item_id = log_contact(demo_db, "Belde\x00 over\x1b werk\n" + "x" * 1984 + CONTROL)
    (value,) = demo_db.query("SELECT value FROM personal_data_item WHERE id = ?", [item_id])[0]
    assert value == "[phone] Belde over werk\n" + "x" * 1984


# --- the recipient register -----------------------------------------------------------------

ENTRY = RecipientInput(
    name="Loonbureau Oost",
    category="payroll_bureau",
    kind="processor",
    country="NL",
    dpa_signed_on=date(2026, 1, 1),
    dpa_expires_on=date(2027, 1, 10),
)


@pytest.mark.parametrize(
    ("name", "code"),
    [("L" * 201, "text_too_long"), (CONTROL, "name_required"), ("\x00 \x1b\t", "name_required")],
)
def test_a_recipient_with_an_overlong_or_empty_name_is_not_added(
    demo_db: Database, name: str, code: str
) -> None:
    dpo = demo_member(demo_db, Role.DPO)
    error = refused(
        demo_db, lambda: recipients.add_recipient(demo_db, dpo, replace(ENTRY, name=name), now=NOW)
    )
    assert error.code == code
    if code == "text_too_long":
        too_long(error, "name", 200)


def test_an_edit_with_an_overlong_name_leaves_the_recipient_as_it_was(demo_db: Database) -> None:
    dpo = demo_member(demo_db, Role.DPO)
    seen = demo_db.query("SELECT changed_at FROM recipient WHERE id = ?", [PAYROLL])[0][0]
    error = refused(
        demo_db,
        lambda: recipients.edit_recipient(
            demo_db, dpo, PAYROLL, replace(ENTRY, name="L" * 201), seen_changed_at=seen, now=NOW
        ),
    )
    too_long(error, "name", 200)


def test_a_recipient_name_is_stored_without_its_control_characters(demo_db: Database) -> None:
    dpo = demo_member(demo_db, Role.DPO)
    name = "Loon\x00bureau\x1b  Oost\u202e " + "B" * 180
    new = recipients.add_recipient(demo_db, dpo, replace(ENTRY, name=name), now=NOW)
    assert demo_db.query("SELECT name FROM recipient WHERE id = ?", [new]) == [
        ("Loonbureau Oost " + "B" * 180,)
    ]


# --- consent: how it was withdrawn ------------------------------------------------------------


def person_with_consent(db: Database) -> tuple[int, int]:
    row = db.query(
        "SELECT c.person_id, c.id FROM consent c JOIN person p ON p.id = c.person_id"
        " WHERE c.withdrawn_on IS NULL AND p.erased_at IS NULL ORDER BY c.id LIMIT 1"
    )[0]
    return int(row[0]), int(row[1])


@pytest.mark.parametrize(
    ("how", "code"), [("h" * 101, "text_too_long"), (CONTROL, "text_required")]
)
def test_withdrawing_every_consent_with_an_overlong_or_empty_how_is_refused(
    demo_db: Database, how: str, code: str
) -> None:
    person_id, _ = person_with_consent(demo_db)
    dpo = demo_member(demo_db, Role.DPO)
    error = refused(demo_db, lambda: withdraw_consents(demo_db, dpo, person_id, how=how, now=NOW))
    assert error.code == code
    if code == "text_too_long":
        too_long(error, "how", 100)


def test_how_a_consent_was_withdrawn_is_stored_without_control_characters(
    demo_db: Database,
) -> None:
    person_id, consent_id = person_with_consent(demo_db)
    dpo = demo_member(demo_db, Role.DPO)
    withdraw_consents(demo_db, dpo, person_id, how="verzoek\x00 12\x1b", now=NOW)
    assert demo_db.query("SELECT withdrawn_how FROM consent WHERE id = ?", [consent_id]) == [
        ("verzoek 12",)
    ]


@pytest.mark.parametrize("how", ["email\x00", "email" + "\u202e", "e" * 10_000, ""])
def test_withdrawing_one_consent_takes_only_a_channel_from_the_list(
    demo_db: Database, how: str
) -> None:
    _, consent_id = person_with_consent(demo_db)
    dpo = demo_member(demo_db, Role.DPO)
    error = refused(
        demo_db,
        lambda: sharing_consent.withdraw_consent(
            demo_db, dpo, consent_id, how=how, received_on=NOW.date(), now=NOW
        ),
    )
    assert error.code == "unknown_channel"


# --- the answer to the extension question -----------------------------------------------------


@pytest.mark.parametrize(
    ("answer", "channel", "code"),
    [
        ("granted\x00", "email", "unknown_answer"),
        ("granted" + "x" * 10_000, "email", "unknown_answer"),
        ("granted", "email\x1b", "unknown_contact_channel"),
        ("granted", "e" * 10_000, "unknown_contact_channel"),
    ],
)
def test_an_extension_answer_takes_only_an_answer_and_a_channel_from_the_lists(
    demo_db: Database, answer: str, channel: str, code: str
) -> None:
    person = demo_db.query(
        "SELECT id, extension_state, retention_expiry FROM person"
        " WHERE extension_state = 'asked' AND erased_at IS NULL ORDER BY id LIMIT 1"
    )[0]
    error = refused(
        demo_db,
        lambda: retention_service.record_extension_answer(
            demo_db,
            demo_member(demo_db, Role.RECRUITER),
            int(person[0]),
            seen_state=str(person[1]),
            seen_expiry=person[2],
            answer=answer,
            channel=channel,
            now=NOW,
        ),
    )
    assert error.code == code


# --- the purpose of a disclosure --------------------------------------------------------------


@pytest.mark.parametrize(
    ("purpose", "note", "code"),
    [("payroll", "p" * 201, "text_too_long"), (CONTROL, "", "refused"), ("", "", "refused")],
)
def test_a_disclosure_with_an_overlong_note_or_no_purpose_is_not_registered(
    demo_db: Database, purpose: str, note: str, code: str
) -> None:
    backoffice = demo_member(demo_db, Role.BACKOFFICE)
    error = refused(
        demo_db,
        lambda: sharing.register_disclosure(
            demo_db,
            backoffice,
            living_person(demo_db),
            PAYROLL,
            ("salary",),
            purpose,
            "contract",
            None,
            now=NOW,
            note=note,
        ),
    )
    assert error.code == code
    if code == "text_too_long":
        too_long(error, "purpose", 200)
    else:  # the purpose is a code of the list; typed text is not one
        assert error.params["reason"] in (
            Term("sharing.refusal", "no_purpose"),
            Term("sharing.refusal", "unknown_purpose"),
        )


def test_a_disclosure_note_is_stored_without_control_characters(demo_db: Database) -> None:
    backoffice = demo_member(demo_db, Role.BACKOFFICE)
    new = sharing.register_disclosure(
        demo_db, backoffice, living_person(demo_db), PAYROLL, ("salary",),
        "payroll", "contract", None, now=NOW, note="loon\x00betaling\x1b",
    )  # fmt: skip
    assert demo_db.query("SELECT purpose, purpose_note FROM disclosure WHERE id = ?", [new]) == [
        ("payroll", "loonbetaling")
    ]


# --- reasons of a restriction, an objection and a human review --------------------------------


def started(db: Database, kind: str, person_id: int) -> int:
    dpo = demo_member(db, Role.DPO)
    request_id = desk.log_request(
        db, dpo, request_type=kind, channel="email", received_at=datetime(2026, 11, 25, 12),
        requester_name="Verzoeker", requester_email=None, free_text=None, person_id=person_id,
        now=NOW,
    )  # fmt: skip
    desk.change_status(db, dpo, request_id, seen_status="received", target="in_progress", now=NOW)
    return request_id


@pytest.mark.parametrize(
    ("reason", "code"), [("r" * 2001, "text_too_long"), (CONTROL, "reason_missing")]
)
def test_a_restriction_with_an_overlong_or_empty_reason_is_not_granted(
    demo_db: Database, reason: str, code: str
) -> None:
    request_id = started(demo_db, "restriction", living_person(demo_db))
    dpo = demo_member(demo_db, Role.DPO)
    error = refused(
        demo_db,
        lambda: outcomes.restrict_processing(
            demo_db,
            dpo,
            request_id,
            seen_status="in_progress",
            disputed_field=None,
            reason=reason,
            now=NOW,
        ),
    )
    assert error.code == code
    if code == "text_too_long":
        too_long(error, "reason", 2000)


def test_lifting_a_restriction_with_an_overlong_reason_leaves_it_in_place(
    demo_db: Database,
) -> None:
    person_id = living_person(demo_db)
    request_id = started(demo_db, "restriction", person_id)
    dpo = demo_member(demo_db, Role.DPO)
    outcomes.restrict_processing(
        demo_db, dpo, request_id, seen_status="in_progress", disputed_field=None,
        reason="u betwist\x00 uw gegevens\x1b", now=NOW,
    )  # fmt: skip
    assert demo_db.query("SELECT outcome_reason FROM request WHERE id = ?", [request_id]) == [
        ("u betwist uw gegevens",)
    ]
    error = refused(
        demo_db,
        lambda: outcomes.lift_restriction(demo_db, dpo, person_id, reason="r" * 2001, now=NOW),
    )
    too_long(error, "reason", 2000)


@pytest.mark.parametrize("kind", ["objection", "automated_decision"])
def test_an_objection_or_a_human_review_with_an_overlong_reason_is_not_recorded(
    demo_db: Database, kind: str
) -> None:
    request_id = started(demo_db, kind, living_person(demo_db))
    dpo = demo_member(demo_db, Role.DPO)

    def call() -> None:
        if kind == "objection":
            outcomes.uphold_objection(
                demo_db, dpo, request_id, seen_status="in_progress", purpose="job_finding",
                reason="r" * 2001, now=NOW,
            )  # fmt: skip
        else:
            outcomes.record_human_review(
                demo_db, dpo, request_id, seen_status="in_progress", outcome="r" * 2001, now=NOW
            )

    too_long(refused(demo_db, call), "reason", 2000)


# --- the privacy contact on every letter (settings) --------------------------------------------


@pytest.mark.parametrize(
    ("changes", "code", "field", "limit"),
    [
        ({"name": "N" * 201}, "text_too_long", "name", 200),
        ({"phone": "0" * 51}, "text_too_long", "phone", 50),
        ({"postal_address": "Postbus 1\n" + "a" * 491}, "text_too_long", "address", 500),
        ({"email": "fg\x00@konnektus.nl"}, "contact_email_invalid", None, None),
        ({"email": "<svg/onload=alert(1)>@x.nl"}, "contact_email_invalid", None, None),
        ({"email": CONTROL}, "contact_email_invalid", None, None),
    ],
)
def test_a_privacy_contact_too_long_or_with_a_bad_address_is_not_stored(
    demo_db: Database, changes: dict[str, str], code: str, field: str | None, limit: int | None
) -> None:
    dpo = demo_member(demo_db, Role.DPO)
    error = refused(
        demo_db, lambda: settings.update_privacy_contact(demo_db, dpo, changes, now=NOW)
    )
    assert error.code == code
    if field is not None and limit is not None:
        too_long(error, field, limit)


def test_the_privacy_contact_is_stored_without_control_characters(demo_db: Database) -> None:
    dpo = demo_member(demo_db, Role.DPO)
    changes = {
        "name": "S.\x1b Jansen",
        "phone": "010\x07 123 45 67",
        "postal_address": "Postbus 123\n3000 AA\x00 Rotterdam",
    }
    settings.update_privacy_contact(demo_db, dpo, changes, now=NOW)
    contact = settings.current_settings(demo_db, dpo).contact
    assert (contact.name, contact.phone, contact.postal_address) == (
        "S. Jansen",
        "010 123 45 67",
        "Postbus 123\n3000 AA Rotterdam",
    )
