"""Capability coverage: how many of the competency levels each PMO service needs a person is
short of (0: they can deliver it), for everyone at once.

A service (``domain.framework.Service``) needs every one of its competencies at or above a
level; a person meets it when no level is short. The store keeps these counts for everyone
(``service_coverage``) beside their readiness, refreshed by the same writes, so "who can deliver
risk management" is one index range and "who could once their plans complete" needs only the
people with plans. ``COVERAGE_VERSION`` is part of each service's stored basis.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import numpy as np

from pmopath.domain.framework import Service
from pmopath.engine.readiness import LevelRows, _level_matrix

COVERAGE_VERSION = 1
BASIS_PREFIX = "service:"
"""Services' fingerprints sit beside roles' in the readiness basis under this prefix (role ids
are snake_case, so none can clash)."""


def service_basis(service: Service) -> list[object]:
    """Everything a service's counts depend on but the levels, as plain data: the store
    fingerprints it (as ``readiness.basis`` for a role)."""
    return [COVERAGE_VERSION, service.id, sorted(service.needs.items())]


def service_gaps(
    services: Sequence[Service], people: Sequence[int], levels: LevelRows
) -> Iterator[tuple[int, str, int]]:
    """(person id, service id, needed levels short of), for each of ``people`` (ascending) and
    each service. Anyone without a level in a competency is at level 0."""
    ids = np.unique(np.asarray(people, dtype=np.int64))
    named = dict.fromkeys(c for s in services for c in s.needs)
    column = {competency: n for n, competency in enumerate(named)}
    held = _level_matrix(column, ids, levels)
    missing = {}
    for service in services:
        rows = [column[c] for c in service.needs]
        needed = np.array(list(service.needs.values()), dtype=np.float64).reshape(-1, 1)
        missing[service.id] = np.less(held[rows], needed).sum(axis=0).tolist()
    for index, person in enumerate(ids.tolist()):
        for service in services:
            yield person, service.id, int(missing[service.id][index])
