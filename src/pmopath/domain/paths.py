"""Career paths: the k best routes between two roles, costed in expected months.

The expected-months model
-------------------------
A transition's ``typical_months`` is how long someone usually spends in the origin role
before the move, and during that time they usually close the *typical gap*: the level points
by which the target role's requirements exceed the origin role's. A particular person is
faster or slower according to how their own gap compares:

    step months = max(min_months,
                      typical_months + months_per_level x (person's gap - typical gap))

* The person's gap for a step from role A to role B counts the level points B requires beyond
  what the person has. On the first step that is their assessment; on later steps they are
  taken to hold at least A's requirements (they have worked in A) and anything above that
  from their assessment. Skills above the requirements shorten a step; missing ones lengthen
  it; no step is shorter than its ``min_months``.
* The first step also subtracts the months already served in the starting role
  (``months_in_role``, when the assessment's ``current_role`` is that role or unset), never
  going below zero. Time in another role does not shorten a move out of this one.
* Without an assessment the person is taken to meet their current role's requirements, so
  steps cost close to their typical months.

Each step's cost depends only on the step and the person, so a path's expected months is a sum
of edge weights, and Yen's algorithm returns the k best distinct simple paths in order.

Where the search is
-------------------
This module holds the model and its answer (``CareerPath``). The search itself (Yen's algorithm
in C through igraph, with every step priced at once in numpy) is an adapter,
``pmopath.adapters.path_search``, behind the ``PathSearch`` port of the services: STYLE.md keeps
the domain to the standard library, and networkx's pure-Python Yen's algorithm missed the
engine's 20 ms target (40 ms median, 72 ms p95 for k=3 on a 1,000-role, 18,000-transition
framework).
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
