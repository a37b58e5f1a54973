"""The DPO's check on consent with proof (issue 19 point 6, Art. 7(1)): which items are held on
the basis of consent without a valid consent record of their own (none named, another
person's or purpose's, given after the item was collected, or withdrawn since)."""

from __future__ import annotations

from konnektus.db import consent_proof as rows
from konnektus.db.consent_proof import UnprovenItems
from konnektus.db.database import Database
from konnektus.domain.permissions import Action
from konnektus.domain.staff import Actor
from konnektus.services.access import requires

LIST_LIMIT = 200  # the list shows the first this many; the counts cover every item


@requires(Action.MINIMISE_DATA)
def unproven_consent_items(db: Database, actor: Actor, *, limit: int = LIST_LIMIT) -> UnprovenItems:
    """The items on consent without valid proof: counts per problem and the first `limit`
    rows (person reference, category, collected on, consent named; never a value)."""
    with db.cursor() as cur:
        return rows.unproven_items(cur, limit=limit)
