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
from pmopath.engine.months import ready_months
from pmopath.engine.paths import find_paths
from pmopath.engine.readiness import analyse_gap

# Months to reach each level (rules of the small framework): 1, 3, 6, 9, 12. A step costs
# max(tenure, development) + jump, development being the months to become ready (80%).


def test_without_assessment_the_person_holds_their_roles_levels(
    small_framework: Framework,
) -> None:
    fw = small_framework
    paths = find_paths(fw, fw.role("admin"), fw.role("manager"), k=5)
    months = {p.roles: [s.expected_months for s in p.steps] for p in paths}
    assert months == {
        # admin -> analyst: planning 1->2 (3 months) makes them ready, under the 12-month tenure.
        # analyst -> manager: the critical reporting 3->4 (9 months) under the 30-month tenure,
        # and the move rises two seniority levels with no reason given: 12 months more.
        ("admin", "analyst", "manager"): [12, 30 + 12],
        # coordinator -> pm rises two levels too (1 -> 3).
        ("admin", "coordinator", "pm", "manager"): [6, 12 + 12, 24],
        ("admin", "analyst", "pm", "manager"): [12, 24, 24],
    }
    assert [p.expected_months for p in paths] == [54, 54, 60]


def test_a_jump_with_a_reason_costs_no_extra_months(small_framework: Framework) -> None:
    fw = small_framework
    explained = replace(
        fw,
        transitions=tuple(
            replace(t, jump_reason="Often hired straight in after a programme office role.")
            if (t.source, t.target) == ("analyst", "manager")
            else t
            for t in fw.transitions
        ),
    )
    path = find_paths(explained, fw.role("analyst"), fw.role("manager"))[0]
    assert [s.expected_months for s in path.steps] == [30]


def test_a_stronger_person_never_goes_below_the_minimum_tenure(
    small_framework: Framework,
) -> None:
    fw = small_framework
    expert = Assessment({"reporting": 5, "planning": 5, "leadership": 5})
    paths = find_paths(fw, fw.role("admin"), fw.role("manager"), assessment=expert, k=5)
    assert paths
    for path in paths:
        for number, step in enumerate(path.steps):
            source = fw.role(step.transition.source)
            target = fw.role(step.transition.target)
            floor = (
                step.transition.min_months + max(0, target.seniority - source.seniority - 1) * 12
            )
            assert step.expected_months >= floor
            if number == 0:  # nothing to develop: the tenure alone
                assert step.expected_months == floor


def test_a_weaker_person_takes_longer(small_framework: Framework) -> None:
    fw = small_framework
    quick = replace(
        fw, transitions=tuple(replace(t, min_months=0) for t in fw.transitions)
    )  # no tenure: development alone
    admin, analyst = fw.role("admin"), fw.role("analyst")
    novice = find_paths(quick, admin, analyst, assessment=Assessment({}))[0].steps[0]
    # from nothing: reporting 0->2 and planning 0->2 (4 months each) make them ready
    assert novice.expected_months == 4
    typical = Assessment({"reporting": 2, "planning": 1})
    usual = find_paths(quick, admin, analyst, assessment=typical)[0].steps[0]
    assert usual.expected_months == 3  # planning 1->2


def test_months_already_served_count_only_towards_the_tenure(
    small_framework: Framework,
) -> None:
    fw = small_framework
    admin, analyst = fw.role("admin"), fw.role("analyst")
    levels = {"reporting": 2, "planning": 1}

    def first_step(current: str | None, served: int) -> float:
        me = Assessment(levels, current, months_in_role=served)
        return find_paths(fw, admin, analyst, assessment=me)[0].steps[0].expected_months

    assert first_step("admin", 0) == 12  # the tenure
    assert first_step("admin", 3) == 12 - 3
    # Served beyond the tenure, what is still to gain remains: planning 1->2 is 3 months.
    assert first_step("admin", 18) == 3
    assert first_step("admin", 100) == 3
    # Time served in another role does not shorten a move out of this one.
    assert first_step("coordinator", 100) == 12
    assert first_step(None, 18) == 3


def test_a_step_with_a_critical_gap_is_never_0_months(small_framework: Framework) -> None:
    fw = small_framework
    veteran = Assessment({"reporting": 3, "planning": 1}, "pm", months_in_role=600)
    for path in find_paths(fw, fw.role("pm"), fw.role("manager"), assessment=veteran, k=3):
        assert path.steps[0].expected_months >= 9  # the critical reporting 3->4 alone


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
            draw(st.integers(1, 4)),
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
                jump_reason=draw(st.sampled_from(["", "", "a reason"])),
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
        ReadinessRules(
            months_to_level=dict(
                zip(
                    range(1, 6),
                    draw(st.lists(st.sampled_from([0.5, 1.0, 6.0]), min_size=5, max_size=5)),
                    strict=True,
                )
            ),
            parallel_competencies=draw(st.sampled_from([1.0, 3.0])),
        ),
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
    """The months model read from its description, step by step (the months to become ready
    are the engine's, tested on their own in test_advice.py)."""
    by_pair = {(t.source, t.target): t for t in framework.transitions}
    rules = framework.rules
    total = 0.0
    for index, (a, b) in enumerate(zip(nodes, nodes[1:], strict=False)):
        holds = person.levels if index == 0 else framework.role(a).required_levels
        development = ready_months(framework, framework.role(b), holds)
        step = by_pair[(a, b)]
        tenure = step.min_months
        if index == 0 and person.current_role in (None, a):
            tenure = max(0, tenure - (person.months_in_role or 0))
        skipped = framework.role(b).seniority - framework.role(a).seniority - 1
        jump = rules.seniority_jump_months * skipped if skipped > 0 and not step.jump_reason else 0
        months = max(tenure, development) + jump
        readiness = analyse_gap(framework, framework.role(b), Assessment(holds)).readiness
        if readiness < rules.ready_threshold:
            assert months > 0  # a step to a role one is not ready for is never 0 months
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
