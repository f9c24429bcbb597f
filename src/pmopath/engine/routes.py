"""Ranked simple routes through a weighted directed graph, with an optional step limit.

Both searches are Yen's algorithm as igraph implements it (see paths.py for why igraph).
With a step limit the search runs on a layered copy of the graph, one layer per step, so that every
route it can return has at most that many steps; walks that visit a role twice are dropped.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence

import igraph
import numpy as np
import numpy.typing as npt

CANDIDATE_LIMIT = 512
"""The most ranked walks examined under a step limit before giving the best found."""

Route = list[int]


def k_shortest(
    graph: igraph.Graph, weights: npt.NDArray[np.float64], source: int, target: int, k: int
) -> list[Route]:
    """Return up to ``k`` cheapest simple routes as lists of edge ids, cheapest first."""
    with warnings.catch_warnings():
        # igraph warns when the target is unreachable; an empty answer says it already.
        warnings.filterwarnings("ignore", "Couldn't reach some vertices", RuntimeWarning)
        routes: list[Route] = graph.get_k_shortest_paths(
            source, to=target, k=k, weights=weights.tolist(), mode="out", output="epath"
        )
    return [route for route in routes if route]


def k_shortest_within(
    graph: igraph.Graph,
    weights: npt.NDArray[np.float64],
    source: int,
    target: int,
    k: int,
    max_steps: int,
    layered_cache: dict[int, igraph.Graph] | None = None,
) -> list[Route]:
    """Return up to ``k`` cheapest simple routes of at most ``max_steps`` edges.

    ``layered_cache`` keeps the layered copies of an unchanging graph between calls.
    """
    best = k_shortest(graph, weights, source, target, k)
    if all(len(route) <= max_steps for route in best):
        return best  # the k best of all routes already keep to the limit
    cache = {} if layered_cache is None else layered_cache
    layered = cache.get(max_steps)
    if layered is None:
        layered = cache[max_steps] = _layered(graph, max_steps)
    nodes = graph.vcount()
    layered_weights = np.concatenate(
        [np.tile(weights, max_steps), np.zeros(layered.ecount() - max_steps * len(weights))]
    )
    last = max_steps * nodes + target
    wanted = k
    while True:
        walks = k_shortest(layered, layered_weights, source, last, wanted)
        routes = [r for r in (_route(walk, graph, max_steps) for walk in walks) if r is not None]
        if len(routes) >= k or len(walks) < wanted or wanted >= CANDIDATE_LIMIT:
            return routes[:k]
        wanted = min(CANDIDATE_LIMIT, wanted * 4)


def _layered(graph: igraph.Graph, steps: int) -> igraph.Graph:
    """Copy the graph once per step, with a free move from every role to its last-layer copy.

    Layer ``i`` edge ``e`` gets id ``i * E + e``; the free "finish early" edges come after them,
    so a route of fewer steps still ends at the target's copy in the last layer.
    """
    nodes = graph.vcount()
    edges = np.array(graph.get_edgelist(), dtype=np.int64).reshape(-1, 2)
    layers = [edges + np.array([layer * nodes, (layer + 1) * nodes]) for layer in range(steps)]
    role = np.arange(nodes, dtype=np.int64)
    finish = [
        np.stack([layer * nodes + role, steps * nodes + role], axis=1) for layer in range(1, steps)
    ]
    all_edges = np.concatenate([*layers, *finish])
    return igraph.Graph(n=(steps + 1) * nodes, edges=all_edges.tolist(), directed=True)


def _route(walk: Sequence[int], graph: igraph.Graph, steps: int) -> Route | None:
    """Map a layered walk back to edge ids; None when it visits a role twice."""
    count = graph.ecount()
    route = [edge % count for edge in walk if edge < steps * count]
    if not route:
        return None
    roles = [graph.es[route[0]].source, *(graph.es[edge].target for edge in route)]
    return route if len(set(roles)) == len(roles) else None
