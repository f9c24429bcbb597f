"""Assessment history and evidence verification: the same contract on the fakes and databases."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from pmopath.adapters.db.engine import make_engine, upgrade
from pmopath.adapters.db.unit_of_work import SqlUnitOfWork
from pmopath.domain.people import AssessmentSource, Person, RecordedAssessment
from pmopath.domain.plans import Evidence
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


def _two_people(uow: UnitOfWork) -> tuple[int, int, int]:
    version = uow.frameworks.add({"id": "f", "name": "F", "version": "1"}, "hash-1", NOW)
    uow.frameworks.activate(version)
    boss = uow.people.add(Person(None, "boss@example.org", "Boss"))
    sam = uow.people.add(Person(None, "sam@example.org", "Sam", manager_id=boss.id))
    assert boss.id is not None and sam.id is not None
    return version, boss.id, sam.id


def test_history_lists_every_assessment_oldest_first_with_levels(
    new_uow: Callable[[], UnitOfWork],
) -> None:
    with new_uow() as uow:
        version, boss, sam = _two_people(uow)
        later = RecordedAssessment(
            None, sam, version, AssessmentSource.MANAGER, {"a": 3}, NOW, boss, "from boss"
        )
        earlier = RecordedAssessment(
            None, sam, version, AssessmentSource.SELF, {"a": 2, "b": 1}, NOW - timedelta(days=9)
        )
        uow.assessments.add(later)
        uow.assessments.add(earlier)
        uow.assessments.add(RecordedAssessment(None, boss, version, AssessmentSource.SELF, {}, NOW))
        uow.readiness.refresh()
        uow.commit()
    with new_uow() as uow:
        history = uow.assessments.for_person(sam)
        assert uow.assessments.for_person(12345) == []
        empty = uow.assessments.for_person(boss)
    assert [(a.source, dict(a.levels)) for a in history] == [
        (AssessmentSource.SELF, {"a": 2, "b": 1}),
        (AssessmentSource.MANAGER, {"a": 3}),
    ]
    assert history[1].assessor_id == boss
    assert history[1].note == "from boss"
    assert history[1].assessed_at == NOW
    assert all(a.id is not None for a in history)
    assert [dict(a.levels) for a in empty] == [{}]


def test_evidence_is_found_by_id_and_verified(new_uow: Callable[[], UnitOfWork]) -> None:
    with new_uow() as uow:
        _, boss, sam = _two_people(uow)
        saved = uow.plans.add_evidence(Evidence(sam, "Did it", date(2026, 10, 1), ("a",)))
        uow.readiness.refresh()
        uow.commit()
    assert saved.id is not None
    with new_uow() as uow:
        assert uow.plans.evidence_by_id(saved.id) == saved
        assert uow.plans.evidence_by_id(saved.id + 100) is None
        uow.plans.verify_evidence(saved.id, boss)
        uow.commit()
    with new_uow() as uow:
        found = uow.plans.evidence_by_id(saved.id)
    assert found is not None and found.verified_by_id == boss
    assert found.title == "Did it" and found.competencies == ("a",)
