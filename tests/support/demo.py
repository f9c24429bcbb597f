"""The template builders: a migrated store, and the demo organisation seeded at a fixed instant.

The demo is seeded at 00:00 UTC of the day the template is made for (``seed_instant``): its
contents are the same in every worker and every run of that day, and nothing in it lies in the
future of a test that runs later that day. "Today" in the seeded data (Sam's plan starts today,
its check-ins were 90 and 180 days ago) is the app's today, as when each test seeded its own;
a session that runs past midnight UTC gets a new template for the new day (``today``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time

from pmopath.adapters.db.engine import make_engine, upgrade
from pmopath.bootstrap.database import open_store
from pmopath.services.demo.organisation import seed_demo
from tests.support.containers import cheap_container

SECRET_KEY = "test-secret-" + "x" * 40
"""PMOPATH_SECRET_KEY for the test apps (each test sets it; a cached app was built with it)."""


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


def demo_builder(day: date) -> Callable[[str], None]:
    """Builds a migrated store with the demo organisation seeded at ``seed_instant(day)``: the
    store's clock is stopped there, so everything it writes is dated then."""
    instant = seed_instant(day)

    def build(url: str) -> None:
        with open_store(url, container=cheap_container(), clock=lambda: instant) as store:
            assert seed_demo(store) is not None

    return build
