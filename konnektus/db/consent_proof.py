"""Consent with proof in SQL (issue 19 point 6): which items on consent have no valid consent
record, and linking old items to theirs (migration 017).

The check's predicate is the SQL twin of konnektus.domain.consent_proof.proof_problem (a test
holds the two to the same table of cases), plus one state the rule on its own cannot see: a
consent withdrawn since, which leaves the item without its ground. The home page's count and
the DPO's list use the one query below, so the count is exactly what the list shows. It is
built only from the domain's constant category and purpose names.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import pandas as pd

from konnektus.db.database import Cursor
from konnektus.domain.consent_proof import CONSENT_PURPOSE_OF_ITEM, CONSENT_WITHDRAWN, ProofProblem

# the purpose an item's category must be consented for, as a CASE over constant names
_PURPOSE_OF_CATEGORY: Final = (
    "CASE i.category "
    + " ".join(f"WHEN '{c}' THEN '{p}'" for c, p in CONSENT_PURPOSE_OF_ITEM.items())
    + " END"
)
P = ProofProblem
# personal_data_item i, its consent c (LEFT JOIN): the first problem, or NULL when proven
PROBLEM_SQL: Final = f"""CASE
    WHEN {_PURPOSE_OF_CATEGORY} IS NULL THEN '{P.NOT_ON_CONSENT}'
    WHEN c.id IS NULL THEN '{P.CONSENT_REQUIRED}'
    WHEN c.person_id <> i.person_id THEN '{P.OTHER_PERSON}'
    WHEN c.purpose <> {_PURPOSE_OF_CATEGORY} THEN '{P.OTHER_PURPOSE}'
    WHEN c.given_on > i.collected_on THEN '{P.GIVEN_AFTER}'
    WHEN c.withdrawn_on IS NOT NULL AND i.held_until IS NULL THEN '{CONSENT_WITHDRAWN}'
END"""
_CHECKED: Final = f"""(SELECT i.id, i.person_id, i.category, i.collected_on, i.consent_id,
        {PROBLEM_SQL} AS problem
    FROM personal_data_item i LEFT JOIN consent c ON c.id = i.consent_id
    WHERE i.legal_basis = 'consent')"""  # noqa: S608 (constant names only)
UNPROVEN_COUNT_SQL: Final = f"SELECT count(*) FROM {_CHECKED} WHERE problem IS NOT NULL"  # noqa: S608


@dataclass(frozen=True)
class UnprovenItems:
    total: int
    by_problem: dict[str, int]  # problem code -> items
    rows: pd.DataFrame  # id, person_id, reference, category, collected_on, consent_id, problem


def unproven_items(cur: Cursor, *, limit: int) -> UnprovenItems:
    """Items on consent without a valid consent record: the first `limit` (by person, then
    item), the total and the count per problem. Never a value."""
    counts = cur.execute(
        f"SELECT problem, count(*) FROM {_CHECKED} WHERE problem IS NOT NULL"  # noqa: S608
        " GROUP BY problem ORDER BY problem"
    ).fetchall()
    rows = cur.execute(
        f"SELECT x.id, x.person_id, p.reference, x.category, x.collected_on, x.consent_id,"  # noqa: S608
        f" x.problem FROM {_CHECKED} x JOIN person p ON p.id = x.person_id"
        " WHERE x.problem IS NOT NULL ORDER BY p.reference, x.id LIMIT ?",
        [limit],
    ).df()
    by_problem = {str(code): int(n) for code, n in counts}
    return UnprovenItems(sum(by_problem.values()), by_problem, rows)


def unproven_count(cur: Cursor) -> int:
    row = cur.execute(UNPROVEN_COUNT_SQL).fetchall()
    return int(row[0][0])


def link_unlinked(cur: Cursor) -> int:
    """Migration 017's data step: every item on consent that names no consent gets the
    consent of its person for its purpose given on or before its collection (the latest
    such, one still standing first), where there is one. Returns the number linked."""
    linked = cur.execute(
        f"""UPDATE personal_data_item SET consent_id = m.consent_id FROM (
            SELECT i.id AS item_id, arg_max(c.id, [
                CASE WHEN c.withdrawn_on IS NULL THEN 1 ELSE 0 END,
                epoch(c.given_on), c.id]) AS consent_id
            FROM personal_data_item i JOIN consent c
              ON c.person_id = i.person_id AND c.purpose = {_PURPOSE_OF_CATEGORY}
             AND c.given_on <= i.collected_on
            WHERE i.legal_basis = 'consent' AND i.consent_id IS NULL
            GROUP BY i.id
        ) m WHERE personal_data_item.id = m.item_id RETURNING personal_data_item.id"""  # noqa: S608
    ).fetchall()
    return len(linked)
