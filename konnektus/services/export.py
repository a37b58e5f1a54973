"""Access (Art. 15) and portability (Art. 20): everything held on one person, as a ZIP with
one JSON document, one CSV per table and a readable statement (statement.html)."""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pandas as pd

from konnektus.db import audit, meta, person_data
from konnektus.db import letters as letter_rows
from konnektus.db import people as people_rows
from konnektus.db import requests as request_rows
from konnektus.db.database import Database
from konnektus.domain import deadlines
from konnektus.domain.letters import render_letter
from konnektus.domain.permissions import Action
from konnektus.domain.staff import Actor, audit_identity
from konnektus.i18n import format_date
from konnektus.services.access import requires
from konnektus.services.requests import RequestError, amsterdam_today
from konnektus.services.statement import render_statement

EXPORTABLE_TYPES = ("access", "portability")


@dataclass(frozen=True)
class ExportFile:
    filename: str
    content: bytes
    tables: dict[str, int]  # rows per table, for the page and the audit entry


def _jsonable(frame: pd.DataFrame) -> list[dict[str, Any]]:
    records: list[dict[str, Any]] = json.loads(
        frame.to_json(orient="records", date_format="iso", date_unit="s", force_ascii=False)
    )
    return records


def build_zip(
    person: dict[str, Any], tables: dict[str, pd.DataFrame], statement: str, generated: datetime
) -> bytes:
    document = {
        "generated_at": generated.isoformat() + "Z",
        "person_reference": person["reference"],
        "tables": {name: _jsonable(frame) for name, frame in tables.items()},
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", json.dumps(document, ensure_ascii=False, indent=2))
        for name, frame in tables.items():
            archive.writestr(f"csv/{name}.csv", frame.to_csv(index=False))
        archive.writestr("statement.html", statement)
    return buffer.getvalue()


@requires(Action.TRIAGE_REQUEST)
def export_for_request(db: Database, actor: Actor, request_id: int, *, now: datetime) -> ExportFile:
    """Build the export for an access or portability request; record it and queue the cover
    letter, in one transaction."""
    staff_id, role = audit_identity(actor)
    today = amsterdam_today(now)
    with db.transaction() as cur:
        request = request_rows.get(cur, request_id)
        if request is None or request["type"] not in EXPORTABLE_TYPES:
            raise RequestError("not_exportable", id=request_id)
        if request["status"] not in ("in_progress", "extended"):
            raise RequestError("export_before_start")
        if request["person_id"] is None:
            raise RequestError("export_without_person")
        person = people_rows.get(cur, request["person_id"])
        if person is None or person["erased_at"] is not None:
            raise RequestError("export_person_erased")
        language = str(person["language"])
        dpo = meta.dpo_contact(cur)
        received = deadlines.received_on(request["received_at"].replace(tzinfo=UTC))
        subject, body = render_letter(
            "access_cover",
            language,
            name=people_rows.display_name(person),
            received=format_date(received, language),
            request=str(request_id),
            dpo=dpo,
        )
        # downloading the export again sends no second cover letter
        if not letter_rows.exists_for_request(cur, request_id, "access_cover"):
            letter_rows.add(
                cur,
                person_id=person["id"],
                request_id=request_id,
                kind="access_cover",
                language=language,
                recipient_email=person["email"],
                subject=subject,
                body=body,
                at=now,
            )
        # recorded first, so the export contains its own trace and the cover letter
        request_rows.add_event(cur, request_id, now, staff_id, None, None, "export produced")
        tables = person_data.rows_about(cur, person["id"])
        statement = render_statement(
            person, tables, person_data.recipients_of(cur, person["id"]), language, today, dpo
        )
        counts = {name: len(frame) for name, frame in tables.items()}
        audit.append(
            cur,
            at=now,
            staff_id=staff_id,
            role=role,
            action="person_exported",
            object_type="person",
            object_id=int(person["id"]),
            details={"request_id": request_id, "tables": counts},
        )
    content = build_zip(person, tables, statement, now)
    filename = f"konnektus-{request['type']}-{person['reference']}-{today.isoformat()}.zip"
    return ExportFile(filename, content, counts)
