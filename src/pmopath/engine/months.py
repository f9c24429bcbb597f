"""The expected-months model: how long each step between two roles is expected to take a person.

The model
---------
A move from role A to role B is expected when the person is *ready* for B, and not before
they have spent the move's usual minimum time in A:

    step months = max(tenure, development) + jump

* *development* is the months of practice to become ready for B
  (``pmopath.engine.advice.months_to_ready``): the fewest level raises that bring readiness for
  B to the framework's ``ready_threshold`` (every blocker gone), each costed with
  ``months_to_level`` and grown a few at a time (``pmopath.engine.practice``). It is the same
  figure as the "ready in about N months" band (whole months, rounded up), so a direct move
  and the band agree.
  - On the first step it is worked out from the person's assessment.
  - On later steps the person is taken to hold A's requirements (they will have worked in A),
    so the figure depends on the two roles alone and is worked out once per framework.
* *tenure* is the move's ``min_months``. Only here does time served count: on the first step the
  months already in A (``months_in_role``, when the assessment's ``current_role`` is A or unset)
  come off the tenure, never off the development. A step with a gap left to close therefore
  never costs 0 months, however long someone has been in their role.
* *jump* is ``seniority_jump_months`` for each seniority level the move skips (B more than one
  level above A), unless the framework gives the move a ``jump_reason``.
* Without an assessment the person is taken to meet A's requirements on the first step too.

Each step's cost depends only on the step and the person, so a path's expected months is a sum
of edge weights, and Yen's algorithm (``pmopath.engine.paths``) returns the k best distinct
simple paths in order. ``step_months`` prices every transition of the framework for one person
at once: the later-step figures come from ``TransitionArrays`` (once per framework), and only
the moves out of the starting role are measured against the person.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from weakref import WeakKeyDictionary

import numpy as np
import numpy.typing as npt

from pmopath.domain.assessment import Assessment
from pmopath.domain.framework import Framework, Role
from pmopath.engine.advice import months_to_ready
from pmopath.engine.readiness import analyse_gap

FloatArray = npt.NDArray[np.float64]


def ready_months(framework: Framework, role: Role, levels: Mapping[str, int]) -> float:
    """Whole months of practice for someone at ``levels`` to become ready for ``role`` (rounded
    up, as the band rounds them)."""
    found = months_to_ready(analyse_gap(framework, role, Assessment(levels), what_if=False))
    return float(math.ceil(found - 1e-9)) if found > 0 else 0.0


class TransitionArrays:
    """The framework's transitions as arrays, built once per framework: origin and target
    (role indexes), tenure, jump months, and the development months of each move for someone
    who holds its origin's requirements."""

    def __init__(self, framework: Framework) -> None:
        # No reference back to the framework: the cache below is keyed weakly by it.
        roles = {role.id: n for n, role in enumerate(framework.roles)}
        transitions = framework.transitions
        self.role_index = roles
        self.source = np.array([roles[t.source] for t in transitions], dtype=np.int64)
        self.target = np.array([roles[t.target] for t in transitions], dtype=np.int64)
        self.minimum = np.array([t.min_months for t in transitions], dtype=np.float64)
        self.jump = np.array(
            [_jump_months(framework, t.source, t.target, t.jump_reason) for t in transitions],
            dtype=np.float64,
        )
        self.targets = [framework.role(t.target) for t in transitions]
        self.later = np.array(
            [
                ready_months(framework, target, framework.role(t.source).required_levels)
                for t, target in zip(transitions, self.targets, strict=True)
            ],
            dtype=np.float64,
        )


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


def step_months(framework: Framework, source: Role, assessment: Assessment | None) -> FloatArray:
    """Return the expected months of every transition (in the framework's order) for this
    person, setting out from ``source`` (see the module docstring)."""
    arrays = transition_arrays(framework)
    first = np.flatnonzero(arrays.source == arrays.role_index[source.id])
    development = arrays.later.copy()
    if assessment is not None:
        for edge in first.tolist():
            development[edge] = ready_months(framework, arrays.targets[edge], assessment.levels)
    tenure = arrays.minimum.copy()
    tenure[first] = np.maximum(0.0, tenure[first] - float(_months_served(assessment, source)))
    return np.maximum(tenure, development) + arrays.jump


def _months_served(assessment: Assessment | None, source: Role) -> int:
    """The months already served in ``source``, which count towards a first step's tenure."""
    if assessment is None or assessment.current_role not in (None, source.id):
        return 0
    return assessment.months_in_role or 0
