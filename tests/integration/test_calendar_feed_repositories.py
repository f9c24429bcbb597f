"""The calendar feed repository's contract, on the in-memory fake and the real databases alike."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from pmopath.adapters.db.engine import make_engine, upgrade
from pmopath.adapters.db.unit_of_work import SqlUnitOfWork
from pmopath.domain.people import Person
from pmopath.domain.reminders import CalendarFeed
from pmopath.services.ports.repositories import UnitOfWork
from tests.conftest import DATABASES, migrated_database
from tests.support.fakes import FakeState, FakeUnitOfWork

NOW = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)
LATER = NOW + timedelta(hours=1)


@pytest.fixture(params=[pytest.param("fake", id="fake"), *DATABASES])
def new_uow(request: pytest.FixtureRequest, tmp_path: Path) -> Callable[[], UnitOfWork]:
    if request.param == "fake":
        state = FakeState()
        return lambda: FakeUnitOfWork(state, NOW)
    url = migrated_database(request.getfixturevalue("database_templates"), request.param, tmp_path)
    engine = make_engine(url)
    upgrade(engine)
    request.addfinalizer(engine.dispose)
    return lambda: SqlUnitOfWork(engine, lambda: NOW)


def test_feeds_round_trip_one_live_per_person_and_revoke(
    new_uow: Callable[[], UnitOfWork],
) -> None:
    with new_uow() as uow:
        sam = uow.people.add(Person(None, "sam@example.org", "Sam"))
        ella = uow.people.add(Person(None, "ella@example.org", "Ella"))
        assert sam.id and ella.id
        first = uow.calendar_feeds.add(CalendarFeed(None, sam.id, "a" * 64, NOW))
        uow.readiness.refresh()
        uow.commit()
    assert first.id is not None
    assert first == CalendarFeed(first.id, sam.id, "a" * 64, NOW)
    with new_uow() as uow:
        assert uow.calendar_feeds.by_token_hash("a" * 64) == first
        assert uow.calendar_feeds.by_token_hash("b" * 64) is None
        assert uow.calendar_feeds.live_for_person(sam.id) == first
        assert uow.calendar_feeds.live_for_person(ella.id) is None
        assert uow.calendar_feeds.revoke_for_person(sam.id, LATER) == 1
        second = uow.calendar_feeds.add(CalendarFeed(None, sam.id, "b" * 64, LATER))
        uow.commit()
    with new_uow() as uow:
        revoked = uow.calendar_feeds.by_token_hash("a" * 64)
        assert revoked is not None and revoked.revoked_at == LATER
        assert uow.calendar_feeds.live_for_person(sam.id) == second
        assert uow.calendar_feeds.revoke_for_person(sam.id, LATER) == 1
        assert uow.calendar_feeds.revoke_for_person(sam.id, LATER) == 0
        uow.commit()
    with new_uow() as uow:
        assert uow.calendar_feeds.live_for_person(sam.id) is None


def test_nothing_is_kept_without_a_commit(new_uow: Callable[[], UnitOfWork]) -> None:
    with new_uow() as uow:
        sam = uow.people.add(Person(None, "sam@example.org", "Sam"))
        uow.readiness.refresh()
        uow.commit()
    assert sam.id is not None
    with new_uow() as uow:
        uow.calendar_feeds.add(CalendarFeed(None, sam.id, "c" * 64, NOW))
    with new_uow() as uow:
        assert uow.calendar_feeds.by_token_hash("c" * 64) is None


def test_erasing_a_person_ends_their_feeds(new_uow: Callable[[], UnitOfWork]) -> None:
    with new_uow() as uow:
        sam = uow.people.add(Person(None, "sam@example.org", "Sam"))
        assert sam.id is not None
        uow.calendar_feeds.add(CalendarFeed(None, sam.id, "d" * 64, NOW))
        uow.readiness.refresh()
        uow.commit()
    with new_uow() as uow:
        uow.person_data.erase(sam.id, LATER)
        uow.readiness.refresh()
        uow.commit()
    with new_uow() as uow:
        assert uow.calendar_feeds.by_token_hash("d" * 64) is None
        assert uow.calendar_feeds.live_for_person(sam.id) is None
