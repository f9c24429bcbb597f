"""The session check's once-a-minute touch is a write, made on the event loop. When another
transaction holds the lock it needs, the touch is left to a later request at once, without
waiting: it never stalls the process (every request of it, on the loop) for as long as the
other transaction lasts, nor a little on every request while it does."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta

from sqlalchemy import Connection, text
from sqlalchemy.exc import DBAPIError

from tests.e2e.web.conftest import World, sign_in

HELD_FOR_S = 6
"""How long the other transaction keeps its lock at most (PostgreSQL ends it then): a check
waiting for it would take this long (SQLite's own busy timeout, 10 s, is longer still)."""
REQUESTS = 20
"""Requests made under the lock: even a short wait on each (0.2 s) would add up to 4 s."""


def _last_seen(world: World) -> datetime:
    with world.runtime.engine.connect() as connection:
        return connection.execute(
            text("SELECT max(last_seen_at) FROM account_sessions WHERE revoked_at IS NULL")
        ).scalar_one()


def _seen_long_ago(world: World) -> None:
    """Every session was last seen well over a minute ago, so the next request touches it."""
    with world.runtime.engine.begin() as connection:
        connection.execute(
            text("UPDATE account_sessions SET last_seen_at = :then"),
            {"then": world.runtime.clock() - timedelta(minutes=10)},
        )


@contextmanager
def _sessions_locked(world: World) -> Iterator[Connection]:
    """Another transaction that has written to every session row and not yet committed: on
    PostgreSQL it holds their row locks, on SQLite the database's write lock."""
    with world.runtime.engine.connect() as holder:
        if holder.dialect.name == "postgresql":
            holder.execute(text(f"SET idle_in_transaction_session_timeout = '{HELD_FOR_S}s'"))
        holder.execute(text("UPDATE account_sessions SET revoked_at = revoked_at"))
        yield holder
        try:
            holder.rollback()
        except DBAPIError:  # PostgreSQL ended it after HELD_FOR_S: the check waited that long
            holder.invalidate()


def test_a_locked_session_row_postpones_the_touch_and_pages_are_answered_at_once(
    world_either_way: World,
) -> None:
    world = world_either_way
    client = sign_in(world.client(), "sam")
    _seen_long_ago(world)
    before = _last_seen(world)
    with _sessions_locked(world):
        started = time.monotonic()
        for _ in range(REQUESTS):  # each one finds the touch due, and the row locked
            page = client.get("/")
            assert page.status_code == 200 and "Sign out" in page.text
        waited = time.monotonic() - started
    assert waited < HELD_FOR_S / 2, f"{REQUESTS} requests took {waited:.1f} s under the lock"
    assert _last_seen(world) == before  # left to a later request
    assert client.get("/").status_code == 200
    assert _last_seen(world) > before  # the lock gone, the touch is made
