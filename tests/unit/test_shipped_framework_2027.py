"""The calibration rules of the shipped framework (2027.1), checked over every role and route.

The rules themselves are stated in comments above `roles:` and `transitions:` in
src/pmopath/data/default_framework.yaml.
"""

from __future__ import annotations

from datetime import date

import pytest

from pmopath.domain.framework import Framework, Role, RoleScope, Transition, TransitionKind
from pmopath.engine.paths import find_paths

BUSINESS = "business"


def _counted(fw: Framework, role: Role) -> list[tuple[str, int, float, bool, bool]]:
    return [
        (r.competency, r.level, r.weight, r.core, r.critical)
        for r in role.requirements
        if r.level > fw.rules.awareness_level
    ]


def _rise(fw: Framework, t: Transition) -> int:
    return fw.role(t.target).seniority - fw.role(t.source).seniority


def test_it_is_the_2027_edition(default_framework: Framework) -> None:
    assert default_framework.version == "2027.1"
    assert "OEWS" in default_framework.attribution


def test_every_rule_says_where_its_value_comes_from(default_framework: Framework) -> None:
    rules = default_framework.rules
    assert rules.awareness_level == 1
    assert set(rules.months_to_level) == set(range(1, default_framework.scale.maximum + 1))
    months = [rules.months_to_level[level] for level in sorted(rules.months_to_level)]
    assert months == sorted(months), "a higher level never takes less practice"
    for name in (
        "critical_cap",
        "ready_threshold",
        "awareness_level",
        "months_to_level",
        "parallel_competencies",
        "seniority_jump_months",
        "stretch_months",
    ):
        assert len(rules.explanations.get(name, "")) > 40, name


def test_every_role_names_eight_to_twelve_core_competencies(default_framework: Framework) -> None:
    for role in default_framework.roles:
        core = [r for r in role.requirements if r.core]
        assert 8 <= len(core) <= 12, (role.id, len(core))


def test_the_core_carries_most_of_the_weight(default_framework: Framework) -> None:
    for role in default_framework.roles:
        counted = _counted(default_framework, role)
        core = sum(weight for _, _, weight, is_core, _ in counted if is_core)
        assert core >= 0.7 * sum(weight for _, _, weight, _, _ in counted), role.id


def test_no_role_requires_every_competency(default_framework: Framework) -> None:
    for role in default_framework.roles:
        assert len(_counted(default_framework, role)) <= 24, role.id


def test_critical_requirements_are_few_and_core(default_framework: Framework) -> None:
    for role in default_framework.roles:
        critical = [r for r in role.requirements if r.critical]
        assert 1 <= len(critical) <= 3, role.id
        assert all(r.core for r in critical), role.id


def test_levels_follow_seniority_and_scope(default_framework: Framework) -> None:
    for role in default_framework.roles:
        assert role.scope is not None, role.id
        for r in role.requirements:
            where = (role.id, r.competency, r.level)
            if r.critical and r.level >= 4:
                assert role.seniority >= 3, where
            if role.seniority == 1:
                assert r.level <= 2, where
            if role.seniority == 2:
                assert r.level <= 3, where
            if r.level >= 5:
                assert role.scope is RoleScope.ORGANISATION, where


def test_no_programme_role_asks_more_than_the_head_of_pmo(default_framework: Framework) -> None:
    """The review found Programme Manager needing benefits 5, above the Head of PMO's 4."""
    fw = default_framework
    assert fw.role("programme_manager").required_levels["benefits_value"] <= 4
    assert "professionalism" not in {
        r.competency for r in fw.role("head_of_pmo").requirements if r.level >= 5
    }
    cpo = fw.role("chief_project_officer").required_levels
    assert cpo.get("planning_scheduling", 0) <= fw.rules.awareness_level
    assert cpo["portfolio_management"] == fw.scale.maximum


def test_every_routes_kind_matches_its_seniority_change(default_framework: Framework) -> None:
    fw = default_framework
    for t in fw.transitions:
        rise, source, target = _rise(fw, t), fw.role(t.source), fw.role(t.target)
        crossing_in = source.track == BUSINESS and target.track != BUSINESS
        where = (t.source, t.target, t.kind, rise)
        if t.kind is TransitionKind.PROMOTION:
            assert rise >= 1 and not crossing_in, where
        elif t.kind is TransitionKind.LATERAL:
            assert rise == 0 and not crossing_in, where
        elif t.kind is TransitionKind.SPECIALISATION:
            assert rise in (0, 1) and source.track == target.track, where
        else:
            assert crossing_in and rise <= 1, where
        if rise < 0:
            assert t.kind is TransitionKind.ENTRY, where


def test_no_route_skips_a_seniority_level_without_a_reason(default_framework: Framework) -> None:
    fw = default_framework
    for t in fw.transitions:
        if _rise(fw, t) > 1:
            assert len(t.jump_reason) > 40, (t.source, t.target)


def test_tenure_is_realistic(default_framework: Framework) -> None:
    for t in default_framework.transitions:
        assert 6 <= t.min_months <= t.typical_months <= 60, (t.source, t.target)


@pytest.mark.parametrize(
    ("source", "target"),
    [
        ("project_manager", "programme_manager"),
        ("pmo_manager", "portfolio_manager"),
        ("programme_manager", "chief_project_officer"),
        ("project_coordinator", "business_analyst"),
        ("pmo_administrator", "business_analyst"),
        ("senior_project_manager", "coe_lead"),
        ("senior_project_manager", "head_of_pmo"),
        ("head_of_pmo", "transformation_director"),
        ("admin_coordinator", "project_support_officer"),
        ("pmo_analyst", "risk_lead"),
        ("pmo_analyst", "benefits_lead"),
        ("pmo_tools_analyst", "ppm_systems_lead"),
    ],
)
def test_the_common_moves_exist(default_framework: Framework, source: str, target: str) -> None:
    assert any(t.source == source and t.target == target for t in default_framework.transitions)


@pytest.mark.parametrize(
    ("source", "target"),
    [
        ("pmo_administrator", "reporting_lead"),
        ("pmo_administrator", "change_control_lead"),
        ("project_manager", "coe_lead"),
        ("project_coordinator", "project_manager"),
    ],
)
def test_the_shortcuts_are_gone(default_framework: Framework, source: str, target: str) -> None:
    assert not any(t.source == source and t.target == target for t in default_framework.transitions)


@pytest.mark.parametrize(
    "ladder",
    [
        ("pmo_administrator", "pmo_analyst", "pmo_manager", "head_of_pmo"),
        ("project_coordinator", "junior_project_manager", "project_manager"),
    ],
)
def test_the_standard_ladder_ranks_first(
    default_framework: Framework, ladder: tuple[str, ...]
) -> None:
    fw = default_framework
    [best, *_] = find_paths(fw, fw.role(ladder[0]), fw.role(ladder[-1]), k=3)
    assert best.roles == ladder


@pytest.mark.parametrize(
    ("role_id", "track", "title"),
    [
        ("project_support_officer", "pmo", "Project Support Officer"),
        ("risk_lead", "pmo", "Project Risk Manager"),
        ("benefits_lead", "pmo", "Benefits Manager"),
        ("pmo_tools_analyst", "tools_data", "PPM Tools Analyst"),
        ("ppm_systems_lead", "tools_data", "PMO Technology Lead"),
        ("transformation_director", "delivery", "Programme Director"),
    ],
)
def test_the_new_roles_exist(
    default_framework: Framework, role_id: str, track: str, title: str
) -> None:
    role = default_framework.role(role_id)
    assert role.track == track and title in role.names()


def test_portfolio_director_is_a_head_of_pmo(default_framework: Framework) -> None:
    assert "Portfolio Director" in default_framework.role("head_of_pmo").aliases
    assert "Project Support Officer" not in default_framework.role("pmo_administrator").aliases


def test_every_role_has_a_profile(default_framework: Framework) -> None:
    for role in default_framework.roles:
        assert role.summary and role.typical_experience, role.id
        assert len(role.responsibilities) >= 3 and len(role.kpis) >= 3, role.id


def test_every_salary_band_is_sourced_and_dated(default_framework: Framework) -> None:
    banded = [role for role in default_framework.roles if role.salary is not None]
    assert len(banded) >= 4
    for role in banded:
        band = role.salary
        assert band is not None
        assert band.currency == "USD" and 0 < band.low < band.high, role.id
        assert band.source.url.startswith("https://www.bls.gov/"), role.id
        assert band.source.checked_on <= date.today(), role.id
        assert band.year <= band.source.checked_on.year and "US" in band.note, role.id


def test_every_competency_has_indicators_for_every_level(default_framework: Framework) -> None:
    top = default_framework.scale.maximum
    for competency in default_framework.competencies:
        assert set(competency.indicators) == set(range(1, top + 1)), competency.id
        for level, indicators in competency.indicators.items():
            for text in (indicators.knowledge, indicators.application, indicators.evidence):
                assert len(text) > 15, (competency.id, level)
