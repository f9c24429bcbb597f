"""Readiness of many people for every role at once: ``readiness.analyse_gap``, vectorised.

The store keeps everyone's readiness for every role of the active framework (so that "who is
at least 80% ready for role X" is an index range), and recomputes it for the whole
organisation when the active framework changes or an archive is restored: 100,000 people
times two dozen roles is two million figures, far too many for ``analyse_gap`` one person at
a time (about 100 seconds), and a few seconds here.

The figures are the *same* floating-point numbers ``analyse_gap`` gives, not merely close:
each requirement's coverage is added to the running sum in the role's order with the same
operations (``weight x held / required``, then ``100 x covered / total weight``), and IEEE
arithmetic on numpy's float64 rounds each of them exactly as Python's float does. Tests
compare the two bit for bit.

It is numerical work on arrays (numpy), so it lives with the store's adapters: STYLE.md keeps
the domain to the standard library.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from itertools import chain, repeat

import numpy as np
from numpy.typing import NDArray

from pmopath.domain.framework import Framework, Role

LevelRows = tuple[Sequence[int], Sequence[str], Sequence[int]]
"""Current levels as three parallel columns: person id, competency id, level. Anyone without a
level in a competency is at level 0."""


@dataclass(frozen=True, slots=True)
class ReadinessTable:
    """Readiness (0-100) of ``people`` (ascending ids) for ``roles`` (ascending ids)."""

    people: NDArray[np.int64]
    roles: tuple[str, ...]
    values: NDArray[np.float64]
    """One row per person, one column per role."""

    def rows(self) -> Iterator[tuple[int, str, float]]:
        """(person id, role id, readiness), by person then role: primary-key order."""
        ids = self.people.tolist()
        values = self.values.ravel().tolist()
        roles = self.roles * len(ids)
        people = chain.from_iterable(map(repeat, ids, repeat(len(self.roles))))
        return zip(people, roles, values, strict=True)


def readiness_table(
    framework: Framework, people: Sequence[int], levels: LevelRows
) -> ReadinessTable:
    """Return everyone's readiness for every role, exactly as ``analyse_gap`` computes it.

    Levels of competencies the framework does not have, and of people not in ``people``, are
    ignored.
    """
    ids = np.unique(np.asarray(people, dtype=np.int64))
    held = _level_matrix(framework, ids, levels)
    column = {c.id: i for i, c in enumerate(framework.competencies)}
    roles = sorted(framework.roles, key=lambda role: role.id)
    values = np.empty((len(ids), len(roles)), dtype=np.float64)
    zero = np.zeros(len(ids), dtype=np.int64)
    for index, role in enumerate(roles):
        values[:, index] = _role_readiness(
            role,
            framework.rules.critical_cap,
            lambda competency: held[:, column[competency]] if competency in column else zero,
            len(ids),
        )
    return ReadinessTable(ids, tuple(role.id for role in roles), values)


def _level_matrix(
    framework: Framework, ids: NDArray[np.int64], levels: LevelRows
) -> NDArray[np.int64]:
    """Levels as a matrix: one row per id in ``ids`` (sorted), one column per competency."""
    code = {c.id: i for i, c in enumerate(framework.competencies)}
    who = np.asarray(levels[0], dtype=np.int64)
    competency = np.asarray([code.get(c, -1) for c in levels[1]], dtype=np.int64)
    level = np.asarray(levels[2], dtype=np.int64)
    matrix = np.zeros((len(ids), len(code)), dtype=np.int64)
    if len(ids) == 0 or len(who) == 0:
        return matrix
    row = np.searchsorted(ids, who)
    keep = (competency >= 0) & (row < len(ids))
    keep[keep] = ids[row[keep]] == who[keep]
    matrix[row[keep], competency[keep]] = level[keep]
    return matrix


def _role_readiness(
    role: Role,
    critical_cap: float,
    held: Callable[[str], NDArray[np.int64]],
    count: int,
) -> NDArray[np.float64]:
    """One role's readiness for everyone: the loop of ``analyse_gap``, over arrays."""
    covered = np.zeros(count, dtype=np.float64)
    total_weight = 0.0
    any_open = np.zeros(count, dtype=bool)
    capped = np.zeros(count, dtype=bool)
    for req in role.requirements:
        if req.level <= 0:
            continue
        current = held(req.competency)
        met = np.minimum(current, req.level)
        total_weight += req.weight
        covered += req.weight * met / req.level
        short = current < req.level
        any_open |= short
        if req.critical:
            capped |= short
    if total_weight > 0:
        raw = np.where(any_open, 100.0 * covered / total_weight, 100.0)
    else:
        raw = np.full(count, 100.0)
    return np.where(capped, np.minimum(raw, critical_cap), raw)
