"""Read-only insight queries in SQLAlchemy Core: teams, one person, and readiness in SQL.

``ready_for`` reads the stored figures of ``role_readiness`` (see ``role_readiness.py``) when
they were computed for this very role and critical cap: one index range on (role, readiness),
joined to the people for names. Otherwise (a role of another framework, or a database whose
figures have not been built yet) it computes the readiness model of
``pmopath.engine.readiness`` in the database: the role's requirements become a VALUES table
joined to ``current_levels`` and grouped by person. Coverage is summed in whole numbers where
it can be: each requirement's weight per level is scaled by a common denominator to an
integer, so the sum is exact in any order and the one division at the end is correctly
rounded. Weights that do not scale to small integers (0.1 is a long binary fraction) fall back
to floating point, within a rounding error of the domain's figure. The critical cap uses CASE
rather than LEAST/MIN(a, b), which differ between PostgreSQL and SQLite. When the threshold is
above the critical cap, a first pass over the critical competencies alone picks the only
people who can reach it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Engine,
    Float,
    Integer,
    Select,
    String,
    Subquery,
    Table,
    and_,
    case,
    cast,
    column,
    func,
    literal,
    select,
    values,
)

from pmopath.adapters.db.role_readiness import BASIS, READINESS, fingerprint
from pmopath.adapters.db.tables import Base
from pmopath.domain.framework import Requirement, Role
from pmopath.domain.people import Person
from pmopath.services.ports.insight import ReadyPerson, StoredLevels

_PEOPLE: Table = Base.metadata.tables["people"]
_LEVELS: Table = Base.metadata.tables["current_levels"]
_TARGETS: Table = Base.metadata.tables["targets"]

_EXACT_LIMIT = 2**53 // 100  # 100 x the covered units must convert to a float exactly
_UNIT_LIMIT = 2**24  # times a level (under 128 on any scale) stays within a 32-bit integer


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


@dataclass(frozen=True, slots=True)
class _Scaled:
    """Requirements as (competency, level, units per level held, critical) and the total."""

    rows: Sequence[tuple[str, int, int | float, int]]
    total: int | float
    critical: int


def _scaled(requirements: Sequence[Requirement]) -> _Scaled:
    """Coverage in whole units: weight / level x D for the smallest D making them all integers."""
    fractions = [Fraction(r.weight) / r.level for r in requirements]
    denominator = math.lcm(*(f.denominator for f in fractions)) if fractions else 1
    units = [f * denominator for f in fractions]
    total = sum(u * r.level for u, r in zip(units, requirements, strict=True))
    critical = sum(1 for r in requirements if r.critical)
    if total <= _EXACT_LIMIT and all(u <= _UNIT_LIMIT for u in units):
        rows = [
            (r.competency, r.level, int(u), int(r.critical))
            for u, r in zip(units, requirements, strict=True)
        ]
        return _Scaled(rows, int(total), critical)
    rows_f = [(r.competency, r.level, r.weight / r.level, int(r.critical)) for r in requirements]
    return _Scaled(rows_f, math.fsum(r.weight for r in requirements), critical)


class SqlInsightQueries:
    """The ``InsightQueries`` port on a SQLAlchemy engine (SQLite or PostgreSQL)."""

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

    def ready_for(self, role: Role, *, critical_cap: float, at_least: float) -> list[ReadyPerson]:
        with self.engine.connect() as connection:
            stored = connection.scalar(select(BASIS.c.fingerprint).where(BASIS.c.role == role.id))
            if stored is not None and stored == fingerprint(role, critical_cap):
                query = _stored_readiness_query(role.id, at_least)
            else:
                query = _computed_readiness_query(role, critical_cap, at_least)
            rows = connection.execute(query).all()
        return [
            ReadyPerson(pid, name, email, float(readiness)) for pid, name, email, readiness in rows
        ]


def _computed_readiness_query(role: Role, critical_cap: float, at_least: float) -> Any:
    """The SELECT of everyone at least ``at_least`` ready, computed from current levels."""
    requirements = [r for r in role.requirements if r.level > 0]
    if requirements:
        return _readiness_query(_scaled(requirements), critical_cap, at_least)
    # nothing required: everyone is fully ready
    return (
        select(_PEOPLE.c.id, _PEOPLE.c.name, _PEOPLE.c.email, literal(100.0, Float))
        .where(_PEOPLE.c.erased_at.is_(None))
        .order_by(_PEOPLE.c.name, _PEOPLE.c.id)
    )


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


def _readiness_query(scaled: _Scaled, critical_cap: float, at_least: float) -> Any:
    """The SELECT of everyone at least ``at_least`` ready (see the module docstring)."""
    per_person = _coverage_per_person(scaled, only_critical_met=at_least > critical_cap)
    everyone = at_least <= 0  # people with no level at all are 0% ready, and count here
    covered = func.coalesce(per_person.c.covered, 0)
    met_all = func.coalesce(per_person.c.met, 0) == len(scaled.rows)
    raw: ColumnElement[float] = case(
        (met_all, literal(100.0, Float)),
        else_=cast(covered * 100, Float) / literal(float(scaled.total), Float),
    )
    measured = (
        select(
            _PEOPLE.c.id,
            _PEOPLE.c.name,
            _PEOPLE.c.email,
            raw.label("raw"),
            (func.coalesce(per_person.c.critical_met, 0) < scaled.critical).label("capped"),
        )
        .select_from(
            _PEOPLE.outerjoin(per_person, per_person.c.person_id == _PEOPLE.c.id)
            if everyone
            else _PEOPLE.join(per_person, per_person.c.person_id == _PEOPLE.c.id)
        )
        .where(_PEOPLE.c.erased_at.is_(None))
        .subquery("measured")
    )
    cap = literal(critical_cap, Float)
    readiness = case(
        (and_(measured.c.capped, measured.c.raw > cap), cap), else_=measured.c.raw
    ).label("readiness")
    ranked = select(measured.c.id, measured.c.name, measured.c.email, readiness).subquery("ranked")
    return (
        select(ranked)
        .where(ranked.c.readiness >= at_least)
        .order_by(ranked.c.readiness.desc(), ranked.c.name, ranked.c.id)
    )


def _coverage_per_person(scaled: _Scaled, *, only_critical_met: bool) -> Subquery:
    """Per person: covered units, requirements met and critical requirements met.

    With ``only_critical_met``, only people meeting every critical requirement are measured:
    anyone else is capped below the threshold, and a cheap first pass over the critical
    competencies alone spares the full computation for them.
    """
    requirements = values(
        column("competency", String),
        column("level", Integer),
        column("units", Integer if isinstance(scaled.total, int) else Float),
        column("critical", Integer),
        name="requirements",
    ).data(scaled.rows)
    req = requirements.cte("requirements")
    held = case((_LEVELS.c.level < req.c.level, _LEVELS.c.level), else_=req.c.level)
    met = case((_LEVELS.c.level >= req.c.level, 1), else_=0)
    query = (
        select(
            _LEVELS.c.person_id.label("person_id"),
            func.sum(req.c.units * held).label("covered"),
            func.sum(met).label("met"),
            func.sum(req.c.critical * met).label("critical_met"),
        )
        .join_from(_LEVELS, req, _LEVELS.c.competency == req.c.competency)
        .group_by(_LEVELS.c.person_id)
    )
    for competency, level, _, is_critical in scaled.rows:
        if only_critical_met and is_critical:
            query = query.where(_LEVELS.c.person_id.in_(_at_or_above(competency, level)))
    return query.subquery("per_person")


def _at_or_above(competency: str, level: int) -> Select[Any]:
    """The ids of people at ``level`` or above in ``competency``.

    One such condition per critical requirement, rather than one grouped query for all, so
    that PostgreSQL estimates how many people pass (a HAVING count is estimated at almost
    none, and the plan built on that took seconds).
    """
    levels = _LEVELS.alias("critical_levels")
    return select(levels.c.person_id).where(
        levels.c.competency == competency, levels.c.level >= level
    )
