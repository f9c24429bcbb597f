"""The readiness model: how ready a person is for a role, for one person or everyone at once.

The model
---------
* Each requirement above level 0 contributes its weight times its *coverage*:
  ``min(current, required) / required``. Level 3 of a required 4 covers 3/4 of that
  competency, not 0, and levels above the requirement earn nothing extra.
* Raw readiness = 100 x sum(weight x coverage) / sum(weight); exactly 100 when no gap remains,
  whatever the rounding of the sum. A role with no requirements is 100% ready for anyone.
* The critical rule: while any *critical* competency is below its required level, readiness
  is capped at the framework's ``critical_cap`` (70 by default, below the 80% "ready"
  threshold). A person cannot look ready for a role while missing something the role cannot
  be done without. The cap is constant, so raising any level never lowers readiness, and
  readiness is 100 exactly when no gap remains.

"What gets me to N%" (``raises_to_reach``): every level step on a competency adds the same
amount of raw readiness (``level_step_gain``: ``100 x weight / (required x total weight)``), so
the fewest single-level steps that reach N are the largest steps first; when N is above the
cap, the critical gaps must close first. "What helps most" (``raise_impacts``): the readiness
if one open gap alone closed, measured by the model itself.

One implementation
------------------
``_measure`` is the model, on current levels shaped (requirement, person): one column for one
person and one per "what if this gap closed" (``analyse_gap``, many times per page: a gap
analysis must stay well under a fifth of a millisecond), blocks of thousands for the store's
figures (``readiness_table``: 100,000 people times every role). Coverage is added in the role's
order (``add.accumulate``; numpy's ``sum`` adds pairwise), so a person's figure is the same, bit
for bit, however many people are measured beside them, and equal to the plain left-to-right sum
of the same terms.

Changing the model
------------------
Edit this module and raise ``MODEL_VERSION``. The store keeps everyone's figures with a
fingerprint of ``basis`` (adapters/db/role_readiness.py), which holds the version, so figures
computed under another version are not read: they are computed here on each query until
``pmopath db upgrade`` (or the next framework activation or restore) rebuilds them. The plan
optimiser states the model as linear rows over level steps (services/optimiser/models.py, with
``level_step_gain``): a model that is not linear in level steps needs a new formulation there.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import chain, repeat
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from pmopath.domain.assessment import Assessment
from pmopath.domain.errors import InvalidRequest
from pmopath.domain.framework import Framework, Requirement, Role
from pmopath.domain.readiness import CompetencyGap, GapAnalysis, Raise, RaiseImpact

MODEL_VERSION = 1
"""Raised with every change to the figures the model gives (see "Changing the model")."""

_EPSILON = 1e-9
_BLOCK = 16_384
"""People measured at once by ``readiness_table``: a few megabytes of arrays per block."""

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

LevelRows = tuple[Sequence[int], Sequence[str], Sequence[int]]
"""Current levels as three parallel columns: person id, competency id, level. Anyone without a
level in a competency is at level 0."""


# ---- the model --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, eq=False)
class RoleModel:
    """A role's requirements above level 0, in the role's order, as columns for ``_measure``."""

    requirements: tuple[Requirement, ...]
    competencies: tuple[str, ...]
    level: FloatArray
    """Required levels, shaped (requirement, 1) to broadcast over people."""
    weight: FloatArray
    critical: BoolArray
    total_weight: float
    alone: BoolArray
    """(requirement, 1 + requirement): column 0 selects nothing, column 1 + n requirement n
    alone (the "what if this gap closed" columns of ``analyse_gap``)."""

    @classmethod
    def of(cls, role: Role) -> RoleModel:
        requirements = tuple(r for r in role.requirements if r.level > 0)
        total_weight = 0.0
        for requirement in requirements:  # in order, as the coverage is summed
            total_weight += requirement.weight
        return cls(
            requirements,
            tuple(r.competency for r in requirements),
            np.array([r.level for r in requirements], dtype=np.float64).reshape(-1, 1),
            np.array([r.weight for r in requirements], dtype=np.float64).reshape(-1, 1),
            np.array([r.critical for r in requirements], dtype=np.bool_).reshape(-1, 1),
            total_weight,
            np.eye(len(requirements), len(requirements) + 1, 1, dtype=np.bool_),
        )


class _Measure(NamedTuple):
    held: FloatArray
    """min(current, required), per requirement and person."""
    short: BoolArray
    """Below the required level, per requirement and person."""
    raw: FloatArray
    readiness: FloatArray


def _measure(model: RoleModel, current: FloatArray, critical_cap: float) -> _Measure:
    """The readiness model (module docstring) for every column of ``current`` (levels by
    requirement and person): what each person holds, what is short, raw readiness, readiness.

    Levels come as floats (whole numbers) so that no operation converts them; the ufuncs are
    called directly because a gap analysis cannot afford the methods' Python wrappers.
    """
    held = np.minimum(current, model.level)
    short = np.less(current, model.level)
    if model.total_weight > 0:
        covered = np.add.accumulate(model.weight * held / model.level, axis=0)[-1]
        raw = np.where(
            np.logical_or.reduce(short, axis=0), 100.0 * covered / model.total_weight, 100.0
        )
    else:  # nothing required (or nothing with a weight): fully covered
        raw = np.full(current.shape[1], 100.0)
    capped = np.logical_or.reduce(short & model.critical, axis=0)
    return _Measure(held, short, raw, np.where(capped, np.minimum(raw, critical_cap), raw))


def level_step_gain(gap: CompetencyGap, total_weight: float) -> float:
    """The raw readiness one level step on ``gap``'s competency adds (while it is short)."""
    return 100.0 * gap.weight / (gap.required * total_weight)


def _capped(raw: float, critical_open: bool, critical_cap: float) -> float:
    """The critical rule on one raw figure (``_measure`` applies it to many)."""
    return min(raw, critical_cap) if critical_open else raw


def basis(role: Role, critical_cap: float) -> list[object]:
    """Everything but the levels that a figure for ``role`` depends on, as plain data (in
    order): the store fingerprints it to know whether its figures are still this model's."""
    return [
        MODEL_VERSION,
        role.id,
        float(critical_cap).hex(),
        [
            [r.competency, r.level, float(r.weight).hex(), r.critical]
            for r in role.requirements
            if r.level > 0
        ],
    ]


_MODELS: dict[int, tuple[weakref.ref[Role], RoleModel]] = {}


def role_model(role: Role) -> RoleModel:
    """The role's model, made once per Role object (hashing a role costs more than a gap
    analysis' arithmetic, so the cache is by identity, and lets go of the role)."""
    key = id(role)
    found = _MODELS.get(key)
    if found is not None and found[0]() is role:
        return found[1]
    model = RoleModel.of(role)
    _MODELS[key] = (weakref.ref(role, lambda _: _MODELS.pop(key, None)), model)
    return model


# ---- one person ------------------------------------------------------------------------------


def analyse_gap(framework: Framework, role: Role, assessment: Assessment) -> GapAnalysis:
    """Return the gap analysis of ``assessment`` against ``role`` (see the module docstring),
    with the readiness if each open gap alone closed (``raise_impacts``), measured at once."""
    model = role_model(role)
    levels = assessment.levels
    current = [levels.get(competency, 0) for competency in model.competencies]
    # Column 0 is the person; column 1 + n the person with requirement n met (lowering a level
    # above the requirement to it changes nothing).
    what_if = np.where(model.alone, model.level, _column(current))
    measure = _measure(model, what_if, framework.rules.critical_cap)
    gaps = tuple(
        CompetencyGap(r.competency, r.level, level, r.weight, r.critical, r.level - int(held))
        for r, level, held in zip(
            model.requirements, current, measure.held[:, 0].tolist(), strict=True
        )
    )
    short = measure.short[:, 0].tolist()
    readiness = measure.readiness.tolist()
    open_gaps = tuple(g for g, below in zip(gaps, short, strict=True) if below)
    return GapAnalysis(
        role,
        gaps,
        float(measure.raw[0]),
        readiness[0],
        tuple(g.competency for g in open_gaps if g.critical),
        framework.rules.critical_cap,
        open_gaps,
        model.total_weight,
        tuple(after for after, below in zip(readiness[1:], short, strict=True) if below),
    )


def readiness_of(framework: Framework, role: Role, levels: Mapping[str, int]) -> float:
    """Return the readiness (0-100) of someone at ``levels`` for ``role``, and nothing else."""
    model = role_model(role)
    current = _column([levels.get(competency, 0) for competency in model.competencies])
    return float(_measure(model, current, framework.rules.critical_cap).readiness[0])


def _column(levels: Sequence[int]) -> FloatArray:
    return np.array(levels, dtype=np.float64).reshape(-1, 1)


def raises_to_reach(analysis: GapAnalysis, target: float) -> tuple[Raise, ...]:
    """Return the smallest set of level raises that lifts readiness to ``target`` (0-100).

    Smallest means fewest single-level steps; ties prefer competencies listed first in the
    role. Raises InvalidRequest for a target outside 0-100.
    """
    if not 0 <= target <= 100:
        raise InvalidRequest(f"target readiness must be between 0 and 100, not {target:g}")
    if analysis.readiness + _EPSILON >= target:
        return ()
    total_weight, cap = analysis.total_weight, analysis.critical_cap
    open_gaps = analysis.open_gaps
    steps = dict.fromkeys((g.competency for g in open_gaps), 0)
    critical_open = sum(1 for g in open_gaps if g.critical)
    raw = analysis.raw_readiness
    if target > cap + _EPSILON:
        for gap in open_gaps:
            if gap.critical:
                steps[gap.competency] = gap.gap
                raw += level_step_gain(gap, total_weight) * gap.gap
        critical_open = 0
    for gap in sorted(open_gaps, key=lambda g: -level_step_gain(g, total_weight)):
        gain = level_step_gain(gap, total_weight)
        while steps[gap.competency] < gap.gap:
            if _capped(raw, critical_open > 0, cap) + _EPSILON >= target:
                break
            steps[gap.competency] += 1
            raw += gain
            if gap.critical and steps[gap.competency] == gap.gap:
                critical_open -= 1
    return tuple(
        Raise(
            g.competency,
            g.current,
            g.current + steps[g.competency],
            level_step_gain(g, total_weight) * steps[g.competency],
        )
        for g in open_gaps
        if steps[g.competency] > 0
    )


def raise_impacts(analysis: GapAnalysis) -> tuple[RaiseImpact, ...]:
    """Return, for each open gap, the readiness if that gap alone closed, best first.

    Gains within a rounding error of each other count as equal (then by competency id).
    """
    impacts = [
        RaiseImpact(gap.competency, gap.current, gap.required, after, after - analysis.readiness)
        for gap, after in zip(analysis.open_gaps, analysis.readiness_if_closed, strict=True)
    ]
    return tuple(sorted(impacts, key=lambda i: (-round(i.gain, 9), i.competency)))


# ---- everyone at once ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ReadinessTable:
    """Readiness (0-100) of ``people`` (ascending ids) for ``roles`` (ascending ids)."""

    people: IntArray
    roles: tuple[str, ...]
    values: FloatArray
    """One row per person, one column per role."""

    def rows(self) -> Iterator[tuple[int, str, float]]:
        """(person id, role id, readiness), by person then role: primary-key order."""
        ids = self.people.tolist()
        values = self.values.ravel().tolist()
        roles = self.roles * len(ids)
        people = chain.from_iterable(map(repeat, ids, repeat(len(self.roles))))
        return zip(people, roles, values, strict=True)


def readiness_table(
    roles: Sequence[Role], critical_cap: float, people: Sequence[int], levels: LevelRows
) -> ReadinessTable:
    """Return the readiness of each of ``people`` for each of ``roles`` under ``critical_cap``:
    the very figures ``analyse_gap`` gives each of them.

    Levels of people not in ``people``, and of competencies no role requires, are ignored.
    """
    ids = np.unique(np.asarray(people, dtype=np.int64))
    chosen = sorted(roles, key=lambda role: role.id)
    models = [role_model(role) for role in chosen]
    named = dict.fromkeys(c for model in models for c in model.competencies)
    column = {competency: n for n, competency in enumerate(named)}
    held = _level_matrix(column, ids, levels)
    values = np.empty((len(ids), len(chosen)), dtype=np.float64)
    for index, model in enumerate(models):
        rows = [column[c] for c in model.competencies]
        for start in range(0, len(ids), _BLOCK):
            block = held[rows, start : start + _BLOCK]
            values[start : start + _BLOCK, index] = _measure(model, block, critical_cap).readiness
    return ReadinessTable(ids, tuple(role.id for role in chosen), values)


def _level_matrix(column: Mapping[str, int], ids: IntArray, levels: LevelRows) -> FloatArray:
    """Levels as a matrix: one row per competency in ``column``, one column per id in ``ids``
    (sorted)."""
    who = np.asarray(levels[0], dtype=np.int64)
    competency = np.asarray([column.get(c, -1) for c in levels[1]], dtype=np.int64)
    level = np.asarray(levels[2], dtype=np.float64)
    matrix = np.zeros((len(column), len(ids)), dtype=np.float64)
    if len(ids) == 0 or len(who) == 0:
        return matrix
    person = np.searchsorted(ids, who)
    keep = (competency >= 0) & (person < len(ids))
    keep[keep] = ids[person[keep]] == who[keep]
    matrix[competency[keep], person[keep]] = level[keep]
    return matrix
