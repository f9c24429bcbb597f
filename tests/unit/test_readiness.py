"""Gap and readiness: proportional, weighted, awareness not counted, blocked by critical and core
gaps, and explained one level at a time."""

from __future__ import annotations

from fractions import Fraction
from itertools import product

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pmopath.domain.assessment import Assessment
from pmopath.domain.errors import InvalidRequest
from pmopath.domain.framework import (
    Framework,
    ReadinessRules,
    Requirement,
    Role,
    Scale,
    ScaleLevel,
)
from pmopath.domain.readiness import Blocker, BlockReason
from pmopath.engine.advice import raise_impacts, raises_to_reach, readiness_band
from pmopath.engine.readiness import analyse_gap, readiness_of, readiness_table


def test_partial_level_counts_proportionally(small_framework: Framework) -> None:
    analyst = small_framework.role("analyst")  # reporting 3, planning 2, leadership 1 (aware)
    analysis = analyse_gap(small_framework, analyst, Assessment({"reporting": 2, "planning": 2}))
    # (2/3 + 2/2) / 2 of equal weights: leadership at the awareness level does not count
    assert analysis.readiness == pytest.approx(100 * (2 / 3 + 1) / 2)
    by_id = {g.competency: g for g in analysis.gaps}
    assert (by_id["reporting"].required, by_id["reporting"].current, by_id["reporting"].gap) == (
        3,
        2,
        1,
    )
    assert by_id["planning"].gap == 0
    assert "leadership" not in by_id
    assert [(g.competency, g.required, g.current) for g in analysis.awareness] == [
        ("leadership", 1, 0)
    ]


def test_awareness_requirements_never_dilute_readiness(small_framework: Framework) -> None:
    analyst = small_framework.role("analyst")
    met = analyse_gap(small_framework, analyst, Assessment({"reporting": 3, "planning": 2}))
    assert met.readiness == 100
    assert met.open_gaps == ()
    assert [g.competency for g in met.awareness] == ["leadership"]


def test_weights_change_the_balance(small_framework: Framework) -> None:
    manager = small_framework.role("manager")  # reporting 4 (w2, critical, core), planning 3
    # (core), leadership 4 (supporting)
    analysis = analyse_gap(
        small_framework, manager, Assessment({"reporting": 4, "planning": 3, "leadership": 2})
    )
    # leadership is two levels short, but it is not core: it lowers the figure, it does not block
    assert analysis.readiness == pytest.approx(100 * (2 * 1 + 1 * 1 + 1 * 0.5) / 4)
    assert analysis.capped_by == ()
    assert analysis.blockers == ()


def test_critical_gap_caps_readiness(small_framework: Framework) -> None:
    manager = small_framework.role("manager")
    analysis = analyse_gap(
        small_framework, manager, Assessment({"reporting": 3, "planning": 3, "leadership": 4})
    )
    raw = 100 * (2 * 0.75 + 1 + 1) / 4
    assert analysis.raw_readiness == pytest.approx(raw)
    assert raw > 80
    assert analysis.readiness == 70
    assert analysis.capped_by == ("reporting",)
    assert analysis.blockers == (Blocker("reporting", BlockReason.CRITICAL, 1, 1),)


def test_a_core_gap_of_two_levels_caps_readiness(small_framework: Framework) -> None:
    manager = small_framework.role("manager")
    me = Assessment({"reporting": 4, "planning": 1, "leadership": 4})
    analysis = analyse_gap(small_framework, manager, me)
    assert analysis.raw_readiness == pytest.approx(100 * (2 + 1 / 3 + 1) / 4)
    assert analysis.raw_readiness > 80
    assert analysis.readiness == 70
    assert analysis.blockers == (Blocker("planning", BlockReason.CORE, 2, 1),)
    one_short = analyse_gap(small_framework, manager, me.with_levels({"planning": 2}))
    assert one_short.blockers == ()
    assert one_short.readiness == pytest.approx(100 * (2 + 2 / 3 + 1) / 4)


def test_levels_above_the_requirement_earn_nothing_extra(small_framework: Framework) -> None:
    analyst = small_framework.role("analyst")
    exact = analyse_gap(
        small_framework, analyst, Assessment({"reporting": 3, "planning": 2, "leadership": 1})
    )
    more = analyse_gap(
        small_framework, analyst, Assessment({"reporting": 5, "planning": 5, "leadership": 5})
    )
    assert exact.readiness == more.readiness == 100


def test_what_gets_me_to_80(small_framework: Framework) -> None:
    manager = small_framework.role("manager")
    me = Assessment({"reporting": 3, "planning": 3, "leadership": 2})
    analysis = analyse_gap(small_framework, manager, me)
    raises = raises_to_reach(analysis, 80)
    # The critical reporting gap must close first; that alone gives (2 + 1 + 0.5)/4 = 87.5%.
    assert [(r.competency, r.from_level, r.to_level) for r in raises] == [("reporting", 3, 4)]
    assert raises[0].months == 9  # months_to_level[4]
    after = analyse_gap(small_framework, manager, me.with_levels({"reporting": 4}))
    assert after.readiness >= 80


def test_ready_means_the_core_gaps_narrow_first(small_framework: Framework) -> None:
    manager = small_framework.role("manager")
    me = Assessment({"reporting": 4, "planning": 0, "leadership": 4})
    analysis = analyse_gap(small_framework, manager, me)
    raises = raises_to_reach(analysis, 80)
    # planning 0 of a core 3 blocks: it must reach 2 before the figure may pass the cap
    assert [(r.competency, r.from_level, r.to_level) for r in raises] == [("planning", 0, 2)]
    assert raises[0].months == 1 + 3


def test_target_below_the_cap_needs_no_blocker_raised_first(small_framework: Framework) -> None:
    manager = small_framework.role("manager")
    me = Assessment({"reporting": 3, "planning": 1, "leadership": 1})
    analysis = analyse_gap(small_framework, manager, me)
    assert analysis.readiness == pytest.approx(100 * (2 * 3 / 4 + 1 / 3 + 1 / 4) / 4)
    # Per-level steps add 12.5 (reporting), 8.3 (planning) and 6.25 (leadership) points.
    assert [(r.competency, r.to_level) for r in raises_to_reach(analysis, 60)] == [("reporting", 4)]
    assert [(r.competency, r.to_level) for r in raises_to_reach(analysis, 70)] == [
        ("reporting", 4),
        ("planning", 2),
    ]


def test_already_there_needs_nothing(small_framework: Framework) -> None:
    analyst = small_framework.role("analyst")
    analysis = analyse_gap(small_framework, analyst, Assessment({"reporting": 3, "planning": 1}))
    assert analysis.readiness > 60
    assert raises_to_reach(analysis, 60) == ()


@pytest.mark.parametrize("target", [-1, 100.5, 1000])
def test_target_outside_0_to_100_is_refused(small_framework: Framework, target: float) -> None:
    analysis = analyse_gap(small_framework, small_framework.role("analyst"), Assessment())
    with pytest.raises(InvalidRequest, match="between 0 and 100"):
        raises_to_reach(analysis, target)


def test_what_helps_most_is_one_level_at_a_time_blockers_first(
    small_framework: Framework,
) -> None:
    manager = small_framework.role("manager")
    me = Assessment({"reporting": 3, "planning": 1, "leadership": 1})
    analysis = analyse_gap(small_framework, manager, me)
    impacts = raise_impacts(analysis)
    assert [(i.competency, i.from_level, i.to_level) for i in impacts] == [
        ("reporting", 3, 4),  # critical: closes with this step
        ("planning", 1, 2),  # core two short: stops blocking with this step
        ("leadership", 1, 2),
    ]
    assert [i.blocking for i in impacts] == [BlockReason.CRITICAL, BlockReason.CORE, None]
    assert [i.unblocks for i in impacts] == [True, True, False]
    assert [round(i.raw_gain, 2) for i in impacts] == [12.5, 8.33, 6.25]
    for impact in impacts:
        assert impact.raw_gain > 0
        alone = analyse_gap(
            small_framework, manager, me.with_levels({impact.competency: impact.to_level})
        )
        assert alone.readiness == impact.readiness_after  # the same computation, not a twin


def test_role_without_requirements_is_fully_ready(small_framework: Framework) -> None:
    empty = Role("nobody", "Nobody", "pmo", 1)
    assert analyse_gap(small_framework, empty, Assessment()).readiness == 100


# ---- properties over random roles and people -------------------------------------------------

COMPETENCIES = ("a", "b", "c", "d")


@st.composite
def role_and_levels(draw: st.DrawFn) -> tuple[Framework, Role, dict[str, int]]:
    requirements = []
    for competency in COMPETENCIES:
        level = draw(st.integers(0, 5))
        if level:
            requirements.append(
                Requirement(
                    competency,
                    level,
                    draw(st.sampled_from([0.5, 1.0, 2.0, 3.0])),
                    draw(st.booleans()),
                    draw(st.booleans()) and level > 1,
                )
            )
    role = Role("r", "R", "t", 1, requirements=tuple(requirements))
    levels = {c: draw(st.integers(0, 5)) for c in COMPETENCIES}
    scale = Scale(tuple(ScaleLevel(level, str(level), "") for level in range(6)))
    rules = ReadinessRules(
        critical_cap=draw(st.sampled_from([70.0, 0.0, 55.5, 79.9])),
        awareness_level=draw(st.sampled_from([0, 1, 1, 2])),
    )
    framework = Framework("f", "F", "1", scale, (), (), (), (role,), (), (), rules)
    return framework, role, levels


@given(role_and_levels(), st.sampled_from(COMPETENCIES), st.integers(1, 5))
def test_readiness_never_drops_when_a_level_rises(
    case: tuple[Framework, Role, dict[str, int]], competency: str, rise: int
) -> None:
    framework, role, levels = case
    before = analyse_gap(framework, role, Assessment(levels)).readiness
    raised = {**levels, competency: min(5, levels[competency] + rise)}
    assert analyse_gap(framework, role, Assessment(raised)).readiness >= before


@given(role_and_levels())
def test_readiness_is_100_exactly_when_no_counted_gap_remains(
    case: tuple[Framework, Role, dict[str, int]],
) -> None:
    framework, role, levels = case
    analysis = analyse_gap(framework, role, Assessment(levels))
    assert (analysis.readiness == 100) == (analysis.total_gap == 0)
    assert 0 <= analysis.readiness <= 100
    every_requirement_met = all(levels[r.competency] >= r.level for r in role.requirements)
    if every_requirement_met:
        assert analysis.readiness == 100


@given(role_and_levels())
def test_nobody_is_ready_with_a_critical_gap_or_a_core_gap_of_two_levels(
    case: tuple[Framework, Role, dict[str, int]],
) -> None:
    framework, role, levels = case
    analysis = analyse_gap(framework, role, Assessment(levels))
    counted = [r for r in role.requirements if r.level > framework.rules.awareness_level]
    marked = any(r.core for r in counted)
    blocking = [
        r.competency
        for r in counted
        if (r.critical and levels[r.competency] < r.level)
        or ((r.core or not marked) and r.level - levels[r.competency] >= 2)
    ]
    assert list(analysis.capped_by) == blocking
    if blocking:
        assert analysis.readiness == min(analysis.raw_readiness, framework.rules.critical_cap)
        assert analysis.readiness < framework.rules.ready_threshold
    else:
        assert analysis.readiness == analysis.raw_readiness


@given(role_and_levels(), st.integers(0, 100))
def test_raises_reach_the_target_with_the_fewest_steps(
    case: tuple[Framework, Role, dict[str, int]], target: int
) -> None:
    framework, role, levels = case
    analysis = analyse_gap(framework, role, Assessment(levels))
    raises = raises_to_reach(analysis, target)
    raised = {**levels, **{r.competency: r.to_level for r in raises}}
    assert analyse_gap(framework, role, Assessment(raised)).readiness + 1e-9 >= target
    steps = sum(r.to_level - r.from_level for r in raises)
    assert steps == _fewest_steps_by_enumeration(framework, role, levels, target)


def _fewest_steps_by_enumeration(
    framework: Framework, role: Role, levels: dict[str, int], target: float
) -> int:
    gaps = analyse_gap(framework, role, Assessment(levels)).open_gaps
    best = None
    for steps in product(*(range(g.gap + 1) for g in gaps)):
        raised = {
            **levels,
            **{g.competency: g.current + s for g, s in zip(gaps, steps, strict=True)},
        }
        if analyse_gap(framework, role, Assessment(raised)).readiness + 1e-9 >= target:
            best = sum(steps) if best is None else min(best, sum(steps))
    assert best is not None
    return best


@given(role_and_levels())
def test_what_helps_most_is_each_gap_one_level_higher(
    case: tuple[Framework, Role, dict[str, int]],
) -> None:
    framework, role, levels = case
    analysis = analyse_gap(framework, role, Assessment(levels))
    impacts = raise_impacts(analysis)
    assert {i.competency for i in impacts} == {g.competency for g in analysis.open_gaps}
    rank = {BlockReason.CRITICAL: 0, BlockReason.CORE: 1, None: 2}
    assert [rank[i.blocking] for i in impacts] == sorted(rank[i.blocking] for i in impacts)
    for impact in impacts:
        assert impact.to_level == impact.from_level + 1
        assert impact.raw_gain > 0  # nothing worth +0.0 is offered
        alone = analyse_gap(
            framework, role, Assessment({**levels, impact.competency: impact.to_level})
        )
        assert alone.readiness == impact.readiness_after  # the same computation, not a twin
        assert alone.raw_readiness == pytest.approx(analysis.raw_readiness + impact.raw_gain)


@given(role_and_levels())
def test_raw_readiness_is_the_weighted_mean_of_counted_coverage(
    case: tuple[Framework, Role, dict[str, int]],
) -> None:
    framework, role, levels = case
    needed = [r for r in role.requirements if r.level > framework.rules.awareness_level]
    coverage = [Fraction(min(levels[r.competency], r.level), r.level) for r in needed]
    weights = [Fraction(r.weight) for r in needed]
    exact = (
        sum(w * c for w, c in zip(weights, coverage, strict=True)) / sum(weights) if needed else 1
    )
    raw = analyse_gap(framework, role, Assessment(levels)).raw_readiness
    assert raw == pytest.approx(float(100 * exact), abs=1e-9)


@given(role_and_levels())
def test_every_way_of_asking_gives_the_same_figure(
    case: tuple[Framework, Role, dict[str, int]],
) -> None:
    """One person, the readiness alone (the plan optimiser's) and everyone at once (the store's)
    are the one model: the same float, not merely a close one."""
    framework, role, levels = case
    analysis = analyse_gap(framework, role, Assessment(levels))
    assert readiness_of(framework, role, levels) == analysis.readiness
    rows = ([1] * len(levels), list(levels), list(levels.values()))
    table = readiness_table([role], framework.rules, [1], rows)
    band = readiness_band(analysis)  # the band's months are stored beside the figure
    assert list(table.rows()) == [(1, role.id, analysis.readiness, float(band.months))]
