"""Everyone's readiness at once (the store's figures) is one person's gap analysis many times over:
both run the engine's one model, so they give the same figures, however many people are measured
together."""

from __future__ import annotations

import random
from dataclasses import replace
from typing import Any

import numpy as np
import pytest

from pmopath.domain.assessment import Assessment
from pmopath.domain.framework import Framework, ReadinessRules, Role
from pmopath.engine import advice, readiness
from pmopath.engine.advice import readiness_band
from pmopath.engine.readiness import LevelRows, analyse_gap, readiness_table

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
    rules = replace(
        framework.rules,
        critical_cap=rng.choice([70.0, 65.5, 0.0, 79.5]),
        awareness_level=rng.choice([0, 1, 2]),
    )
    return replace(framework, roles=roles, rules=rules)


def organisation(
    framework: Framework, rng: random.Random, count: int
) -> tuple[list[int], dict[int, dict[str, int]]]:
    """Random people (ids out of order), one assessed in nothing and one meeting everything."""
    top = framework.scale.levels[-1].level
    people = rng.sample(range(1, 1000), count)
    levels = {
        person: {
            c.id: rng.randint(0, top)
            for c in framework.competencies
            if rng.random() < (0.9 if person % 3 else 0.2)
        }
        for person in people
    }
    levels[people[0]] = {}
    levels[people[1]] = {c.id: top for c in framework.competencies}
    return people, levels


def as_rows(levels: dict[int, dict[str, int]], rng: random.Random) -> LevelRows:
    rows = [
        (p, competency, level) for p, held in levels.items() for competency, level in held.items()
    ]
    rng.shuffle(rows)
    return (
        tuple(row[0] for row in rows),
        tuple(row[1] for row in rows),
        tuple(row[2] for row in rows),
    )


def table_of(framework: Framework, people: list[int], rows: LevelRows) -> readiness.ReadinessTable:
    return readiness_table(framework.roles, framework.rules, people, rows)


def test_one_person_and_everyone_run_the_same_model(
    default_framework: Framework, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Change the model in its one place and both answers change with it."""
    role = default_framework.roles[0]
    model = readiness._measure

    def halved(*args: Any) -> Any:
        found = model(*args)
        return found._replace(readiness=found.readiness / 2)

    monkeypatch.setattr(readiness, "_measure", halved)
    me = dict.fromkeys(role.required_levels, 5)
    assert analyse_gap(default_framework, role, Assessment(me)).readiness == 50.0
    rows = ([7] * len(me), list(me), list(me.values()))
    table = table_of(replace(default_framework, roles=(role,)), [7], rows)
    assert [row[:3] for row in table.rows()] == [(7, role.id, 50.0)]


@pytest.mark.parametrize(
    ("seed", "block", "column_by_column"),
    [(0, 16_384, 4), (1, 16_384, 4), (2, 7, 4), (3, 1, 4), (4, 4, 4), (5, 4, 0), (6, 40, 40)],
)
def test_every_figure_is_analyse_gaps_whatever_the_block(
    default_framework: Framework,
    monkeypatch: pytest.MonkeyPatch,
    seed: int,
    block: int,
    column_by_column: int,
) -> None:
    """Blocks of up to ``advice._COLUMN_BY_COLUMN`` people have their band months worked out
    one person at a time, larger ones on arrays: both give the scalar answer."""
    monkeypatch.setattr(readiness, "_BLOCK", block)
    monkeypatch.setattr(advice, "_COLUMN_BY_COLUMN", column_by_column)
    rng = random.Random(seed)
    framework = reweighted(default_framework, rng) if seed else default_framework
    people, levels = organisation(framework, rng, 40)
    table = table_of(framework, people, as_rows(levels, rng))
    got = {(person, role): (value, months) for person, role, value, months in table.rows()}
    analyses = {
        (person, role.id): analyse_gap(framework, role, Assessment(levels[person]))
        for person in people
        for role in framework.roles
    }
    want = {
        key: (analysis.readiness, float(readiness_band(analysis).months))
        for key, analysis in analyses.items()
    }
    assert got == want  # exact equality of floats, and each band's months
    assert [(person, role) for person, role, _, _ in table.rows()] == sorted(got)  # key order


@pytest.mark.parametrize("column_by_column", [0, 40])
def test_band_months_when_the_cap_is_at_or_above_the_threshold(
    default_framework: Framework, monkeypatch: pytest.MonkeyPatch, column_by_column: int
) -> None:
    """With the critical cap at or above the ready threshold, blockers need no steps of their
    own and a blocked person's readiness is capped while it climbs: both ways of working out
    the band give the scalar answer there too."""
    monkeypatch.setattr(advice, "_COLUMN_BY_COLUMN", column_by_column)
    rng = random.Random(11)
    framework = reweighted(default_framework, rng)
    for cap in (framework.rules.ready_threshold, 95.0):
        capped = replace(framework, rules=replace(framework.rules, critical_cap=cap))
        people, levels = organisation(capped, rng, 40)
        table = table_of(capped, people, as_rows(levels, rng))
        got = {(person, role): months for person, role, _, months in table.rows()}
        want = {
            (person, role.id): float(
                readiness_band(analyse_gap(capped, role, Assessment(levels[person]))).months
            )
            for person in people
            for role in capped.roles
        }
        assert got == want


def test_a_figure_does_not_depend_on_who_else_is_measured(default_framework: Framework) -> None:
    rng = random.Random(5)
    framework = reweighted(default_framework, rng)
    people, levels = organisation(framework, rng, 30)
    everyone = table_of(framework, people, as_rows(levels, rng))
    for person in people[:5]:
        alone = table_of(framework, [person], as_rows({person: levels[person]}, rng))
        row = int(np.searchsorted(everyone.people, person))
        assert alone.values[0].tolist() == everyone.values[row].tolist()


def test_levels_of_strangers_and_unknown_competencies_are_ignored(
    default_framework: Framework,
) -> None:
    competency = default_framework.competencies[0].id
    rows = ([1, 5000, 1], [competency, competency, "not_in_the_framework"], [3, 5, 5])
    with_strangers = table_of(default_framework, [1, 2], rows)
    without = table_of(default_framework, [1, 2], ([1], [competency], [3]))
    assert with_strangers.values.tolist() == without.values.tolist()
    assert with_strangers.people.tolist() == [1, 2]


def test_a_role_without_requirements_is_met_by_everyone(default_framework: Framework) -> None:
    role = replace(default_framework.roles[0], requirements=())
    table = readiness_table([role], ReadinessRules(), [3, 1, 2], ((), (), ()))
    assert list(table.rows()) == [
        (1, role.id, 100.0, 0.0),
        (2, role.id, 100.0, 0.0),
        (3, role.id, 100.0, 0.0),
    ]


def test_only_the_roles_asked_for(default_framework: Framework) -> None:
    chosen: list[Role] = list(default_framework.roles[3:5])
    table = readiness_table(chosen, ReadinessRules(), [1], ((), (), ()))
    assert table.roles == tuple(sorted(role.id for role in chosen))
    assert table.values.shape == (1, 2)


def test_no_people_no_rows(default_framework: Framework) -> None:
    assert list(table_of(default_framework, [], ((), (), ())).rows()) == []
