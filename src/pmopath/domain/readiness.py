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
from typing import NamedTuple

from pmopath.domain.assessment import Assessment
from pmopath.domain.errors import InvalidRequest
from pmopath.domain.framework import Framework, Role

_EPSILON = 1e-9


class CompetencyGap(NamedTuple):
    """One requirement of a role set beside the person's level.

    Gaps, raises and impacts are named tuples rather than dataclasses: a gap analysis makes
    dozens of them and must stay well under a fifth of a millisecond.
    """

    competency: str
    required: int
    current: int
    weight: float
    critical: bool
    gap: int
    """Required minus current, when positive."""

    @property
    def coverage(self) -> float:
        return min(self.current, self.required) / self.required


class Raise(NamedTuple):
    """Raising one competency from one level to another."""

    competency: str
    from_level: int
    to_level: int
    readiness_gain: float


class RaiseImpact(NamedTuple):
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
    open_gaps: tuple[CompetencyGap, ...]
    """The requirements not yet met, in the role's order."""
    total_weight: float

    @property
    def total_gap(self) -> int:
        return sum(g.gap for g in self.gaps)


def analyse_gap(framework: Framework, role: Role, assessment: Assessment) -> GapAnalysis:
    """Return the gap analysis of ``assessment`` against ``role`` (see the module docstring)."""
    levels = assessment.levels
    gaps = []
    total_weight = covered = 0.0
    for req in role.requirements:
        if req.level > 0:
            current = levels.get(req.competency, 0)
            held = current if current < req.level else req.level
            gaps.append(
                CompetencyGap(
                    req.competency, req.level, current, req.weight, req.critical, req.level - held
                )
            )
            total_weight += req.weight
            covered += req.weight * held / req.level
    open_gaps = tuple(g for g in gaps if g.gap)
    # With no gap left the role is met: exactly 100, whatever the rounding of the sum.
    raw = 100.0 * covered / total_weight if open_gaps and total_weight > 0 else 100.0
    capped_by = tuple(g.competency for g in open_gaps if g.critical)
    cap = framework.rules.critical_cap
    readiness = min(raw, cap) if capped_by else raw
    return GapAnalysis(role, tuple(gaps), raw, readiness, capped_by, cap, open_gaps, total_weight)


def _step_gain(gap: CompetencyGap, total_weight: float) -> float:
    return 100.0 * gap.weight / (gap.required * total_weight)


def raises_to_reach(analysis: GapAnalysis, target: float) -> tuple[Raise, ...]:
    """Return the smallest set of level raises that lifts readiness to ``target`` (0-100).

    Smallest means fewest single-level steps; ties prefer competencies listed first in the
    role. Raises InvalidRequest for a target outside 0-100.
    """
    if not 0 <= target <= 100:
        raise InvalidRequest(f"target readiness must be between 0 and 100, not {target:g}")
    if analysis.readiness + _EPSILON >= target:
        return ()
    total_weight = analysis.total_weight
    open_gaps = analysis.open_gaps
    steps = dict.fromkeys((g.competency for g in open_gaps), 0)
    critical_open = sum(1 for g in open_gaps if g.critical)
    raw = analysis.raw_readiness
    if target > analysis.critical_cap + _EPSILON:
        for gap in open_gaps:
            if gap.critical:
                steps[gap.competency] = gap.gap
                raw += _step_gain(gap, total_weight) * gap.gap
        critical_open = 0
    cap = analysis.critical_cap
    for gap in sorted(open_gaps, key=lambda g: -_step_gain(g, total_weight)):
        gain = _step_gain(gap, total_weight)
        while steps[gap.competency] < gap.gap:
            if (min(raw, cap) if critical_open else raw) + _EPSILON >= target:
                break
            steps[gap.competency] += 1
            raw += gain
            if gap.critical and steps[gap.competency] == gap.gap:
                critical_open -= 1
    return tuple(
        Raise(
            g.competency,
            g.current,
            g.current + steps[g.competency],
            _step_gain(g, total_weight) * steps[g.competency],
        )
        for g in open_gaps
        if steps[g.competency] > 0
    )


def raise_impacts(analysis: GapAnalysis) -> tuple[RaiseImpact, ...]:
    """Return, for each open gap, the readiness if that gap alone closed, best first."""
    total_weight = analysis.total_weight
    open_gaps = analysis.open_gaps
    critical_open = {g.competency for g in open_gaps if g.critical}
    impacts = []
    for gap in open_gaps:
        raw = analysis.raw_readiness + _step_gain(gap, total_weight) * gap.gap
        if len(open_gaps) == 1:
            raw = 100.0  # the last gap closing makes the role fully met, without rounding error
        after = min(raw, analysis.critical_cap) if critical_open - {gap.competency} else raw
        gain = after - analysis.readiness
        impacts.append(RaiseImpact(gap.competency, gap.current, gap.required, after, gain))
    return tuple(sorted(impacts, key=lambda i: (-i.gain, i.competency)))
