"""The advice itself, as properties over the whole shipped framework and generated people.

These are the promises docs/career-model.md makes to a PMO lead: no route shows 0 months while a
critical gap remains, nobody two levels short of a core competency reads as ready, raising a
level never lowers readiness, and the standard ladders rank first for someone who meets each
step's requirements.
"""

from __future__ import annotations

from functools import cache

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pmopath.bootstrap.files import default_framework
from pmopath.domain.assessment import Assessment
from pmopath.domain.framework import Framework
from pmopath.engine.advice import readiness_band
from pmopath.engine.paths import find_paths
from pmopath.engine.readiness import analyse_gap

LADDERS = (
    # PMO: seed 001 and the House of PMO roles
    ("pmo_administrator", "pmo_analyst", "pmo_manager", "head_of_pmo"),
    # Delivery: seed 002's coordinator to project manager
    ("project_coordinator", "junior_project_manager", "project_manager"),
)


@cache
def shipped() -> Framework:
    return default_framework()


@st.composite
def people(draw: st.DrawFn) -> Assessment:
    framework = shipped()
    levels = {c.id: draw(st.integers(0, 5)) for c in framework.competencies}
    role = draw(st.sampled_from([r.id for r in framework.roles]))
    return Assessment(levels, role, months_in_role=draw(st.integers(0, 240)))


roles = st.sampled_from([r.id for r in shipped().roles])


@given(people(), roles)
def test_nobody_two_levels_short_of_a_core_competency_reads_as_ready(
    person: Assessment, role_id: str
) -> None:
    framework = shipped()
    analysis = analyse_gap(framework, framework.role(role_id), person)
    far = [g for g in analysis.gaps if g.core and g.gap >= 2]
    critical = [g for g in analysis.gaps if g.critical and g.gap > 0]
    if far or critical:
        assert analysis.readiness < framework.rules.ready_threshold
        assert readiness_band(analysis).months > 0
    for gap in analysis.gaps:  # one level more never lowers readiness
        if gap.gap:
            raised = person.with_levels({gap.competency: gap.current + 1})
            assert analyse_gap(framework, framework.role(role_id), raised).readiness >= (
                analysis.readiness
            )


@given(people(), roles, roles)
def test_no_route_shows_0_months_while_a_critical_gap_remains(
    person: Assessment, source_id: str, target_id: str
) -> None:
    framework = shipped()
    if source_id == target_id:
        return
    person = Assessment(person.levels, source_id, person.months_in_role)
    for path in find_paths(
        framework, framework.role(source_id), framework.role(target_id), assessment=person, k=2
    ):
        for number, step in enumerate(path.steps):
            holds = (
                person.levels
                if number == 0
                else framework.role(step.transition.source).required_levels
            )
            gap = analyse_gap(framework, framework.role(step.transition.target), Assessment(holds))
            if gap.capped_by or gap.readiness < framework.rules.ready_threshold:
                assert step.expected_months > 0, (path.roles, number)


@pytest.mark.parametrize("ladder", LADDERS, ids=lambda ladder: f"{ladder[0]}-{ladder[-1]}")
def test_the_standard_ladders_rank_first_for_someone_who_meets_each_step(
    ladder: tuple[str, ...],
) -> None:
    framework = shipped()
    levels: dict[str, int] = {}
    for role_id in ladder[:-1]:  # they meet every step on the way, not yet the last
        for competency, level in framework.role(role_id).required_levels.items():
            levels[competency] = max(levels.get(competency, 0), level)
    person = Assessment(levels, ladder[0], months_in_role=0)
    found = find_paths(
        framework, framework.role(ladder[0]), framework.role(ladder[-1]), assessment=person, k=3
    )
    assert found, f"no route from {ladder[0]} to {ladder[-1]}"
    assert found[0].roles == ladder, [p.roles for p in found]
