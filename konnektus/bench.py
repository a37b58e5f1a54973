"""`python -m konnektus bench search`: time the page's own search function on a varied set
of queries drawn from the database, beside one plain ILIKE scan as the floor."""

from __future__ import annotations

import random
import statistics
import time
from dataclasses import dataclass
from datetime import date

from konnektus.db import search as search_rows
from konnektus.db.database import Database
from konnektus.domain.search import MAX_QUERY_CHARS
from konnektus.domain.staff import CLI
from konnektus.services.search import search_people

SAMPLE_PEOPLE = 8
# What a hostile or careless user can type into the 200-character box: one word over and over,
# twelve short prefixes that each match many names, and as many different words as fit.
HOSTILE_QUERIES = (
    "jan " * 50,
    "ber jan pie kla maa wil hen ann mar els tin rob",
    " ".join(a + b + "n" for a in "bdfhjkmprstvw" for b in "aeiou")[:200],
)


RANDOM_QUERIES = 40
_ALPHABET = "abcdefghijklmnopqrstuvwxyzéëüöß '-.@0123456789"


def random_queries(db: Database, count: int = RANDOM_QUERIES, seed: int = 13) -> list[str]:
    """Arbitrary text up to the box's limit, as the property test feeds it (tests/services/
    test_search_bounds.py), but seeded: names and towns in use, their prefixes, repeats and
    random characters, mixed."""
    rng = random.Random(seed)
    terms = [str(t) for (t,) in db.query("SELECT term FROM search_term ORDER BY term LIMIT 5000")]
    terms = terms or ["jan"]
    queries = []
    for _ in range(count):
        parts: list[str] = []
        while sum(len(p) + 1 for p in parts) < rng.randint(1, MAX_QUERY_CHARS):
            pick = rng.random()
            if pick < 0.5:
                parts.append(rng.choice(terms))
            elif pick < 0.7:
                parts.append(rng.choice(terms)[: rng.randint(1, 3)])
            elif pick < 0.8 and parts:
                parts.append(parts[-1])
            else:
                parts.append("".join(rng.choice(_ALPHABET) for _ in range(rng.randint(1, 12))))
        queries.append(" ".join(parts)[:MAX_QUERY_CHARS])
    return queries


def _typo(word: str) -> str:
    """Swap two letters in the middle: 'Jansen' -> 'Jasnen'."""
    if len(word) < 4:
        return word + word[-1]
    middle = len(word) // 2
    return word[: middle - 1] + word[middle] + word[middle - 1] + word[middle + 1 :]


def build_queries(db: Database) -> list[str]:
    rows = db.query(
        "SELECT given_name, tussenvoegsel, family_name, email, phone, postcode, city FROM person"
        " WHERE erased_at IS NULL AND tussenvoegsel IS NOT NULL AND id % 997 = 1"
        " ORDER BY id LIMIT ?",
        [SAMPLE_PEOPLE],
    )
    queries: list[str] = ["Vries", "de Vries", "Jan de Vries", "vries jan", "Muller", "Müller"]
    for given, tv, family, email, phone, postcode, city in rows:
        digits = "".join(c for c in phone if c.isdigit())
        queries += [
            family,
            f"{tv} {family}",
            f"{given} {tv} {family}",
            f"{family.lower()} {given.lower()}",
            email,
            phone,
            " ".join(digits[i : i + 2] for i in range(0, len(digits), 2)),
            postcode,
            postcode.replace(" ", "").lower(),
            city,
            _typo(family),
        ]
    queries += ["qzxjvw", "nobody@nowhere.example", "0000000000", "9999 ZZ"]
    return queries


@dataclass(frozen=True)
class BenchResult:
    people: int
    queries: int
    p50_ms: float
    p95_ms: float
    floor_ms: float
    hostile_ms: float  # the slowest median of HOSTILE_QUERIES: the bound on one search
    random_max_ms: float = 0.0  # the slowest of RANDOM_QUERIES arbitrary texts (issue 13)


def bench_search(db: Database, today: date, repeats: int = 3) -> BenchResult:
    queries = build_queries(db)
    search_people(db, CLI, "warm up", today=today)
    timings = []
    for _ in range(repeats):
        for query in queries:
            started = time.perf_counter()
            search_people(db, CLI, query, today=today)
            timings.append((time.perf_counter() - started) * 1000)
    hostile = []
    for query in HOSTILE_QUERIES:
        runs = []
        for _ in range(repeats):
            started = time.perf_counter()
            search_people(db, CLI, query, today=today)
            runs.append((time.perf_counter() - started) * 1000)
        hostile.append(statistics.median(runs))
    arbitrary = []
    for query in random_queries(db):
        started = time.perf_counter()
        search_people(db, CLI, query, today=today)
        arbitrary.append((time.perf_counter() - started) * 1000)
    floors = []
    for _ in range(7):
        started = time.perf_counter()
        with db.cursor() as cur:
            search_rows.plain_scan(cur, "vries")
        floors.append((time.perf_counter() - started) * 1000)
    people = int(db.query("SELECT count(*) FROM person WHERE erased_at IS NULL")[0][0])
    timings.sort()
    return BenchResult(
        people=people,
        queries=len(queries),
        p50_ms=round(statistics.median(timings), 2),
        p95_ms=round(timings[int(0.95 * (len(timings) - 1))], 2),
        floor_ms=round(statistics.median(floors), 2),
        hostile_ms=round(max(hostile), 2),
        random_max_ms=round(max(arbitrary), 2),
    )
