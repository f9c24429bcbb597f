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
    # reporting 2 x 1; planning 1 x 2 (critical counts twice): every action is worth 2
    tied = [_gap("reporting", 2), _gap("planning", 1, critical=True)]
    assert _titles(small_framework, tied) == [
        "Foundation certificate",
        "Practitioner certificate",
        "Reporting course",
    ]
    assert _titles(small_framework, tied, limit=2) == [
        "Foundation certificate",
        "Practitioner certificate",
    ]
    heavier = [_gap("reporting", 1, weight=3.0), _gap("planning", 1, critical=True)]
    assert _titles(small_framework, heavier)[0] == "Reporting course"  # 3 against 2


def test_actions_for_closed_or_unknown_gaps_are_left_out(small_framework: Framework) -> None:
    assert _titles(small_framework, [_gap("reporting", 2), _gap("planning", 0)]) == [
        "Reporting course"
    ]
    assert _titles(small_framework, [_gap("no_such_competency", 2)]) == []
    assert _titles(small_framework, []) == []
