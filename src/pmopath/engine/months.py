"""The expected-months model: how long each step between two roles is expected to take a person.

The model
---------
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
of edge weights, and Yen's algorithm (``pmopath.engine.paths``) returns the k best distinct
simple paths in order. ``step_months`` prices every transition of the framework for one person
at once; the formula above is ``_months``, and the person's gap is ``_person_gaps``.
"""

from __future__ import annotations

from collections.abc import Mapping
from weakref import WeakKeyDictionary

import numpy as np
import numpy.typing as npt

from pmopath.domain.assessment import Assessment
from pmopath.domain.framework import Framework, Role

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


class TransitionArrays:
    """The framework's transitions as arrays, built once per framework.

    Edge ``e`` is ``transitions[e]``. Its *rises* are the competencies whose required level goes
    up along it, kept as parallel arrays (edge, competency, origin level, target level); every
    role's requirements likewise (role, competency, level). One person's step months are then a
    handful of vectorised operations.
    """

    def __init__(self, framework: Framework) -> None:
        # No reference back to the framework: the cache below is keyed weakly by it.
        roles = {role.id: n for n, role in enumerate(framework.roles)}
        named = [c.id for c in framework.competencies]
        named += [r.competency for role in framework.roles for r in role.requirements]
        self.competency_index = {c: n for n, c in enumerate(dict.fromkeys(named))}
        self.role_index = roles
        transitions = framework.transitions
        self.source = np.array([roles[t.source] for t in transitions], dtype=np.int64)
        self.target = np.array([roles[t.target] for t in transitions], dtype=np.int64)
        self.typical = np.array([t.typical_months for t in transitions], dtype=np.float64)
        self.minimum = np.array([t.min_months for t in transitions], dtype=np.float64)
        self._index_requirements(framework)
        self._index_rises(framework)

    def _index_requirements(self, framework: Framework) -> None:
        roles, competencies, levels = [], [], []
        for index, role in enumerate(framework.roles):
            for competency, level in role.required_levels.items():
                roles.append(index)
                competencies.append(self.competency_index[competency])
                levels.append(level)
        self.requirement_role = np.array(roles, dtype=np.int64)
        self.requirement_competency = np.array(competencies, dtype=np.int64)
        self.requirement_level = np.array(levels, dtype=np.float64)

    def _index_rises(self, framework: Framework) -> None:
        edges, competencies, before, after = [], [], [], []
        gaps = []
        for edge, transition in enumerate(framework.transitions):
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

    def levels_vector(self, levels: Mapping[str, int]) -> FloatArray:
        """Levels by competency index (0 where none is given; unknown competencies ignored)."""
        vector = np.zeros(len(self.competency_index), dtype=np.float64)
        for competency, level in levels.items():
            position = self.competency_index.get(competency)
            if position is not None:
                vector[position] = level
        return vector


_ARRAYS: WeakKeyDictionary[Framework, TransitionArrays] = WeakKeyDictionary()


def transition_arrays(framework: Framework) -> TransitionArrays:
    """Return the transitions of ``framework`` as arrays, built on first use and kept while the
    framework lives."""
    found = _ARRAYS.get(framework)
    if found is None:
        found = _ARRAYS[framework] = TransitionArrays(framework)
    return found


def step_months(framework: Framework, source: Role, assessment: Assessment | None) -> FloatArray:
    """Return the expected months of every transition (in the framework's order) for this
    person, setting out from ``source`` (see the module docstring)."""
    arrays = transition_arrays(framework)
    start = assessment.levels if assessment is not None else source.required_levels
    first = arrays.source == arrays.role_index[source.id]
    served = np.where(first, float(_months_served(assessment, source)), 0.0)
    person_gap = _person_gaps(arrays, arrays.levels_vector(start), first)
    return _months(arrays, person_gap, served, framework.rules.months_per_level)


def _months(
    arrays: TransitionArrays, person_gap: FloatArray, served: FloatArray, months_per_level: float
) -> FloatArray:
    """The model's formula, on every transition: the step months, less the months served."""
    adjusted = arrays.typical + months_per_level * (person_gap - arrays.typical_gap)
    return np.maximum(0.0, np.maximum(arrays.minimum, adjusted) - served)


def _person_gaps(
    arrays: TransitionArrays, have: FloatArray, first: npt.NDArray[np.bool_]
) -> FloatArray:
    """The person's gap on every transition: the level points its target requires beyond what
    they hold, which on a ``first`` step is ``have`` and on a later one the higher of ``have``
    and the origin's requirements (so only the rises count)."""
    edges = len(arrays.typical)
    short = np.maximum(
        0.0, arrays.rise_after - np.maximum(arrays.rise_before, have[arrays.rise_competency])
    )
    # bincount with weights gives float64 (numpy's stubs say integers): astype copies nothing
    later = np.bincount(arrays.rise_edge, weights=short, minlength=edges).astype(
        np.float64, copy=False
    )
    if not first.any():
        return later
    missing = np.maximum(0.0, arrays.requirement_level - have[arrays.requirement_competency])
    to_role = np.bincount(
        arrays.requirement_role, weights=missing, minlength=len(arrays.role_index)
    )
    return np.where(first, to_role[arrays.target], later)


def _months_served(assessment: Assessment | None, source: Role) -> int:
    """The months already served in ``source``, which count on the first step."""
    if assessment is None or assessment.current_role not in (None, source.id):
        return 0
    return assessment.months_in_role or 0
