"""The leader's view's queries in SQLAlchemy Core (SQLite and PostgreSQL alike).

Counts are made in the database: who meets a need is an index range on current levels
(``ix_current_levels_competency_level_person``), unioned with agreed plans' items for the
projection; the bench reads ``role_readiness`` by (role, months) when its basis matches. A
manager's tree is a recursive query beside each statement, never a list of ids sent in.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    Select,
    Table,
    and_,
    case,
    func,
    literal,
    or_,
    select,
    union,
    union_all,
)
from sqlalchemy.sql.elements import ColumnElement

from pmopath.adapters.db.role_readiness import BASIS, READINESS, fingerprint
from pmopath.domain.framework import ReadinessRules, Role
from pmopath.adapters.db.tables import Base
from pmopath.services.ports.leader import (
    Bench,
    CheckInFact,
    Holders,
    RoleSpellFact,
    Successor,
)

_PEOPLE: Table = Base.metadata.tables["people"]
_LEVELS: Table = Base.metadata.tables["current_levels"]
_PLANS: Table = Base.metadata.tables["plans"]
_ITEMS: Table = Base.metadata.tables["plan_items"]
_CHECKINS: Table = Base.metadata.tables["checkins"]
_TARGETS: Table = Base.metadata.tables["targets"]
_CREDENTIALS: Table = Base.metadata.tables["person_credentials"]
_SPELLS: Table = Base.metadata.tables["role_history"]

_MAX_DEPTH = 64  # as the repositories' reports_under: a loop in the data ends here
BUCKETS = (("ready_now", 0.0, 0.0), ("about_a_year", 0.5, 12.0), ("two_years", 12.5, 24.0))
"""Bucket -> band months (inclusive): 0 is ready now; months are whole numbers."""


def _scope(under: int | None) -> Any:
    """The ids of the people in scope: everyone not erased, or everyone below ``under``."""
    if under is None:
        return select(_PEOPLE.c.id).where(_PEOPLE.c.erased_at.is_(None))
    below = (
        select(_PEOPLE.c.id.label("id"), literal(1).label("depth"))
        .where(_PEOPLE.c.manager_id == under, _PEOPLE.c.id != under)
        .cte("below", recursive=True)
    )
    report = _PEOPLE.alias("report")
    below = below.union_all(
        select(report.c.id, below.c.depth + 1)
        .join(below, report.c.manager_id == below.c.id)
        .where(below.c.depth < _MAX_DEPTH, report.c.id != under)
    )
    return (
        select(below.c.id)
        .join(_PEOPLE, _PEOPLE.c.id == below.c.id)
        .where(_PEOPLE.c.erased_at.is_(None))
    )


def _at_least(competency: str, level: int, planned_by: date | None) -> Any:
    """The people at ``level`` or above in ``competency``, now or with their planned items."""
    held = select(_LEVELS.c.person_id.label("person_id")).where(
        _LEVELS.c.competency == competency, _LEVELS.c.level >= level
    )
    if planned_by is None:
        return held
    planned = (
        select(_PLANS.c.person_id.label("person_id"))
        .join(_ITEMS, _ITEMS.c.plan_id == _PLANS.c.id)
        .where(
            _PLANS.c.status == "agreed",
            _ITEMS.c.competency == competency,
            _ITEMS.c.target_level >= level,
            _ITEMS.c.status != "dropped",
            _ITEMS.c.due_on <= planned_by,
        )
    )
    either = union(held, planned).subquery()  # SQLite takes no nested compound SELECT
    return select(either.c.person_id)


def _holders(connection: Connection, meeting: Any) -> Holders:
    inner = meeting.subquery()
    count, low, high = connection.execute(
        select(func.count(), func.min(inner.c.person_id), func.max(inner.c.person_id))
    ).one()
    return Holders(int(count), int(low) if count == 1 else None) if count else Holders(0)


class LeaderQueriesMixin:
    """The ``LeaderQueries`` port, mixed into ``SqlInsightQueries``."""

    engine: Engine

    def service_holders(
        self, needs: Mapping[str, int], *, under: int | None, planned_by: date | None
    ) -> Holders:
        parts = [_at_least(c, level, planned_by) for c, level in sorted(needs.items())]
        if not parts:
            return Holders(0)
        each = union_all(*parts).subquery() if len(parts) > 1 else parts[0].subquery()
        meeting = (
            select(each.c.person_id)
            .where(each.c.person_id.in_(_scope(under)))
            .group_by(each.c.person_id)
            .having(func.count() == len(parts))
        )
        with self.engine.connect() as connection:
            return _holders(connection, meeting)

    def competency_holders(
        self, competency: str, level: int, *, under: int | None, planned_by: date | None
    ) -> Holders:
        each = _at_least(competency, level, planned_by).subquery()
        meeting = select(each.c.person_id).where(each.c.person_id.in_(_scope(under)))
        with self.engine.connect() as connection:
            return _holders(connection, meeting)

    def bench(
        self, role: Role, *, rules: ReadinessRules, under: int | None, limit: int | None
    ) -> Bench:
        with self.engine.connect() as connection:
            stored = connection.scalar(select(BASIS.c.fingerprint).where(BASIS.c.role == role.id))
            if stored != fingerprint(role, rules):
                return _computed_bench(connection, role, rules, under, limit)
            return self._stored_bench(connection, role.id, under, limit)

    def _stored_bench(
        self, connection: Connection, role: str, under: int | None, limit: int | None
    ) -> Bench:
        incumbents = connection.scalar(
            select(func.count())
            .select_from(_PEOPLE)
            .where(_PEOPLE.c.role == role, _PEOPLE.c.id.in_(_scope(under)))
        )
        candidates = and_(
            READINESS.c.role == role,
            READINESS.c.months <= BUCKETS[-1][2],
            READINESS.c.person_id.in_(_scope(under)),
            or_(_PEOPLE.c.role.is_(None), _PEOPLE.c.role != role),
        )
        bucket = case(
            *((READINESS.c.months <= high, name) for name, _, high in BUCKETS),
        )
        counts = dict(
            connection.execute(
                select(bucket, func.count())
                .select_from(READINESS)
                .join(_PEOPLE, _PEOPLE.c.id == READINESS.c.person_id)
                .where(candidates)
                .group_by(bucket)
            ).all()
        )
        named = {
            name: self._successors(connection, candidates, low, high, limit)
            for name, low, high in BUCKETS
        }
        return Bench(
        int(incumbents or 0), {name: int(counts.get(name, 0)) for name, *_ in BUCKETS}, named
        )

    @staticmethod
    def _successors(
        connection: Connection,
        candidates: ColumnElement[bool],
        low: float,
        high: float,
        limit: int | None,
    ) -> list[Successor]:
        query: Select[Any] = (
            select(_PEOPLE.c.id, _PEOPLE.c.name, READINESS.c.readiness, READINESS.c.months)
            .join_from(READINESS, _PEOPLE, _PEOPLE.c.id == READINESS.c.person_id)
            .where(candidates, READINESS.c.months >= low, READINESS.c.months <= high)
            .order_by(
                READINESS.c.months, READINESS.c.readiness.desc(), _PEOPLE.c.name, _PEOPLE.c.id
            )
        )
        if limit is not None:
            query = query.limit(limit)
        return [Successor(int(i), n, float(r), float(m)) for i, n, r, m in connection.execute(query)]

    def people_in_scope(self, *, under: int | None, on: date) -> int:
        scope = _scope(under).subquery()
        until = datetime.combine(on, time.max)
        with self.engine.connect() as connection:
            found = connection.scalar(
                select(func.count())
                .select_from(_PEOPLE)
                .where(_PEOPLE.c.id.in_(select(scope.c.id)), _PEOPLE.c.created_at <= until)
            )
        return int(found or 0)

    def people_with_agreed_plan(self, *, under: int | None, on: date) -> int:
        until = datetime.combine(on, time.max)
        with self.engine.connect() as connection:
            found = connection.scalar(
                select(func.count(func.distinct(_PLANS.c.person_id))).where(
                    _PLANS.c.agreed_at.is_not(None),
                    _PLANS.c.agreed_at <= until,
                    _PLANS.c.person_id.in_(_scope(under)),
                )
            )
        return int(found or 0)

    def check_ins(self, *, under: int | None, start: date, end: date) -> list[CheckInFact]:
        held_in = (
            select(_CHECKINS.c.plan_id)
            .where(_CHECKINS.c.held_on >= start, _CHECKINS.c.held_on <= end)
            .distinct()
        )
        query = (
            select(
                _CHECKINS.c.plan_id,
                _PLANS.c.person_id,
                _CHECKINS.c.held_on,
                _CHECKINS.c.readiness,
                _PLANS.c.review_cadence,
                _PLANS.c.agreed_at,
                _PLANS.c.target_role,
                _TARGETS.c.created_at,
            )
            .join(_PLANS, _PLANS.c.id == _CHECKINS.c.plan_id)
            .outerjoin(
                _TARGETS,
                and_(
                    _TARGETS.c.person_id == _PLANS.c.person_id,
                    _TARGETS.c.role == _PLANS.c.target_role,
                ),
            )
            .where(
                _CHECKINS.c.plan_id.in_(held_in),
                _CHECKINS.c.held_on <= end,
                _PLANS.c.person_id.in_(_scope(under)),
            )
            .order_by(_CHECKINS.c.plan_id, _CHECKINS.c.held_on, _CHECKINS.c.id)
        )
        with self.engine.connect() as connection:
            rows = connection.execute(query).all()
        return [CheckInFact(*row) for row in rows]

    def certifications_earned(
        self, *, under: int | None, start: date, end: date
    ) -> list[tuple[int, str, date]]:
        with self.engine.connect() as connection:
            rows = connection.execute(
                select(_CREDENTIALS.c.person_id, _CREDENTIALS.c.earned_on).where(
                    _CREDENTIALS.c.earned_on.is_not(None),
                    _CREDENTIALS.c.person_id.in_(_scope(under)),
                )
            ).all()
        found = []
        for person_id, earned in rows:
            for certification, day in sorted((earned or {}).items()):
                try:
                    when = date.fromisoformat(str(day))
                except ValueError:
                    continue  # an unreadable date says nothing about when
                if start <= when <= end:
                    found.append((int(person_id), str(certification), when))
        return found

    def role_spells(self, *, under: int | None, start: date, end: date) -> list[RoleSpellFact]:
        moved = select(_SPELLS.c.person_id).where(
            _SPELLS.c.started_on >= start, _SPELLS.c.started_on <= end
        )
        query = (
            select(_SPELLS.c.person_id, _SPELLS.c.role, _SPELLS.c.started_on)
            .where(
                _SPELLS.c.person_id.in_(moved),
                _SPELLS.c.person_id.in_(_scope(under)),
                _SPELLS.c.started_on <= end,
            )
            .order_by(_SPELLS.c.person_id, _SPELLS.c.started_on, _SPELLS.c.id)
        )
        with self.engine.connect() as connection:
            rows = connection.execute(query).all()
        return [RoleSpellFact(int(p), r, s) for p, r, s in rows]

    def names(self, person_ids: Sequence[int]) -> dict[int, str]:
        wanted = sorted(set(person_ids))
        if not wanted:
            return {}
        with self.engine.connect() as connection:
            rows = connection.execute(
                select(_PEOPLE.c.id, _PEOPLE.c.name).where(_PEOPLE.c.id.in_(wanted))
            ).all()
        return {int(i): str(n) for i, n in rows}


def _computed_bench(
    connection: Connection, role: Role, rules: ReadinessRules, under: int | None, limit: int | None
) -> Bench:
    """The bench worked out by the engine from current levels (figures not stored for this role
    and model: a database not yet upgraded)."""
    from pmopath.engine.readiness import readiness_table

    people = connection.execute(
        select(_PEOPLE.c.id, _PEOPLE.c.name, _PEOPLE.c.role).where(
            _PEOPLE.c.id.in_(_scope(under))
        )
    ).all()
    competencies = sorted({r.competency for r in role.requirements if r.level > 0})
    rows = connection.execute(
        select(_LEVELS.c.person_id, _LEVELS.c.competency, _LEVELS.c.level).where(
            _LEVELS.c.competency.in_(competencies), _LEVELS.c.person_id.in_(_scope(under))
        )
    ).all()
    who, competency, level = zip(*rows, strict=True) if rows else ((), (), ())
    table = readiness_table((role,), rules, [p[0] for p in people], (who, competency, level))
    figures = dict(
        zip(
            table.people.tolist(),
            zip(table.values[:, 0].tolist(), table.months[:, 0].tolist(), strict=True),
            strict=True,
        )
    )
    found: dict[str, list[Successor]] = {name: [] for name, *_ in BUCKETS}
    for person_id, name, held in people:
        readiness, months = figures[person_id]
        bucket = next((b for b, low, high in BUCKETS if low <= months <= high), None)
        if bucket is not None and held != role.id:
            found[bucket].append(Successor(int(person_id), name, readiness, months))
    for successors in found.values():
        successors.sort(key=lambda s: (s.months, -s.readiness, s.name, s.person_id))
    return Bench(
        sum(1 for p in people if p[2] == role.id),
        {name: len(s) for name, s in found.items()},
        {name: s[:limit] if limit is not None else s for name, s in found.items()},
    )
