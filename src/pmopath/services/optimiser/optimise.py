"""Plan generation as an optimisation: choose and schedule actions for the best readiness.

The rules are in domain/plan_schedule.py, the mixed-integer model in services/optimiser/models.py.
``optimise_plan`` checks the request (clear errors saying what to relax), solves, checks the
answer against every rule (domain/plan_checks.py) and explains it:

* each item says what it raises, SMART objectives, and the readiness *without it*: the same
  schedule evaluated with the item taken out, together with any later item that needed it as a
  prerequisite (an evaluation, not a re-solve: it answers "what does this item add to this
  plan?", and costs nothing). ``explain="resolve"`` re-optimises without each item instead
  (the best plan that does not use it), at one solve per item.
* nothing that adds nothing: after solving, an unpinned action whose removal changes neither
  readiness, nor raw readiness, nor any blocker's remaining steps, and that no kept action needs
  as a prerequisite, is dropped (``dropped`` names them), unless the 70/20/10 balance asked for
  needs it: then it stays, marked ``for_balance``, so the plan shown keeps every rule.
* the plan says what it achieves beside the capped figure: raw readiness before and after and
  the blockers before and after, so a plan that cannot clear every blocker still shows its
  progress.
* with a ``goal``, the fewest months reaching it are found by bisection on the horizon: the best
  readiness never falls as the horizon grows (every plan for H months is a plan for H + 1).
  That is about log2(months) + 1 solves, each within ``time_limit``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from functools import partial
from typing import Literal, NamedTuple

from pmopath.domain.assessment import Assessment
from pmopath.domain.framework import Action, Framework
from pmopath.domain.plan_checks import (
    Scheduled,
    balance_problems,
    effort_by_category,
    hours_by_month,
    prerequisites_met,
    schedule_problems,
)
from pmopath.domain.plan_placing import left_justified
from pmopath.domain.plan_schedule import (
    Category,
    PlanInfeasible,
    PlanRequest,
    Raise,
    catalogue,
    duration_months,
    hours_per_month,
    levels_after,
    raises_in_order,
    smart_objectives,
)
from pmopath.services.optimiser.feasibility import check_request
from pmopath.services.optimiser.models import DEFAULT_GAP, readiness_with
from pmopath.services.optimiser.search import Solution, solve_schedule
from pmopath.services.ports.solver import MilpSolver

_EPSILON = 1e-6
Solver = Callable[[Framework, PlanRequest, Sequence[Action]], Solution]
INTERACTIVE_SECONDS = 0.8
"""The solver's default time: most plans are proven optimal well within it; the others come
back as the best found, with their optimality gap (status ``time limit``)."""


@dataclass(frozen=True, slots=True)
class PlannedItem:
    """One scheduled action: when, how many hours a month, what it raises and why it is there."""

    action: Action
    start_offset: int
    months: int
    start: date
    end: date
    """The first day of the action's last month: it ends by the end of that month."""
    hours_per_month: float
    raises: tuple[Raise, ...]
    objectives: tuple[str, ...]
    readiness_without: float
    pinned: bool
    raw_without: float = 0.0
    """Raw readiness (before the cap) of the same schedule without this item."""
    unblocks: tuple[str, ...] = ()
    """The blockers (competencies) the plan would still have without this item, that it has
    not with it."""
    for_balance: bool = False
    """It adds no readiness, raw readiness or blocker step: it is there for the 70/20/10
    balance the request asked for."""


@dataclass(frozen=True, slots=True)
class OptimisedPlan:
    """The optimiser's answer with its explanation."""

    request: PlanRequest
    items: tuple[PlannedItem, ...]
    readiness_before: float
    readiness: float
    status: str
    """``optimal`` (proven within the stopping gap, 1% unless asked), or ``time limit`` (the best
    plan found in the time; ``gap`` says how far from the bound it may be)."""
    gap: float | None
    """HiGHS's relative optimality gap of the last solve (0 when proven optimal)."""
    months: int
    cost: float
    effort: float
    effort_by_category: dict[Category, float]
    hours_by_month: tuple[float, ...]
    solve_seconds: float
    raw_before: float = 0.0
    raw: float = 0.0
    blockers_before: tuple[str, ...] = ()
    """The competencies blocking readiness now, in the role's order."""
    blockers_after: tuple[str, ...] = ()
    """Those still blocking once the plan is done."""
    dropped: tuple[Action, ...] = ()
    """Actions the solver chose that added nothing, left out (see the module docstring)."""


def optimise_plan(
    framework: Framework,
    request: PlanRequest,
    *,
    milp: MilpSolver,
    time_limit: float = INTERACTIVE_SECONDS,
    relative_gap: float = DEFAULT_GAP,
    explain: Literal["evaluate", "resolve"] = "evaluate",
) -> OptimisedPlan:
    """Return the schedule that maximises readiness by the horizon (or reaches ``goal`` soonest).

    Raises PlanInfeasible (an InvalidRequest) saying what to relax when no plan can meet the
    request, InvalidRequest for malformed requests.
    """
    check_request(framework, request)
    actions = catalogue(framework, request)
    solver = partial(solve_schedule, milp=milp, time_limit=time_limit, relative_gap=relative_gap)
    if request.goal is not None:
        request, solution = _fewest_months(framework, request, actions, solver)
    else:
        solution = solver(framework, request, actions)
        if not solution.starts and solution.status == "infeasible":
            raise _diagnose(framework, request, actions, solver)
    by_id = {a.id: a for a in actions}
    placed = [(by_id[a], s) for a, s in solution.starts.items()]
    problems = schedule_problems(framework, request, placed)
    if problems:
        raise RuntimeError(f"the solver's plan breaks the rules: {'; '.join(problems)}")
    schedule = sorted(
        left_justified(framework, request, placed),
        key=lambda pair: (pair[1] + duration_months(pair[0]), pair[1], pair[0].id),
    )
    schedule, dropped, for_balance = _without_idle(framework, request, schedule)
    found = _explained(framework, request, actions, schedule, solution, explain, solver)
    items = tuple(replace(i, for_balance=i.action.id in for_balance) for i in found.items)
    return replace(found, items=items, dropped=tuple(dropped))


class _Worth(NamedTuple):
    readiness: float
    raw: float
    blockers: tuple[tuple[str, int], ...]
    """Each blocker with the level steps it still needs."""


def _worth(framework: Framework, request: PlanRequest, actions: Iterable[Action]) -> _Worth:
    from pmopath.engine.readiness import analyse_gap  # numpy loads on first use

    levels = levels_after(request.levels, actions)
    found = analyse_gap(framework, request.role, Assessment(levels), what_if=False)
    blockers = tuple((b.competency, b.levels_to_unblock) for b in found.blockers)
    return _Worth(round(found.readiness, 9), round(found.raw_readiness, 9), blockers)


def _without_idle(
    framework: Framework, request: PlanRequest, schedule: Scheduled
) -> tuple[list[tuple[Action, int]], list[Action], set[str]]:
    """The schedule less every unpinned action that adds nothing (latest first), those left
    out, and those that add nothing but the 70/20/10 balance needs (kept: the plan keeps its
    rules, and says why they are there)."""
    kept = list(schedule)
    full = _worth(framework, request, (a for a, _ in kept))
    dropped: list[Action] = []
    for_balance: set[str] = set()
    for action, _start in reversed(schedule):
        if action.id in request.pinned:
            continue
        others = [(a, s) for a, s in kept if a.id != action.id]
        if not all(prerequisites_met(framework, request, a, s, others) for a, s in others):
            continue
        if _worth(framework, request, (a for a, _ in others)) != full:
            continue
        if balance_problems(request, others):
            for_balance.add(action.id)
        else:
            kept, dropped = others, [action, *dropped]
    return kept, dropped, for_balance


def _fewest_months(
    framework: Framework, request: PlanRequest, actions: Sequence[Action], solver: Solver
) -> tuple[PlanRequest, Solution]:
    goal = request.goal
    assert goal is not None
    low, high = 1, request.months
    best = solver(framework, request, actions)
    if not best.starts and best.status == "infeasible":
        raise _diagnose(framework, request, actions, solver)
    reached = readiness_with(framework, request.role, request.levels, _chosen(best, actions))
    if reached + _EPSILON < goal:
        raise PlanInfeasible(
            f"{goal:g}% readiness cannot be reached in {request.months} months "
            f"(the best plan reaches {reached:.0f}%)",
            "lower the goal, allow more months, or add hours per month or budget",
        )
    found = (request, best)
    while low < high:
        middle = (low + high) // 2
        trial = replace(request, months=middle)
        try:
            check_request(framework, trial)
        except PlanInfeasible:
            low = middle + 1
            continue
        solution = solver(framework, trial, actions)
        levels = _chosen(solution, actions)
        if readiness_with(framework, trial.role, trial.levels, levels) + _EPSILON >= goal:
            high, found = middle, (trial, solution)
        else:
            low = middle + 1
    return found


def _chosen(solution: Solution, actions: Sequence[Action]) -> list[Action]:
    return [a for a in actions if a.id in solution.starts]


def _diagnose(
    framework: Framework, request: PlanRequest, actions: Sequence[Action], solver: Solver
) -> PlanInfeasible:
    if request.balance is not None:
        unbalanced = replace(request, balance=None)
        relaxed = solver(framework, unbalanced, actions)
        if relaxed.status != "infeasible":
            return PlanInfeasible(
                "the pinned actions cannot be balanced 70/20/10 (by effort) within the tolerance",
                "widen the balance tolerance, pin actions of the missing kinds, or unpin some",
            )
    return PlanInfeasible(
        "the pinned actions do not fit together in the hours per month, budget and months given",
        "add hours per month, raise the budget, move the target date later, or unpin an action",
    )


def _explained(
    framework: Framework,
    request: PlanRequest,
    actions: Sequence[Action],
    schedule: Scheduled,
    solution: Solution,
    explain: str,
    solver: Solver,
) -> OptimisedPlan:
    ordered = [a for a, _ in schedule]
    raised = raises_in_order(request.levels, ordered)
    before, after = _worth(framework, request, ()), _worth(framework, request, ordered)
    after_blockers = {c for c, _ in after.blockers}
    items = []
    for (action, start), raises in zip(schedule, raised, strict=True):
        end = request.month(start + duration_months(action) - 1)
        left = _left_without(framework, request, schedule, action)
        if explain == "resolve":
            without = _resolved_without(framework, request, actions, action, solver)
        else:
            without = readiness_with(framework, request.role, request.levels, left)
        worth = _worth(framework, request, left)
        items.append(
            PlannedItem(
                action,
                start,
                duration_months(action),
                request.month(start),
                end,
                hours_per_month(action),
                raises,
                smart_objectives(framework, request.role, action, raises, end),
                without,
                action.id in request.pinned,
                worth.raw,
                tuple(c for c, _ in worth.blockers if c not in after_blockers),
            )
        )
    return OptimisedPlan(
        request,
        tuple(items),
        readiness_with(framework, request.role, request.levels, ()),
        readiness_with(framework, request.role, request.levels, ordered),
        solution.status,
        solution.gap,
        request.months,
        sum(a.cost for a in ordered),
        sum(a.effort_hours for a in ordered),
        effort_by_category(schedule),
        tuple(hours_by_month(request, schedule)),
        solution.seconds,
        before.raw,
        after.raw,
        tuple(c for c, _ in before.blockers),
        tuple(c for c, _ in after.blockers),
    )


def _left_without(
    framework: Framework, request: PlanRequest, schedule: Scheduled, left_out: Action
) -> list[Action]:
    """The schedule's actions without ``left_out`` and whatever then loses a prerequisite."""
    kept = [(a, s) for a, s in schedule if a.id != left_out.id]
    changed = True
    while changed:
        still = [(a, s) for a, s in kept if prerequisites_met(framework, request, a, s, kept)]
        changed = len(still) != len(kept)
        kept = still
    return [a for a, _ in kept]


def _resolved_without(
    framework: Framework,
    request: PlanRequest,
    actions: Sequence[Action],
    left_out: Action,
    solver: Solver,
) -> float:
    """The best readiness of a plan that does not use ``left_out`` (pins on it are dropped)."""
    pinned = {a: m for a, m in request.pinned.items() if a != left_out.id}
    trial = replace(request, pinned=pinned, removed=request.removed | {left_out.id})
    others = [a for a in actions if a.id != left_out.id]
    solution = solver(framework, trial, others)
    return readiness_with(framework, request.role, request.levels, _chosen(solution, others))
