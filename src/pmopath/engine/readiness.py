"""The readiness model: how ready a person is for a role, for one person or everyone at once.

The model
---------
* Only requirements above the framework's ``awareness_level`` (1: "Aware") count. Knowing the
  terms of a practice is worth listing, but a role that asks for awareness of twenty things would
  otherwise dilute the few that matter: someone two levels short on every core competency could
  score 85%.
* Each counted requirement contributes its weight times its *coverage*:
  ``min(current, required) / required``. Level 3 of a required 4 covers 3/4 of that
  competency, not 0, and levels above the requirement earn nothing extra.
* Raw readiness = 100 x sum(weight x coverage) / sum(weight); exactly 100 when no counted gap
  remains, whatever the rounding of the sum. A role with nothing counted is 100% ready for anyone.
* The gate: a person is *blocked* while a critical competency is below its required level, or a
  core competency is two or more levels below it (a role that marks no requirement core has
  every counted one core). While blocked, readiness is capped at ``critical_cap`` (70 by
  default), below the "ready" threshold (80), and the blockers are named. Nobody looks ready
  with a gap the role cannot be done with.
* Monotonic: raising a level never lowers raw readiness and never adds a blocker, and the cap is
  a constant, so raising any level never lowers readiness; meeting every requirement gives 100.

"What gets me to N%", "what helps most" and the readiness bands are ``pmopath.engine.advice``.

One implementation
------------------
``_measure`` is the model, on current levels shaped (requirement, person): one column for one
person and one per "what if this gap rose a level" (``analyse_gap``, many times per page: a gap
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
``level_step_gain`` and ``RoleModel``): a model that is not linear in level steps needs a new
formulation there.
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
from pmopath.domain.framework import Framework, ReadinessRules, Requirement, Role
from pmopath.domain.readiness import Blocker, BlockReason, CompetencyGap, GapAnalysis

MODEL_VERSION = 3
"""Raised with every change to the figures the model gives (see "Changing the model"). 3: the
store keeps each figure's band months beside it (``advice.band_months_block``)."""

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
    """A role's counted requirements (above the awareness level), in the role's order, as
    columns for ``_measure``."""

    requirements: tuple[Requirement, ...]
    competencies: tuple[str, ...]
    level: FloatArray
    """Required levels, shaped (requirement, 1) to broadcast over people."""
    weight: FloatArray
    critical: BoolArray
    core: BoolArray
    total_weight: float
    alone: FloatArray
    """(requirement, 1 + requirement): column 0 adds nothing, column 1 + n one level to
    requirement n alone (the "what if this gap rose a level" columns of ``analyse_gap``)."""
    awareness: tuple[Requirement, ...]
    """Requirements above 0 and at or below the awareness level: shown, not counted."""

    @classmethod
    def of(cls, role: Role, awareness_level: int) -> RoleModel:
        requirements = tuple(r for r in role.requirements if r.level > awareness_level)
        total_weight = 0.0
        for requirement in requirements:  # in order, as the coverage is summed
            total_weight += requirement.weight
        marked = any(r.core for r in requirements)
        return cls(
            requirements,
            tuple(r.competency for r in requirements),
            np.array([r.level for r in requirements], dtype=np.float64).reshape(-1, 1),
            np.array([r.weight for r in requirements], dtype=np.float64).reshape(-1, 1),
            np.array([r.critical for r in requirements], dtype=np.bool_).reshape(-1, 1),
            np.array([r.core or not marked for r in requirements], dtype=np.bool_).reshape(-1, 1),
            total_weight,
            np.eye(len(requirements), len(requirements) + 1, 1, dtype=np.float64),
            tuple(r for r in role.requirements if 0 < r.level <= awareness_level),
        )


class _Measure(NamedTuple):
    held: FloatArray
    """min(current, required), per requirement and person."""
    short: BoolArray
    """Below the required level, per requirement and person."""
    blocking: BoolArray
    """Short of a critical requirement, or two levels or more short of a core one."""
    raw: FloatArray
    readiness: FloatArray


def _measure(model: RoleModel, current: FloatArray, critical_cap: float) -> _Measure:
    """The readiness model (module docstring) for every column of ``current`` (levels by
    requirement and person): what each person holds, what is short and what blocks, raw
    readiness, readiness.

    Levels come as floats (whole numbers) so that no operation converts them; the ufuncs are
    called directly because a gap analysis cannot afford the methods' Python wrappers.
    """
    held = np.minimum(current, model.level)
    short = np.less(current, model.level)
    far = np.greater_equal(model.level - current, 2.0)
    blocking = np.logical_or(short & model.critical, far & model.core)
    if model.total_weight > 0:
        covered = np.add.accumulate(model.weight * held / model.level, axis=0)[-1]
        raw = np.where(
            np.logical_or.reduce(short, axis=0), 100.0 * covered / model.total_weight, 100.0
        )
    else:  # nothing counted (or nothing with a weight): fully covered
        raw = np.full(current.shape[1], 100.0)
    capped = np.logical_or.reduce(blocking, axis=0)
    readiness = np.where(capped, np.minimum(raw, critical_cap), raw)
    return _Measure(held, short, blocking, raw, readiness)


def level_step_gain(gap: CompetencyGap, total_weight: float) -> float:
    """The raw readiness one level step on ``gap``'s competency adds (while it is short)."""
    return 100.0 * gap.weight / (gap.required * total_weight)


def levels_to_unblock(gap: CompetencyGap) -> int:
    """Level steps before ``gap`` stops blocking: all of a critical gap, a core gap down to one
    level; 0 when it does not block."""
    if gap.critical:
        return gap.gap
    if gap.core and gap.gap >= 2:
        return gap.gap - 1
    return 0


def basis(role: Role, rules: ReadinessRules) -> list[object]:
    """Everything but the levels that a figure for ``role`` depends on, as plain data (in
    order): the store fingerprints it to know whether its figures are still this model's."""
    model = role_model(role, rules.awareness_level)
    return [
        MODEL_VERSION,
        role.id,
        float(rules.critical_cap).hex(),
        rules.awareness_level,
        [
            [r.competency, r.level, float(r.weight).hex(), r.critical, bool(core)]
            for r, core in zip(model.requirements, model.core[:, 0].tolist(), strict=True)
        ],
        # the band's months (advice.band_months_block) also depend on these
        float(rules.ready_threshold).hex(),
        float(rules.parallel_competencies).hex(),
        sorted((level, float(months).hex()) for level, months in rules.months_to_level.items()),
    ]


_MODELS: dict[tuple[int, int], tuple[weakref.ref[Role], RoleModel]] = {}


def role_model(role: Role, awareness_level: int) -> RoleModel:
    """The role's model, made once per Role object and awareness level (hashing a role costs
    more than a gap analysis' arithmetic, so the cache is by identity, and lets go of the role)."""
    key = (id(role), awareness_level)
    found = _MODELS.get(key)
    if found is not None and found[0]() is role:
        return found[1]
    model = RoleModel.of(role, awareness_level)
    _MODELS[key] = (weakref.ref(role, lambda _: _MODELS.pop(key, None)), model)
    return model


# ---- one person ------------------------------------------------------------------------------


def analyse_gap(
    framework: Framework, role: Role, assessment: Assessment, *, what_if: bool = True
) -> GapAnalysis:
    """Return the gap analysis of ``assessment`` against ``role`` (see the module docstring),
    with the readiness if each open gap alone rose one level, measured at once (left empty
    with ``what_if=False``, for callers that only need the gaps: the months model)."""
    rules = framework.rules
    model = role_model(role, rules.awareness_level)
    levels = assessment.levels
    current = [levels.get(competency, 0) for competency in model.competencies]
    # Column 0 is the person; column 1 + n the person one level higher on requirement n.
    columns = model.alone + _column(current) if what_if else _column(current)
    measure = _measure(model, columns, rules.critical_cap)
    gaps = tuple(
        CompetencyGap(
            r.competency, r.level, level, r.weight, r.critical, r.level - int(held), bool(core)
        )
        for r, level, held, core in zip(
            model.requirements,
            current,
            measure.held[:, 0].tolist(),
            model.core[:, 0].tolist(),
            strict=True,
        )
    )
    short = measure.short[:, 0].tolist()
    readiness = measure.readiness.tolist()
    open_gaps = tuple(g for g, below in zip(gaps, short, strict=True) if below)
    blockers = tuple(
        Blocker(
            g.competency,
            BlockReason.CRITICAL if g.critical else BlockReason.CORE,
            g.gap,
            levels_to_unblock(g),
        )
        for g, blocks in zip(gaps, measure.blocking[:, 0].tolist(), strict=True)
        if blocks
    )
    return GapAnalysis(
        role,
        gaps,
        float(measure.raw[0]),
        readiness[0],
        tuple(b.competency for b in blockers),
        rules.critical_cap,
        open_gaps,
        model.total_weight,
        tuple(after for after, below in zip(readiness[1:], short, strict=False) if below),
        blockers,
        _awareness_gaps(model, levels),
        rules,
    )


def _awareness_gaps(model: RoleModel, levels: Mapping[str, int]) -> tuple[CompetencyGap, ...]:
    found = []
    for r in model.awareness:
        level = levels.get(r.competency, 0)
        if level < r.level:
            found.append(
                CompetencyGap(r.competency, r.level, level, r.weight, r.critical, r.level - level)
            )
    return tuple(found)


def readiness_of(framework: Framework, role: Role, levels: Mapping[str, int]) -> float:
    """Return the readiness (0-100) of someone at ``levels`` for ``role``, and nothing else."""
    rules = framework.rules
    model = role_model(role, rules.awareness_level)
    current = _column([levels.get(competency, 0) for competency in model.competencies])
    return float(_measure(model, current, rules.critical_cap).readiness[0])


def _column(levels: Sequence[int]) -> FloatArray:
    return np.array(levels, dtype=np.float64).reshape(-1, 1)


# ---- everyone at once ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ReadinessTable:
    """Readiness (0-100) of ``people`` (ascending ids) for ``roles`` (ascending ids)."""

    people: IntArray
    roles: tuple[str, ...]
    values: FloatArray
    """One row per person, one column per role."""
    months: FloatArray
    """The readiness band's months (``advice.readiness_band``: 0 when ready now), shaped as
    ``values``."""

    def rows(self) -> Iterator[tuple[int, str, float, float]]:
        """(person id, role id, readiness, band months), by person then role: primary-key
        order."""
        ids = self.people.tolist()
        values = self.values.ravel().tolist()
        months = self.months.ravel().tolist()
        roles = self.roles * len(ids)
        people = chain.from_iterable(map(repeat, ids, repeat(len(self.roles))))
        return zip(people, roles, values, months, strict=True)


def readiness_table(
    roles: Sequence[Role], rules: ReadinessRules, people: Sequence[int], levels: LevelRows
) -> ReadinessTable:
    """Return the readiness of each of ``people`` for each of ``roles`` under ``rules``: the
    very figures ``analyse_gap`` gives each of them.

    Levels of people not in ``people``, and of competencies no role requires, are ignored.
    With the figures, each one's band months (``advice.band_months_block``).
    """
    from pmopath.engine.advice import band_months_block  # advice builds on this module

    ids = np.unique(np.asarray(people, dtype=np.int64))
    chosen = sorted(roles, key=lambda role: role.id)
    models = [role_model(role, rules.awareness_level) for role in chosen]
    named = dict.fromkeys(c for model in models for c in model.competencies)
    column = {competency: n for n, competency in enumerate(named)}
    held = _level_matrix(column, ids, levels)
    values = np.empty((len(ids), len(chosen)), dtype=np.float64)
    months = np.empty((len(ids), len(chosen)), dtype=np.float64)
    for index, model in enumerate(models):
        rows = [column[c] for c in model.competencies]
        for start in range(0, len(ids), _BLOCK):
            block = held[rows, start : start + _BLOCK]
            measure = _measure(model, block, rules.critical_cap)
            values[start : start + _BLOCK, index] = measure.readiness
            months[start : start + _BLOCK, index] = band_months_block(
                model,
                block,
                measure.raw,
                measure.readiness,
                np.logical_or.reduce(measure.blocking, axis=0),
                rules,
            )
    return ReadinessTable(ids, tuple(role.id for role in chosen), values, months)


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
