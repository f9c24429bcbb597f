"""Succession benches: who is ready for a role now, in about a year or in about two, from the
stored readiness figures (by role and band months) or, for figures not stored, worked out by
the engine; a small team's from its people's figures read by key."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Select, func, or_, select

from pmopath.adapters.db.leader_scope import BUCKETS, LEVELS, PEOPLE, Scope
from pmopath.adapters.db.role_readiness import READINESS
from pmopath.domain.framework import ReadinessRules, Role
from pmopath.services.ports.leader import Bench, Successor


def stored_bench(connection: Connection, role: str, scope: Scope, limit: int | None) -> Bench:
    """The bench from ``role_readiness``: an index range per bucket on (role, months)."""
    months = (
        select(READINESS.c.months)
        .where(READINESS.c.person_id == PEOPLE.c.id, READINESS.c.role == role)
        .scalar_subquery()
    )
    holders = connection.execute(
        select(months).where(PEOPLE.c.role == role, scope.holds(PEOPLE.c.id))
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
    connection: Connection, role: str, scope: Scope, low: float, high: float, limit: int | None
) -> list[Successor]:
    """A bucket's successors in index order (fewest months, most ready, then by id), the role's
    holders left out as they come."""
    query: Select[Any] = (
        select(PEOPLE.c.id, PEOPLE.c.name, READINESS.c.readiness, READINESS.c.months)
        .join_from(READINESS, PEOPLE, PEOPLE.c.id == READINESS.c.person_id)
        .where(
            READINESS.c.role == role,
            READINESS.c.months >= low,
            READINESS.c.months <= high,
            or_(PEOPLE.c.role.is_(None), PEOPLE.c.role != role),
            scope.holds(READINESS.c.person_id),
        )
        .order_by(READINESS.c.months, READINESS.c.readiness.desc(), READINESS.c.person_id)
    )
    if limit is not None:
        query = query.limit(limit)
    return [Successor(int(i), n, float(r), float(m)) for i, n, r, m in connection.execute(query)]


def computed_bench(
    connection: Connection, role: Role, rules: ReadinessRules, scope: Scope, limit: int | None
) -> Bench:
    """The bench worked out by the engine from current levels (figures not stored for this role
    and model: a database not yet upgraded)."""
    from pmopath.engine.readiness import readiness_table

    people = connection.execute(
        select(PEOPLE.c.id, PEOPLE.c.name, PEOPLE.c.role).where(
            scope.holds(PEOPLE.c.id), PEOPLE.c.erased_at.is_(None)
        )
    ).all()
    competencies = sorted({r.competency for r in role.requirements if r.level > 0})
    rows = connection.execute(
        select(LEVELS.c.person_id, LEVELS.c.competency, LEVELS.c.level).where(
            LEVELS.c.competency.in_(competencies), scope.holds(LEVELS.c.person_id)
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


def few_benches(
    connection: Connection, roles: Sequence[str], ids: Sequence[int], limit: int | None
) -> dict[str, Bench]:
    """A team's benches, from its stored figures read by person (the primary key)."""
    people = {
        int(i): (n, r)
        for i, n, r in connection.execute(
            select(PEOPLE.c.id, PEOPLE.c.name, PEOPLE.c.role).where(PEOPLE.c.id.in_(list(ids)))
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
