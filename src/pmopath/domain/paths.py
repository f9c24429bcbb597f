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
* The first step also subtracts the months already served in the current role
  (``months_in_role``), never going below zero.
* Without an assessment the person is taken to meet their current role's requirements, so
  steps cost close to their typical months.

Each step's cost depends only on the step and the person, so a path's expected months is a sum
of edge weights and networkx's ``shortest_simple_paths`` (Yen's algorithm) returns the k best
distinct simple paths in order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from itertools import islice, pairwise
from typing import Any
from weakref import WeakKeyDictionary

import networkx as nx

from pmopath.domain.assessment import Assessment
from pmopath.domain.framework import Framework, Role, Transition

CANDIDATE_LIMIT = 2_000
"""How many ranked routes to examine when a step limit filters them."""


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
        return (
            self.steps[0].transition.source,
            *(s.transition.target for s in self.steps),
        )

    @property
    def total_typical_months(self) -> int:
        return sum(s.transition.typical_months for s in self.steps)

    @property
    def total_min_months(self) -> int:
        return sum(s.transition.min_months for s in self.steps)

    @property
    def expected_months(self) -> float:
        return sum(s.expected_months for s in self.steps)


class CareerGraph:
    """The framework's roles and transitions as a directed graph, built once per framework."""

    def __init__(self, framework: Framework) -> None:
        # No reference back to the framework: the cache below is keyed weakly by it.
        self.track_of: Mapping[str, str] = {
            role.id: role.track for role in framework.roles
        }
        graph: nx.DiGraph[str] = nx.DiGraph()
        graph.add_nodes_from(role.id for role in framework.roles)
        for transition in framework.transitions:
            origin = framework.role(transition.source)
            graph.add_edge(
                transition.source,
                transition.target,
                transition=transition,
                typical_gap=_gap(
                    origin.required_levels, framework.role(transition.target)
                ),
            )
        self.graph = graph


_GRAPHS: WeakKeyDictionary[Framework, CareerGraph] = WeakKeyDictionary()


def career_graph(framework: Framework) -> CareerGraph:
    """Return the graph of ``framework``, built on first use and kept while it lives."""
    graph = _GRAPHS.get(framework)
    if graph is None:
        graph = _GRAPHS[framework] = CareerGraph(framework)
    return graph


def _gap(levels: Mapping[str, int], target: Role) -> int:
    return sum(
        max(0, need - levels.get(c, 0)) for c, need in target.required_levels.items()
    )


def _levels_after(start: Mapping[str, int], role: Role) -> Mapping[str, int]:
    merged = dict(start)
    for competency, need in role.required_levels.items():
        if merged.get(competency, 0) < need:
            merged[competency] = need
    return merged


class _StepCost:
    """Edge weights for one person: computed lazily, each edge at most once per query."""

    def __init__(
        self, framework: Framework, source: Role, assessment: Assessment | None
    ) -> None:
        self.framework = framework
        self.source = source.id
        self.start = (
            dict(assessment.levels) if assessment else dict(source.required_levels)
        )
        self.served = (assessment.months_in_role or 0) if assessment else 0
        self.per_level = framework.rules.months_per_level
        self._cache: dict[tuple[str, str], float] = {}

    def __call__(self, origin: str, target: str, data: Mapping[str, Any]) -> float:
        key = (origin, target)
        cost = self._cache.get(key)
        if cost is None:
            cost = self._cache[key] = self.months(
                data["transition"], data["typical_gap"]
            )
        return cost

    def months(self, transition: Transition, typical_gap: int) -> float:
        fw = self.framework
        if transition.source == self.source:
            levels: Mapping[str, int] = self.start
        else:
            levels = _levels_after(self.start, fw.role(transition.source))
        person_gap = _gap(levels, fw.role(transition.target))
        months = transition.typical_months + self.per_level * (person_gap - typical_gap)
        months = max(float(transition.min_months), months)
        if transition.source == self.source:
            months = max(0.0, months - self.served)
        return months


def find_paths(
    framework: Framework,
    source: Role,
    target: Role,
    *,
    assessment: Assessment | None = None,
    k: int = 3,
    avoid_roles: Iterable[str] = (),
    avoid_tracks: Iterable[str] = (),
    max_steps: int | None = None,
) -> list[CareerPath]:
    """Return up to ``k`` distinct paths from ``source`` to ``target``, best first.

    Avoided roles and tracks never apply to the two ends. An empty list means no route.
    """
    network = career_graph(framework)
    blocked = _blocked_roles(network, avoid_roles, avoid_tracks) - {
        source.id,
        target.id,
    }
    view = nx.restricted_view(network.graph, blocked, []) if blocked else network.graph
    cost = _StepCost(framework, source, assessment)
    try:
        ranked = nx.shortest_simple_paths(view, source.id, target.id, weight=cost)
        if max_steps is not None:
            ranked = (
                p for p in islice(ranked, CANDIDATE_LIMIT) if len(p) - 1 <= max_steps
            )
        chosen = list(islice(ranked, k))
    except nx.NetworkXNoPath:
        return []
    return [_career_path(network.graph, nodes, cost) for nodes in chosen]


def _blocked_roles(
    network: CareerGraph, roles: Iterable[str], tracks: Iterable[str]
) -> set[str]:
    track_set = set(tracks)
    blocked = set(roles)
    blocked.update(
        role for role, track in network.track_of.items() if track in track_set
    )
    return blocked


def _career_path(
    graph: nx.DiGraph[str],
    nodes: list[str],
    cost: Callable[[str, str, Mapping[str, Any]], float],
) -> CareerPath:
    steps = []
    for origin, target in pairwise(nodes):
        data = graph.edges[origin, target]
        steps.append(Step(data["transition"], cost(origin, target, data)))
    return CareerPath(tuple(steps))
