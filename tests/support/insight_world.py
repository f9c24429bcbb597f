"""A world for the insight query tests: a store with its own engine, people with assessments and
targets, erasure, and a counter of the SQL statements sent."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, update

from pmopath.adapters.db.insight_queries import SqlInsightQueries
from pmopath.adapters.db.tables import PersonRow
from pmopath.domain.framework import Framework
from pmopath.domain.people import AssessmentSource, Person, RecordedAssessment
from pmopath.services.ports.store import Store

NOW = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)


@dataclass
class Db:
    store: Store
    queries: SqlInsightQueries
    engine: Engine

    @property
    def framework(self) -> Framework:
        return self.store.framework


@dataclass(frozen=True)
class Someone:
    email: str
    name: str
    role: str | None = None
    manager: str | None = None
    levels: tuple[Mapping[str, int], ...] = ()
    """Assessments, oldest first; the newest level of each competency is the current one."""
    target: str | None = None


def add_people(db: Db, people: list[Someone]) -> dict[str, Person]:
    """Store people (managers before their reports), their assessments and primary targets."""
    stored: dict[str, Person] = {}
    with db.store.unit_of_work() as uow:
        for someone in people:
            manager = stored[someone.manager].id if someone.manager else None
            person = uow.people.add(
                Person(None, someone.email, someone.name, someone.role, None, manager)
            )
            assert person.id is not None
            stored[someone.email] = person
            for days, levels in enumerate(someone.levels):
                uow.assessments.add(
                    RecordedAssessment(
                        None,
                        person.id,
                        db.store.framework_version_id,
                        AssessmentSource.SELF if days % 2 == 0 else AssessmentSource.MANAGER,
                        dict(levels),
                        NOW - timedelta(days=100 - days),
                    )
                )
            if someone.target:
                uow.targets.set(person.id, someone.target, primary=True, at=NOW)
        uow.readiness.refresh()
        uow.commit()
    return stored


def erase(db: Db, person: Person) -> None:
    with db.engine.begin() as connection:
        connection.execute(update(PersonRow).where(PersonRow.id == person.id).values(erased_at=NOW))


def current(someone: Someone) -> dict[str, int]:
    levels: dict[str, int] = {}
    for assessment in someone.levels:
        levels.update(assessment)
    return levels
