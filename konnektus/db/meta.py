"""The `meta` table: whether the database holds demo data, and settings (O13 DPO contact)."""

from __future__ import annotations

from konnektus.db.database import Cursor, first_row
from konnektus.domain.contact import DEFAULT_EMAIL, PrivacyContact
from konnektus.domain.deadlines import DEFAULT_ERASURE_EXTENDED_MONTHS
from konnektus.domain.requests import DEFAULT_IDENTITY_QUESTION_DAYS
from konnektus.domain.retention import DEFAULT_POLICY, RetentionPolicy
from konnektus.domain.special_data import DEFAULT_MONTHS_AFTER_PLACEMENT

DEMO_FLAG = "demo_data"
DPO_CONTACT = "dpo_contact"
DEFAULT_DPO_CONTACT = DEFAULT_EMAIL  # a function mailbox (domain/contact.py)
# O6: the lead times of the extension question, in days (konnektus.domain.retention)
RETENTION_SETTINGS = {
    "lead_days": "retention_lead_days",
    "reminder_days": "retention_reminder_days",
    "wait_days": "retention_wait_days",
}
# deadlines.md: the months from receipt an extended erasure may take (the privacy statement's
# promise caps it; konnektus.domain.deadlines.check_erasure_extended_months bounds it)
ERASURE_EXTENDED_MONTHS = "erasure_extended_months"


def get(cur: Cursor, key: str) -> str | None:
    row = first_row(cur, "SELECT value FROM meta WHERE key = ?", [key])
    return None if row is None else str(row[0])


def put(cur: Cursor, key: str, value: str) -> None:
    cur.execute(
        "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = ?",
        [key, value, value],
    )


def holds_demo_data(cur: Cursor) -> bool:
    return get(cur, DEMO_FLAG) == "true"


def dpo_contact(cur: Cursor) -> str:
    return get(cur, DPO_CONTACT) or DEFAULT_DPO_CONTACT


CONTACT_PREFIX = "privacy_contact."


def privacy_contact(cur: Cursor) -> PrivacyContact:
    """O13: the contact on letters and exports; the e-mail also by its older key."""
    rows = cur.execute(
        "SELECT key, value FROM meta WHERE starts_with(key, ?)", [CONTACT_PREFIX]
    ).fetchall()
    values = {str(k).removeprefix(CONTACT_PREFIX): str(v) for k, v in rows}
    values.setdefault("email", dpo_contact(cur))
    # Art. 37: letters carry the title "functionaris gegevensbescherming" exactly when the staff
    # table holds an active DPO, never by a setting that can go stale
    active = cur.execute("SELECT count(*) FROM staff WHERE role = 'dpo' AND active").fetchall()
    values["dpo_appointed"] = "true" if int(active[0][0]) > 0 else "false"
    return PrivacyContact.from_settings(values)


def put_privacy_contact(cur: Cursor, contact: PrivacyContact) -> None:
    for field, value in contact.as_settings().items():
        put(cur, CONTACT_PREFIX + field, value)
    put(cur, DPO_CONTACT, contact.email)


def retention_policy(cur: Cursor) -> RetentionPolicy:
    """The retention lead times in force: the stored settings, else the defaults."""
    values = {}
    for field, key in RETENTION_SETTINGS.items():
        stored = get(cur, key)
        values[field] = int(stored) if stored is not None else getattr(DEFAULT_POLICY, field)
    return RetentionPolicy(**values)


def put_retention_policy(cur: Cursor, policy: RetentionPolicy) -> None:
    for field, key in RETENTION_SETTINGS.items():
        put(cur, key, str(getattr(policy, field)))


# EDPB 01/2022: how many days after receipt the identity question may still pause the clock
IDENTITY_QUESTION_DAYS = "identity_question_days"


def identity_question_days(cur: Cursor) -> int:
    stored = get(cur, IDENTITY_QUESTION_DAYS)
    return int(stored) if stored is not None else DEFAULT_IDENTITY_QUESTION_DAYS


def put_identity_question_days(cur: Cursor, days: int) -> None:
    put(cur, IDENTITY_QUESTION_DAYS, str(days))


def erasure_extended_months(cur: Cursor) -> int:
    """The policy's cap on an extended erasure, in months from receipt: stored, else 2."""
    stored = get(cur, ERASURE_EXTENDED_MONTHS)
    return int(stored) if stored is not None else DEFAULT_ERASURE_EXTENDED_MONTHS


def put_erasure_extended_months(cur: Cursor, months: int) -> None:
    put(cur, ERASURE_EXTENDED_MONTHS, str(months))


# Art. 5(1)(e), 9: the calendar months medical data may stay after the last employment ended
# (konnektus.domain.special_data; migration 018 stores the default)
MEDICAL_MONTHS_AFTER_PLACEMENT = "medical_months_after_placement"


def medical_months_after_placement(cur: Cursor) -> int:
    stored = get(cur, MEDICAL_MONTHS_AFTER_PLACEMENT)
    return int(stored) if stored is not None else DEFAULT_MONTHS_AFTER_PLACEMENT


def put_medical_months_after_placement(cur: Cursor, months: int) -> None:
    put(cur, MEDICAL_MONTHS_AFTER_PLACEMENT, str(months))
