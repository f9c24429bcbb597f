"""Months of practice: how long gaining levels takes (the framework's ``months_to_level``).

Climbing one competency from ``a`` to ``b`` takes the months of each level ``a+1 .. b``
(``climb_months``). People grow a few competencies at once, not all of them:
``development_months`` of several climbs is the longest climb, or the total divided by
``parallel_competencies``, whichever is longer.
"""

from __future__ import annotations

from collections.abc import Sequence

from pmopath.domain.framework import ReadinessRules


def climb_months(rules: ReadinessRules, from_level: int, to_level: int) -> float:
    """Months of practice to take one competency from ``from_level`` to ``to_level``."""
    return sum(rules.months_to_level.get(k, 0.0) for k in range(from_level + 1, to_level + 1))


def development_months(rules: ReadinessRules, climbs: Sequence[float]) -> float:
    """Months to make every climb (months per competency), a few competencies at a time."""
    if not climbs:
        return 0.0
    return max(max(climbs), sum(climbs) / rules.parallel_competencies)
