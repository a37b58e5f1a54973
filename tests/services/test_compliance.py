"""The promises at a glance: every count agrees with the rules applied row by row."""

from __future__ import annotations

from collections import Counter

from konnektus.db.database import Database
from konnektus.domain.deadlines import is_overdue
from konnektus.domain.permissions import Role
from konnektus.domain.requests import OPEN_STATUSES, missed_extension_notice
from konnektus.services.overview import compliance
from tests.conftest import DEMO_TODAY
from tests.helpers import demo_member, domain_retention_states


def test_retention_counts_agree_with_the_domain_rule_for_every_person(demo_db: Database) -> None:
    counts = compliance(demo_db, demo_member(demo_db, Role.MANAGEMENT), today=DEMO_TODAY)
    expected = Counter(domain_retention_states(demo_db, DEMO_TODAY))
    assert counts.retention_by_state == dict(expected)


def test_request_counts_agree_with_the_deadline_rules(demo_db: Database) -> None:
    counts = compliance(demo_db, demo_member(demo_db, Role.MANAGEMENT), today=DEMO_TODAY)
    rows = demo_db.query(
        "SELECT status, due_date, one_month_mark, extension_notice_sent_at IS NOT NULL FROM request"
    )
    open_rows = [r for r in rows if r[0] in OPEN_STATUSES]
    assert counts.requests_open == len(open_rows)
    assert counts.requests_overdue == sum(is_overdue(r[1], DEMO_TODAY) for r in open_rows)
    assert counts.requests_missed_notice == sum(
        missed_extension_notice(s, m, n, DEMO_TODAY) for s, _, m, n in open_rows
    )
    assert counts.requests_overdue > 0 and counts.requests_missed_notice > 0


def test_disclosure_excess_data_and_processor_counts(demo_db: Database) -> None:
    counts = compliance(demo_db, demo_member(demo_db, Role.MANAGEMENT), today=DEMO_TODAY)
    assert (
        counts.disclosures_not_notified
        == demo_db.query(
            "SELECT count(*) FROM disclosure WHERE notified_on IS NULL AND NOT blocked"
        )[0][0]
        > 0
    )
    assert (
        counts.excess_data_people
        == demo_db.query(
            "SELECT count(DISTINCT person_id) FROM personal_data_item i JOIN person p"
            " ON p.id = i.person_id WHERE p.stage IN ('applicant', 'proposed')"
            " AND i.category = 'bsn'"
        )[0][0]
        > 0
    )  # the demo's excess data is BSN
    assert counts.processors_without_valid_dpa == 1  # the demo's one lapsed agreement
