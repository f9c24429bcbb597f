"""The search for the best schedule: the selection model proposes, the timed model places.

A logic-based Benders loop over services/optimiser/models.py's two models. The selection model (no
months, aggregate hours cuts) is a relaxation, so its optimum bounds the best readiness. If the
timed model can place every proposed action, that plan is optimal; if not, a no-good cut
forbids proposing those actions together again (unless with another of their prerequisite
actions, which could change how they fit) and the loop goes on. When the rounds or the time run
out, the fallback keeps the better of a repair of the last proposal (what costs least readiness
is dropped until the rest fits) and the first proposal that fits when the selection model may
use only 90%, 80%, ... of the hours; the gap is measured against the selection model's bound.
A placement that timed out is not proof: after such a cut the bound stays at its value before
the cut, so the reported gap is never too small.
"""

from __future__ import annotations

import math
import time
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field, replace

from pmopath.domain.framework import Action, Framework
from pmopath.domain.plan_checks import balance_problems
from pmopath.domain.plan_placing import exact_placement, serial_placement
from pmopath.domain.plan_schedule import PlanInfeasible, PlanRequest, hours_per_month
from pmopath.services.optimiser.models import DEFAULT_GAP, Cut, readiness_with, solve
from pmopath.services.ports.solver import MilpSolver

MAX_ROUNDS = 25
PLACING_SECONDS = 0.5
CORE_SECONDS = 0.3
PLACING_NODES = 3000
"""Placements the exact search tries (a few tens of milliseconds) before the timed model."""
FALLBACK_SECONDS = 0.3
SQUEEZES = (0.9, 0.8, 0.65, 0.5)
"""Shares of the hours the fallback's proposals may use, tried in turn until one fits."""


@dataclass(frozen=True, slots=True)
class Solution:
    """Start months by action id, with what the solver said about them."""

    starts: dict[str, int]
    status: str
    """``optimal``, ``time limit`` (best found; see ``gap``) or ``infeasible``."""
    gap: float | None
    """Relative optimality gap on the readiness objective (0: proven optimal)."""
    seconds: float
    rounds: int


def solve_schedule(
    framework: Framework,
    request: PlanRequest,
    actions: Sequence[Action],
    *,
    milp: MilpSolver,
    time_limit: float = 10.0,
    relative_gap: float = DEFAULT_GAP,
) -> Solution:
    """Return the best schedule of ``actions`` for ``request`` (empty starts when infeasible).

    ``relative_gap`` is HiGHS's stopping gap for the selection model: "optimal" means within it.
    """
    loop = _Loop(framework, request, actions, time_limit, relative_gap, milp)
    while loop.rounds < MAX_ROUNDS and loop.left() > loop.reserve:
        done = loop.round()
        if done is not None:
            return done
    placed = _fallback(framework, request, actions, loop, max(loop.left(), 0.05))
    gap = _gap(framework, request, actions, placed, loop.bound)
    return Solution(placed, "time limit", gap, loop.seconds(), loop.rounds)


@dataclass
class _Loop:
    """The state of the Benders loop: cuts so far, the bound, and the last proposal."""

    framework: Framework
    request: PlanRequest
    actions: Sequence[Action]
    time_limit: float
    relative_gap: float
    milp: MilpSolver
    begun: float = field(default_factory=time.perf_counter)
    cuts: list[Cut] = field(default_factory=list)
    bound: float | None = None
    proven: bool = True
    """Every cut so far removed only sets that cannot be placed (so the bound holds)."""
    last: dict[str, int] = field(default_factory=dict)
    rounds: int = 0

    @property
    def reserve(self) -> float:
        """Seconds kept for the fallback, within the limit."""
        return min(FALLBACK_SECONDS, self.time_limit / 3)

    def seconds(self) -> float:
        return time.perf_counter() - self.begun

    def left(self) -> float:
        return self.time_limit - self.seconds()

    def round(self) -> Solution | None:
        """Propose, try to place; the answer if placed (or proven infeasible), else None."""
        self.rounds += 1
        fw, request, actions = self.framework, self.request, self.actions
        proposal = solve(
            fw,
            request,
            actions,
            timed=False,
            milp=self.milp,
            cuts=self.cuts,
            time_limit=self.left() - self.reserve,
            relative_gap=self.relative_gap,
        )
        if not proposal.starts and proposal.status == "infeasible":
            if self.rounds == 1:
                return Solution({}, "infeasible", None, self.seconds(), self.rounds)
            self.rounds = MAX_ROUNDS  # every selection is cut: go to the fallback
            return None
        if self.proven:
            relaxed = (proposal.readiness or 0.0) * (1 + (proposal.gap or 0.0))
            self.bound = relaxed if self.bound is None else min(self.bound, relaxed)
        self.last = proposal.starts
        placed, certain = _place(
            fw, request, actions, proposal.starts, self.left() - self.reserve, self.milp
        )
        if placed is not None:
            if self.proven:
                return Solution(placed, proposal.status, proposal.gap, self.seconds(), self.rounds)
            gap = _gap(fw, request, actions, placed, self.bound)
            return Solution(placed, "time limit", gap, self.seconds(), self.rounds)
        self.proven = self.proven and certain
        together: Collection[str] = proposal.starts
        if certain:
            seconds = min(self.left() - self.reserve, CORE_SECONDS)
            together = _core(fw, request, actions, proposal.starts, seconds, self.milp)
        self.cuts.append(_cut(actions, together))
        return None


def _gap(
    framework: Framework,
    request: PlanRequest,
    actions: Sequence[Action],
    starts: Collection[str],
    bound: float | None,
) -> float | None:
    if bound is None or bound <= 0:
        return None
    chosen = [a for a in actions if a.id in starts]
    reached = readiness_with(framework, request.role, request.levels, chosen)
    return max((bound - reached) / bound, 0.0)


def _place(
    framework: Framework,
    request: PlanRequest,
    actions: Sequence[Action],
    chosen: Collection[str],
    left: float,
    milp: MilpSolver,
) -> tuple[dict[str, int] | None, bool]:
    """Start months for exactly ``chosen``, or None; and whether a None is proven."""
    subset = [a for a in actions if a.id in chosen]
    quick = serial_placement(framework, request, subset)
    if quick is not None:
        return quick, True
    exact, certain = exact_placement(framework, request, subset, node_limit=PLACING_NODES)
    if certain:
        return exact, True
    placing = replace(
        request,
        pinned={a.id: request.pinned.get(a.id) for a in subset},
        balance=None,
        budget=math.inf,
    )
    outcome = solve(
        framework,
        placing,
        subset,
        timed=True,
        milp=milp,
        readiness=False,
        time_limit=min(left, PLACING_SECONDS),
    )
    if len(outcome.starts) == len(subset):
        return outcome.starts, True
    return None, outcome.status == "infeasible"


def _fallback(
    framework: Framework,
    request: PlanRequest,
    actions: Sequence[Action],
    loop: _Loop,
    seconds: float,
) -> dict[str, int]:
    """The best of a repair of the last proposal and proposals with squeezed hours that fit."""
    begun = time.perf_counter()
    best = _repair(framework, request, actions, loop.last, loop.milp)

    def value(starts: Collection[str]) -> float:
        chosen = [a for a in actions if a.id in starts]
        return readiness_with(framework, request.role, request.levels, chosen)

    for squeeze in SQUEEZES:
        left = seconds - (time.perf_counter() - begun)
        if left <= 0:
            break
        proposal = solve(
            framework,
            request,
            actions,
            timed=False,
            milp=loop.milp,
            cuts=loop.cuts,
            squeeze=squeeze,
            time_limit=left,
        )
        if not proposal.starts:
            continue
        left = seconds - (time.perf_counter() - begun)
        placed, _ = _place(framework, request, actions, proposal.starts, max(left, 0.01), loop.milp)
        if placed is not None:
            return placed if value(placed) > value(best) else best
    return best


def _repair(
    framework: Framework,
    request: PlanRequest,
    actions: Sequence[Action],
    chosen: Collection[str],
    milp: MilpSolver,
) -> dict[str, int]:
    """Drop from ``chosen`` what costs least readiness until the rest is balanced and placed.

    Drops that keep the balance come first; the pinned actions are never dropped.
    """
    keep = {a.id: a for a in actions if a.id in chosen or a.id in request.pinned}
    while True:
        rest = list(keep.values())
        if not balance_problems(request, [(a, 0) for a in rest]):
            placed = serial_placement(framework, request, rest, tries=6)
            if placed is not None:
                return placed
        droppable = [a for a in keep if a not in request.pinned]
        if not droppable:
            found, _ = _place(framework, request, actions, keep, PLACING_SECONDS * 4, milp)
            if found is None or balance_problems(request, [(a, 0) for a in rest]):
                raise PlanInfeasible(
                    "no plan keeping the pinned actions (and the balance of learning) was found",
                    "unpin some, allow a removed action again, turn the balance off, add hours "
                    "per month, or move the target date later",
                )
            return found

        def loss(action_id: str) -> tuple[bool, float, str]:
            others = [a for a in keep.values() if a.id != action_id]
            unbalanced = bool(balance_problems(request, [(a, 0) for a in others]))
            reached = readiness_with(framework, request.role, request.levels, others)
            return (unbalanced, -reached, action_id)

        del keep[min(droppable, key=loss)]


def _core(
    framework: Framework,
    request: PlanRequest,
    actions: Sequence[Action],
    chosen: Collection[str],
    seconds: float,
    milp: MilpSolver,
) -> frozenset[str]:
    """A smaller set that still cannot be placed (deletion filter, within ``seconds``).

    Its cut forbids far more proposals. An action another one needs stays, so what is left
    fails for lack of hours, not of a prerequisite.
    """
    begun = time.perf_counter()
    by_id = {a.id: a for a in actions}
    core = set(chosen)
    for action_id in sorted(core, key=lambda a: (hours_per_month(by_id[a]), a)):
        if time.perf_counter() - begun > seconds:
            break
        if any(action_id in by_id[a].prerequisite_actions() for a in core - {action_id}):
            continue
        trial = core - {action_id}
        remaining = seconds - (time.perf_counter() - begun)
        placed, certain = _place(framework, request, actions, trial, max(remaining, 0.01), milp)
        if placed is None and certain:
            core = trial
    return frozenset(core)


def _cut(actions: Sequence[Action], chosen: Collection[str]) -> Cut:
    together = frozenset(chosen)
    by_id = {a.id: a for a in actions}
    helpers = {b for a in together for b in by_id[a].prerequisite_actions()} - together
    return together, frozenset(helpers)
