"""Career paths: the k best routes between two roles, costed in expected months.

This module holds the answer (``CareerPath``, its ``Step``s and their totals). The
expected-months model that costs each step is documented and computed in one place,
``pmopath.engine.months``, and the search (Yen's k shortest paths through igraph) is
``pmopath.engine.paths``.
"""

from __future__ import annotations

from dataclasses import dataclass

from pmopath.domain.framework import Transition


@dataclass(frozen=True, slots=True)
class Step:
    transition: Transition
    expected_months: float


@dataclass(frozen=True, slots=True)
class CareerPath:
    steps: tuple[Step, ...]

    @property
    def roles(self) -> tuple[str, ...]:
        if not self.steps:
            return ()
        return (self.steps[0].transition.source, *(s.transition.target for s in self.steps))

    @property
    def total_typical_months(self) -> int:
        return sum(s.transition.typical_months for s in self.steps)

    @property
    def total_min_months(self) -> int:
        return sum(s.transition.min_months for s in self.steps)

    @property
    def expected_months(self) -> float:
        return sum(s.expected_months for s in self.steps)
