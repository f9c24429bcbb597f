"""The template builders: a migrated store, and the demo organisation seeded at a fixed instant.

The demo is seeded at 00:00 UTC of the day the template is made for (``seed_instant``): its
contents are the same in every worker and every run of that day, and nothing in it lies in the
future of a test that runs later that day. "Today" in the seeded data (Sam's plan starts today,
its check-ins were 90 and 180 days ago) is the app's today, as when each test seeded its own;
a session that runs past midnight UTC gets a new template for the new day (``today``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, time

import pytest

from pmopath import bootstrap
from pmopath.adapters.db.engine import make_engine, upgrade
from pmopath.adapters.passwords import Argon2Hasher
from pmopath.services.demo import seed_demo

SECRET_KEY = "test-secret-" + "x" * 40
"""PMOPATH_SECRET_KEY for the test apps (each test sets it; a cached app was built with it)."""


def cheap_hasher() -> Argon2Hasher:
    """argon2id with the cheapest parameters: the tests check hashing, not its cost."""
    return Argon2Hasher(time_cost=1, memory_cost=8, parallelism=1)


def today() -> date:
    """The day in UTC, as the app's clock has it."""
    return datetime.now(UTC).date()


def seed_instant(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=UTC)


def migrate(url: str) -> None:
    """Build an empty, migrated store."""
    engine = make_engine(url)
    try:
        upgrade(engine)
    finally:
        engine.dispose()


@contextmanager
def fixed_clock(instant: datetime) -> Iterator[None]:
    """The wiring's clock (the store's, its units of work's, the web runtime's) stopped at
    ``instant`` while the block runs."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(bootstrap, "_utc_now", lambda: instant)
        yield


def demo_builder(day: date) -> Callable[[str], None]:
    """Builds a migrated store with the demo organisation seeded at ``seed_instant(day)``."""
    instant = seed_instant(day)

    def build(url: str) -> None:
        with fixed_clock(instant), pytest.MonkeyPatch.context() as patch:
            patch.setenv("PMOPATH_SECRET_KEY", SECRET_KEY)
            runtime = bootstrap.open_web_runtime(url, hasher=cheap_hasher())
            try:
                seeded = seed_demo(
                    runtime.store(), runtime.hasher, runtime.common_passwords, runtime.clock()
                )
                assert seeded is not None
            finally:
                runtime.close()

    return build
