"""People search (recruiters, back office, DPO): one box, filters, best match first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from konnektus.db import meta
from konnektus.db import search as search_rows
from konnektus.db import staff as staff_rows
from konnektus.db.database import Database
from konnektus.db.search import PeopleFilter
from konnektus.domain.permissions import Action, Role
from konnektus.domain.search import parse_query, typo_allowance, unglue
from konnektus.domain.staff import Actor
from konnektus.services.access import requires

PAGE_SIZE = 25
NO_FILTER = PeopleFilter()


@dataclass(frozen=True)
class SearchPage:
    results: pd.DataFrame
    total: int
    page: int
    pages: int


@requires(Action.SEARCH_PEOPLE, command_line=True)
def search_people(
    db: Database,
    actor: Actor,
    text: str,
    *,
    where: PeopleFilter = NO_FILTER,
    today: date,
    page: int = 1,
    page_size: int = PAGE_SIZE,
) -> SearchPage:
    """The page of people matching `text` (and the filters); an empty query lists by filter."""
    query = parse_query(text)
    if query.empty and not (where.stages or where.recruiter_id or where.retention_states):
        return SearchPage(pd.DataFrame(), 0, 1, 1)
    page = max(1, page)
    with db.cursor() as cur:
        matches = search_rows.match_terms(
            cur, list(query.words), [typo_allowance(w) for w in query.words]
        )
        word_matches = []
        for word in query.words:
            found = matches[word]
            rest = unglue(word)
            if not any(m.distance == 0 for m in found) and rest:
                found = found + search_rows.match_terms(cur, [rest], [typo_allowance(rest)])[rest]
            word_matches.append(found)
        frame, total = search_rows.find_people(
            cur,
            word_matches=word_matches,
            tussenvoegsel=" ".join(query.tussenvoegsel) or None,
            email=query.email,
            phone=query.phone,
            postcode=query.postcode,
            reference=query.reference,
            where=where,
            today=today,
            policy=meta.retention_policy(cur),
            limit=page_size,
            offset=(page - 1) * page_size,
        )
    return SearchPage(frame, total, page, max(1, -(-total // page_size)))


@requires(Action.SEARCH_PEOPLE)
def recruiter_choices(db: Database, actor: Actor) -> dict[int, str]:
    """Active recruiters, for the recruiter filter."""
    with db.cursor() as cur:
        return dict(staff_rows.with_role(cur, Role.RECRUITER))
