"""O6: the retention states of konnektus.domain.retention.retention_state, in SQL.

Pages of a million people are filtered, counted and charted by state in the database, so the
rule is written twice; a test (tests/services/test_retention_sql.py) keeps the two in step on
every person of the demo database. Only constant SQL lives here; dates go in as parameters.
"""

from __future__ import annotations

from datetime import date, timedelta

from konnektus.domain.retention import EMPLOYED_STAGES, RetentionPolicy

_EMPLOYED = ", ".join(f"'{stage}'" for stage in sorted(EMPLOYED_STAGES))

# Parameters, in order: see state_params.
RETENTION_STATE_SQL = (
    f"CASE WHEN p.stage IN ({_EMPLOYED}) THEN 'employed'"
    " WHEN p.extension_state IN ('declined', 'no_answer') THEN p.extension_state"
    " WHEN p.extension_state = 'asked' THEN CASE"
    "   WHEN p.extension_reminded_on < ? THEN 'no_answer'"
    "   WHEN p.extension_reminded_on IS NULL AND p.retention_expiry <= ?"
    "    AND p.extension_asked_on <= ? THEN 'reminder_due'"
    "   ELSE 'asked' END"
    " WHEN p.retention_expiry < ? THEN 'expired'"
    " WHEN p.retention_expiry <= ? THEN 'due'"
    " ELSE 'running' END"
)


def state_params(today: date, policy: RetentionPolicy) -> list[date]:
    """The dates RETENTION_STATE_SQL compares with, in the order of its placeholders."""
    waited = today - timedelta(days=policy.wait_days)
    return [
        waited,  # reminded more than a full wait ago: no answer
        today + timedelta(days=policy.reminder_days),  # expiry within the reminder lead
        waited,  # and asked at least a full wait ago: remind
        today,  # the term ended before today: expired
        today + timedelta(days=policy.lead_days),  # expiry within the lead time: due
    ]
