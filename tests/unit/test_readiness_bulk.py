"""The vectorised readiness gives the very numbers of ``analyse_gap`` (bit for bit)."""

from __future__ import annotations

import random
from dataclasses import replace

import pytest

from pmopath.adapters.db.bulk_readiness import readiness_table
from pmopath.domain.assessment import Assessment
from pmopath.domain.framework import Framework, ReadinessRules
from pmopath.domain.readiness import analyse_gap

WEIGHTS = (1.0, 0.5, 2.0, 0.1, 0.7, 1.3, 3.0, 0.3333)


def reweighted(framework: Framework, rng: random.Random) -> Framework:
    """The framework with awkward weights, random critical flags and a random cap."""
    roles = tuple(
        replace(
            role,
            requirements=tuple(
                replace(r, weight=rng.choice(WEIGHTS), critical=rng.random() < 0.2)
                for r in role.requirements
            ),
        )
        for role in framework.roles
    )
    rules = replace(framework.rules, critical_cap=rng.choice([70.0, 65.5, 0.0, 100.0]))
    return replace(framework, roles=roles, rules=rules)


@pytest.mark.parametrize("seed", range(8))
def test_every_figure_is_analyse_gaps(default_framework: Framework, seed: int) -> None:
    rng = random.Random(seed)
    framework = reweighted(default_framework, rng) if seed else default_framework
    top = framework.scale.levels[-1].level
    people = rng.sample(range(1, 1000), 60)
    levels = {
        person: {
            c.id: rng.randint(0, top)
            for c in framework.competencies
            if rng.random() < (0.9 if person % 3 else 0.2)
        }
        for person in people
    }
    levels[people[0]] = {}  # nobody assessed at all
    levels[people[1]] = {c.id: top for c in framework.competencies}  # everything met
    rows = [
        (person, competency, level)
        for person, held in levels.items()
        for competency, level in held.items()
    ]
    rng.shuffle(rows)
    rows.append((people[2], "not_in_the_framework", 5))
    rows.append((5000, framework.competencies[0].id, 3))  # not among the people
    who, competency, level = zip(*rows, strict=True)
    columns = (who, competency, level)
    table = readiness_table(framework, people, columns)
    got = {(person, role): value for person, role, value in table.rows()}
    want = {
        (person, role.id): analyse_gap(framework, role, Assessment(levels[person])).readiness
        for person in people
        for role in framework.roles
    }
    assert got == want  # exact equality of floats
    assert [(person, role) for person, role, _ in table.rows()] == sorted(got)  # key order


def test_a_role_without_requirements_is_met_by_everyone(default_framework: Framework) -> None:
    role = replace(default_framework.roles[0], requirements=())
    framework = replace(default_framework, roles=(role,), rules=ReadinessRules())
    table = readiness_table(framework, [3, 1, 2], ((), (), ()))
    assert list(table.rows()) == [(1, role.id, 100.0), (2, role.id, 100.0), (3, role.id, 100.0)]


def test_no_people_no_rows(default_framework: Framework) -> None:
    assert list(readiness_table(default_framework, [], ((), (), ())).rows()) == []
