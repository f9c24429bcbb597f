"""The programme KPIs' events in SQLAlchemy Core: people and agreed plans at given days,
check-ins, certifications earned and role moves over a span, for a scope."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy import Engine, String, func, select, type_coerce

from pmopath.adapters.db.leader_scope import (
    CHECKINS,
    CREDENTIALS,
    PEOPLE,
    PLANS,
    SPELLS,
    TARGETS,
    resolve_scope,
)
from pmopath.services.ports.leader import CheckInFact, RoleMove


class ProgrammeQueriesMixin:
    """The KPI half of the ``LeaderQueries`` port."""

    engine: Engine

    def plan_coverage(
        self, *, under: int | None, days: Sequence[date]
    ) -> dict[date, tuple[int, int]]:
        found = {}
        with self.engine.connect() as connection:
            scope = resolve_scope(connection, under)
            for day in days:
                until = datetime.combine(day, time.max)
                people = connection.scalar(
                    select(func.count())
                    .select_from(PEOPLE)
                    .where(scope.holds(PEOPLE.c.id), PEOPLE.c.created_at <= until)
                )
                agreed = connection.scalar(
                    select(func.count(func.distinct(PLANS.c.person_id))).where(
                        PLANS.c.agreed_at.is_not(None),
                        PLANS.c.agreed_at <= until,
                        scope.holds(PLANS.c.person_id),
                    )
                )
                found[day] = (int(people or 0), int(agreed or 0))
        return found

    def check_ins(self, *, under: int | None, start: date, end: date) -> list[CheckInFact]:
        held_in = select(CHECKINS.c.plan_id).where(
            CHECKINS.c.held_on >= start, CHECKINS.c.held_on <= end
        )
        with self.engine.connect() as connection:
            scope = resolve_scope(connection, under)
            if scope.ids is not None:  # a team's plans first: the period is checked here
                mine = select(PLANS.c.id).where(PLANS.c.person_id.in_(scope.ids))
                held_in = held_in.where(CHECKINS.c.plan_id.in_(mine))
            plans = {
                plan: (person, cadence, _day(agreed), role, _day(target))
                for plan, person, cadence, agreed, role, target in connection.execute(
                    select(
                        PLANS.c.id,
                        PLANS.c.person_id,
                        PLANS.c.review_cadence,
                        _as_text(PLANS.c.agreed_at),
                        PLANS.c.target_role,
                        _as_text(
                            select(TARGETS.c.created_at)
                            .where(
                                TARGETS.c.person_id == PLANS.c.person_id,
                                TARGETS.c.role == PLANS.c.target_role,
                            )
                            .scalar_subquery()
                        ),
                    ).where(PLANS.c.id.in_(held_in), scope.holds(PLANS.c.person_id))
                )
            }
            rows = connection.execute(
                select(CHECKINS.c.plan_id, _as_text(CHECKINS.c.held_on), CHECKINS.c.readiness)
                .where(CHECKINS.c.plan_id.in_(held_in), CHECKINS.c.held_on <= end)
                .order_by(CHECKINS.c.plan_id, CHECKINS.c.held_on, CHECKINS.c.id)
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
            scope = resolve_scope(connection, under)
            rows = connection.execute(
                select(CREDENTIALS.c.person_id, CREDENTIALS.c.earned_on).where(
                    CREDENTIALS.c.earned_on.is_not(None), scope.holds(CREDENTIALS.c.person_id)
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
        moved = select(SPELLS.c.person_id).where(
            SPELLS.c.started_on >= start, SPELLS.c.started_on <= end
        )
        order = (SPELLS.c.started_on.asc().nulls_first(), SPELLS.c.id)
        with self.engine.connect() as connection:
            scope = resolve_scope(connection, under)
            if scope.ids is not None:  # a team's spells by person (its index), no window
                rows = connection.execute(
                    select(SPELLS.c.person_id, SPELLS.c.role, SPELLS.c.started_on)
                    .where(SPELLS.c.person_id.in_(scope.ids))
                    .order_by(SPELLS.c.person_id, *order)
                ).all()
                return _moves(rows, start, end)
            lagged = (
                select(
                    SPELLS.c.person_id,
                    SPELLS.c.role,
                    func.lag(SPELLS.c.role)
                    .over(partition_by=SPELLS.c.person_id, order_by=order)
                    .label("previous"),
                    SPELLS.c.started_on,
                )
                .where(SPELLS.c.person_id.in_(moved), scope.holds(SPELLS.c.person_id))
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
                select(PEOPLE.c.id, PEOPLE.c.name).where(PEOPLE.c.id.in_(wanted))
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
