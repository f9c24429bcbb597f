"""The session check's once-a-minute touch is a write. When another transaction holds the lock
it needs, the check waits a moment (``SESSION_CHECK_LOCK_WAIT_MS``), leaves the touch to a later
request and answers: it never stalls the process (on the event loop, every request of it) for
as long as the other transaction lasts."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta

from sqlalchemy import Connection, text
from sqlalchemy.exc import DBAPIError

from pmopath import bootstrap
from tests.e2e.web.conftest import World, sign_in

HELD_FOR_S = 6
"""How long the other transaction keeps its lock at most (PostgreSQL ends it then): a check
waiting for it would take this long (SQLite's own busy timeout, 10 s, is longer still)."""


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


def test_a_locked_session_row_postpones_the_touch_and_the_page_is_answered(
    world_either_way: World,
) -> None:
    world = world_either_way
    client = sign_in(world.client(), "sam")
    _seen_long_ago(world)
    before = _last_seen(world)
    with _sessions_locked(world):
        started = time.monotonic()
        page = client.get("/")
        waited = time.monotonic() - started
        assert page.status_code == 200 and "Sign out" in page.text
    wait_s = bootstrap.SESSION_CHECK_LOCK_WAIT_MS / 1000
    assert waited < HELD_FOR_S / 2, f"the check waited {waited:.1f} s for the lock ({wait_s} s)"
    assert _last_seen(world) == before  # left to a later request
    assert client.get("/").status_code == 200
    assert _last_seen(world) > before  # the lock gone, the touch is made
