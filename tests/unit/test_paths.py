"""Path finding: k best distinct routes by expected months, with constraints."""

from __future__ import annotations

from dataclasses import replace

import networkx as nx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from pmopath.domain.assessment import Assessment
from pmopath.domain.framework import (
    Framework,
    ReadinessRules,
    Requirement,
    Role,
    Scale,
    ScaleLevel,
    Track,
    Transition,
    TransitionKind,
)
from pmopath.engine.paths import find_paths


def test_without_assessment_routes_cost_about_their_typical_months(
    small_framework: Framework,
) -> None:
    fw = small_framework
    paths = find_paths(fw, fw.role("admin"), fw.role("manager"), k=5)
    assert [p.roles for p in paths] == [
        ("admin", "analyst", "manager"),
        ("admin", "coordinator", "pm", "manager"),
        ("admin", "analyst", "pm", "manager"),
    ]
    first = paths[0]
    # Meeting admin's requirements exactly, the person is the typical mover on step one; on
    # step two they hold analyst's levels, also typical: expected = typical.
    assert first.expected_months == first.total_typical_months == 72
    assert first.total_min_months == 42


def test_a_stronger_person_is_faster_but_never_below_the_minimum(
    small_framework: Framework,
) -> None:
    fw = small_framework
    expert = Assessment({"reporting": 5, "planning": 5, "leadership": 5})
    paths = find_paths(fw, fw.role("admin"), fw.role("manager"), assessment=expert, k=5)
    # Each level point a typical mover still needs, and the expert already has, saves 2 months.
    assert [p.roles for p in paths][:2] == [
        ("admin", "coordinator", "pm", "manager"),
        ("admin", "analyst", "manager"),
    ]
    assert [s.expected_months for s in paths[0].steps] == [12 - 2, 24 - 2 * 6, 36 - 2 * 2]
    assert [s.expected_months for s in paths[1].steps] == [24 - 2 * 3, 48 - 2 * 5]
    fast_learner = replace(fw, rules=ReadinessRules(months_per_level=20))
    floored = find_paths(fast_learner, fw.role("admin"), fw.role("manager"), assessment=expert, k=5)
    for path in floored:
        assert [s.expected_months for s in path.steps] == [
            s.transition.min_months for s in path.steps
        ]


def test_a_weaker_person_takes_longer(small_framework: Framework) -> None:
    fw = small_framework
    novice = Assessment({})
    step = find_paths(fw, fw.role("admin"), fw.role("analyst"), assessment=novice)[0].steps[0]
    # analyst needs 3+2+1 = 6 points from nothing; a typical admin needs 1+1+1 = 3 -> +3 x 2 months
    assert step.expected_months == 24 + 3 * 2


def test_months_already_served_count_on_the_first_step(small_framework: Framework) -> None:
    fw = small_framework
    typical = Assessment({"reporting": 2, "planning": 1}, "admin", months_in_role=18)
    step = find_paths(fw, fw.role("admin"), fw.role("analyst"), assessment=typical)[0].steps[0]
    assert step.expected_months == 24 - 18
    long_served = Assessment({"reporting": 2, "planning": 1}, "admin", months_in_role=100)
    step = find_paths(fw, fw.role("admin"), fw.role("analyst"), assessment=long_served)[0].steps[0]
    assert step.expected_months == 0
    # Time served in another role does not shorten a move out of this one.
    elsewhere = Assessment({"reporting": 2, "planning": 1}, "coordinator", months_in_role=100)
    step = find_paths(fw, fw.role("admin"), fw.role("analyst"), assessment=elsewhere)[0].steps[0]
    assert step.expected_months == 24
    unset = Assessment({"reporting": 2, "planning": 1}, None, months_in_role=18)
    step = find_paths(fw, fw.role("admin"), fw.role("analyst"), assessment=unset)[0].steps[0]
    assert step.expected_months == 24 - 18


def test_avoiding_a_role_or_a_track(small_framework: Framework) -> None:
    fw = small_framework
    admin, manager = fw.role("admin"), fw.role("manager")
    without_analyst = find_paths(fw, admin, manager, avoid_roles={"analyst"}, k=5)
    assert [p.roles for p in without_analyst] == [("admin", "coordinator", "pm", "manager")]
    without_delivery = find_paths(fw, admin, manager, avoid_tracks={"delivery"}, k=5)
    assert [p.roles for p in without_delivery] == [("admin", "analyst", "manager")]


def test_the_ends_are_never_avoided(small_framework: Framework) -> None:
    fw = small_framework
    paths = find_paths(fw, fw.role("admin"), fw.role("manager"), avoid_tracks={"pmo"}, k=5)
    assert [p.roles for p in paths] == [("admin", "coordinator", "pm", "manager")]


def test_max_steps(small_framework: Framework) -> None:
    fw = small_framework
    paths = find_paths(fw, fw.role("admin"), fw.role("manager"), max_steps=2, k=5)
    assert [p.roles for p in paths] == [("admin", "analyst", "manager")]
    assert find_paths(fw, fw.role("admin"), fw.role("manager"), max_steps=1) == []


def test_no_route_is_an_empty_list(small_framework: Framework) -> None:
    fw = small_framework
    assert find_paths(fw, fw.role("manager"), fw.role("admin")) == []


# ---- properties over random career graphs ------------------------------------------------------

SCALE = Scale(tuple(ScaleLevel(level, str(level), "") for level in range(6)))


@st.composite
def graphs(draw: st.DrawFn) -> tuple[Framework, Assessment]:
    size = draw(st.integers(3, 8))
    roles = tuple(
        Role(
            f"r{i}",
            f"Role {i}",
            draw(st.sampled_from(["x", "y"])),
            1,
            requirements=tuple(Requirement(c, draw(st.integers(0, 5))) for c in ("a", "b", "c")),
        )
        for i in range(size)
    )
    pairs = draw(
        st.sets(
            st.tuples(st.integers(0, size - 1), st.integers(0, size - 1)).filter(
                lambda p: p[0] != p[1]
            ),
            min_size=1,
            max_size=size * 3,
        )
    )
    transitions = []
    for source, target in sorted(pairs):
        minimum = draw(st.integers(0, 24))
        transitions.append(
            Transition(
                f"r{source}",
                f"r{target}",
                TransitionKind.LATERAL,
                minimum + draw(st.integers(0, 24)),
                minimum,
            )
        )
    framework = Framework(
        "g",
        "G",
        "1",
        SCALE,
        (),
        (),
        (Track("x", "X"), Track("y", "Y")),
        roles,
        tuple(transitions),
        (),
        ReadinessRules(months_per_level=draw(st.sampled_from([0.0, 1.0, 2.5]))),
    )
    levels = {c: draw(st.integers(0, 5)) for c in ("a", "b", "c")}
    return framework, Assessment(levels, months_in_role=draw(st.integers(0, 30)))


@given(graphs(), st.integers(1, 4), st.data())
def test_paths_are_valid_distinct_sorted_and_the_best(
    case: tuple[Framework, Assessment], k: int, data: st.DataObject
) -> None:
    framework, assessment = case
    ids = [role.id for role in framework.roles]
    source = data.draw(st.sampled_from(ids))
    target = data.draw(st.sampled_from([i for i in ids if i != source]))
    current = data.draw(st.sampled_from([None, source, target]))
    assessment = Assessment(assessment.levels, current, assessment.months_in_role)
    avoid = data.draw(st.sets(st.sampled_from(ids), max_size=2))
    max_steps = data.draw(st.none() | st.integers(1, 4))
    found = find_paths(
        framework,
        framework.role(source),
        framework.role(target),
        assessment=assessment,
        k=k,
        avoid_roles=avoid,
        max_steps=max_steps,
    )
    edges = {(t.source, t.target) for t in framework.transitions}
    for path in found:
        assert path.roles[0] == source and path.roles[-1] == target
        assert all(pair in edges for pair in zip(path.roles, path.roles[1:], strict=False))
        assert len(set(path.roles)) == len(path.roles)
        assert not set(path.roles[1:-1]) & avoid
        assert max_steps is None or len(path.steps) <= max_steps
    assert len({p.roles for p in found}) == len(found)
    costs = [p.expected_months for p in found]
    assert costs == sorted(costs)
    # Compare with brute force: every allowed simple path, costed by an independent reading.
    graph = nx.DiGraph(list(edges))
    graph.add_nodes_from(ids)
    allowed = [
        p
        for p in nx.all_simple_paths(graph, source, target)
        if not set(p[1:-1]) & avoid and (max_steps is None or len(p) - 1 <= max_steps)
    ]
    every = sorted(_expected(framework, assessment, p) for p in allowed)
    assert len(found) == min(k, len(every))
    assert costs == pytest.approx(every[: len(found)])


def _expected(framework: Framework, person: Assessment, nodes: list[str]) -> float:
    by_pair = {(t.source, t.target): t for t in framework.transitions}
    total = 0.0
    for index, (a, b) in enumerate(zip(nodes, nodes[1:], strict=False)):
        need_a = framework.role(a).required_levels
        need_b = framework.role(b).required_levels
        have = dict(person.levels)
        if index > 0:
            have = {c: max(have.get(c, 0), need_a.get(c, 0)) for c in {*have, *need_a}}
        person_gap = sum(max(0, level - have.get(c, 0)) for c, level in need_b.items())
        typical_gap = sum(max(0, level - need_a.get(c, 0)) for c, level in need_b.items())
        step = by_pair[(a, b)]
        months = max(
            step.min_months,
            step.typical_months + framework.rules.months_per_level * (person_gap - typical_gap),
        )
        if index == 0 and person.current_role in (None, a):
            months = max(0, months - (person.months_in_role or 0))
        total += months
    return total


def test_suitable_actions_follow_suits_or_else_the_critical_competencies(
    small_framework: Framework,
) -> None:
    fw = small_framework
    assert [a.id for a in fw.actions_for_role("manager")] == ["practitioner"]
    no_suits = replace(fw, actions=tuple(replace(a, suits=()) for a in fw.actions))
    # manager's only critical competency is reporting at 4; no action reaches 4
    assert no_suits.actions_for_role("manager") == ()
    stronger = replace(
        no_suits,
        actions=tuple(
            replace(a, develops={"reporting": 4}) if a.id == "report_course" else a
            for a in no_suits.actions
        ),
    )
    assert [a.id for a in stronger.actions_for_role("manager")] == ["report_course"]
