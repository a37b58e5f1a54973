"""People search (recruiters, back office, DPO): one box, filters, best match first."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

import pandas as pd

from konnektus.db import meta
from konnektus.db import search as search_rows
from konnektus.db import staff as staff_rows
from konnektus.db.database import Cursor, Database
from konnektus.db.search import PeopleFilter, TermMatch
from konnektus.domain.permissions import Action, Role, can
from konnektus.domain.search import (
    ParsedQuery,
    TownSpan,
    parse_query,
    town_spans,
    typo_allowance,
    unglue,
    with_town,
)
from konnektus.domain.staff import Actor, StaffMember
from konnektus.services.access import requires

PAGE_SIZE = 25
NO_FILTER = PeopleFilter()


@dataclass(frozen=True)
class SearchPage:
    results: pd.DataFrame
    total: int
    page: int
    pages: int
    ignored_words: int = 0  # words beyond MAX_TOKENS that the search left out


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
        return SearchPage(pd.DataFrame(), 0, 1, 1, query.ignored)
    page = max(1, page)
    if isinstance(actor, StaffMember) and not can(actor.role, Action.VIEW_APPLICANTS):
        where = replace(where, placed_only=True)
    if isinstance(actor, StaffMember) and actor.role == Role.RECRUITER:
        # Art. 18 and 21: a recruiter finds nobody whose data may not be used to find work;
        # the DPO still finds them, marked (columns restricted, job_finding_stopped_by)
        where = replace(where, usable_for_job_finding=True)
    with db.cursor() as cur:
        query, town = _read_town(cur, query)
        word_matches = _word_matches(cur, query.words)
        if town:
            word_matches.append(town)
        people = search_rows.people_query(
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
        frame, total = search_rows.find_people(cur, people)
    return SearchPage(frame, total, page, max(1, -(-total // page_size)), query.ignored)


def _read_town(cur: Cursor, query: ParsedQuery) -> tuple[ParsedQuery, list[TermMatch]]:
    """Read the words that spell a town of several words as that town: an exact spelling
    before a half-typed one, a longer town before a shorter one, the first one typed first."""
    spans = town_spans(query.tokens)
    towns = search_rows.match_towns(cur, [s.key for s in spans], [s.at_end for s in spans])
    found = [s for s in spans if s.key in towns]
    if not found:
        return query, []

    def rank(span: TownSpan) -> tuple[int, int, int]:
        exact = any(m.distance == 0 for m in towns[span.key])
        return (0 if exact else 1, -span.length, span.start)

    best = min(found, key=rank)
    return with_town(query, best), towns[best.key]


def _word_matches(cur: Cursor, words: tuple[str, ...]) -> list[list[TermMatch]]:
    """The vocabulary terms of each word; a word that matches nothing exactly is also tried
    without a glued tussenvoegsel ("devries"). Two lookups, whatever the number of words."""
    matches = search_rows.match_terms(cur, list(words), [typo_allowance(w) for w in words])
    rests = {
        word: rest
        for word in words
        if (rest := unglue(word)) and not any(m.distance == 0 for m in matches[word])
    }
    unglued = search_rows.match_terms(
        cur, list(rests.values()), [typo_allowance(r) for r in rests.values()]
    )
    return [matches[w] + (unglued[rests[w]] if w in rests else []) for w in words]


@requires(Action.SEARCH_PEOPLE)
def recruiter_choices(db: Database, actor: Actor) -> dict[int, str]:
    """Active recruiters, for the recruiter filter."""
    with db.cursor() as cur:
        return dict(staff_rows.with_role(cur, Role.RECRUITER))
