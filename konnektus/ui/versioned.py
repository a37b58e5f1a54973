"""Service reads cached per database file, staff member, data version and day (issue 11).

A page reruns on every click, and most reruns change nothing in the database: the retention
page's counts and lists, the request queue, the sharing drill-down and the archive would read
the same answer again (hundreds of milliseconds at 1,000,000 people). `per_version(read)`
returns `read` with its answer kept until the data changes:

- the **data version** is the highest audit entry id, and every write leaves an audit entry
  in its own transaction (architecture rule 6), so the first read after any write, this
  user's or another's, the scheduled jobs' included, is fresh;
- the **staff member** (id, role, name) is part of the key: an answer read for one member is
  never handed to another (least privilege differs per role, and per recruiter);
- the **day** (Amsterdam) is part of the key: retention states and deadlines move at
  midnight without any write (architecture rule 11).

The service still checks the member's permission on every miss; a hit can only return what
that same member was allowed to read under that same version.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import date
from typing import Any, Concatenate, ParamSpec, TypeVar

import streamlit as st

from konnektus.clock import today_amsterdam
from konnektus.db.database import Database
from konnektus.db.sharing import data_version as _data_version
from konnektus.domain.staff import StaffMember

P = ParamSpec("P")
R = TypeVar("R")

# Per read: the answers of the last few versions, filters and members. Older versions are
# never asked for again; they age out by count, or by time when nobody writes.
MAX_ENTRIES = 16
TTL = "1h"


def data_version(db: Database) -> int:
    """Grows with every write (each leaves an audit entry in its transaction)."""
    with db.cursor() as cur:
        return _data_version(cur)


def per_version(
    read: Callable[Concatenate[Database, StaffMember, P], R],
) -> Callable[Concatenate[Database, StaffMember, P], R]:
    """`read(db, member, ...)`, cached until the data version or the day changes."""
    name = f"{read.__module__}.{read.__qualname__}"

    def call(
        _read: Callable[..., Any],
        _db: Database,
        db_path: str,
        member: StaffMember,
        version: int,
        today: date,
        args: tuple[Any, ...],
        kwargs: tuple[tuple[str, Any], ...],
    ) -> Any:
        # Arguments with a leading underscore are not hashed: the read is named by this
        # cache's own name, the open connection by `db_path`.
        return _read(_db, member, *args, **dict(kwargs))

    # Streamlit names a cache by its function's module, qualified name and source; this one
    # function serves every read, so each read gets a name of its own (and its own limit).
    call.__qualname__ = f"per_version[{name}]"
    cached_call = st.cache_data(max_entries=MAX_ENTRIES, ttl=TTL, show_spinner=False)(call)

    @functools.wraps(read)
    def cached(db: Database, member: StaffMember, /, *args: P.args, **kwargs: P.kwargs) -> R:
        # The version is read at every call, not once per rerun: a button's write and the
        # new state it shows at once happen in the same run (half a millisecond a call).
        answer: R = cached_call(
            read,
            db,
            str(db.path),
            member,
            data_version(db),
            today_amsterdam(),
            args,
            tuple(sorted(kwargs.items())),
        )
        return answer

    return cached
