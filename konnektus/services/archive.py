"""A finished request is never lost (issue 10, point 5): closed requests by type, period and
person reference, each with its timeline, letters, erasure certificate and export facts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pandas as pd

from konnektus.db import archive as archive_rows
from konnektus.db import request_exports as export_rows
from konnektus.db import requests as request_rows
from konnektus.db.database import Database
from konnektus.domain.permissions import Action
from konnektus.domain.staff import Actor
from konnektus.services.access import requires
from konnektus.services.requests import RequestError

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


@dataclass(frozen=True)
class ArchivedRequest:
    request: dict[str, Any]
    events: pd.DataFrame
    letters: list[dict[str, Any]]
    certificate: dict[str, Any] | None  # the erasure certificate letter, if any
    export: dict[str, Any] | None  # what is kept of an access answer (facts once delivered)


def _utc_start(day: date) -> datetime:
    """The UTC moment an Amsterdam day starts (stored moments are naive UTC)."""
    return datetime.combine(day, time(0), AMSTERDAM).astimezone(UTC).replace(tzinfo=None)


@requires(Action.TRIAGE_REQUEST)
def closed_requests(
    db: Database,
    actor: Actor,
    *,
    kinds: tuple[str, ...] = (),
    closed_from: date,
    closed_to: date,
    reference: str | None = None,
) -> pd.DataFrame:
    """Closed requests whose Amsterdam closing day lies in [closed_from, closed_to]."""
    cleaned = " ".join((reference or "").split()) or None
    with db.cursor() as cur:
        return archive_rows.closed_requests(
            cur,
            kinds=list(kinds),
            closed_from=_utc_start(closed_from),
            closed_before=_utc_start(closed_to + timedelta(days=1)),
            reference=cleaned,
        )


@requires(Action.TRIAGE_REQUEST)
def archived_request(db: Database, actor: Actor, request_id: int) -> ArchivedRequest:
    with db.cursor() as cur:
        request = request_rows.get(cur, request_id)
        if request is None or request["closed_at"] is None:
            raise RequestError("request_unknown", id=request_id)
        letters = archive_rows.letters_with_bodies(cur, request_id)
        certificate = next((x for x in letters if x["kind"] == "erasure_certificate"), None)
        export = export_rows.get(cur, request_id)
        if export is not None:
            export = {k: v for k, v in export.items() if k != "content"}
        return ArchivedRequest(
            request, request_rows.events(cur, request_id), letters, certificate, export
        )
