"""The advice in words: the CLI and the pages say the same sentences about blockers and steps."""

from __future__ import annotations

from pmopath.domain.assessment import Assessment
from pmopath.domain.framework import Framework
from pmopath.engine.advice import raise_impacts
from pmopath.engine.readiness import analyse_gap
from pmopath.services.careers import advice_text


def _names(framework: Framework) -> dict[str, str]:
    return {c.id: c.name for c in framework.competencies}


def test_a_held_figure_says_so_and_what_it_would_be(small_framework: Framework) -> None:
    manager = small_framework.role("manager")
    analysis = analyse_gap(
        small_framework, manager, Assessment({"reporting": 3, "planning": 3, "leadership": 4})
    )
    assert advice_text.blockers_heading(analysis) == (
        "Readiness is held at 70% (it would be 87%) until each of these is met (critical) or "
        "within one level (core):"
    )
    (step,) = raise_impacts(analysis)
    line = advice_text.impact_line(analysis, step, _names(small_framework))
    assert (
        line
        == "Reporting 3 → 4: clears this critical blocker (the last one); +30.0 points, to 100%"
    )


def test_a_figure_under_the_cap_says_nobody_is_ready_and_counts_what_is_left(
    small_framework: Framework,
) -> None:
    manager = small_framework.role("manager")
    analysis = analyse_gap(
        small_framework, manager, Assessment({"reporting": 2, "planning": 0, "leadership": 0})
    )
    assert advice_text.blockers_heading(analysis).startswith("Nobody is ready for this role")
    lines = [
        advice_text.impact_line(analysis, i, _names(small_framework))
        for i in raise_impacts(analysis)
    ]
    assert lines[0].startswith("Reporting 2 → 3: critical blocker: 1 more level to clear it; +")
    assert lines[1].startswith("Planning 0 → 1: core blocker: 1 more level to clear it; +")
    blocker = analysis.blockers[1]
    assert advice_text.blocker_line(blocker, "Planning") == (
        "Planning: 3 levels short (core: 2 levels to clear it)"
    )
