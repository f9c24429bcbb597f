"""The home page's next actions: catalogue actions ranked by the weighted gaps they close."""

from __future__ import annotations

from pmopath.domain.framework import Framework
from pmopath.domain.readiness import CompetencyGap
from pmopath.services.insight.home import actions_for_gaps


def _gap(
    competency: str, gap: int, *, weight: float = 1.0, critical: bool = False
) -> CompetencyGap:
    return CompetencyGap(competency, 3, 3 - gap, weight, critical, gap)


def _titles(framework: Framework, gaps: list[CompetencyGap], limit: int = 5) -> list[str]:
    return [a.title for a in actions_for_gaps(framework, gaps, limit)]


def test_the_biggest_weighted_gap_first_ties_by_title(small_framework: Framework) -> None:
    # reporting 1 -> 3 (two levels x 1) and planning 2 -> 3 (one level, critical counts twice):
    # the course and the Practitioner are worth 2 each
    tied = [_gap("reporting", 2), _gap("planning", 1, critical=True)]
    assert _titles(small_framework, tied) == ["Practitioner certificate", "Reporting course"]
    assert _titles(small_framework, tied, limit=1) == ["Practitioner certificate"]
    heavier = [_gap("reporting", 1, weight=3.0), _gap("planning", 1, critical=True)]
    assert _titles(small_framework, heavier)[0] == "Reporting course"  # 3 against 2


def test_actions_for_closed_or_unknown_gaps_are_left_out(small_framework: Framework) -> None:
    assert _titles(small_framework, [_gap("reporting", 2), _gap("planning", 0)]) == [
        "Reporting course"
    ]
    assert _titles(small_framework, [_gap("no_such_competency", 2)]) == []
    assert _titles(small_framework, []) == []


def test_an_action_that_raises_nothing_above_the_current_level_is_not_offered(
    small_framework: Framework,
) -> None:
    # Foundation develops planning to 2: someone already at 2 gains nothing from it
    assert "Foundation certificate" not in _titles(small_framework, [_gap("planning", 1)])
    assert "Foundation certificate" in _titles(small_framework, [_gap("planning", 2)])
