"""Advice from a gap analysis: what gets someone to N%, what helps most, and their band.

"What gets me to N%" (``raises_to_reach``)
    Every level step on a counted competency adds the same raw readiness
    (``level_step_gain``: ``100 x weight / (required x total weight)``). Above the cap, the
    blockers must go first: every critical gap closes and every core gap narrows to one level.
    Then the largest steps first, so the answer is the fewest single-level steps that reach N
    (ties: the role's order). Each raise carries the months it takes on its own
    (``months_to_level``), so a raise of three levels reads as the plan it is.

"What helps most" (``raise_impacts``)
    One level at a time, never a whole gap at once: for each open gap, the readiness after one
    more level. Steps on blockers come first (critical, then core), then the rest by what they
    add, largest first. A step on a blocker may add nothing to the figure until the last blocker
    goes; it is listed with the raw readiness it adds and whether it removes its blocker.

Bands (``readiness_band``)
    *ready now*: readiness at or above the framework's ``ready_threshold`` (which a blocked
    person cannot reach). Otherwise the months to develop the fewest raises that reach the
    threshold (``months_to_ready``, with ``pmopath.engine.practice``): *ready in about N months*
    when N is at most ``stretch_months``, a *stretch* beyond. A move between roles is costed
    with the same figure (``pmopath.engine.months``), so a route and a band never disagree.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

import numpy as np

from pmopath.domain.errors import InvalidRequest
from pmopath.domain.framework import ReadinessRules
from pmopath.domain.readiness import BlockReason, GapAnalysis, Raise, RaiseImpact
from pmopath.engine.practice import climb_months, development_months
from pmopath.engine.readiness import (
    BoolArray,
    FloatArray,
    RoleModel,
    level_step_gain,
    levels_to_unblock,
)

_EPSILON = 1e-9


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
    raw = analysis.raw_readiness
    blocked = analysis.blocked
    if target > cap + _EPSILON and blocked:
        for gap in open_gaps:
            needed = levels_to_unblock(gap)
            steps[gap.competency] = needed
            raw += level_step_gain(gap, total_weight) * needed
        blocked = False
    for gap in sorted(open_gaps, key=lambda g: -level_step_gain(g, total_weight)):
        gain = level_step_gain(gap, total_weight)
        while steps[gap.competency] < gap.gap:
            reached = min(raw, cap) if blocked else raw
            if reached + _EPSILON >= target:
                break
            steps[gap.competency] += 1
            raw += gain
    rules = analysis.rules
    return tuple(
        Raise(
            g.competency,
            g.current,
            g.current + steps[g.competency],
            level_step_gain(g, total_weight) * steps[g.competency],
            climb_months(rules, g.current, g.current + steps[g.competency]),
        )
        for g in open_gaps
        if steps[g.competency] > 0
    )


def raise_impacts(analysis: GapAnalysis) -> tuple[RaiseImpact, ...]:
    """Return, for each open gap, what one more level would do: blockers first (critical, then
    core), then by readiness added, then by raw readiness added (see the module docstring)."""
    blocking = {b.competency: b for b in analysis.blockers}
    impacts = []
    for gap, after in zip(analysis.open_gaps, analysis.readiness_if_raised, strict=True):
        blocker = blocking.get(gap.competency)
        impacts.append(
            RaiseImpact(
                gap.competency,
                gap.current,
                gap.current + 1,
                after,
                after - analysis.readiness,
                level_step_gain(gap, analysis.total_weight),
                blocker.reason if blocker else None,
                blocker is not None and blocker.levels_to_unblock == 1,
            )
        )
    order = {BlockReason.CRITICAL: 0, BlockReason.CORE: 1, None: 2}
    return tuple(
        sorted(
            impacts,
            key=lambda i: (order[i.blocking], -round(i.gain, 9), -round(i.raw_gain, 9)),
        )
    )


class Band(StrEnum):
    READY_NOW = "ready_now"
    READY_IN = "ready_in"
    STRETCH = "stretch"


@dataclass(frozen=True, slots=True)
class ReadinessBand:
    """Where someone stands for a role, with the numbers behind it."""

    band: Band
    months: int
    """Months of development to reach the threshold (0 when ready now)."""
    threshold: float
    stretch_months: float
    raises: tuple[Raise, ...]
    """The fewest raises that reach the threshold: what ``months`` is worked out from."""

    @property
    def label(self) -> str:
        if self.band is Band.READY_NOW:
            return "Ready now"
        if self.band is Band.READY_IN:
            return f"Ready in about {self.months} months"
        return "Stretch"

    @property
    def explanation(self) -> str:
        threshold = f"{self.threshold:g}%"
        if self.band is Band.READY_NOW:
            return f"Readiness is at or above {threshold} and nothing blocks it."
        steps = sum(r.to_level - r.from_level for r in self.raises)
        reach = (
            f"Reaching {threshold} takes {steps} level step{'s' if steps != 1 else ''} on "
            f"{len(self.raises)} competenc{'ies' if len(self.raises) != 1 else 'y'}, "
            f"about {self.months} months of practice"
        )
        if self.band is Band.READY_IN:
            return reach + "."
        return reach + f": more than {self.stretch_months:g} months, a stretch for now."


def months_to_ready(analysis: GapAnalysis) -> float:
    """Months of practice to become ready: the development months of the fewest raises that
    reach the framework's ``ready_threshold`` (0 when ready now). The months model
    (``pmopath.engine.months``) costs every move with this figure."""
    raises = raises_to_reach(analysis, analysis.rules.ready_threshold)
    return _months_of(analysis, raises)


def readiness_band(analysis: GapAnalysis) -> ReadinessBand:
    """The band of ``analysis`` (see the module docstring)."""
    rules = analysis.rules
    threshold = rules.ready_threshold
    if analysis.readiness + _EPSILON >= threshold:
        return ReadinessBand(Band.READY_NOW, 0, threshold, rules.stretch_months, ())
    raises = raises_to_reach(analysis, threshold)
    months = max(1, math.ceil(_months_of(analysis, raises) - _EPSILON))
    band = Band.READY_IN if months <= rules.stretch_months else Band.STRETCH
    return ReadinessBand(band, months, threshold, rules.stretch_months, raises)


def stored_band(months: float, rules: ReadinessRules) -> ReadinessBand:
    """The band of a figure the store keeps (``band_months_block``'s months: 0 when ready now),
    as ``readiness_band`` gives it, without the raises behind it."""
    whole = int(months)
    if whole == 0:
        return ReadinessBand(Band.READY_NOW, 0, rules.ready_threshold, rules.stretch_months, ())
    band = Band.READY_IN if whole <= rules.stretch_months else Band.STRETCH
    return ReadinessBand(band, whole, rules.ready_threshold, rules.stretch_months, ())


def _months_of(analysis: GapAnalysis, raises: Iterable[Raise]) -> float:
    return development_months(analysis.rules, [r.months for r in raises])


# ---- everyone at once ------------------------------------------------------------------------


def band_months_block(
    model: RoleModel,
    current: FloatArray,
    raw: FloatArray,
    readiness: FloatArray,
    blocked: BoolArray,
    rules: ReadinessRules,
) -> FloatArray:
    """The band's months (``readiness_band(...).months``: 0 when ready now) of every column of
    ``current`` (levels by requirement and person), with their ``raw`` and capped
    ``readiness`` and whether they are ``blocked``: ``raises_to_reach`` and ``months_to_ready``
    step for step, on arrays (the store keeps this figure beside readiness, so that who is ready
    in a year can be read for a whole organisation at once).

    Each operation is the one the scalar code does, in the same order, so the figures are the
    same bit for bit: the blockers' steps in the role's order, then one level at a time on the
    gaps by what a step adds (largest first, ties in the role's order), months per climb from a
    table made with ``climb_months``, summed in the role's order."""
    people = current.shape[1]
    target, cap = rules.ready_threshold, rules.critical_cap
    ready = readiness + _EPSILON >= target
    if not len(model.requirements) or bool(ready.all()):
        return np.zeros(people, dtype=np.float64)
    required = model.level[:, 0].tolist()
    gains = [
        100.0 * w / (r * model.total_weight) if model.total_weight > 0 else 0.0
        for w, r in zip(model.weight[:, 0].tolist(), required, strict=True)
    ]
    if people <= _COLUMN_BY_COLUMN:
        role = _RoleLists(
            required,
            gains,
            model.critical[:, 0].tolist(),
            model.core[:, 0].tolist(),
            _climbs(rules),
        )
        return np.array(
            [
                _band_months_of_one(
                    role,
                    current[:, person].tolist(),
                    float(raw[person]),
                    bool(ready[person]),
                    bool(blocked[person]),
                    rules,
                )
                for person in range(people)
            ],
            dtype=np.float64,
        )
    held = np.minimum(current, model.level)
    gap = (model.level - held).astype(np.int64)
    steps = np.zeros_like(gap)
    raw = raw.copy()
    still_blocked = blocked.copy()
    if target > cap + _EPSILON:
        critical = model.critical[:, 0].tolist()
        core = model.core[:, 0].tolist()
        for index in range(len(required)):
            row = gap[index]
            if critical[index]:
                needed = row
            elif core[index]:
                needed = np.where(row >= 2, row - 1, 0)
            else:
                continue
            needed = np.where(blocked, needed, 0)
            steps[index] = needed
            raw = raw + gains[index] * needed
        still_blocked = np.zeros_like(blocked)
    order = sorted(range(len(required)), key=lambda i: -gains[i])
    for index in order:
        for _ in range(int(gap[index].max(initial=0))):
            reached = np.where(still_blocked, np.minimum(raw, cap), raw)
            active = (steps[index] < gap[index]) & (reached + _EPSILON < target)
            if not active.any():
                break
            steps[index] += active
            raw = np.where(active, raw + gains[index], raw)
    climbs = np.array(_climbs(rules), dtype=np.float64)
    start = current.astype(np.int64).clip(0, climbs.shape[0] - 1)
    end = (start + steps).clip(0, climbs.shape[0] - 1)
    months = climbs[start, end]  # 0.0 where no raise: adding it changes no sum
    longest = months.max(axis=0)
    total = np.add.accumulate(months, axis=0)[-1]
    development = np.maximum(longest, total / rules.parallel_competencies)
    band = np.maximum(1.0, np.ceil(development - _EPSILON))
    return np.where(ready, 0.0, band)


_COLUMN_BY_COLUMN = 4
"""Blocks of at most this many people (a write refreshing one person's figures) are worked out
one person at a time in plain Python: the same operations in the same order on the same
doubles, without numpy's cost per call, which for one person came to 40 array operations per
role."""


@dataclass(frozen=True, slots=True)
class _RoleLists:
    """A role model's columns as lists, made once for a block worked out person by person."""

    required: list[float]
    gains: list[float]
    critical: list[bool]
    core: list[bool]
    climbs: tuple[tuple[float, ...], ...]


def _band_months_of_one(
    role: _RoleLists,
    current: list[float],
    raw: float,
    ready: bool,
    blocked: bool,
    rules: ReadinessRules,
) -> float:
    """``band_months_block`` for one person, step for step."""
    if ready:
        return 0.0
    target, cap = rules.ready_threshold, rules.critical_cap
    required, gains = role.required, role.gains
    gap = [int(level - min(held, level)) for held, level in zip(current, required, strict=True)]
    steps = [0] * len(gap)
    still_blocked = blocked
    if target > cap + _EPSILON:
        critical, core = role.critical, role.core
        for index, row in enumerate(gap):
            if critical[index]:
                needed = row
            elif core[index]:
                needed = row - 1 if row >= 2 else 0
            else:
                continue
            needed = needed if blocked else 0
            steps[index] = needed
            raw = raw + gains[index] * needed
        still_blocked = False
    for index in sorted(range(len(required)), key=lambda i: -gains[i]):
        while steps[index] < gap[index]:
            reached = min(raw, cap) if still_blocked else raw
            if not reached + _EPSILON < target:
                break
            steps[index] += 1
            raw = raw + gains[index]
    climbs = role.climbs
    top = len(climbs) - 1
    months = [
        climbs[start][min(max(start + step, 0), top)]
        for start, step in zip((min(max(int(h), 0), top) for h in current), steps, strict=True)
    ]
    total = 0.0
    for month in months:
        total += month
    development = max(max(months), total / rules.parallel_competencies)
    return max(1.0, float(math.ceil(development - _EPSILON)))


def _climbs(rules: ReadinessRules) -> tuple[tuple[float, ...], ...]:
    """``climb_months(rules, a, b)`` for every pair of levels the rules name (and 0)."""
    return _climb_table(tuple(sorted(rules.months_to_level.items())))


@functools.lru_cache(maxsize=16)  # climb_months reads nothing of the rules but these
def _climb_table(months_to_level: tuple[tuple[int, float], ...]) -> tuple[tuple[float, ...], ...]:
    rules = ReadinessRules(months_to_level=dict(months_to_level))
    top = max(rules.months_to_level, default=0) + 1
    return tuple(
        tuple(climb_months(rules, a, b) if b > a else 0.0 for b in range(top)) for a in range(top)
    )
