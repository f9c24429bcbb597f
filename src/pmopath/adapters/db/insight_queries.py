"""Read-only insight queries in SQLAlchemy Core: teams, one person, and who is ready for a role.

``ready_for`` reads the stored figures of ``role_readiness`` (see ``role_readiness.py``) when
they were computed for this very role, critical cap and readiness model: one index range on
(role, readiness), joined to the people for names. Otherwise (a role of another framework, a
database whose figures have not been built yet or were built under an earlier model) it reads
everyone's current levels in the role's competencies and computes the figures with the engine
(``pmopath.engine.readiness``): the model has one implementation, so both answers are the very
same numbers, in the same order.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Engine, Table, and_, select

from pmopath.adapters.db.leader_queries import LeaderQueriesMixin
from pmopath.adapters.db.role_readiness import BASIS, READINESS, fingerprint
from pmopath.adapters.db.tables import Base
from pmopath.domain.framework import ReadinessRules, Role
from pmopath.domain.people import Person
from pmopath.services.ports.insight import ReadyPerson, StoredLevels

_PEOPLE: Table = Base.metadata.tables["people"]
_LEVELS: Table = Base.metadata.tables["current_levels"]
_TARGETS: Table = Base.metadata.tables["targets"]


_PERSON_COLUMNS = (  # in the order of Person's fields
    _PEOPLE.c.id,
    _PEOPLE.c.email,
    _PEOPLE.c.name,
    _PEOPLE.c.role,
    _PEOPLE.c.role_since,
    _PEOPLE.c.manager_id,
    _PEOPLE.c.team,
)


def _person(row: Sequence[Any]) -> Person:
    return Person(*row)


class SqlInsightQueries(LeaderQueriesMixin):
    """The ``InsightQueries`` port on a SQLAlchemy engine (SQLite or PostgreSQL), with the
    leader's view's queries (``leader_queries.py``)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def person(self, reference: str) -> Person | None:
        where = (
            _PEOPLE.c.id == int(reference)
            if reference.isdigit()
            else _PEOPLE.c.email == reference.lower()
        )
        with self.engine.connect() as connection:
            row = connection.execute(select(*_PERSON_COLUMNS).where(where)).first()
        return _person(row) if row is not None else None

    def stored_levels(self, person: Person) -> StoredLevels:
        with self.engine.connect() as connection:
            levels = connection.execute(
                select(_LEVELS.c.competency, _LEVELS.c.level).where(
                    _LEVELS.c.person_id == person.id
                )
            )
            found = dict(levels.all())
            target = connection.scalar(
                select(_TARGETS.c.role).where(
                    _TARGETS.c.person_id == person.id, _TARGETS.c.is_primary
                )
            )
        return StoredLevels(person, found, target)

    def team_of(self, manager_id: int) -> list[StoredLevels]:
        in_team = and_(_PEOPLE.c.manager_id == manager_id, _PEOPLE.c.erased_at.is_(None))
        with self.engine.connect() as connection:
            people = [
                _person(row)
                for row in connection.execute(
                    select(*_PERSON_COLUMNS).where(in_team).order_by(_PEOPLE.c.name, _PEOPLE.c.id)
                )
            ]
            levels: dict[int, dict[str, int]] = {}
            for person_id, competency, level in connection.execute(
                select(_LEVELS.c.person_id, _LEVELS.c.competency, _LEVELS.c.level)
                .join(_PEOPLE, _PEOPLE.c.id == _LEVELS.c.person_id)
                .where(in_team)
            ):
                levels.setdefault(person_id, {})[competency] = level
            targets = dict(
                connection.execute(
                    select(_TARGETS.c.person_id, _TARGETS.c.role)
                    .join(_PEOPLE, _PEOPLE.c.id == _TARGETS.c.person_id)
                    .where(in_team, _TARGETS.c.is_primary)
                ).all()
            )
        return [StoredLevels(p, levels.get(p.id or 0, {}), targets.get(p.id or 0)) for p in people]

    def ready_for(self, role: Role, *, rules: ReadinessRules, at_least: float) -> list[ReadyPerson]:
        with self.engine.connect() as connection:
            stored = connection.scalar(select(BASIS.c.fingerprint).where(BASIS.c.role == role.id))
            if stored is None or stored != fingerprint(role, rules):
                return _computed_readiness(connection, role, rules, at_least)
            rows = connection.execute(_stored_readiness_query(role.id, at_least)).all()
        return [
            ReadyPerson(pid, name, email, float(readiness)) for pid, name, email, readiness in rows
        ]


def _computed_readiness(
    connection: Connection, role: Role, rules: ReadinessRules, at_least: float
) -> list[ReadyPerson]:
    """Everyone at least ``at_least`` ready, computed by the engine from current levels.

    The people come ordered by name and id, and Python's sort is stable, so sorting by
    readiness alone gives the stored query's order (the database's collation included).
    """
    from pmopath.engine.readiness import readiness_table

    people = connection.execute(
        select(_PEOPLE.c.id, _PEOPLE.c.name, _PEOPLE.c.email)
        .where(_PEOPLE.c.erased_at.is_(None))
        .order_by(_PEOPLE.c.name, _PEOPLE.c.id)
    ).all()
    competencies = sorted({r.competency for r in role.requirements if r.level > 0})
    rows = (
        connection.execute(
            select(_LEVELS.c.person_id, _LEVELS.c.competency, _LEVELS.c.level).where(
                _LEVELS.c.competency.in_(competencies)
            )
        ).all()
        if competencies
        else []
    )
    who, competency, level = zip(*rows, strict=True) if rows else ((), (), ())
    table = readiness_table(
        (role,), rules, [person[0] for person in people], (who, competency, level)
    )
    readiness = dict(zip(table.people.tolist(), table.values[:, 0].tolist(), strict=True))
    ready = [
        ReadyPerson(person_id, name, email, readiness[person_id])
        for person_id, name, email in people
        if readiness[person_id] >= at_least
    ]
    return sorted(ready, key=lambda person: -person.readiness)


def _stored_readiness_query(role_id: str, at_least: float) -> Any:
    """The SELECT of everyone at least ``at_least`` ready, from ``role_readiness``."""
    return (
        select(_PEOPLE.c.id, _PEOPLE.c.name, _PEOPLE.c.email, READINESS.c.readiness)
        .join_from(READINESS, _PEOPLE, _PEOPLE.c.id == READINESS.c.person_id)
        .where(
            READINESS.c.role == role_id,
            READINESS.c.readiness >= at_least,
            _PEOPLE.c.erased_at.is_(None),
        )
        .order_by(READINESS.c.readiness.desc(), _PEOPLE.c.name, _PEOPLE.c.id)
    )
