"""The audit log in words: action codes, objects and JSON details as staff read them.

Entries keep codes and internal ids (the chain must never change, and ids lead to nothing
identifying after an erasure); this module only renders them. Details become "key: value"
pairs with the keys from the catalogs, codes as their words, person ids as references
(K0001614), staff and recipients by name, dates as dd-mm-jjjj and moments in Amsterdam time.
The result is plain text: pages show it in a table cell or a CSV, never as Markdown.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Final

import pandas as pd

from konnektus.i18n import MissingTranslation, format_date, format_moment, format_number, translate

PERSON_KEYS: Final = frozenset({"person_id", "person_ids"})
STAFF_KEYS: Final = frozenset({"assignee_id"})
RECIPIENT_KEYS: Final = frozenset({"recipient_id"})
# ids and other numbers that are names, not amounts: no thousands separator
NUMBER_KEYS: Final = frozenset(
    {"request_id", "letter_id", "notice_id", "print_batch", "consent_id", "disclosure_id"}
    | {"item_id", "seed"}
)
COLUMNS: Final = ("id", "when", "who", "role", "action", "object", "details")
SHOWN_IDS: Final = 10  # a list of people longer than this ends in "and n more"

# Where the word for a coded value lives, per details key; an action can override it.
_VALUE_WORDS: Final = {
    "type": "request_type.{}",
    "from": "status.{}",
    "to": "status.{}",
    "role": "role.{}",
    "answer": "extension_answer.{}",
    "stage": "stage.{}",
    "category": "category.{}",
    "categories": "category.{}",
    "channel": "channel.{}",
    "kind": "sharing.kind_{}",
    "fields": "statement.field.{}",
    "tables": "erasure.table.{}",
    "items_by_category": "category.{}",
}
_ACTION_VALUE_WORDS: Final = {
    ("recipient_added", "category"): "sharing.recipient_category.{}",
    ("contact_logged", "channel"): "contact_channel.{}",
    ("extension_answer", "channel"): "contact_channel.{}",
}
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_MOMENT = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$")


@dataclass(frozen=True)
class Names:
    """What the ids in a set of entries stand for: person references, staff and recipients."""

    people: Mapping[int, str] = field(default_factory=dict)
    staff: Mapping[int, str] = field(default_factory=dict)
    recipients: Mapping[int, str] = field(default_factory=dict)


@dataclass(frozen=True)
class _Row:
    """One audit row from a frame, with pandas' missing values as None."""

    id: int
    occurred_at: datetime
    staff_name: str | None
    role: str | None
    action: str
    object_type: str | None
    object_id: int | None
    details: str

    @classmethod
    def of(cls, record: Mapping[Hashable, Any]) -> _Row:
        def text(key: str) -> str | None:
            value = record.get(key)
            return value if isinstance(value, str) else None

        object_id = record.get("object_id")
        moment = record["occurred_at"]
        return cls(
            id=int(record["id"]),
            occurred_at=moment.to_pydatetime() if isinstance(moment, pd.Timestamp) else moment,
            staff_name=text("staff_name"),
            role=text("role"),
            action=str(record["action"]),
            object_type=text("object_type"),
            object_id=None if object_id is None or pd.isna(object_id) else int(object_id),
            details=text("details") or "{}",
        )


def _word(key: str, language: str, fallback: str) -> str:
    try:
        return translate(key, language)
    except MissingTranslation:
        return fallback


def action_word(action: str, language: str) -> str:
    """'verzoek vastgelegd' for request_logged; an unknown code shows as it is."""
    return _word(f"audit.action.{action}", language, action)


def _role_word(role: str | None, language: str) -> str:
    if not role:
        return ""
    return _word(f"role.{role}", language, _word(f"audit.value.{role}", language, role))


def _who_text(staff_name: str | None, role: str | None, language: str) -> str:
    """The staff member's name; the command line or the scheduler by its word; else 'system'."""
    if staff_name:
        return staff_name
    if role:
        return _role_word(role, language)
    return translate("audit.system", language)


def _object_text(
    object_type: str | None, object_id: int | None, names: Names, language: str
) -> str:
    """'persoon K0001614', 'verzoek 123', 'ontvanger Belastingdienst'; empty when none."""
    if not object_type:
        return ""
    kind = _word(f"audit.object.{object_type}", language, object_type)
    if object_id is None:
        return kind
    if object_type == "person":
        label = names.people.get(object_id, str(object_id))
    elif object_type == "recipient":
        label = names.recipients.get(object_id, str(object_id))
    elif object_type == "staff":
        label = names.staff.get(object_id, str(object_id))
    else:
        label = str(object_id)
    return f"{kind} {label}"


def _parse_details(text: str | None) -> dict[str, object]:
    try:
        loaded = json.loads(text or "{}")
    except json.JSONDecodeError:
        return {"": text}
    return loaded if isinstance(loaded, dict) else {"": loaded}


def _referenced_ids(details: Iterable[dict[str, object]]) -> tuple[set[int], set[int], set[int]]:
    """(person ids, staff ids, recipient ids) named in the details, to look up at once."""
    people: set[int] = set()
    staff: set[int] = set()
    recipients: set[int] = set()
    for entry in details:
        for key, value in entry.items():
            target = (
                people
                if key in PERSON_KEYS
                else staff
                if key in STAFF_KEYS
                else recipients
                if key in RECIPIENT_KEYS
                else None
            )
            if target is not None:
                values = value if isinstance(value, list) else [value]
                target.update(int(v) for v in values if isinstance(v, int))
    return people, staff, recipients


def entries_in_words(
    frame: pd.DataFrame, lookup: Callable[[set[int], set[int], set[int]], Names], language: str
) -> pd.DataFrame:
    """Audit rows (as `db.audit_queries.entries` reads them) as text columns people read.

    `lookup(person ids, staff ids, recipient ids)` names the ids the rows mention, in one go.
    """
    records = [_Row.of(record) for record in frame.to_dict("records")]
    details = [_parse_details(row.details) for row in records]
    people, staff, recipients = _referenced_ids(details)
    by_kind = {"person": people, "staff": staff, "recipient": recipients}
    for row in records:
        if row.object_id is not None and row.object_type in by_kind:
            by_kind[row.object_type].add(row.object_id)
    names = lookup(people, staff, recipients)
    rows = [
        {
            "id": row.id,
            "when": format_moment(row.occurred_at, language),
            "who": _who_text(row.staff_name, row.role, language),
            "role": _role_word(row.role, language),
            "action": action_word(row.action, language),
            "object": _object_text(row.object_type, row.object_id, names, language),
            "details": details_text(row.action, parsed, names, language),
        }
        for row, parsed in zip(records, details, strict=True)
    ]
    return pd.DataFrame(rows, columns=list(COLUMNS))


def details_text(action: str, details: Mapping[str, object], names: Names, language: str) -> str:
    """'soort verzoek: inzage; kanaal: e-mail; persoon: K0001614' (plain text)."""
    parts = []
    for key, value in details.items():
        if value is None or value == [] or value == {}:
            continue  # empty cells stay empty
        shown = _value(action, key, value, names, language)
        label = _word(f"audit.detail.{key}", language, key.replace("_", " "))
        parts.append(f"{label}: {shown}" if key else shown)
    return "; ".join(parts)


def _value(action: str, key: str, value: object, names: Names, language: str) -> str:
    if key in PERSON_KEYS:
        return _ids(value, names.people, language)
    if key in STAFF_KEYS:
        return _ids(value, names.staff, language)
    if key in RECIPIENT_KEYS:
        return _ids(value, names.recipients, language)
    if key == "kept" and isinstance(value, list):
        return ", ".join(_kept(part, language) for part in value)
    if key == "holds" and isinstance(value, list):
        return ", ".join(_hold(hold, language) for hold in value)
    words = _ACTION_VALUE_WORDS.get((action, key), _VALUE_WORDS.get(key))
    if isinstance(value, dict):
        return ", ".join(
            f"{_coded(words, str(k), language)}: {_scalar(key, v, words, language)}"
            for k, v in value.items()
        )
    if isinstance(value, list):
        return ", ".join(_scalar(key, v, words, language) for v in value)
    return _scalar(key, value, words, language)


def _scalar(key: str, value: object, words: str | None, language: str) -> str:
    if isinstance(value, bool):
        return translate("audit.value.yes" if value else "audit.value.no", language)
    if isinstance(value, int | float):
        return str(value) if key in NUMBER_KEYS else format_number(value, language)
    if isinstance(value, list):
        return "/".join(_scalar(key, v, words, language) for v in value)
    text = str(value)
    if _ISO_DATE.match(text):
        return format_date(date.fromisoformat(text), language, "short")
    if _ISO_MOMENT.match(text):
        return format_moment(datetime.fromisoformat(text), language)
    return _coded(words, text, language)


def _coded(words: str | None, code: str, language: str) -> str:
    if words:
        found = _word(words.format(code), language, "")
        if found:
            return found
    return _word(f"audit.value.{code}", language, code)


def _ids(value: object, known: Mapping[int, str], language: str) -> str:
    values = value if isinstance(value, list) else [value]
    shown = [known.get(v, str(v)) if isinstance(v, int) else str(v) for v in values[:SHOWN_IDS]]
    text = ", ".join(shown)
    if len(values) > SHOWN_IDS:
        more = format_number(len(values) - SHOWN_IDS, language)
        text += " " + translate("audit.and_more", language, count=more)
    return text


def _kept(part: object, language: str) -> str:
    """One kept part of an erasure: [part, category, count]."""
    if not isinstance(part, list) or len(part) != 3:
        return str(part)
    kind, category, count = part
    word = (
        _word(f"category.{category}", language, str(category))
        if kind == "items"
        else _word(f"erasure_holds.kept.{kind}", language, str(kind))
    )
    return f"{word} ({format_number(count, language) if isinstance(count, int) else count})"


def _hold(hold: object, language: str) -> str:
    """One legal hold: [kind, until]."""
    if not isinstance(hold, list) or len(hold) != 2:
        return str(hold)
    kind, until = hold
    day = format_date(date.fromisoformat(str(until)), language, "short")
    return translate(
        "audit.hold_until",
        language,
        hold=_word(f"hold_kind.{kind}", language, str(kind)),
        until=day,
    )
