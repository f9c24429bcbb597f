"""Career path search (the model is domain/paths.py's): Yen's k shortest simple paths in C
through igraph, with every step of the framework priced for one person at once in numpy.

The ``PathSearch`` port of the services (services/ports/search.py); bootstrap wires
``IgraphPathSearch``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from weakref import WeakKeyDictionary

import igraph
import numpy as np
import numpy.typing as npt

from pmopath.adapters.route_search import k_shortest, k_shortest_within
from pmopath.domain.assessment import Assessment
from pmopath.domain.framework import Framework, Role
from pmopath.domain.paths import CareerPath, Step

FloatArray = npt.NDArray[np.float64]


class IgraphPathSearch:
    """The path search port on igraph and numpy (graphs kept per framework while it lives)."""

    def find(
        self,
        framework: Framework,
        source: Role,
        target: Role,
        *,
        assessment: Assessment | None,
        k: int,
        avoid_roles: Iterable[str],
        avoid_tracks: Iterable[str],
        max_steps: int | None,
    ) -> list[CareerPath]:
        return find_paths(
            framework,
            source,
            target,
            assessment=assessment,
            k=k,
            avoid_roles=avoid_roles,
            avoid_tracks=avoid_tracks,
            max_steps=max_steps,
        )


class CareerGraph:
    """The framework's routes as arrays and an igraph graph, built once per framework.

    Edge ``e`` is ``transitions[e]``. Its *rises* are the competencies whose required level goes
    up along it, kept as parallel arrays (edge, competency, origin level, target level) so that
    one person's step costs are a handful of vectorised operations.
    """

    def __init__(self, framework: Framework) -> None:
        # No reference back to the framework: the cache below is keyed weakly by it.
        self.role_ids = [role.id for role in framework.roles]
        self.index = {role_id: n for n, role_id in enumerate(self.role_ids)}
        self.track_of = {role.id: role.track for role in framework.roles}
        named = [c.id for c in framework.competencies]
        named += [r.competency for role in framework.roles for r in role.requirements]
        self.competency_index = {c: n for n, c in enumerate(dict.fromkeys(named))}
        self.transitions = framework.transitions
        self.graph = igraph.Graph(
            n=len(self.role_ids),
            edges=[(self.index[t.source], self.index[t.target]) for t in self.transitions],
            directed=True,
        )
        self.typical = np.array([t.typical_months for t in self.transitions], dtype=np.float64)
        self.minimum = np.array([t.min_months for t in self.transitions], dtype=np.float64)
        self._index_rises(framework)
        self.layered: dict[int, igraph.Graph] = {}
        """Layered copies of ``graph`` by step limit (see route_search)."""

    def _index_rises(self, framework: Framework) -> None:
        edges, competencies, before, after = [], [], [], []
        gaps = []
        for edge, transition in enumerate(self.transitions):
            origin = framework.role(transition.source).required_levels
            target = framework.role(transition.target).required_levels
            gap = 0
            for competency, level in target.items():
                start = origin.get(competency, 0)
                if level > start:
                    edges.append(edge)
                    competencies.append(self.competency_index[competency])
                    before.append(start)
                    after.append(level)
                    gap += level - start
            gaps.append(gap)
        self.typical_gap = np.array(gaps, dtype=np.float64)
        self.rise_edge = np.array(edges, dtype=np.int64)
        self.rise_competency = np.array(competencies, dtype=np.int64)
        self.rise_before = np.array(before, dtype=np.float64)
        self.rise_after = np.array(after, dtype=np.float64)

    def levels_vector(self, levels: dict[str, int]) -> FloatArray:
        vector = np.zeros(len(self.competency_index), dtype=np.float64)
        for competency, level in levels.items():
            position = self.competency_index.get(competency)
            if position is not None:
                vector[position] = level
        return vector


_GRAPHS: WeakKeyDictionary[Framework, CareerGraph] = WeakKeyDictionary()


def career_graph(framework: Framework) -> CareerGraph:
    """Return the graph of ``framework``, built on first use and kept while it lives."""
    graph = _GRAPHS.get(framework)
    if graph is None:
        graph = _GRAPHS[framework] = CareerGraph(framework)
    return graph


def step_months(
    framework: Framework, network: CareerGraph, source: Role, assessment: Assessment | None
) -> FloatArray:
    """Return the expected months of every transition for this person, starting at ``source``.

    On a later step the person holds max(assessment, origin's requirements), so their gap to the
    target differs from the typical gap only on the rises where the assessment is above the
    origin's level: each such point is a point the person need not gain.
    """
    start = dict(assessment.levels) if assessment else dict(source.required_levels)
    levels = network.levels_vector(start)
    have = levels[network.rise_competency]
    saved_per_rise = np.clip(np.minimum(network.rise_after, have) - network.rise_before, 0, None)
    saved = np.bincount(
        network.rise_edge, weights=saved_per_rise, minlength=len(network.transitions)
    )
    per_level = framework.rules.months_per_level
    months = np.maximum(network.minimum, network.typical - per_level * saved)
    served = _months_served(assessment, source)
    for edge in network.graph.incident(network.index[source.id], mode="out"):
        target = framework.role(network.transitions[edge].target).required_levels
        person_gap = sum(max(0, level - start.get(c, 0)) for c, level in target.items())
        first = network.typical[edge] + per_level * (person_gap - network.typical_gap[edge])
        months[edge] = max(0.0, max(network.minimum[edge], first) - served)
    return months


def _months_served(assessment: Assessment | None, source: Role) -> int:
    if assessment is None or assessment.current_role not in (None, source.id):
        return 0
    return assessment.months_in_role or 0


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
    months = step_months(framework, network, source, assessment)
    graph = _without(network, _blocked_roles(network, avoid_roles, avoid_tracks, source, target))
    source_index, target_index = network.index[source.id], network.index[target.id]
    if max_steps is None:
        found = k_shortest(graph, months, source_index, target_index, k)
    else:
        cache = network.layered if graph is network.graph else None
        found = k_shortest_within(
            graph, months, source_index, target_index, k, max_steps, layered_cache=cache
        )
    return [_career_path(network, path, months) for path in found]


def _blocked_roles(
    network: CareerGraph, roles: Iterable[str], tracks: Iterable[str], *ends: Role
) -> set[str]:
    track_set = set(tracks)
    blocked = set(roles)
    blocked.update(role for role, track in network.track_of.items() if track in track_set)
    return blocked - {end.id for end in ends}


def _without(network: CareerGraph, blocked: set[str]) -> igraph.Graph:
    """Return the graph with no way through the ``blocked`` roles, keeping edge ids.

    Deleting edges would renumber them, so each edge touching a blocked role becomes a
    self-loop on its origin instead; a simple path never uses a self-loop.
    """
    if not blocked:
        return network.graph
    closed = {network.index[role] for role in blocked}
    edges = [
        (s, s) if (s in closed or t in closed) else (s, t) for s, t in network.graph.get_edgelist()
    ]
    return igraph.Graph(n=network.graph.vcount(), edges=edges, directed=True)


def _career_path(network: CareerGraph, edges: Sequence[int], months: FloatArray) -> CareerPath:
    return CareerPath(tuple(Step(network.transitions[edge], float(months[edge])) for edge in edges))
