"""People search at a million rows: folded keys, a small vocabulary, equality on short keys.

The SQL text is assembled only from constant fragments chosen by code (one per query word);
every value, including every word typed, goes in as a parameter.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from konnektus.db.database import Cursor, first_row
from konnektus.db.retention_sql import RETENTION_STATE_SQL, state_params
from konnektus.domain.retention import RetentionPolicy

_FOLD = "regexp_replace(lower(strip_accents(coalesce({0}, ''))), '[^a-z0-9]', '', 'g')"


# every person (no ids), or the listed ones; a semi-join on the ids, because list_contains
# per row over a million people cost 100 ms for 2,000 ids where this costs 10 ms
_SOME = "(?::BIGINT[] IS NULL OR id IN (SELECT unnest(?::BIGINT[])))"


def refresh_keys(cur: Cursor, person_ids: list[int] | None = None) -> None:
    """Recompute the folded keys (all people, or some) and add new terms to the vocabulary."""
    cur.execute(
        "UPDATE person SET"
        f" given_key = {_FOLD.format('given_name')},"
        f" family_key = {_FOLD.format('family_name')},"
        f" city_key = {_FOLD.format('city')},"
        " email_key = lower(trim(email)),"
        # the SQL twin of konnektus.domain.search.phone_key (a test keeps them in step)
        " phone_key = CASE WHEN regexp_matches(regexp_replace(coalesce(phone, ''), '[^0-9]', '',"
        "   'g'), '^(0031|31)') AND length(regexp_replace(phone, '[^0-9]', '', 'g')) > 9"
        "   THEN regexp_replace(regexp_replace(regexp_replace(phone, '[^0-9]', '', 'g'),"
        "   '^(0031|31)', ''), '^0?', '0')"
        "   ELSE regexp_replace(coalesce(phone, ''), '[^0-9]', '', 'g') END,"
        " postcode_key = upper(replace(coalesce(postcode, ''), ' ', ''))"
        f" WHERE {_SOME}",
        [person_ids, person_ids],
    )
    for field, column in (("given", "given_key"), ("family", "family_key"), ("city", "city_key")):
        cur.execute(
            f"INSERT INTO search_term SELECT DISTINCT ?, {column} FROM person"
            f" WHERE {column} <> '' AND erased_at IS NULL AND {_SOME} ON CONFLICT DO NOTHING",
            [field, person_ids, person_ids],
        )


def prune_vocabulary(cur: Cursor) -> None:
    """Drop terms no remaining person carries (after an erasure, a rare name would linger)."""
    for field, column in (("given", "given_key"), ("family", "family_key"), ("city", "city_key")):
        cur.execute(
            "DELETE FROM search_term WHERE field = ? AND term NOT IN"
            f" (SELECT {column} FROM person WHERE erased_at IS NULL AND {column} IS NOT NULL)",
            [field],
        )


@dataclass(frozen=True)
class TermMatch:
    field: str
    term: str
    distance: int


# Vocabulary terms one word may stand for: "jan" typed alone is a prefix of a few dozen names,
# and each term costs a comparison per person, so the closest ones are kept and the rest
# wait until more letters are typed.
MAX_TERMS_PER_WORD = 100


def match_terms(cur: Cursor, words: list[str], allowed: list[int]) -> dict[str, list[TermMatch]]:
    """Vocabulary terms within the allowed typo distance of each word; a word of three or more
    letters also matches terms that start with it (search as you type). Each word is looked up
    once, and keeps its MAX_TERMS_PER_WORD closest terms."""
    unique = dict(zip(words, allowed, strict=True))
    if not unique:
        return {}
    rows = cur.execute(
        "WITH w AS (SELECT unnest(?) AS word, unnest(?) AS allowed),"
        " m AS (SELECT w.word, t.field, t.term,"
        "  CASE WHEN t.term = w.word THEN 0 WHEN length(w.word) >= 3"
        "   AND starts_with(t.term, w.word) THEN 1 ELSE damerau_levenshtein(t.term, w.word) END"
        "  AS distance"
        " FROM w JOIN search_term t ON t.term = w.word"
        "  OR (length(w.word) >= 3 AND starts_with(t.term, w.word))"
        "  OR (w.allowed > 0 AND abs(length(t.term) - length(w.word)) <= w.allowed"
        "      AND damerau_levenshtein(t.term, w.word) <= w.allowed))"
        " SELECT word, field, term, distance FROM m QUALIFY row_number() OVER"
        "  (PARTITION BY word ORDER BY distance, length(term), term, field) <= ?",
        [list(unique), list(unique.values()), MAX_TERMS_PER_WORD],
    ).fetchall()
    found: dict[str, list[TermMatch]] = {word: [] for word in unique}
    for word, field, term, distance in rows:
        found[str(word)].append(TermMatch(str(field), str(term), int(distance)))
    return found


def match_towns(cur: Cursor, keys: list[str], prefix: list[bool]) -> dict[str, list[TermMatch]]:
    """The towns each glued key spells: exactly, or (where `prefix`) as the start of a town's
    name still being typed. Keys that spell no town are left out."""
    if not keys:
        return {}
    rows = cur.execute(
        "WITH k AS (SELECT unnest(?) AS key, unnest(?) AS prefix)"
        " SELECT k.key, t.term, CASE WHEN t.term = k.key THEN 0 ELSE 1 END AS distance"
        " FROM k JOIN search_term t ON t.field = 'city'"
        "  AND (t.term = k.key OR (k.prefix AND starts_with(t.term, k.key)))"
        " QUALIFY row_number() OVER (PARTITION BY k.key ORDER BY distance, t.term) <= ?",
        [keys, prefix, MAX_TERMS_PER_WORD],
    ).fetchall()
    found: dict[str, list[TermMatch]] = {}
    for key, term, distance in rows:
        found.setdefault(str(key), []).append(TermMatch("city", str(term), int(distance)))
    return found


@dataclass(frozen=True)
class PeopleFilter:
    stages: tuple[str, ...] = ()
    recruiter_id: int | None = None
    retention_states: tuple[str, ...] = ()
    placed_only: bool = False  # back office: people with a placement or employment (O2)
    # recruiters: not the restricted (Art. 18), not those whose upheld objection stopped job
    # finding (Art. 21); their data is stored, not used for finding work
    usable_for_job_finding: bool = False


# the objection request that stopped job finding for person `p` (Art. 21), or NULL
_JOB_FINDING_STOP = (
    "(SELECT min(s.request_id) FROM processing_stop s JOIN request r ON r.id = s.request_id"
    " WHERE s.purpose = 'job_finding' AND r.person_id = p.id)"
)


_WEIGHT = {"family": 3, "given": 2, "city": 1}
_KEY = {"family": "p.family_key", "given": "p.given_key", "city": "p.city_key"}


@dataclass(frozen=True)
class PeopleQuery:
    """The SQL of one search, and its parameters; every typed value is a parameter."""

    sql: str
    params: list[object]
    count_sql: str
    count_params: list[object]
    offset: int


def people_query(
    *,
    word_matches: list[list[TermMatch]],
    tussenvoegsel: str | None,
    email: str | None,
    phone: str | None,
    postcode: str | None,
    reference: str | None = None,
    where: PeopleFilter,
    today: date,
    policy: RetentionPolicy,
    limit: int,
    offset: int,
) -> PeopleQuery:
    """The query for people matching every part (one condition per word), best match first."""
    conditions = ["p.erased_at IS NULL"]
    condition_params: list[object] = []
    score_parts = ["0"]
    score_params: list[object] = []
    for matches in word_matches:
        alternatives = []
        for field in ("family", "given", "city"):
            exact = [m.term for m in matches if m.field == field and m.distance == 0]
            near = [m.term for m in matches if m.field == field and m.distance > 0]
            if exact or near:
                alternatives.append(f"list_contains(?, {_KEY[field]})")
                condition_params.append(exact + near)
                # an exact word counts fully, a prefix or typo half as much
                score_parts.append(
                    f"CASE WHEN list_contains(?, {_KEY[field]}) THEN {_WEIGHT[field]}"
                    f" WHEN list_contains(?, {_KEY[field]}) THEN {_WEIGHT[field] / 2} ELSE 0 END"
                )
                score_params += [exact, near]
        conditions.append("(" + (" OR ".join(alternatives) or "FALSE") + ")")
    if email:
        conditions.append("(p.email_key = ? OR starts_with(p.email_key, ?))")
        condition_params += [email, email]
        score_parts.append("CASE WHEN p.email_key = ? THEN 5 ELSE 0 END")
        score_params.append(email)
    if phone:
        conditions.append("(p.phone_key = ? OR ends_with(p.phone_key, ?))")
        condition_params += [phone, phone]
    if reference:
        conditions.append("p.reference = ?")
        condition_params.append(reference)
    if postcode:
        conditions.append("starts_with(p.postcode_key, ?)")
        condition_params.append(postcode)
    if tussenvoegsel:
        score_parts.append("CASE WHEN lower(p.tussenvoegsel) = ? THEN 1 ELSE 0 END")
        score_params.append(tussenvoegsel)
    if where.stages:
        conditions.append("list_contains(?, p.stage)")
        condition_params.append(list(where.stages))
    if where.placed_only:
        conditions.append("p.stage IN ('placed', 'employed', 'former_employee')")
    if where.usable_for_job_finding:
        conditions.append(
            "p.restricted_since IS NULL AND p.id NOT IN (SELECT r.person_id FROM processing_stop s"
            " JOIN request r ON r.id = s.request_id WHERE s.purpose = 'job_finding'"
            " AND r.person_id IS NOT NULL)"
        )
    if where.recruiter_id is not None:
        conditions.append("p.recruiter_id = ?")
        condition_params.append(where.recruiter_id)
    states = state_params(today, policy)
    if where.retention_states:
        conditions.append(f"list_contains(?, {RETENTION_STATE_SQL})")
        condition_params += [list(where.retention_states), *states]
    # Two steps: rank on the narrow key columns only, then fetch the display columns of the
    # one page of ids. Reading every display column of a million rows cost more than the rest.
    sql = (
        "WITH hits AS ("
        f" SELECT p.id, ({' + '.join(score_parts)}) AS score, p.family_key, p.given_key,"
        "  count(*) OVER () AS total"
        f" FROM person p WHERE {' AND '.join(conditions)}"
        " ORDER BY score DESC, p.family_key, p.given_key, p.id LIMIT ? OFFSET ?)"
        " SELECT p.id, p.reference, p.given_name, p.tussenvoegsel, p.family_name, p.email,"
        " p.phone, p.postcode, p.city, p.stage, s.name AS recruiter, p.retention_expiry,"
        " p.restricted_since IS NOT NULL AS restricted,"
        f" {_JOB_FINDING_STOP} AS job_finding_stopped_by,"
        f" {RETENTION_STATE_SQL} AS retention_state, h.score, h.total"
        " FROM hits h JOIN person p ON p.id = h.id LEFT JOIN staff s ON s.id = p.recruiter_id"
        " ORDER BY h.score DESC, h.family_key, h.given_key, h.id"
    )
    params = [*score_params, *condition_params, limit, offset, *states]
    count_sql = f"SELECT count(*) FROM person p WHERE {' AND '.join(conditions)}"
    return PeopleQuery(sql, params, count_sql, condition_params, offset)


def find_people(cur: Cursor, query: PeopleQuery) -> tuple[pd.DataFrame, int]:
    """One page of the people `query` matches, and how many match in all."""
    frame = cur.execute(query.sql, query.params).df()
    total = int(frame["total"].iloc[0]) if len(frame) else 0
    if not len(frame) and query.offset:  # past the last page there is no row to count on
        row = first_row(cur, query.count_sql, query.count_params)
        total = int(row[0]) if row else 0
    return frame.drop(columns="total"), total


def plain_scan(cur: Cursor, text: str) -> int:
    """The floor to compare with: one ILIKE '%text%' over every name (bench only)."""
    row = first_row(
        cur,
        "SELECT count(*) FROM person WHERE concat_ws(' ', given_name, tussenvoegsel, family_name)"
        " ILIKE ?",
        [f"%{text}%"],
    )
    return int(row[0]) if row else 0
