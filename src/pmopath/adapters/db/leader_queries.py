"""The leader's view's queries in SQLAlchemy Core (SQLite and PostgreSQL alike).

Counts are made in the database: who meets a need is an index range on current levels
(``ix_current_levels_competency_level_person``), unioned with agreed plans' items for the
projection; the bench reads ``role_readiness`` by (role, months) when its basis matches. A
manager's tree is a recursive query beside each statement, never a list of ids sent in.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    Select,
    String,
    Table,
    and_,
    func,
    literal,
    or_,
    select,
    true,
    type_coerce,
    union,
    union_all,
)

from pmopath.adapters.db.role_readiness import (
    BASIS,
    READINESS,
    fingerprint,
    service_fingerprint,
)
from pmopath.adapters.db.tables import Base
from pmopath.domain.framework import ReadinessRules, Role, Service
from pmopath.services.ports.leader import (
    Bench,
    CheckInFact,
    CoverageCounts,
    Holders,
    RoleMove,
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

_SERVICES: Table = Base.metadata.tables["service_coverage"]

_MAX_DEPTH = 64  # as the repositories' reports_under: a loop in the data ends here
_CHUNK = 1_000
BUCKETS = (("ready_now", 0.0, 0.0), ("about_a_year", 0.5, 12.0), ("two_years", 12.5, 24.0))
"""Bucket -> band months (inclusive): 0 is ready now; months are whole numbers."""


def _tree(under: int) -> Any:
    """The ids of everyone below ``under`` (a recursive query; the erased are left out by the
    caller, whose list of them is short)."""
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
    return select(below.c.id).distinct()


@dataclass(frozen=True, slots=True)
class _Scope:
    """Everyone but the ``erased``, a small tree's ``ids`` or a large tree's query."""

    erased: list[int]
    ids: list[int] | None = None
    tree: Any = None

    def holds(self, column: Any) -> Any:
        """A condition on a person id column: in the scope."""
        if self.ids is not None:
            return column.in_(self.ids)
        kept = column.not_in(self.erased) if self.erased else true()
        if self.tree is not None:
            return and_(column.in_(self.tree), kept)
        return kept


def _resolve(connection: Connection, under: int | None) -> _Scope:
    """The scope, resolved once per question: the erased (by their index: few), and a tree's
    ids when it is small enough to read whole."""
    erased = sorted(
        connection.scalars(select(_PEOPLE.c.id).where(_PEOPLE.c.erased_at.is_not(None)))
    )
    if under is None:
        return _Scope(erased)
    gone = set(erased)
    ids = sorted(i for i in connection.scalars(_tree(under)) if i not in gone)
    return _Scope(erased, ids=ids) if len(ids) <= _FEW else _Scope(erased, tree=_tree(under))


def _holders(connection: Connection, query: Any) -> Holders:
    """``query`` selects count(*) and min(person id)."""
    count, low = connection.execute(query).one()
    return Holders(int(count), int(low) if count == 1 else None)


def _planned(planned_by: date, competencies: Sequence[str], scope: _Scope) -> Any:
    """Items of agreed plans due by ``planned_by`` in these competencies: (person, competency,
    target level, current level or None)."""
    current = (
        select(_LEVELS.c.level)
        .where(
            _LEVELS.c.person_id == _PLANS.c.person_id,
            _LEVELS.c.competency == _ITEMS.c.competency,
        )
        .scalar_subquery()  # a key lookup per item: PostgreSQL hashed all levels for a join
    )
    return (
        select(_PLANS.c.person_id, _ITEMS.c.competency, _ITEMS.c.target_level, current)
        .join(_ITEMS, _ITEMS.c.plan_id == _PLANS.c.id)
        .where(
            _PLANS.c.status == "agreed",
            _ITEMS.c.status != "dropped",
            _ITEMS.c.due_on <= planned_by,
            _ITEMS.c.target_level.is_not(None),
            _ITEMS.c.competency.in_(sorted(competencies)),
            scope.holds(_PLANS.c.person_id),
        )
    )


def _at_least(competency: str, level: int, planned_by: date | None) -> Any:
    """The people at ``level`` or above in ``competency``, now or with their planned items
    (computed live: for services whose stored coverage is not theirs)."""
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


class LeaderQueriesMixin:
    """The ``LeaderQueries`` port, mixed into ``SqlInsightQueries``."""

    engine: Engine

    def coverage(
        self, services: Sequence[Service], *, under: int | None, planned_by: date | None
    ) -> CoverageCounts:
        from pmopath.engine.coverage import BASIS_PREFIX

        needs = sorted({(c, level) for s in services for c, level in s.needs.items()})
        with self.engine.connect() as connection:
            scope = _resolve(connection, under)
            if scope.ids is not None:
                return _few_coverage(connection, scope.ids, services, planned_by)
            now = {need: self._need_now(connection, scope, *need) for need in needs}
            stored = dict(
                connection.execute(
                    select(BASIS.c.role, BASIS.c.fingerprint).where(
                        BASIS.c.role.in_([BASIS_PREFIX + s.id for s in services])
                    )
                ).all()
            )
            kept = [
                s for s in services if stored.get(BASIS_PREFIX + s.id) == service_fingerprint(s)
            ]
            met = {s.id: self._stored_now(connection, scope, s.id) for s in kept}
            live = [s for s in services if s not in kept]
            met.update({s.id: self._live(connection, scope, s, None) for s in live})
            if planned_by is None:
                return CoverageCounts(now, met)
            planned = connection.execute(
                _planned(planned_by, sorted({c for c, _ in needs}), scope)
            ).all()
            later = self._services_later(connection, kept, met, planned)
            later.update({s.id: self._live(connection, scope, s, planned_by) for s in live})
        return CoverageCounts(now, met, _needs_later(now, planned), later)

    @staticmethod
    def _need_now(connection: Connection, scope: _Scope, competency: str, level: int) -> Holders:
        return _holders(
            connection,
            select(func.count(), func.min(_LEVELS.c.person_id)).where(
                _LEVELS.c.competency == competency,
                _LEVELS.c.level >= level,
                scope.holds(_LEVELS.c.person_id),
            ),
        )

    @staticmethod
    def _stored_now(connection: Connection, scope: _Scope, service: str) -> Holders:
        return _holders(
            connection,
            select(func.count(), func.min(_SERVICES.c.person_id)).where(
                _SERVICES.c.service == service,
                _SERVICES.c.missing == 0,
                scope.holds(_SERVICES.c.person_id),
            ),
        )

    @staticmethod
    def _services_later(
        connection: Connection,
        services: Sequence[Service],
        now: Mapping[str, Holders],
        planned: Sequence[Any],
    ) -> dict[str, Holders]:
        """Each service's holders now, and those whose every missing level an agreed plan's
        item closes: only people with such an item are read (their stored shortfalls)."""
        closing: dict[tuple[int, str], set[str]] = {}  # (person, service) -> needs closed
        by_competency = _by_competency(planned)
        for service in services:
            for competency, level in service.needs.items():
                for person, target, current in by_competency.get(competency, ()):
                    if (current or 0) < level <= target:
                        closing.setdefault((person, service.id), set()).add(competency)
        people = sorted({person for person, _ in closing})
        short: dict[tuple[int, str], int] = {}
        for start in range(0, len(people), _CHUNK):
            chunk = people[start : start + _CHUNK]
            for person, service, missing in connection.execute(
                select(_SERVICES.c.person_id, _SERVICES.c.service, _SERVICES.c.missing).where(
                    _SERVICES.c.person_id.in_(chunk), _SERVICES.c.missing > 0
                )
            ):
                short[(person, service)] = missing
        found = {}
        for service in services:
            joining = sorted(
                person
                for (person, sid), closed in closing.items()
                if sid == service.id and short.get((person, sid)) == len(closed)
            )
            held = now[service.id]
            count = held.count + len(joining)
            sole = (held.sole if held.count else joining[0]) if count == 1 else None
            found[service.id] = Holders(count, sole)
        return found

    @staticmethod
    def _live(
        connection: Connection, scope: _Scope, service: Service, planned_by: date | None
    ) -> Holders:
        parts = [_at_least(c, level, planned_by) for c, level in sorted(service.needs.items())]
        each = union_all(*parts).subquery() if len(parts) > 1 else parts[0].subquery()
        meeting = (
            select(each.c.person_id)
            .where(scope.holds(each.c.person_id))
            .group_by(each.c.person_id)
            .having(func.count() == len(parts))
        ).subquery()
        return _holders(connection, select(func.count(), func.min(meeting.c.person_id)))

    def benches(
        self, roles: Sequence[Role], *, rules: ReadinessRules, under: int | None, limit: int | None
    ) -> dict[str, Bench]:
        with self.engine.connect() as connection:
            scope = _resolve(connection, under)
            stored = dict(
                connection.execute(
                    select(BASIS.c.role, BASIS.c.fingerprint).where(
                        BASIS.c.role.in_([r.id for r in roles])
                    )
                ).all()
            )
            current = [r for r in roles if stored.get(r.id) == fingerprint(r, rules)]
            found = {
                r.id: _computed_bench(connection, r, rules, scope, limit)
                for r in roles
                if r not in current
            }
            if scope.ids is not None:
                found.update(_few_benches(connection, [r.id for r in current], scope.ids, limit))
            else:
                found.update({r.id: _stored_bench(connection, r.id, scope, limit) for r in current})
        return found

    def plan_coverage(
        self, *, under: int | None, days: Sequence[date]
    ) -> dict[date, tuple[int, int]]:
        found = {}
        with self.engine.connect() as connection:
            scope = _resolve(connection, under)
            for day in days:
                until = datetime.combine(day, time.max)
                people = connection.scalar(
                    select(func.count())
                    .select_from(_PEOPLE)
                    .where(scope.holds(_PEOPLE.c.id), _PEOPLE.c.created_at <= until)
                )
                agreed = connection.scalar(
                    select(func.count(func.distinct(_PLANS.c.person_id))).where(
                        _PLANS.c.agreed_at.is_not(None),
                        _PLANS.c.agreed_at <= until,
                        scope.holds(_PLANS.c.person_id),
                    )
                )
                found[day] = (int(people or 0), int(agreed or 0))
        return found

    def check_ins(self, *, under: int | None, start: date, end: date) -> list[CheckInFact]:
        held_in = select(_CHECKINS.c.plan_id).where(
            _CHECKINS.c.held_on >= start, _CHECKINS.c.held_on <= end
        )
        with self.engine.connect() as connection:
            scope = _resolve(connection, under)
            if scope.ids is not None:  # a team's plans first: the period is checked here
                mine = select(_PLANS.c.id).where(_PLANS.c.person_id.in_(scope.ids))
                held_in = held_in.where(_CHECKINS.c.plan_id.in_(mine))
            plans = {
                plan: (person, cadence, _day(agreed), role, _day(target))
                for plan, person, cadence, agreed, role, target in connection.execute(
                    select(
                        _PLANS.c.id,
                        _PLANS.c.person_id,
                        _PLANS.c.review_cadence,
                        _as_text(_PLANS.c.agreed_at),
                        _PLANS.c.target_role,
                        _as_text(
                            select(_TARGETS.c.created_at)
                            .where(
                                _TARGETS.c.person_id == _PLANS.c.person_id,
                                _TARGETS.c.role == _PLANS.c.target_role,
                            )
                            .scalar_subquery()
                        ),
                    ).where(_PLANS.c.id.in_(held_in), scope.holds(_PLANS.c.person_id))
                )
            }
            rows = connection.execute(
                select(_CHECKINS.c.plan_id, _as_text(_CHECKINS.c.held_on), _CHECKINS.c.readiness)
                .where(_CHECKINS.c.plan_id.in_(held_in), _CHECKINS.c.held_on <= end)
                .order_by(_CHECKINS.c.plan_id, _CHECKINS.c.held_on, _CHECKINS.c.id)
            ).all()
        found = []
        for plan, held, readiness in rows:
            if plan in plans:
                person, cadence, agreed, role, target = plans[plan]
                held_on = _day(held)
                assert held_on is not None
                found.append(
                    CheckInFact(plan, person, held_on, readiness, cadence, agreed, role, target)
                )
        return found

    def certifications_earned(
        self, *, under: int | None, start: date, end: date
    ) -> list[tuple[int, str, date]]:
        with self.engine.connect() as connection:
            scope = _resolve(connection, under)
            rows = connection.execute(
                select(_CREDENTIALS.c.person_id, _CREDENTIALS.c.earned_on).where(
                    _CREDENTIALS.c.earned_on.is_not(None), scope.holds(_CREDENTIALS.c.person_id)
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

    def role_moves(self, *, under: int | None, start: date, end: date) -> list[RoleMove]:
        moved = select(_SPELLS.c.person_id).where(
            _SPELLS.c.started_on >= start, _SPELLS.c.started_on <= end
        )
        order = (_SPELLS.c.started_on.asc().nulls_first(), _SPELLS.c.id)
        with self.engine.connect() as connection:
            scope = _resolve(connection, under)
            if scope.ids is not None:  # a team's spells by person (its index), no window
                rows = connection.execute(
                    select(_SPELLS.c.person_id, _SPELLS.c.role, _SPELLS.c.started_on)
                    .where(_SPELLS.c.person_id.in_(scope.ids))
                    .order_by(_SPELLS.c.person_id, *order)
                ).all()
                return _moves(rows, start, end)
            lagged = (
                select(
                    _SPELLS.c.person_id,
                    _SPELLS.c.role,
                    func.lag(_SPELLS.c.role)
                    .over(partition_by=_SPELLS.c.person_id, order_by=order)
                    .label("previous"),
                    _SPELLS.c.started_on,
                )
                .where(_SPELLS.c.person_id.in_(moved), scope.holds(_SPELLS.c.person_id))
                .subquery()
            )
            moves = connection.execute(
                select(
                    lagged.c.person_id,
                    lagged.c.role,
                    lagged.c.previous,
                    _as_text(lagged.c.started_on),
                ).where(
                    lagged.c.started_on >= start,
                    lagged.c.started_on <= end,
                    lagged.c.previous.is_not(None),
                )
            ).all()
        return [RoleMove(int(p), r, b, _day(d) or start) for p, r, b, d in moves]

    def names(self, person_ids: Sequence[int]) -> dict[int, str]:
        wanted = sorted(set(person_ids))
        if not wanted:
            return {}
        with self.engine.connect() as connection:
            rows = connection.execute(
                select(_PEOPLE.c.id, _PEOPLE.c.name).where(_PEOPLE.c.id.in_(wanted))
            ).all()
        return {int(i): str(n) for i, n in rows}


def _as_text(column: Any) -> Any:
    """A date or time column read without the ORM's conversion (ISO text on SQLite, the
    driver's own on PostgreSQL): a year of check-ins parsed through it took most of a second."""
    return type_coerce(column, String)


def _day(value: object) -> date | None:
    """The day of a date or time read ``_as_text`` (UTC: times are stored in UTC)."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.astimezone(UTC).date() if value.tzinfo else value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _moves(rows: Sequence[Any], start: date, end: date) -> list[RoleMove]:
    """The moves among spells ordered by person, then start: each spell after another."""
    found = []
    for (person, previous, _), (again, role, started) in zip(rows, rows[1:], strict=False):
        if person == again and started is not None and start <= started <= end:
            found.append(RoleMove(int(person), role, previous, started))
    return found


def _by_competency(planned: Sequence[Any]) -> dict[str, list[tuple[int, int, int | None]]]:
    """Planned rows by competency: (person, target level, current level)."""
    found: dict[str, list[tuple[int, int, int | None]]] = {}
    for person, competency, target, current in planned:
        found.setdefault(competency, []).append((person, target, current))
    return found


def _needs_later(
    now: Mapping[tuple[str, int], Holders], planned: Sequence[Any]
) -> dict[tuple[str, int], Holders]:
    """Each need's holders now, and those an agreed plan's item brings to its level."""
    found = {}
    by_competency = _by_competency(planned)
    for (competency, level), held in now.items():
        joining = sorted(
            {
                person
                for person, target, current in by_competency.get(competency, ())
                if (current or 0) < level <= target
            }
        )
        count = held.count + len(joining)
        sole = (held.sole if held.count else joining[0]) if count == 1 else None
        found[(competency, level)] = Holders(count, sole)
    return found


def _stored_bench(connection: Connection, role: str, scope: _Scope, limit: int | None) -> Bench:
    """The bench from ``role_readiness``: an index range per bucket on (role, months)."""
    months = (
        select(READINESS.c.months)
        .where(READINESS.c.person_id == _PEOPLE.c.id, READINESS.c.role == role)
        .scalar_subquery()
    )
    holders = connection.execute(
        select(months).where(_PEOPLE.c.role == role, scope.holds(_PEOPLE.c.id))
    ).all()
    counts = {}
    for name, low, high in BUCKETS:
        inside = connection.scalar(
            select(func.count()).where(
                READINESS.c.role == role,
                READINESS.c.months >= low,
                READINESS.c.months <= high,
                scope.holds(READINESS.c.person_id),
            )
        )
        incumbents = sum(1 for (m,) in holders if m is not None and low <= m <= high)
        counts[name] = int(inside or 0) - incumbents
    named = {
        name: _successors(connection, role, scope, low, high, limit) for name, low, high in BUCKETS
    }
    return Bench(len(holders), counts, named)


def _successors(
    connection: Connection, role: str, scope: _Scope, low: float, high: float, limit: int | None
) -> list[Successor]:
    """A bucket's successors in index order (fewest months, most ready, then by id), the role's
    holders left out as they come."""
    query: Select[Any] = (
        select(_PEOPLE.c.id, _PEOPLE.c.name, READINESS.c.readiness, READINESS.c.months)
        .join_from(READINESS, _PEOPLE, _PEOPLE.c.id == READINESS.c.person_id)
        .where(
            READINESS.c.role == role,
            READINESS.c.months >= low,
            READINESS.c.months <= high,
            or_(_PEOPLE.c.role.is_(None), _PEOPLE.c.role != role),
            scope.holds(READINESS.c.person_id),
        )
        .order_by(READINESS.c.months, READINESS.c.readiness.desc(), READINESS.c.person_id)
    )
    if limit is not None:
        query = query.limit(limit)
    return [Successor(int(i), n, float(r), float(m)) for i, n, r, m in connection.execute(query)]


def _computed_bench(
    connection: Connection, role: Role, rules: ReadinessRules, scope: _Scope, limit: int | None
) -> Bench:
    """The bench worked out by the engine from current levels (figures not stored for this role
    and model: a database not yet upgraded)."""
    from pmopath.engine.readiness import readiness_table

    people = connection.execute(
        select(_PEOPLE.c.id, _PEOPLE.c.name, _PEOPLE.c.role).where(
            scope.holds(_PEOPLE.c.id), _PEOPLE.c.erased_at.is_(None)
        )
    ).all()
    competencies = sorted({r.competency for r in role.requirements if r.level > 0})
    rows = connection.execute(
        select(_LEVELS.c.person_id, _LEVELS.c.competency, _LEVELS.c.level).where(
            _LEVELS.c.competency.in_(competencies), scope.holds(_LEVELS.c.person_id)
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
        successors.sort(key=lambda s: (s.months, -s.readiness, s.person_id))
    return Bench(
        sum(1 for p in people if p[2] == role.id),
        {name: len(s) for name, s in found.items()},
        {name: s[:limit] if limit is not None else s for name, s in found.items()},
    )


_FEW = 2_000
"""A scope up to this size is read whole (its levels, plans, figures) and counted here."""


def _few_levels(connection: Connection, ids: Sequence[int]) -> dict[int, dict[str, int]]:
    levels: dict[int, dict[str, int]] = {i: {} for i in ids}
    for start in range(0, len(ids), _CHUNK):
        chunk = list(ids[start : start + _CHUNK])
        for person, competency, level in connection.execute(
            select(_LEVELS.c.person_id, _LEVELS.c.competency, _LEVELS.c.level).where(
                _LEVELS.c.person_id.in_(chunk)
            )
        ):
            levels[person][competency] = level
    return levels


def _few_coverage(
    connection: Connection,
    ids: Sequence[int],
    services: Sequence[Service],
    planned_by: date | None,
) -> CoverageCounts:
    """Coverage of a team, read whole (a few statements on its people's keys) and counted here:
    the same answer as the organisation's aggregate queries, without their index ranges."""
    levels = _few_levels(connection, ids)
    now_needs, now_met = _count_few(ids, levels, services)
    if planned_by is None:
        return CoverageCounts(now_needs, now_met)
    later = {person: dict(held) for person, held in levels.items()}
    plans = select(_PLANS.c.id).where(
        _PLANS.c.person_id.in_(list(ids)), _PLANS.c.status == "agreed"
    )
    for person, competency, target in connection.execute(
        select(_PLANS.c.person_id, _ITEMS.c.competency, _ITEMS.c.target_level)
        .join(_ITEMS, _ITEMS.c.plan_id == _PLANS.c.id)
        .where(
            _PLANS.c.id.in_(plans),
            _ITEMS.c.status != "dropped",
            _ITEMS.c.due_on <= planned_by,
            _ITEMS.c.target_level.is_not(None),
            _ITEMS.c.competency.is_not(None),
        )
    ):
        later[person][competency] = max(later[person].get(competency, 0), target)
    later_needs, later_met = _count_few(ids, later, services)
    return CoverageCounts(now_needs, now_met, later_needs, later_met)


def _count_few(
    ids: Sequence[int], levels: Mapping[int, Mapping[str, int]], services: Sequence[Service]
) -> tuple[dict[tuple[str, int], Holders], dict[str, Holders]]:
    def holders(meets: Any) -> Holders:
        found = sorted(p for p in ids if meets(levels[p]))
        return Holders(len(found), found[0] if len(found) == 1 else None)

    needs = {
        (c, level): holders(lambda held, c=c, level=level: held.get(c, 0) >= level)
        for s in services
        for c, level in s.needs.items()
    }
    met = {
        s.id: holders(
            lambda held, s=s: all(held.get(c, 0) >= level for c, level in s.needs.items())
        )
        for s in services
    }
    return needs, met


def _few_benches(
    connection: Connection, roles: Sequence[str], ids: Sequence[int], limit: int | None
) -> dict[str, Bench]:
    """A team's benches, from its stored figures read by person (the primary key)."""
    people = {
        int(i): (n, r)
        for i, n, r in connection.execute(
            select(_PEOPLE.c.id, _PEOPLE.c.name, _PEOPLE.c.role).where(_PEOPLE.c.id.in_(list(ids)))
        )
    }
    found: dict[str, dict[str, list[Successor]]] = {
        role: {name: [] for name, *_ in BUCKETS} for role in roles
    }
    rows = connection.execute(
        select(
            READINESS.c.person_id, READINESS.c.role, READINESS.c.readiness, READINESS.c.months
        ).where(READINESS.c.person_id.in_(list(ids)))
    ).all()
    for person, role, readiness, months in rows:
        if role not in found or months is None or people[person][1] == role:
            continue
        bucket = next((b for b, low, high in BUCKETS if low <= months <= high), None)
        if bucket is not None:
            found[role][bucket].append(Successor(int(person), people[person][0], readiness, months))
    benches = {}
    for role, buckets in found.items():
        for successors in buckets.values():
            successors.sort(key=lambda s: (s.months, -s.readiness, s.person_id))
        benches[role] = Bench(
            sum(1 for _, r in people.values() if r == role),
            {name: len(s) for name, s in buckets.items()},
            {name: s[:limit] if limit is not None else s for name, s in buckets.items()},
        )
    return benches
