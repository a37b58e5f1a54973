"""The outbox page's service (issue 20): every letter with its state, a failed letter tried
again, letters for the post printed as one file and then marked posted.

The DPO sees every letter; the back office only the kinds it writes (disclosure and refused-
request notices, domain/outbox.py). The kind is checked here for every action on a letter, not
only left out of the page. Posting a letter marks it sent, and what it tells becomes true in
the same transaction (services/request_letters.notice_delivered): "told" only once delivered.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import pandas as pd

from konnektus.db import audit, meta
from konnektus.db import outbox_list as rows
from konnektus.db.database import Cursor, Database
from konnektus.domain.outbox import NOT_LETTERS, letter_state, visible_kinds
from konnektus.domain.permissions import Action
from konnektus.domain.print_letters import PrintLetter, render_print_batch, text_or_none
from konnektus.domain.staff import Actor, audit_identity
from konnektus.i18n import format_date, translate
from konnektus.services import request_letters
from konnektus.services.access import requires
from konnektus.services.requests import RequestError, amsterdam_today


class OutboxError(RequestError):
    """A letter this role may not touch, one no longer failed, or a post batch that changed."""

    section = "outbox"
    codes = ("letter_unknown", "letter_not_failed", "post_changed", "nothing_chosen")


@dataclass(frozen=True)
class PrintFile:
    html: str
    letters: int


def _kinds(actor: Actor) -> tuple[str, ...] | None:
    _, role = audit_identity(actor)
    return visible_kinds(role)


@requires(Action.VIEW_OUTBOX)
def letters(db: Database, actor: Actor) -> pd.DataFrame:
    """Every letter this role sees, newest first, with its `state` (LetterState)."""
    with db.cursor() as cur:
        found = rows.listed(cur, _kinds(actor), NOT_LETTERS)
    found["state"] = [
        letter_state(str(s), None if pd.isna(p) else p, None if pd.isna(q) else q)
        for s, p, q in zip(
            found["delivery_status"], found["printed_at"], found["posted_at"], strict=True
        )
    ]
    return found


def _check_kind(cur: Cursor, actor: Actor, letter_id: int) -> None:
    kind = rows.kind_of(cur, letter_id)
    kinds = _kinds(actor)
    if kind is None or kind in NOT_LETTERS or (kinds is not None and kind not in kinds):
        raise OutboxError("letter_unknown")


@requires(Action.VIEW_OUTBOX)
def retry(db: Database, actor: Actor, letter_id: int, *, now: datetime) -> None:
    """A failed letter waits again for the next delivery run; refused when it is no longer
    failed (tried twice, or delivered meanwhile)."""
    staff_id, role = audit_identity(actor)
    with db.transaction() as cur:
        _check_kind(cur, actor, letter_id)
        if not rows.retry(cur, letter_id):
            raise OutboxError("letter_not_failed")
        audit.append(
            cur,
            at=now,
            staff_id=staff_id,
            role=role,
            action="letter_retried",
            object_type="letter",
            object_id=letter_id,
        )


def _print_letter(row: Mapping[Hashable, Any], today: date) -> PrintLetter:
    language = str(row["language"])
    if text_or_none(row["family_name"]) is None:  # a requester not matched to a person
        row = {**row, "given_name": text_or_none(row["requester_name"]) or ""}
    return PrintLetter.to_person(
        row,
        language=language,
        reference_label=translate("sharing.letter_reference", language),
        dated=format_date(today, language),
        subject=str(row["subject"]),
        body=str(row["body"]),
    )


@requires(Action.VIEW_OUTBOX)
def print_file(db: Database, actor: Actor, letter_ids: list[int], *, now: datetime) -> PrintFile:
    """One HTML file, a letter per A4 page, of the chosen letters for the post; the letters
    count as printed. An export of personal data (names, addresses): audited."""
    if not letter_ids:
        raise OutboxError("nothing_chosen")
    staff_id, role = audit_identity(actor)
    today = amsterdam_today(now)
    with db.transaction() as cur:
        found = rows.for_post(cur, letter_ids, _kinds(actor), NOT_LETTERS)
        if len(found) != len(set(letter_ids)):
            raise OutboxError("post_changed")
        printed = [_print_letter(r, today) for r in found.to_dict("records")]
        title = translate(
            "outbox.print_title", "nl", date=format_date(today, "nl", "short"), count=len(printed)
        )
        html = render_print_batch(
            printed, title=title, sender=f"Konnektus · {meta.privacy_contact(cur).email}"
        )
        rows.mark_printed(cur, [int(i) for i in found["id"]], now)
        audit.append(
            cur,
            at=now,
            staff_id=staff_id,
            role=role,
            action="letters_printed",
            details={"letters": len(printed), "letter_ids": sorted(int(i) for i in found["id"])},
        )
    return PrintFile(html, len(printed))


@requires(Action.VIEW_OUTBOX)
def mark_posted(
    db: Database, actor: Actor, letter_ids: list[int], *, seen_count: int, now: datetime
) -> int:
    """The chosen letters went in the post: each counts as sent now, and what it tells as
    told. All or nothing: a letter already posted (or not for the post) refuses the batch,
    so posting twice is refused. `seen_count` is the number the user confirmed."""
    chosen = sorted(set(letter_ids))
    if not chosen:
        raise OutboxError("nothing_chosen")
    if seen_count != len(chosen):
        raise OutboxError("post_changed")
    staff_id, role = audit_identity(actor)
    with db.transaction() as cur:
        for letter_id in chosen:
            _check_kind(cur, actor, letter_id)
            if not request_letters.posted(cur, letter_id, now, staff_id, role):
                raise RequestError("letter_not_for_post")
    return len(chosen)
