"""Benchmarks only: add up the time a piece of work spends in DuckDB.

`bench pages` compares each page's full rerun with the time of its queries alone. While
`timing()` is active, every cursor the process hands out (`Database.cursor`) is wrapped so
that running a statement and fetching its result count towards the timer. Outside a
benchmark nothing is wrapped and nothing is counted.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, Final

# The cursor methods that do the database's work: running a statement and reading its result
# (DuckDB runs lazily, so much of a query's time falls in the fetch).
_TIMED: Final = frozenset(
    {
        "execute",
        "executemany",
        "fetchall",
        "fetchone",
        "fetchmany",
        "df",
        "fetchdf",
        "fetchnumpy",
        "fetch_df",
        "arrow",
    }
)


class QueryTimer:
    def __init__(self) -> None:
        self.seconds = 0.0
        self.statements = 0
        self._lock = threading.Lock()  # Streamlit runs a page in its own thread

    def add(self, seconds: float, *, statement: bool) -> None:
        with self._lock:
            self.seconds += seconds
            self.statements += int(statement)

    def reset(self) -> None:
        with self._lock:
            self.seconds = 0.0
            self.statements = 0


class TimedCursor:
    """A cursor that reports the time of its statements and fetches to a timer."""

    def __init__(self, cursor: Any, timer: QueryTimer) -> None:
        self._cursor = cursor
        self._timer = timer

    def __getattr__(self, name: str) -> Any:
        found = getattr(self._cursor, name)
        if name not in _TIMED or not callable(found):
            return found
        return self._timed(name, found)

    def _timed(self, name: str, call: Callable[..., Any]) -> Callable[..., Any]:
        def run(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                result = call(*args, **kwargs)
            finally:
                self._timer.add(time.perf_counter() - started, statement=name.startswith("exec"))
            # execute returns the cursor itself: keep timing the fetch that follows
            return self if result is self._cursor else result

        return run


_active: QueryTimer | None = None


def active() -> QueryTimer | None:
    return _active


@contextmanager
def timing() -> Iterator[QueryTimer]:
    """Count every statement run through `Database.cursor` until the block ends."""
    global _active
    timer = QueryTimer()
    _active = timer
    try:
        yield timer
    finally:
        _active = None
