"""The credentials repository's contract, on the in-memory fake and the real databases alike."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from pmopath.adapters.db.engine import make_engine, upgrade
from pmopath.adapters.db.unit_of_work import SqlUnitOfWork
from pmopath.domain.credentials import Credentials
from pmopath.domain.framework import Education
from pmopath.domain.people import Person
from pmopath.services.ports.repositories import UnitOfWork
from tests.conftest import DATABASES, migrated_database
from tests.support.fakes import FakeState, FakeUnitOfWork

NOW = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)


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


def test_credentials_default_empty_then_saved_replaced_and_forgotten(
    new_uow: Callable[[], UnitOfWork],
) -> None:
    with new_uow() as uow:
        sam = uow.people.add(Person(None, "sam@example.org", "Sam"))
        ella = uow.people.add(Person(None, "ella@example.org", "Ella"))
        assert sam.id and ella.id
        assert uow.credentials.for_person(sam.id) == Credentials()
        uow.credentials.save(sam.id, Credentials(("pmp", "capm", "pmp"), Education.DEGREE), NOW)
        uow.readiness.refresh()
        uow.commit()
    with new_uow() as uow:
        assert uow.credentials.for_person(sam.id) == Credentials(("capm", "pmp"), Education.DEGREE)
        assert uow.credentials.for_person(ella.id) == Credentials()
        uow.credentials.save(sam.id, Credentials(("prince2_foundation",)), NOW)
        uow.commit()
    with new_uow() as uow:
        assert uow.credentials.for_person(sam.id) == Credentials(("prince2_foundation",))
        uow.credentials.forget(sam.id)
        uow.credentials.forget(ella.id)  # nothing to forget is fine
        uow.commit()
    with new_uow() as uow:
        assert uow.credentials.for_person(sam.id) == Credentials()


def test_a_persons_export_holds_their_credentials_and_erasing_removes_them(
    new_uow: Callable[[], UnitOfWork],
) -> None:
    if isinstance(new_uow(), FakeUnitOfWork):
        pytest.skip("export and erase of credentials are the SQL person data's")
    with new_uow() as uow:
        sam = uow.people.add(Person(None, "sam@example.org", "Sam"))
        assert sam.id
        uow.credentials.save(sam.id, Credentials(("capm",), Education.SECONDARY), NOW)
        uow.readiness.refresh()
        uow.commit()
    with new_uow() as uow:
        (row,) = uow.person_data.export(sam.id)["credentials"]
        assert row["certifications"] == ["capm"] and row["education"] == "secondary"
        uow.person_data.erase(sam.id, NOW)
        uow.readiness.refresh()
        uow.commit()
    with new_uow() as uow:
        assert uow.credentials.for_person(sam.id) == Credentials()
        assert uow.person_data.export(sam.id)["credentials"] == []
