"""Gap analysis and readiness of a person for a role, with the explanation behind the number.

The readiness model
-------------------
* Each requirement above level 0 contributes its weight times its *coverage*:
  ``min(current, required) / required``. Level 3 of a required 4 covers 3/4 of that
  competency, not 0, and levels above the requirement earn nothing extra.
* Raw readiness = 100 x sum(weight x coverage) / sum(weight). A role with no requirements
  is 100% ready for anyone.
* The critical rule: while any *critical* competency is below its required level, readiness
  is capped at the framework's ``critical_cap`` (70 by default, below the 80% "ready"
  threshold). A person cannot look ready for a role while missing something the role cannot
  be done without. The cap is constant, so raising any level never lowers readiness, and
  readiness is 100 exactly when no gap remains.

"What gets me to N%": every level step on a competency adds the same amount of raw readiness
(``100 x weight / (required x total weight)``), so the fewest single-level steps that reach N are
the largest steps first; when N is above the cap, the critical gaps must close first.
"""

from __future__ import annotations

from dataclasses import dataclass

from pmopath.domain.assessment import Assessment
from pmopath.domain.errors import InvalidRequest
from pmopath.domain.framework import Framework, Role

_EPSILON = 1e-9


@dataclass(frozen=True, slots=True)
class CompetencyGap:
    """One requirement of a role set beside the person's level."""

    competency: str
    required: int
    current: int
    weight: float
    critical: bool

    @property
    def gap(self) -> int:
        return max(0, self.required - self.current)

    @property
    def coverage(self) -> float:
        return min(self.current, self.required) / self.required


@dataclass(frozen=True, slots=True)
class Raise:
    """Raising one competency from one level to another."""

    competency: str
    from_level: int
    to_level: int
    readiness_gain: float


@dataclass(frozen=True, slots=True)
class RaiseImpact:
    """What closing one competency's whole gap would add to readiness."""

    competency: str
    from_level: int
    to_level: int
    readiness_after: float
    gain: float


@dataclass(frozen=True, slots=True)
class GapAnalysis:
    """A person measured against a role: per-competency gaps, readiness and how to raise it."""

    role: Role
    gaps: tuple[CompetencyGap, ...]
    raw_readiness: float
    readiness: float
    capped_by: tuple[str, ...]
    critical_cap: float

    @property
    def open_gaps(self) -> tuple[CompetencyGap, ...]:
        return tuple(g for g in self.gaps if g.gap > 0)

    @property
    def total_gap(self) -> int:
        return sum(g.gap for g in self.gaps)


def analyse_gap(
    framework: Framework, role: Role, assessment: Assessment
) -> GapAnalysis:
    """Return the gap analysis of ``assessment`` against ``role`` (see the module docstring)."""
    gaps = tuple(
        CompetencyGap(
            req.competency,
            req.level,
            assessment.level(req.competency),
            req.weight,
            req.critical,
        )
        for req in role.requirements
        if req.level > 0
    )
    raw = _raw_readiness(gaps)
    capped_by = tuple(g.competency for g in gaps if g.critical and g.gap > 0)
    cap = framework.rules.critical_cap
    readiness = min(raw, cap) if capped_by else raw
    return GapAnalysis(role, gaps, raw, readiness, capped_by, cap)


def _raw_readiness(gaps: tuple[CompetencyGap, ...]) -> float:
    total = sum(g.weight for g in gaps)
    if total <= 0:
        return 100.0
    if all(g.gap == 0 for g in gaps):
        return 100.0
    return 100.0 * sum(g.weight * g.coverage for g in gaps) / total


def _step_gain(gap: CompetencyGap, total_weight: float) -> float:
    return 100.0 * gap.weight / (gap.required * total_weight)


def raises_to_reach(analysis: GapAnalysis, target: float) -> tuple[Raise, ...]:
    """Return the smallest set of level raises that lifts readiness to ``target`` (0-100).

    Smallest means fewest single-level steps; ties prefer competencies listed first in the
    role. Raises InvalidRequest for a target outside 0-100.
    """
    if not 0 <= target <= 100:
        raise InvalidRequest(
            f"target readiness must be between 0 and 100, not {target:g}"
        )
    if analysis.readiness + _EPSILON >= target:
        return ()
    total_weight = sum(g.weight for g in analysis.gaps)
    steps: dict[str, int] = {}
    forced = [g for g in analysis.gaps if g.critical and g.gap > 0]
    if target > analysis.critical_cap + _EPSILON:
        for gap in forced:
            steps[gap.competency] = gap.gap
    raw = analysis.raw_readiness + sum(
        _step_gain(g, total_weight) * steps.get(g.competency, 0) for g in analysis.gaps
    )
    candidates = sorted(
        (g for g in analysis.open_gaps if steps.get(g.competency, 0) < g.gap),
        key=lambda g: -_step_gain(g, total_weight),
    )
    for gap in candidates:
        while steps.get(gap.competency, 0) < gap.gap and not _reached(
            analysis, steps, raw, target
        ):
            steps[gap.competency] = steps.get(gap.competency, 0) + 1
            raw += _step_gain(gap, total_weight)
    return tuple(
        Raise(
            g.competency,
            g.current,
            g.current + steps[g.competency],
            _step_gain(g, total_weight) * steps[g.competency],
        )
        for g in analysis.gaps
        if steps.get(g.competency, 0) > 0
    )


def _reached(
    analysis: GapAnalysis, steps: dict[str, int], raw: float, target: float
) -> bool:
    still_capped = any(
        g.critical and g.gap > steps.get(g.competency, 0) for g in analysis.gaps
    )
    value = min(raw, analysis.critical_cap) if still_capped else raw
    return value + _EPSILON >= target


def raise_impacts(
    framework: Framework, analysis: GapAnalysis, assessment: Assessment
) -> tuple[RaiseImpact, ...]:
    """Return, for each open gap, the readiness if that gap alone closed, best first."""
    impacts = []
    for gap in analysis.open_gaps:
        after = analyse_gap(
            framework,
            analysis.role,
            assessment.with_levels({gap.competency: gap.required}),
        ).readiness
        impacts.append(
            RaiseImpact(
                gap.competency,
                gap.current,
                gap.required,
                after,
                after - analysis.readiness,
            )
        )
    return tuple(sorted(impacts, key=lambda i: (-i.gain, i.competency)))
