"""Placing a chosen set of actions in months: a fast serial pass, and left-justifying a schedule.

Both only ever return schedules that keep every rule (checked with plan_checks); when the
serial pass cannot place everything, the optimiser's timed model decides whether it can be done.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from pmopath.domain.framework import Action, Framework
from pmopath.domain.plan_checks import Timing, prerequisites_met, schedule_problems
from pmopath.domain.plan_schedule import PlanRequest, duration_months, hours_per_month

_SLACK = 1e-9


def _fits(load: list[float], action: Action, start: int, capacity: float) -> bool:
    rate = hours_per_month(action)
    end = start + duration_months(action)
    return end <= len(load) and all(load[m] + rate <= capacity + _SLACK for m in range(start, end))


def serial_placement(
    framework: Framework, request: PlanRequest, actions: Sequence[Action], *, tries: int = 24
) -> dict[str, int] | None:
    """Each action at its earliest month that keeps the rules, in a few priority orders; or None.

    The orders: by earliest possible start, by hours a month, by length, then shuffles (seeded,
    so the answer is repeatable). None says only that this pass failed, not that no placement
    exists.
    """
    timing = Timing(framework, request, {a.id: a for a in actions})
    orders = [
        sorted(actions, key=lambda a: (timing.start(a.id) or 0, -hours_per_month(a), a.id)),
        sorted(actions, key=lambda a: (-hours_per_month(a), a.id)),
        sorted(actions, key=lambda a: (-duration_months(a), a.id)),
    ]
    shuffler = random.Random(len(actions))
    for _ in range(max(tries - len(orders), 0)):
        shuffled = list(actions)
        shuffler.shuffle(shuffled)
        orders.append(shuffled)
    for order in orders:
        placed = _serial(framework, request, order)
        if placed is not None:
            return placed
    return None


def _serial(
    framework: Framework, request: PlanRequest, order: Sequence[Action]
) -> dict[str, int] | None:
    load = [0.0] * request.months
    placed: list[tuple[Action, int]] = []
    waiting = list(order)
    while waiting:
        for action in waiting:
            start = _first_start(framework, request, action, placed, load)
            if start is not None:
                break
        else:
            return None
        waiting.remove(action)
        placed.append((action, start))
        for month in range(start, start + duration_months(action)):
            load[month] += hours_per_month(action)
    return {a.id: s for a, s in placed}


def _first_start(
    framework: Framework,
    request: PlanRequest,
    action: Action,
    placed: Sequence[tuple[Action, int]],
    load: list[float],
) -> int | None:
    fixed = request.pinned.get(action.id)
    months = [fixed] if fixed is not None else range(request.months)
    for start in months:
        if _fits(load, action, start, request.hours_per_month) and prerequisites_met(
            framework, request, action, start, placed
        ):
            return start
    return None


def left_justified(
    framework: Framework, request: PlanRequest, schedule: Sequence[tuple[Action, int]]
) -> list[tuple[Action, int]]:
    """Move each item (in start order) to its earliest month that keeps every rule."""
    current = sorted(schedule, key=lambda pair: (pair[1], pair[0].id))
    for index, (action, start) in enumerate(current):
        if action.id in request.pinned and request.pinned[action.id] is not None:
            continue
        for earlier in range(start):
            trial = [*current[:index], (action, earlier), *current[index + 1 :]]
            if not schedule_problems(framework, request, trial):
                current = trial
                break
    return current
