"""The search for the best schedule: the selection model proposes, the timed model places.

A logic-based Benders loop over services/plan_milp.py's two models. The selection model (no
months, aggregate hours cuts) is a relaxation, so its optimum bounds the best readiness. If the
timed model can place every proposed action, that plan is optimal; if not, a no-good cut
forbids proposing those actions together again (unless with another of their prerequisite
actions, which could change how they fit) and the loop goes on. When the rounds or the time run
out, the last proposal is repaired (what costs least readiness is dropped until the rest can be
placed) and the gap is measured against the selection model's bound. A placement that timed out
is not proof: after such a cut the bound stays at its value before the cut, so the reported gap
is never too small.
"""

from __future__ import annotations

import math
import time
from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace

from pmopath.domain.framework import Action, Framework
from pmopath.domain.plan_checks import balance_problems
from pmopath.domain.plan_placing import exact_placement, serial_placement
from pmopath.domain.plan_schedule import (
    PlanInfeasible,
    PlanRequest,
    hours_per_month,
    readiness_with,
)
from pmopath.services.plan_milp import DEFAULT_GAP, Cut, solve

MAX_ROUNDS = 25
PLACING_SECONDS = 0.5
CORE_SECONDS = 0.3
PLACING_NODES = 3000
"""Placements the exact search tries (a few tens of milliseconds) before the timed model."""
FALLBACK_SECONDS = 0.3


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
    time_limit: float = 10.0,
    relative_gap: float = DEFAULT_GAP,
) -> Solution:
    """Return the best schedule of ``actions`` for ``request`` (empty starts when infeasible).

    ``relative_gap`` is HiGHS's stopping gap for the selection model: "optimal" means within it.
    """
    begun = time.perf_counter()

    def left() -> float:
        return time_limit - (time.perf_counter() - begun)

    cuts: list[Cut] = []
    bound: float | None = None
    proven = True  # every cut so far removed only sets that cannot be placed
    last: dict[str, int] = {}
    proposed: set[str] = set()
    rounds = 0
    reserve = min(FALLBACK_SECONDS, time_limit / 3)  # kept for the fallback, within the limit
    while rounds < MAX_ROUNDS and left() > reserve:
        rounds += 1
        proposal = solve(
            framework,
            request,
            actions,
            timed=False,
            cuts=cuts,
            time_limit=left() - reserve,
            relative_gap=relative_gap,
        )
        if not proposal.starts and proposal.status == "infeasible":
            if rounds == 1:
                return Solution({}, "infeasible", None, time.perf_counter() - begun, rounds)
            break
        if proven:
            relaxed = (proposal.readiness or 0.0) * (1 + (proposal.gap or 0.0))
            bound = relaxed if bound is None else min(bound, relaxed)
        last = proposal.starts
        proposed.update(proposal.starts)
        placed, certain = _place(framework, request, actions, proposal.starts, left() - reserve)
        if placed is not None:
            gap = proposal.gap if proven else _gap(framework, request, actions, placed, bound)
            status = proposal.status if proven else "time limit"
            return Solution(placed, status, gap, time.perf_counter() - begun, rounds)
        proven = proven and certain
        core = _core(
            framework, request, actions, proposal.starts, min(left() - reserve, CORE_SECONDS)
        )
        cuts.append(_cut(actions, core if certain else proposal.starts))
    placed = _fallback(framework, request, actions, proposed, last, max(left(), 0.05))
    gap = _gap(framework, request, actions, placed, bound)
    return Solution(placed, "time limit", gap, time.perf_counter() - begun, rounds)


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
    proposed: Collection[str],
    last: Collection[str],
    seconds: float,
) -> dict[str, int]:
    """The better of the timed model over every proposed action (briefly) and a repair."""
    pool = [a for a in actions if a.id in proposed or a.id in request.pinned]
    timed = solve(framework, request, pool, timed=True, time_limit=seconds)
    try:
        repaired = _repair(framework, request, actions, last)
    except PlanInfeasible:
        if timed.starts or not request.pinned:
            return timed.starts
        raise

    def value(starts: Collection[str]) -> float:
        chosen = [a for a in actions if a.id in starts]
        return readiness_with(framework, request.role, request.levels, chosen)

    if timed.starts and value(timed.starts) >= value(repaired):
        return timed.starts
    return repaired


def _repair(
    framework: Framework, request: PlanRequest, actions: Sequence[Action], chosen: Collection[str]
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
            found, _ = _place(framework, request, actions, keep, PLACING_SECONDS * 4)
            if found is None or balance_problems(request, [(a, 0) for a in rest]):
                raise PlanInfeasible(
                    "no plan keeping the pinned actions was found in the time the solver had",
                    "allow more time, add hours per month, move the target date, or unpin some",
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
        placed, certain = _place(framework, request, actions, trial, max(remaining, 0.01))
        if placed is None and certain:
            core = trial
    return frozenset(core)


def _cut(actions: Sequence[Action], chosen: Collection[str]) -> Cut:
    together = frozenset(chosen)
    by_id = {a.id: a for a in actions}
    helpers = {b for a in together for b in by_id[a].prerequisite_actions()} - together
    return together, frozenset(helpers)
