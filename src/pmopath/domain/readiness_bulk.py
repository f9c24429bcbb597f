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

numpy is allowed here by the import contract in pyproject.toml, as in ``paths``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import repeat

import numpy as np
from numpy.typing import NDArray

from pmopath.domain.framework import Framework, Role

LevelColumn = tuple[Sequence[int], Sequence[int]]
"""One competency's levels: (person ids, levels), in any order; anyone absent is at level 0."""


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
        people = (person for person in ids for _ in repeat(None, len(self.roles)))
        return zip(people, roles, values, strict=True)


def readiness_table(
    framework: Framework, people: Sequence[int], levels: Mapping[str, LevelColumn]
) -> ReadinessTable:
    """Return everyone's readiness for every role, exactly as ``analyse_gap`` computes it.

    ``levels`` maps a competency to its column of current levels; competencies the framework
    does not require are ignored, as are people not in ``people``.
    """
    ids = np.unique(np.asarray(people, dtype=np.int64))
    held = {
        competency: _column(ids, column)
        for competency, column in levels.items()
        if competency in framework.competencies_by_id
    }
    roles = sorted(framework.roles, key=lambda role: role.id)
    values = np.empty((len(ids), len(roles)), dtype=np.float64)
    zero = np.zeros(len(ids), dtype=np.int64)
    for index, role in enumerate(roles):
        values[:, index] = _role_readiness(role, framework.rules.critical_cap, held, zero, len(ids))
    return ReadinessTable(ids, tuple(role.id for role in roles), values)


def _column(ids: NDArray[np.int64], column: LevelColumn) -> NDArray[np.int64]:
    """The competency's level for each of ``ids`` (0 where it has none)."""
    who = np.asarray(column[0], dtype=np.int64)
    level = np.asarray(column[1], dtype=np.int64)
    out = np.zeros(len(ids), dtype=np.int64)
    if len(ids) == 0 or len(who) == 0:
        return out
    where = np.searchsorted(ids, who)
    known = where < len(ids)
    known[known] = ids[where[known]] == who[known]
    out[where[known]] = level[known]
    return out


def _role_readiness(
    role: Role,
    critical_cap: float,
    held: Mapping[str, NDArray[np.int64]],
    zero: NDArray[np.int64],
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
        current = held.get(req.competency, zero)
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
