"""Insight queries on SQLite and PostgreSQL: who is ready for a role gives the engine's figures,
stored or computed (team heatmaps and one person: test_insight_team.py)."""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import replace
from fractions import Fraction

import pytest

from pmopath.domain.assessment import Assessment
from pmopath.domain.errors import InvalidRequest, UnknownRole
from pmopath.domain.framework import Framework, Requirement, Role
from pmopath.engine.readiness import analyse_gap
from pmopath.services.insight import levels as insight
from tests.support.insight_world import Db, Someone, add_people, current, erase

# ---- readiness of roles the store holds no figures for, against the model ----------------------


def random_roles(framework: Framework, rng: random.Random) -> tuple[Role, ...]:
    """Roles over the framework's competencies: whole and half weights and arbitrary decimal
    weights, some with critical requirements."""
    competencies = [c.id for c in framework.competencies]
    roles = []
    for index in range(12):
        chosen = rng.sample(competencies, rng.randint(1, 12))
        exact = index % 3 != 2
        requirements = tuple(
            Requirement(
                competency,
                rng.randint(0 if exact else 1, 5),
                rng.choice([0.5, 1.0, 1.5, 2.0, 3.0]) if exact else round(rng.uniform(0.1, 5), 2),
                rng.random() < 0.2,
            )
            for competency in chosen
        )
        roles.append(Role(f"random_{index}", f"Random {index}", "pmo", 1, (), "", (), requirements))
    return tuple(roles)


def random_people(framework: Framework, rng: random.Random, count: int) -> list[Someone]:
    competencies = [c.id for c in framework.competencies]
    people = []
    for index in range(count):
        assessments = tuple(
            {c: rng.randint(0, 5) for c in competencies if rng.random() < 0.8}
            for _ in range(rng.randint(0, 2))
        )
        people.append(Someone(f"p{index}@example.org", f"Person {index:03}", levels=assessments))
    return people


def exact_readiness(framework: Framework, role: Role, levels: Mapping[str, int]) -> float:
    """The readiness model in exact fractions, rounded once."""
    needed = [r for r in role.requirements if r.level > framework.rules.awareness_level]
    if not needed:
        return 100.0
    covered = sum(
        Fraction(r.weight) * min(levels.get(r.competency, 0), r.level) / r.level for r in needed
    )
    raw = 100 * covered / sum(Fraction(r.weight) for r in needed)
    marked = any(r.core for r in needed)
    capped = any(
        (r.critical and levels.get(r.competency, 0) < r.level)
        or ((r.core or not marked) and r.level - levels.get(r.competency, 0) >= 2)
        for r in needed
    )
    return float(min(raw, Fraction(framework.rules.critical_cap)) if capped else raw)


@pytest.mark.parametrize("seed", [1, 2])
def test_ready_for_agrees_with_analyse_gap_on_random_people(db: Db, seed: int) -> None:
    rng = random.Random(seed)
    roles = random_roles(db.framework, rng)
    framework = replace(db.framework, roles=db.framework.roles + roles)
    people = random_people(db.framework, rng, 60)
    stored = add_people(db, people)
    erase(db, stored[people[0].email])
    alive = people[1:]
    ids = {stored[p.email].id: p for p in alive}
    for role in roles:
        expected = {
            pid: analyse_gap(framework, role, Assessment(current(p))).readiness
            for pid, p in ids.items()
        }
        everyone = insight.ready_for(db.queries, framework, role, 0)
        assert {r.person_id for r in everyone} == set(expected)
        for row in everyone:
            assert row.readiness == expected[row.person_id]  # the one model: the same float
            assert row.readiness == pytest.approx(
                exact_readiness(framework, role, current(ids[row.person_id])), abs=1e-9
            )
            assert (row.name, row.email) == (ids[row.person_id].name, ids[row.person_id].email)
        for threshold in (1, 25, 50, 69.5, 70, 80, 99.9, 100):
            ready = insight.ready_for(db.queries, framework, role, threshold)
            assert {r.person_id for r in ready} == {
                pid
                for pid, value in expected.items()
                if value + insight.READY_TOLERANCE >= threshold
            }, (role.id, threshold)
            assert [r.readiness for r in ready] == sorted(
                (r.readiness for r in ready), reverse=True
            )


def _framework_with(db: Db, *roles: Role) -> Framework:
    return replace(db.framework, roles=db.framework.roles + roles)


def test_critical_gap_caps_readiness(db: Db) -> None:
    competencies = [c.id for c in db.framework.competencies][:4]
    role = Role(
        "capped",
        "Capped",
        "pmo",
        1,
        requirements=(
            Requirement(competencies[0], 3, 1.0, True),
            *(Requirement(c, 2, 2.0) for c in competencies[1:]),
        ),
    )
    framework = _framework_with(db, role)
    add_people(
        db,
        [
            # raw readiness 2/3 x 1/7 + 6/7 = 95.2%, but the critical competency is short
            Someone(
                "short@example.org",
                "Short",
                levels=(dict.fromkeys(competencies[1:], 5) | {competencies[0]: 2},),
            ),
            Someone("met@example.org", "Met", levels=(dict.fromkeys(competencies, 3),)),
            # raw 1/7 x 1/3 + 0 = 4.8%: below the cap, so the cap changes nothing
            Someone("low@example.org", "Low", levels=({competencies[0]: 1},)),
        ],
    )
    everyone = insight.ready_for(db.queries, framework, role, 0)
    assert [(r.name, r.readiness) for r in everyone] == [
        ("Met", 100.0),
        ("Short", 70.0),
        ("Low", pytest.approx(100 / 21)),
    ]
    assert [r.name for r in insight.ready_for(db.queries, framework, role, 80)] == ["Met"]
    assert [r.name for r in insight.ready_for(db.queries, framework, role, 70)] == ["Met", "Short"]


def test_a_readiness_exactly_on_the_threshold_is_ready(db: Db) -> None:
    """The model sums this person's coverage to 79.99999999999999; exactly, it is 80."""
    competencies = [c.id for c in db.framework.competencies][:6]
    levels, weights, held = [3, 3, 2, 3, 3, 3], [1.0, 2.0, 2.0, 1.0, 2.0, 2.0], [2, 3, 1, 3, 3, 2]
    role = Role(
        "boundary",
        "Boundary",
        "pmo",
        1,
        requirements=tuple(
            Requirement(c, level, weight)
            for c, level, weight in zip(competencies, levels, weights, strict=True)
        ),
    )
    framework = _framework_with(db, role)
    add_people(
        db,
        [Someone("edge@example.org", "Edge", levels=(dict(zip(competencies, held, strict=True)),))],
    )
    in_python = analyse_gap(framework, role, Assessment(dict(zip(competencies, held, strict=True))))
    assert in_python.readiness == pytest.approx(80.0, abs=1e-12)
    [edge] = insight.ready_for(db.queries, framework, role, 80)
    assert edge.readiness == in_python.readiness  # the same figure, and counted as ready


def test_threshold_filters_and_orders_the_organisation(db: Db) -> None:
    role = db.framework.role("pmo_analyst")
    required = dict(role.required_levels)
    minus_one = {c: max(0, level - 1) for c, level in required.items()}
    add_people(
        db,
        [
            Someone("ada@example.org", "Ada", levels=(required,)),
            Someone("bea@example.org", "Bea", levels=(minus_one, required)),  # newest wins
            Someone("cy@example.org", "Cy", levels=(required, minus_one)),
            Someone("dee@example.org", "Dee"),  # never assessed
        ],
    )
    ready = insight.ready_for(db.queries, db.framework, "PMO Analyst", 80)
    assert [(r.name, r.email, r.readiness) for r in ready] == [
        ("Ada", "ada@example.org", 100.0),
        ("Bea", "bea@example.org", 100.0),
    ]
    everyone = insight.ready_for(db.queries, db.framework, role, 0)
    assert [r.name for r in everyone] == ["Ada", "Bea", "Cy", "Dee"]
    assert everyone[-1].readiness == 0.0
    cy = analyse_gap(db.framework, role, Assessment(minus_one)).readiness
    assert everyone[2].readiness == cy


def test_a_role_that_requires_nothing_is_met_by_everyone(db: Db) -> None:
    empty = Role("anyone", "Anyone", "pmo", 1)
    framework = _framework_with(db, empty)
    add_people(db, [Someone("b@example.org", "B"), Someone("a@example.org", "A")])
    ready = insight.ready_for(db.queries, framework, empty, 100)
    assert [(r.name, r.readiness) for r in ready] == [("A", 100.0), ("B", 100.0)]


def test_ready_for_refuses_bad_input(db: Db) -> None:
    with pytest.raises(InvalidRequest, match="threshold"):
        insight.ready_for(db.queries, db.framework, "pmo_analyst", 120)
    with pytest.raises(UnknownRole):
        insight.ready_for(db.queries, db.framework, "astronaut", 80)


# ---- team heatmap --------------------------------------------------------------------------
