"""Gap analysis and readiness of a person for a role: the values the model's answers are made of.

The readiness model itself (coverage, the weighted mean, the not-ready cap, "what gets me to N%"
and "what helps most") is documented and computed in one place, ``pmopath.engine.readiness``,
for one person and for a whole organisation alike; the bands ("ready now", "ready in about N
months", "stretch") in ``pmopath.engine.advice``.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import NamedTuple

from pmopath.domain.framework import ReadinessRules, Role


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
    core: bool = False


class BlockReason(StrEnum):
    """Why someone cannot be ready for a role yet, whatever their readiness figure."""

    CRITICAL = "critical"
    """A critical competency is below its required level."""
    CORE = "core"
    """A core competency is two or more levels below its required level."""


class Blocker(NamedTuple):
    """A gap that keeps readiness under the cap until it closes (critical) or narrows to one
    level (core)."""

    competency: str
    reason: BlockReason
    short_by: int
    levels_to_unblock: int
    """Level steps still needed before this gap stops blocking."""


class Raise(NamedTuple):
    """Raising one competency from one level to another."""

    competency: str
    from_level: int
    to_level: int
    readiness_gain: float
    """The raw readiness the raise adds (the figure before any cap)."""
    months: float = 0.0
    """Months of practice the raise takes on its own (the framework's ``months_to_level``)."""


class RaiseImpact(NamedTuple):
    """What raising one competency by one level would do."""

    competency: str
    from_level: int
    to_level: int
    readiness_after: float
    gain: float
    """Change in readiness (after the cap): 0 while a blocker remains elsewhere."""
    raw_gain: float = 0.0
    """Change in the weighted coverage before the cap: what the step adds once nothing blocks."""
    blocking: BlockReason | None = None
    """Set when the step narrows a gap that blocks readiness."""
    unblocks: bool = False
    """True when this step removes the last blocker on that competency."""


@dataclass(frozen=True, slots=True)
class GapAnalysis:
    """A person measured against a role: per-competency gaps, readiness and how to raise it."""

    role: Role
    gaps: tuple[CompetencyGap, ...]
    """Every requirement that counts (above the awareness level), in the role's order."""
    raw_readiness: float
    readiness: float
    capped_by: tuple[str, ...]
    """The competencies of ``blockers``, in the role's order."""
    critical_cap: float
    open_gaps: tuple[CompetencyGap, ...]
    """The counted requirements not yet met, in the role's order."""
    total_weight: float
    readiness_if_raised: tuple[float, ...]
    """The readiness if each open gap alone rose one level (in the order of ``open_gaps``)."""
    blockers: tuple[Blocker, ...] = ()
    awareness: tuple[CompetencyGap, ...] = ()
    """Requirements at the awareness level not yet met: shown, not counted."""
    rules: ReadinessRules = ReadinessRules()

    @property
    def blocked(self) -> bool:
        return bool(self.blockers)

    @property
    def total_gap(self) -> int:
        return sum(g.gap for g in self.gaps)


class StoredFigure(NamedTuple):
    """A person's readiness for a role as the store keeps it, with the readiness band's months
    (0: ready now; above the framework's ``stretch_months``: a stretch): what ranking the roles
    closest to someone needs, without measuring each role again."""

    readiness: float
    months: float
