"""The expected-months model: how long each step between two roles is expected to take a person.

The model
---------
Months come from the levels still to gain, never from time alone:

* Gaining a level takes practice: ``months_to_level[k]`` months to reach level ``k`` of one
  competency (the framework's rules; by default 1, 3, 6, 9 and 12 months for levels 1 to 5).
  Climbing one competency from ``a`` to ``b`` takes the sum for ``a+1 .. b`` (``climb_months``).
* People grow several competencies at once, but not all of them: ``development_months`` of a set
  of climbs is the longest climb, or the total divided by ``parallel_competencies`` (3), whichever
  is longer.
* A step from role A to role B costs ``max(tenure, development) + jump``:
  - *development* is the development months of the levels B requires beyond what the person
    holds. On the first step that is their assessment; on later steps they are taken to hold at
    least A's requirements (they have worked in A) and anything above that from their assessment.
  - *tenure* is the move's ``min_months``, the shortest usual time in A before it. Only here does
    time served count: on the first step, the months already in A (``months_in_role``, when the
    assessment's ``current_role`` is A or unset) come off the tenure, never off the development.
    So a step with a gap never costs 0 months, however long someone has been in role.
  - *jump* is ``seniority_jump_months`` for each seniority level the move skips (B more than one
    level above A), unless the framework gives the move a ``jump_reason``.
* Without an assessment the person is taken to meet their current role's requirements.

Each step's cost depends only on the step and the person, so a path's expected months is a sum
of edge weights, and Yen's algorithm (``pmopath.engine.paths``) returns the k best distinct
simple paths in order. ``step_months`` prices every transition of the framework for one person
at once with the arrays of ``TransitionArrays``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from weakref import WeakKeyDictionary

import numpy as np
import numpy.typing as npt

from pmopath.domain.assessment import Assessment
from pmopath.domain.framework import Framework, ReadinessRules, Role

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
        rules = framework.rules
        self.source = np.array([roles[t.source] for t in transitions], dtype=np.int64)
        self.target = np.array([roles[t.target] for t in transitions], dtype=np.int64)
        self.minimum = np.array([t.min_months for t in transitions], dtype=np.float64)
        self.jump = np.array(
            [_jump_months(framework, t.source, t.target, t.jump_reason) for t in transitions],
            dtype=np.float64,
        )
        self.climb = cumulative_months(rules, framework.scale.maximum)
        self.parallel = rules.parallel_competencies
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
        for edge, transition in enumerate(framework.transitions):
            origin = framework.role(transition.source).required_levels
            target = framework.role(transition.target).required_levels
            for competency, level in target.items():
                start = origin.get(competency, 0)
                if level > start:
                    edges.append(edge)
                    competencies.append(self.competency_index[competency])
                    before.append(start)
                    after.append(level)
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


def _jump_months(framework: Framework, source: str, target: str, reason: str) -> float:
    skipped = framework.role(target).seniority - framework.role(source).seniority - 1
    if skipped <= 0 or reason:
        return 0.0
    return skipped * framework.rules.seniority_jump_months


def cumulative_months(rules: ReadinessRules, top: int) -> FloatArray:
    """Months to reach each level from 0, indexed by level (0 .. ``top``)."""
    months = [0.0]
    for level in range(1, top + 1):
        months.append(months[-1] + rules.months_to_level.get(level, 0.0))
    return np.array(months, dtype=np.float64)


def climb_months(rules: ReadinessRules, from_level: int, to_level: int) -> float:
    """Months of practice to take one competency from ``from_level`` to ``to_level``."""
    return sum(rules.months_to_level.get(k, 0.0) for k in range(from_level + 1, to_level + 1))


def development_months(rules: ReadinessRules, climbs: Sequence[float]) -> float:
    """Months to make every climb (months per competency), a few competencies at a time."""
    if not climbs:
        return 0.0
    return max(max(climbs), sum(climbs) / rules.parallel_competencies)


def step_months(framework: Framework, source: Role, assessment: Assessment | None) -> FloatArray:
    """Return the expected months of every transition (in the framework's order) for this
    person, setting out from ``source`` (see the module docstring)."""
    arrays = transition_arrays(framework)
    start = assessment.levels if assessment is not None else source.required_levels
    first = arrays.source == arrays.role_index[source.id]
    served = np.where(first, float(_months_served(assessment, source)), 0.0)
    longest, total = _climbs(arrays, arrays.levels_vector(start), first)
    development = np.maximum(longest, total / arrays.parallel)
    tenure = np.maximum(0.0, arrays.minimum - served)
    return np.maximum(tenure, development) + arrays.jump


def _climbs(
    arrays: TransitionArrays, have: FloatArray, first: npt.NDArray[np.bool_]
) -> tuple[FloatArray, FloatArray]:
    """Per transition, the longest climb and the sum of climbs (months) to its target's levels
    from what the person holds: on a ``first`` step ``have``, on a later one the higher of
    ``have`` and the origin's requirements (so only the rises count)."""
    edges = len(arrays.minimum)
    top = len(arrays.climb) - 1
    held = np.minimum(have, float(top))
    later = (
        arrays.climb[arrays.rise_after.astype(np.int64)]
        - arrays.climb[
            np.minimum(
                arrays.rise_after, np.maximum(arrays.rise_before, held[arrays.rise_competency])
            ).astype(np.int64)
        ]
    )
    longest = np.zeros(edges, dtype=np.float64)
    np.maximum.at(longest, arrays.rise_edge, later)
    # bincount with weights gives float64 (numpy's stubs say integers): astype copies nothing
    total = np.bincount(arrays.rise_edge, weights=later, minlength=edges).astype(
        np.float64, copy=False
    )
    if not first.any():
        return longest, total
    required = arrays.requirement_level
    mine = np.minimum(required, held[arrays.requirement_competency])
    climbs = arrays.climb[required.astype(np.int64)] - arrays.climb[mine.astype(np.int64)]
    roles = len(arrays.role_index)
    role_longest = np.zeros(roles, dtype=np.float64)
    np.maximum.at(role_longest, arrays.requirement_role, climbs)
    role_total = np.bincount(arrays.requirement_role, weights=climbs, minlength=roles)
    return (
        np.where(first, role_longest[arrays.target], longest),
        np.where(first, role_total[arrays.target], total),
    )


def _months_served(assessment: Assessment | None, source: Role) -> int:
    """The months already served in ``source``, which count towards a first step's tenure."""
    if assessment is None or assessment.current_role not in (None, source.id):
        return 0
    return assessment.months_in_role or 0
