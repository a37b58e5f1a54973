"""Recording the end of an employment (O5): back office and the DPO.

The end is what starts the legal holds (konnektus/domain/holds.py): payroll records until
31 December of the seventh year after, the ID copy and work permit until 31 December of the
fifth. One transaction records the end (only if none was recorded yet), creates the holds,
moves the person to 'former employee' when no other employment runs, and audits it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import pandas as pd

from konnektus.db import audit
from konnektus.db import employment as employment_rows
from konnektus.db.database import Database
from konnektus.domain.holds import NewHold, holds_for_ended_employment
from konnektus.domain.permissions import Action
from konnektus.domain.staff import Actor, audit_identity
from konnektus.services.access import requires
from konnektus.services.requests import AlreadyChanged, RequestError, amsterdam_today

FORMER_EMPLOYEE = "former_employee"


class EmploymentRefused(RequestError):
    """The end cannot be recorded; `code` names why (a key under employment.refused.*)."""

    section = "employment.refused"


@dataclass(frozen=True)
class EndedEmployment:
    employment_id: int
    person_id: int
    end_date: date
    holds: tuple[NewHold, ...]
    hold_ids: tuple[int, ...]
    now_former_employee: bool


@requires(Action.RECORD_EMPLOYMENT_END)
def running_employments(db: Database, actor: Actor, person_id: int, *, today: date) -> pd.DataFrame:
    """The person's employments whose end can still be recorded."""
    with db.cursor() as cur:
        return employment_rows.running_of(cur, person_id, today)


@requires(Action.RECORD_EMPLOYMENT_END)
def end_employment(
    db: Database, actor: Actor, employment_id: int, *, end_date: date, now: datetime
) -> EndedEmployment:
    """Record that the employment ended on `end_date` (today or earlier, not before its
    start) and create the legal holds that follow from it."""
    staff_id, role = audit_identity(actor)
    today = amsterdam_today(now)
    if end_date > today:
        raise EmploymentRefused("end_in_future")
    with db.transaction() as cur:
        employment = employment_rows.get(cur, employment_id)
        if employment is None:
            raise EmploymentRefused("unknown")
        if employment["erased_at"] is not None:
            raise EmploymentRefused("person_erased")
        if end_date < employment["start_date"]:
            raise EmploymentRefused("end_before_start")
        if not employment_rows.set_end_if_running(cur, employment_id, end_date, today):
            raise AlreadyChanged(*employment_rows.last_end_recorded(cur, employment_id))
        person_id = int(employment["person_id"])
        holds = holds_for_ended_employment(end_date)
        hold_ids = employment_rows.add_holds(cur, person_id, employment_id, holds)
        former = not employment_rows.others_running(cur, person_id, employment_id, today)
        if former:
            employment_rows.set_stage(cur, person_id, FORMER_EMPLOYEE)
        audit.append(
            cur,
            at=now,
            staff_id=staff_id,
            role=role,
            action=employment_rows.ENDED_ACTION,
            object_type="employment",
            object_id=employment_id,
            details={
                "person_id": person_id,
                "end_date": end_date.isoformat(),
                "holds": [[h.kind.value, h.until.isoformat()] for h in holds],
                "stage": FORMER_EMPLOYEE if former else None,
            },
        )
    return EndedEmployment(
        employment_id, person_id, end_date, tuple(holds), tuple(hold_ids), former
    )
