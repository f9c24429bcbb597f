"""The shipped PMO framework is reviewed like code: these are its sanity properties."""

from __future__ import annotations

import networkx as nx
import pytest

from pmopath.domain.framework import ActionKind, Education, Framework, TransitionKind
from pmopath.domain.names import find_role

SEED_ROLES = [
    "PMO Administrator",
    "Project Support Officer",
    "PMO Analyst",
    "Reporting Lead",
    "Change Control Lead",
    "PMO Manager",
    "Head of PMO",
    "Director of PMO",
    "Chief Project Officer",
    "Centre of Excellence Lead",
    "Project Coordinator",
    "Junior Project Manager",
    "Project Manager",
    "Programme Manager",
    "Portfolio Manager",
    "Business Analyst",
    "Workstream Lead",
    "Business Unit Leader",
    "Business Role",
]


def test_size_and_breadth(default_framework: Framework) -> None:
    fw = default_framework
    assert len(fw.roles) >= 16 and len({r.track for r in fw.roles}) >= 4
    assert len(fw.competencies) >= 24 and len({c.area for c in fw.competencies}) >= 4
    assert len(fw.transitions) >= 30
    assert len(fw.actions) >= 30


def test_every_competency_has_an_anchor_for_every_level(default_framework: Framework) -> None:
    for competency in default_framework.competencies:
        for level in range(1, default_framework.scale.maximum + 1):
            assert len(competency.anchors.get(level, "")) > 20, (competency.id, level)


@pytest.mark.parametrize(
    "theme",
    [
        "strateg",
        "leadership",
        "change",
        "storytelling",
        "coaching",
        "data analysis",
        "stakeholder",
    ],
)
def test_the_seed_skills_are_covered(default_framework: Framework, theme: str) -> None:
    names = [f"{c.name} {c.description}".casefold() for c in default_framework.competencies]
    assert any(theme in name for name in names), theme


@pytest.mark.parametrize("name", SEED_ROLES)
def test_every_seed_role_is_findable_by_name(default_framework: Framework, name: str) -> None:
    role = find_role(default_framework, name)
    assert find_role(default_framework, name.upper()) is role


def test_every_role_is_reachable_from_an_entry_role(default_framework: Framework) -> None:
    fw = default_framework
    graph = nx.DiGraph((t.source, t.target) for t in fw.transitions)
    graph.add_nodes_from(fw.roles_by_id)
    entry = {r.id for r in fw.roles if r.seniority == 1}
    assert entry
    reached = set(entry)
    for role in entry:
        reached |= nx.descendants(graph, role)
    assert reached == set(fw.roles_by_id)


def test_requirements_never_fall_along_a_promotion_unless_explained(
    default_framework: Framework,
) -> None:
    """Levels at or below the awareness level count for nothing, so they may fall silently."""
    fw = default_framework
    for t in fw.transitions:
        if t.kind is not TransitionKind.PROMOTION:
            continue
        before = fw.role(t.source).required_levels
        after = fw.role(t.target).required_levels
        for competency, level in before.items():
            if level > fw.rules.awareness_level and after.get(competency, 0) < level:
                assert t.drops.get(competency, "").strip(), (t.source, t.target, competency)


def test_every_competency_is_developed_by_some_action(default_framework: Framework) -> None:
    developed = {c for a in default_framework.actions for c, lvl in a.develops.items() if lvl >= 3}
    assert developed == set(default_framework.competencies_by_id)


def test_every_role_has_suitable_actions(default_framework: Framework) -> None:
    for role in default_framework.roles:
        assert len(default_framework.actions_for_role(role.id)) >= 3, role.id


def _action(fw: Framework, action_id: str):  # type: ignore[no-untyped-def]
    return fw.actions_by_id[action_id]


def test_pmp_prerequisites_are_the_published_ones(default_framework: Framework) -> None:
    pmp = _action(default_framework, "pmp")
    assert pmp.kind is ActionKind.CERTIFICATION
    by_education = {o.education: o for o in pmp.prerequisites}
    assert by_education[Education.DEGREE].experience[0].months == 36
    assert by_education[Education.SECONDARY].experience[0].months == 60
    for option in pmp.prerequisites:
        assert {"capm", "pm_education_35h"} <= set(option.any_of_actions)


@pytest.mark.parametrize("family", ["prince2", "msp", "mop", "p3o"])
def test_foundation_comes_before_practitioner(default_framework: Framework, family: str) -> None:
    practitioner = _action(default_framework, f"{family}_practitioner")
    assert f"{family}_foundation" in default_framework.actions_by_id
    assert any(
        f"{family}_foundation" in (*o.actions, *o.any_of_actions)
        for o in practitioner.prerequisites
    )


@pytest.mark.parametrize(
    "certification",
    [
        "capm",
        "pmp",
        "pgmp",
        "pfmp",
        "pmi_pmocp",
        "apm_pfq",
        "apm_pmq",
        "apm_chpp",
        "essentials_pmo_administrators",
    ],
)
def test_the_domain_certifications_are_in_the_catalogue(
    default_framework: Framework, certification: str
) -> None:
    assert _action(default_framework, certification).kind is ActionKind.CERTIFICATION


@pytest.mark.parametrize(
    "assignment",
    [
        "report_consolidation",
        "targeted_project_reviews",
        "trend_analysis",
        "pmo_shadowing",
        "mentor_others",
        "business_writing",
    ],
)
def test_the_seed_on_the_job_actions_are_in_the_catalogue(
    default_framework: Framework, assignment: str
) -> None:
    assert assignment in default_framework.actions_by_id
