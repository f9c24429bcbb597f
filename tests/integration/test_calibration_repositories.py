"""Calibration's repository: the same contract on the fakes, SQLite and PostgreSQL, and the
calibrated level reaching the current picture and the stored readiness on the databases."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from pmopath.adapters.db.engine import make_engine, upgrade
from pmopath.adapters.db.tables import CalibrationDecisionRow
from pmopath.adapters.db.unit_of_work import SqlUnitOfWork
from pmopath.domain.calibration import CalibrationDecision, CalibrationSession, GroupKind
from pmopath.domain.people import AssessmentSource, Person, RecordedAssessment
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


def _people(uow: UnitOfWork) -> tuple[int, int, int, int]:
    version = uow.frameworks.add({"id": "f", "name": "F", "version": "1"}, "hash-1", NOW)
    uow.frameworks.activate(version)
    boss = uow.people.add(Person(None, "boss@example.org", "Boss", "pmo_manager"))
    sam = uow.people.add(Person(None, "sam@example.org", "Sam", "pmo_analyst", None, boss.id))
    ann = uow.people.add(Person(None, "ann@example.org", "Ann", "pmo_analyst", None, boss.id))
    assert boss.id and sam.id and ann.id
    return version, boss.id, sam.id, ann.id


def _decision(person: int, level: int, at: datetime, **more: object) -> CalibrationDecision:
    return CalibrationDecision(None, person, "a", level, None, "why", at, "boss@x", **more)  # type: ignore[arg-type]


def test_decisions_are_kept_oldest_first_per_person_and_session(
    new_uow: Callable[[], UnitOfWork],
) -> None:
    with new_uow() as uow:
        _, boss, sam, ann = _people(uow)
        session = uow.calibration.add_session(
            CalibrationSession(None, "Q1", GroupKind.TEAM, "PMO", NOW, "admin@x")
        )
        assert session.id is not None and session.is_open
        second = uow.calibration.add_decision(
            _decision(sam, 3, NOW, decided_by_id=boss, session_id=session.id)
        )
        first = uow.calibration.add_decision(_decision(sam, 2, NOW - timedelta(days=1)))
        uow.calibration.add_decision(_decision(ann, 1, NOW))
        uow.readiness.refresh()
        uow.commit()
    assert first.id is not None and second.id is not None and first.id != second.id
    with new_uow() as uow:
        found = uow.calibration.decisions_for([sam])
        both = uow.calibration.decisions_for([sam, ann])
        in_session = uow.calibration.decisions_in(session.id)
        assert uow.calibration.decisions_for([]) == []
        assert uow.calibration.decisions_in(987654) == []
    assert [(d.level, d.decided_at) for d in found] == [(2, NOW - timedelta(days=1)), (3, NOW)]
    assert found[1] == second and found[1].decided_by_id == boss
    assert len(both) == 3
    assert [d.id for d in in_session] == [second.id]


def test_sessions_open_list_newest_first_and_close_once(
    new_uow: Callable[[], UnitOfWork],
) -> None:
    with new_uow() as uow:
        older = uow.calibration.add_session(
            CalibrationSession(None, "Old", GroupKind.ROLE, "pmo_analyst", NOW - timedelta(1), "a")
        )
        newer = uow.calibration.add_session(
            CalibrationSession(None, "New", GroupKind.MANAGER, "1", NOW, "a")
        )
        uow.commit()
    assert older.id is not None and newer.id is not None
    with new_uow() as uow:
        assert [s.name for s in uow.calibration.sessions()] == ["New", "Old"]
        uow.calibration.close_session(older.id, NOW, "admin@x")
        uow.commit()
    with new_uow() as uow:
        closed = uow.calibration.session(older.id)
        uow.calibration.close_session(older.id, NOW + timedelta(1), "someone else")
        uow.commit()
    with new_uow() as uow:
        again = uow.calibration.session(older.id)
        assert uow.calibration.session(987654) is None
    assert closed is not None and closed.closed_at == NOW and closed.closed_by == "admin@x"
    assert again == closed  # a closed session stays as it was closed
    assert closed.kind is GroupKind.ROLE and closed.group == "pmo_analyst"


def test_group_reads_bring_many_people_at_once(new_uow: Callable[[], UnitOfWork]) -> None:
    with new_uow() as uow:
        version, boss, sam, ann = _people(uow)
        for person, source, levels, days in (
            (sam, AssessmentSource.SELF, {"a": 4, "b": 1}, 2),
            (sam, AssessmentSource.PEER, {"a": 2}, 1),
            (ann, AssessmentSource.MANAGER, {"a": 1}, 0),
        ):
            uow.assessments.add(
                RecordedAssessment(None, person, version, source, levels, NOW - timedelta(days))
            )
        uow.readiness.refresh()
        uow.commit()
    with new_uow() as uow:
        recorded = uow.calibration.assessments_of([sam, ann, boss])
        current = uow.assessments.current_levels_of([sam, ann, boss])
        analysts = uow.calibration.people_in_role("pmo_analyst")
    assert [a.source for a in recorded[sam]] == [AssessmentSource.SELF, AssessmentSource.PEER]
    assert dict(recorded[sam][0].levels) == {"a": 4, "b": 1} and boss not in recorded
    assert current == {sam: {"a": 4, "b": 1}, ann: {"a": 1}}  # peers are not a level
    assert [p.name for p in analysts] == ["Ann", "Sam"]


def test_a_calibrated_assessment_becomes_the_current_level(
    new_uow: Callable[[], UnitOfWork],
) -> None:
    with new_uow() as uow:
        version, boss, sam, _ = _people(uow)
        uow.assessments.add(
            RecordedAssessment(None, sam, version, AssessmentSource.MANAGER, {"a": 1}, NOW)
        )
        uow.assessments.add(
            RecordedAssessment(
                None, sam, version, AssessmentSource.CALIBRATED, {"a": 3}, NOW + timedelta(1)
            )
        )
        uow.readiness.refresh()
        uow.commit()
    with new_uow() as uow:
        assert uow.assessments.current_levels(sam) == {"a": 3}
        assert uow.assessments.for_person(sam)[-1].source is AssessmentSource.CALIBRATED


@pytest.mark.parametrize("database", DATABASES)
def test_erasure_blanks_a_decisions_reason_and_keeps_the_level(
    database: str, tmp_path: Path, database_templates: object
) -> None:
    url = migrated_database(database_templates, database, tmp_path)  # type: ignore[arg-type]
    engine = make_engine(url)
    try:
        upgrade(engine)
        with SqlUnitOfWork(engine, lambda: NOW) as uow:
            _, _, sam, _ = _people(uow)
            uow.calibration.add_decision(_decision(sam, 3, NOW))
            uow.readiness.refresh()
            uow.commit()
        with SqlUnitOfWork(engine, lambda: NOW) as uow:
            exported = uow.person_data.export(sam)
            uow.person_data.erase(sam, NOW)
            uow.readiness.refresh()
            uow.commit()
        with SqlUnitOfWork(engine, lambda: NOW) as uow:
            kept = uow.session.execute(
                select(CalibrationDecisionRow.reason, CalibrationDecisionRow.level)
            ).all()
        assert [d["reason"] for d in exported["calibrated_levels"]] == ["why"]
        assert [tuple(r) for r in kept] == [("", 3)]
    finally:
        engine.dispose()


@pytest.mark.parametrize("database", DATABASES)
def test_comparing_a_group_takes_the_same_queries_for_two_people_or_twenty(
    database: str, tmp_path: Path, database_templates: object
) -> None:
    from sqlalchemy import event

    from pmopath.bootstrap.files import default_framework
    from pmopath.domain.feedback import FeedbackPolicy
    from pmopath.services.calibration.comparison import compare_people

    framework = default_framework()
    url = migrated_database(database_templates, database, tmp_path)  # type: ignore[arg-type]
    engine = make_engine(url)
    try:
        upgrade(engine)
        with SqlUnitOfWork(engine, lambda: NOW) as uow:
            version, boss, *_ = _people(uow)
            ids = []
            for n in range(20):
                person = uow.people.add(
                    Person(None, f"p{n}@example.org", f"P{n}", None, None, boss)
                )
                assert person.id is not None
                ids.append(person.id)
                for source in (
                    AssessmentSource.SELF,
                    AssessmentSource.MANAGER,
                    AssessmentSource.PEER,
                ):
                    uow.assessments.add(
                        RecordedAssessment(
                            None, person.id, version, source, {"data_analysis": n % 6}, NOW
                        )
                    )
                uow.calibration.add_decision(_decision(person.id, 2, NOW))
            uow.readiness.refresh()
            uow.commit()
        counted: list[str] = []
        event.listen(engine, "before_cursor_execute", lambda *a: counted.append(a[2]))

        def queries(people: list[int]) -> int:
            counted.clear()
            with SqlUnitOfWork(engine, lambda: NOW) as uow:
                found = compare_people(uow, framework.competencies, people, FeedbackPolicy())
            assert set(found) == set(people)
            return len(counted)

        assert queries(ids[:2]) == queries(ids)
    finally:
        engine.dispose()
