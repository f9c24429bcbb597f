"""Gap analysis and readiness of a person for a role: the values the model's answers are made of.

The readiness model itself (coverage, the weighted mean, the critical cap, "what gets me to N%"
and "what helps most") is documented and computed in one place, ``pmopath.engine.readiness``,
for one person and for a whole organisation alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from pmopath.domain.framework import Role


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
    """Every requirement above level 0, in the role's order."""
    raw_readiness: float
    readiness: float
    capped_by: tuple[str, ...]
    critical_cap: float
    open_gaps: tuple[CompetencyGap, ...]
    """The requirements not yet met, in the role's order."""
    total_weight: float
    readiness_if_closed: tuple[float, ...]
    """The readiness if each open gap alone closed (in the order of ``open_gaps``)."""

    @property
    def total_gap(self) -> int:
        return sum(g.gap for g in self.gaps)
