"""The leader's view's queries in SQLAlchemy Core (SQLite and PostgreSQL alike).

Counts are made in the database: who meets a need is an index range on current levels
(``ix_current_levels_competency_level_person``), unioned with agreed plans' items for the
projection; the bench reads ``role_readiness`` by (role, months) when its basis matches. A
manager's tree is a recursive query beside each statement, never a list of ids sent in.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    func,
    select,
    union,
    union_all,
)

from pmopath.adapters.db.leader_benches import computed_bench, few_benches, stored_bench
from pmopath.adapters.db.leader_programme import ProgrammeQueriesMixin
from pmopath.adapters.db.leader_scope import (
    CHUNK,
    ITEMS,
    LEVELS,
    PLANS,
    SERVICES,
    Scope,
    count_holders,
    resolve_scope,
)
from pmopath.adapters.db.role_readiness import (
    BASIS,
    fingerprint,
    service_fingerprint,
)
from pmopath.domain.framework import ReadinessRules, Role, Service
from pmopath.services.ports.leader import (
    Bench,
    CoverageCounts,
    Holders,
)


def _planned(planned_by: date, competencies: Sequence[str], scope: Scope) -> Any:
    """Items of agreed plans due by ``planned_by`` in these competencies: (person, competency,
    target level, current level or None)."""
    current = (
        select(LEVELS.c.level)
        .where(
            LEVELS.c.person_id == PLANS.c.person_id,
            LEVELS.c.competency == ITEMS.c.competency,
        )
        .scalar_subquery()  # a key lookup per item: PostgreSQL hashed all levels for a join
    )
    return (
        select(PLANS.c.person_id, ITEMS.c.competency, ITEMS.c.target_level, current)
        .join(ITEMS, ITEMS.c.plan_id == PLANS.c.id)
        .where(
            PLANS.c.status == "agreed",
            ITEMS.c.status != "dropped",
            ITEMS.c.due_on <= planned_by,
            ITEMS.c.target_level.is_not(None),
            ITEMS.c.competency.in_(sorted(competencies)),
            scope.holds(PLANS.c.person_id),
        )
    )


def _at_least(competency: str, level: int, planned_by: date | None) -> Any:
    """The people at ``level`` or above in ``competency``, now or with their planned items
    (computed live: for services whose stored coverage is not theirs)."""
    held = select(LEVELS.c.person_id.label("person_id")).where(
        LEVELS.c.competency == competency, LEVELS.c.level >= level
    )
    if planned_by is None:
        return held
    planned = (
        select(PLANS.c.person_id.label("person_id"))
        .join(ITEMS, ITEMS.c.plan_id == PLANS.c.id)
        .where(
            PLANS.c.status == "agreed",
            ITEMS.c.competency == competency,
            ITEMS.c.target_level >= level,
            ITEMS.c.status != "dropped",
            ITEMS.c.due_on <= planned_by,
        )
    )
    either = union(held, planned).subquery()  # SQLite takes no nested compound SELECT
    return select(either.c.person_id)


class LeaderQueriesMixin(ProgrammeQueriesMixin):
    """The ``LeaderQueries`` port, mixed into ``SqlInsightQueries``: coverage and benches here,
    the programme KPIs' events in ``ProgrammeQueriesMixin``."""

    engine: Engine

    def coverage(
        self, services: Sequence[Service], *, under: int | None, planned_by: date | None
    ) -> CoverageCounts:
        from pmopath.engine.coverage import BASIS_PREFIX

        needs = sorted({(c, level) for s in services for c, level in s.needs.items()})
        with self.engine.connect() as connection:
            scope = resolve_scope(connection, under)
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
    def _need_now(connection: Connection, scope: Scope, competency: str, level: int) -> Holders:
        return count_holders(
            connection,
            select(func.count(), func.min(LEVELS.c.person_id)).where(
                LEVELS.c.competency == competency,
                LEVELS.c.level >= level,
                scope.holds(LEVELS.c.person_id),
            ),
        )

    @staticmethod
    def _stored_now(connection: Connection, scope: Scope, service: str) -> Holders:
        return count_holders(
            connection,
            select(func.count(), func.min(SERVICES.c.person_id)).where(
                SERVICES.c.service == service,
                SERVICES.c.missing == 0,
                scope.holds(SERVICES.c.person_id),
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
        for start in range(0, len(people), CHUNK):
            chunk = people[start : start + CHUNK]
            for person, service, missing in connection.execute(
                select(SERVICES.c.person_id, SERVICES.c.service, SERVICES.c.missing).where(
                    SERVICES.c.person_id.in_(chunk), SERVICES.c.missing > 0
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
        connection: Connection, scope: Scope, service: Service, planned_by: date | None
    ) -> Holders:
        parts = [_at_least(c, level, planned_by) for c, level in sorted(service.needs.items())]
        each = union_all(*parts).subquery() if len(parts) > 1 else parts[0].subquery()
        meeting = (
            select(each.c.person_id)
            .where(scope.holds(each.c.person_id))
            .group_by(each.c.person_id)
            .having(func.count() == len(parts))
        ).subquery()
        return count_holders(connection, select(func.count(), func.min(meeting.c.person_id)))

    def benches(
        self, roles: Sequence[Role], *, rules: ReadinessRules, under: int | None, limit: int | None
    ) -> dict[str, Bench]:
        with self.engine.connect() as connection:
            scope = resolve_scope(connection, under)
            stored = dict(
                connection.execute(
                    select(BASIS.c.role, BASIS.c.fingerprint).where(
                        BASIS.c.role.in_([r.id for r in roles])
                    )
                ).all()
            )
            current = [r for r in roles if stored.get(r.id) == fingerprint(r, rules)]
            found = {
                r.id: computed_bench(connection, r, rules, scope, limit)
                for r in roles
                if r not in current
            }
            if scope.ids is not None:
                found.update(few_benches(connection, [r.id for r in current], scope.ids, limit))
            else:
                found.update({r.id: stored_bench(connection, r.id, scope, limit) for r in current})
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


def _few_levels(connection: Connection, ids: Sequence[int]) -> dict[int, dict[str, int]]:
    levels: dict[int, dict[str, int]] = {i: {} for i in ids}
    for start in range(0, len(ids), CHUNK):
        chunk = list(ids[start : start + CHUNK])
        for person, competency, level in connection.execute(
            select(LEVELS.c.person_id, LEVELS.c.competency, LEVELS.c.level).where(
                LEVELS.c.person_id.in_(chunk)
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
    plans = select(PLANS.c.id).where(PLANS.c.person_id.in_(list(ids)), PLANS.c.status == "agreed")
    for person, competency, target in connection.execute(
        select(PLANS.c.person_id, ITEMS.c.competency, ITEMS.c.target_level)
        .join(ITEMS, ITEMS.c.plan_id == PLANS.c.id)
        .where(
            PLANS.c.id.in_(plans),
            ITEMS.c.status != "dropped",
            ITEMS.c.due_on <= planned_by,
            ITEMS.c.target_level.is_not(None),
            ITEMS.c.competency.is_not(None),
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
