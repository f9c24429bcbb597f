"""Collecting the SQL statements sent while a block runs, to check how a result was read."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, event


@contextmanager
def counting(engine: Engine | type[Engine] = Engine) -> Iterator[list[str]]:
    """Collect every SQL statement sent to the database while inside (through ``engine``; by
    default through every engine)."""
    statements: list[str] = []

    def count(*args: Any) -> None:
        statements.append(args[2])

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)
