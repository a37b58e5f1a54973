"""Rectification (O10) and consent withdrawal (O8, O12): changes with their trail.

Old and new values go to `person_change` (personal data, exported and erased with the
person); the audit log names only the fields.
"""

from __future__ import annotations

from datetime import datetime

from konnektus.db import audit, search
from konnektus.db import consents as consent_rows
from konnektus.db import people as people_rows
from konnektus.db.database import Database
from konnektus.domain import input_limits
from konnektus.domain.errors import Term
from konnektus.domain.import_values import BadValue, read_date
from konnektus.domain.permissions import Action
from konnektus.domain.restriction import check_rectification_allowed
from konnektus.domain.staff import Actor, audit_identity
from konnektus.domain.text import clean_text, has_control_characters, is_email
from konnektus.services.access import requires
from konnektus.services.requests import RequestError, amsterdam_today

_REQUIRED = frozenset({"given_name", "family_name"})


def _clean(field: str, value: str | None) -> object:
    text = clean_text(value or "")  # control characters never stored (issue 13)
    if field == "email" and value and has_control_characters(value.strip()):
        raise RequestError("not_an_email", email=text)
    if field in _REQUIRED and not text:
        raise RequestError("field_required", field=Term("statement.field", field))
    if not text:
        return None
    if field == "email" and not is_email(text):
        raise RequestError("not_an_email", email=text)
    if field == "language" and text not in ("nl", "en"):
        raise RequestError("unknown_language")
    if field == "date_of_birth":
        try:  # dd-mm-jjjj as the form shows it, or jjjj-mm-dd
            return read_date(text)
        except BadValue:
            raise RequestError("not_a_date", value=text) from None
    if len(text) > 200:
        raise RequestError("field_too_long", field=Term("statement.field", field))
    return text


@requires(Action.RECTIFY_PERSON)
def rectify_person(
    db: Database,
    actor: Actor,
    person_id: int,
    changes: dict[str, str | None],
    *,
    request_id: int | None = None,
    now: datetime,
) -> list[str]:
    """Apply the changed fields; return their names. Validation happens before any write."""
    unknown = set(changes) - set(people_rows.RECTIFIABLE)
    if unknown:
        raise RequestError("not_rectifiable")
    cleaned = {field: _clean(field, value) for field, value in changes.items()}
    staff_id, role = audit_identity(actor)
    with db.transaction() as cur:
        person = people_rows.get(cur, person_id)
        if person is None or person["erased_at"] is not None:
            raise RequestError("person_unknown")
        changed = [f for f, v in cleaned.items() if v != person[f]]
        check_rectification_allowed(person, changed)  # Art. 18: only the disputed field
        for field in changed:
            people_rows.update_field(cur, person_id, field, cleaned[field])
            people_rows.record_change(
                cur, person_id, request_id, field, person[field], cleaned[field], now, staff_id
            )
        if changed:
            search.refresh_keys(cur, [person_id])
            audit.append(
                cur,
                at=now,
                staff_id=staff_id,
                role=role,
                action="person_rectified",
                object_type="person",
                object_id=person_id,
                details={"fields": changed, "request_id": request_id},
            )
    return changed


@requires(Action.WITHDRAW_CONSENT)
def withdraw_consents(
    db: Database,
    actor: Actor,
    person_id: int,
    *,
    how: str,
    request_id: int | None = None,
    now: datetime,
) -> tuple[int, int]:
    """Withdraw every consent still given; block disclosures that relied on one of them
    after today. Returns (consents withdrawn, disclosures blocked)."""
    # how it was withdrawn is stored with each consent: cleaned, at most 100 characters
    how = input_limits.checked(how, "how", required=True) or ""
    staff_id, role = audit_identity(actor)
    today = amsterdam_today(now)
    with db.transaction() as cur:
        withdrawn = consent_rows.withdraw_all(cur, person_id, today, how)
        if not withdrawn:  # a second click, or nothing was ever given: write nothing
            raise RequestError("no_consent_to_withdraw")
        blocked = consent_rows.block_disclosures_relying_on(cur, withdrawn, today)
        audit.append(
            cur,
            at=now,
            staff_id=staff_id,
            role=role,
            action="consent_withdrawn",
            object_type="person",
            object_id=person_id,
            details={
                "consents": withdrawn,
                "disclosures_blocked": blocked,
                "request_id": request_id,
            },
        )
    return len(withdrawn), blocked
