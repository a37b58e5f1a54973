"""The DPO's check on consent with proof (issue 19 point 6) on a demo database: what it lists is
what the home page's compliance counts, and only the DPO may read it."""

from __future__ import annotations

import pytest

from konnektus.db.database import Database
from konnektus.domain.permissions import NotPermitted, Role
from konnektus.services.consent_proof import unproven_consent_items
from konnektus.services.overview import compliance
from tests.conftest import DEMO_TODAY
from tests.helpers import demo_member, fingerprint


def test_the_demo_has_no_item_on_consent_without_proof_and_the_count_says_so(
    demo_db: Database,
) -> None:
    dpo = demo_member(demo_db, Role.DPO)
    found = unproven_consent_items(demo_db, dpo)
    assert found.total == 0 and found.rows.empty
    assert compliance(demo_db, dpo, today=DEMO_TODAY).items_without_consent_proof == 0


def test_what_the_check_lists_is_what_the_overview_counts(demo_db: Database) -> None:
    dpo = demo_member(demo_db, Role.DPO)
    with demo_db.transaction() as cur:
        cur.execute(  # three CVs lose their consent, one BSN is said to rest on consent
            "UPDATE personal_data_item SET consent_id = NULL WHERE id IN"
            " (SELECT id FROM personal_data_item WHERE category = 'cv' ORDER BY id LIMIT 3)"
        )
        cur.execute(
            "UPDATE personal_data_item SET legal_basis = 'consent' WHERE id ="
            " (SELECT min(id) FROM personal_data_item WHERE category = 'bsn')"
        )
    found = unproven_consent_items(demo_db, dpo, limit=2)
    assert found.total == 4 and len(found.rows) == 2
    assert found.by_problem == {"item_consent_required": 3, "item_not_consent_category": 1}
    assert compliance(demo_db, dpo, today=DEMO_TODAY).items_without_consent_proof == 4


@pytest.mark.parametrize("role", [Role.MANAGEMENT, Role.RECRUITER, Role.BACKOFFICE])
def test_only_the_dpo_may_read_the_check(demo_db: Database, role: Role) -> None:
    before = fingerprint(demo_db)
    with pytest.raises(NotPermitted):
        unproven_consent_items(demo_db, demo_member(demo_db, role))
    assert fingerprint(demo_db) == before
