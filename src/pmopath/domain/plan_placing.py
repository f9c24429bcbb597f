"""Placing a chosen set of actions in months: a fast serial pass, and left-justifying a schedule.

Both only ever return schedules that keep every rule (checked with plan_checks); when the
serial pass cannot place everything, the optimiser's timed model decides whether it can be done.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from pmopath.domain.framework import Action, Framework
from pmopath.domain.plan_checks import Timing, schedule_problems
from pmopath.domain.plan_schedule import (
    PlanRequest,
    duration_months,
    gate_offset,
    hours_per_month,
    plan_options,
)

_SLACK = 1e-9


class _Rules:
    """The placement rules of a set of actions, worked out once: rates, lengths, options."""

    def __init__(self, framework: Framework, request: PlanRequest, actions: Sequence[Action]):
        self.request = request
        self.capacity = request.hours_per_month + _SLACK
        self.rate = {a.id: hours_per_month(a) for a in actions}
        self.length = {a.id: duration_months(a) for a in actions}
        self.options = {
            a.id: [
                (max(0, o.earliest - gate_offset(a, 0)), o.all_of, o.any_of)
                for o in plan_options(framework, a, request)
            ]
            for a in actions
        }

    def first_start(self, action: Action, ends: dict[str, int], load: list[float]) -> int | None:
        """The earliest month ``action`` fits, given the ends (month after) of those placed."""
        lowest = None
        held = self.request.held
        for earliest, all_of, any_of in self.options[action.id]:
            if not all(b in ends or b in held for b in all_of):
                continue
            bound = max([earliest, *(ends.get(b, 0) for b in all_of)])
            if any_of and not any(b in held for b in any_of):
                done = [ends[b] for b in any_of if b in ends]
                if not done:
                    continue
                bound = max(bound, min(done))
            lowest = bound if lowest is None else min(lowest, bound)
        if lowest is None:
            return None
        fixed = self.request.pinned.get(action.id)
        rate, length = self.rate[action.id], self.length[action.id]
        months = [fixed] if fixed is not None and fixed >= lowest else range(lowest, len(load))
        if fixed is not None and fixed < lowest:
            return None
        for start in months:
            end = start + length
            if end <= len(load) and all(load[m] + rate <= self.capacity for m in range(start, end)):
                return start
        return None

    def place(self, action: Action, start: int, ends: dict[str, int], load: list[float]) -> None:
        ends[action.id] = start + self.length[action.id]
        for month in range(start, start + self.length[action.id]):
            load[month] += self.rate[action.id]


def serial_placement(
    framework: Framework, request: PlanRequest, actions: Sequence[Action], *, tries: int = 24
) -> dict[str, int] | None:
    """Each action at its earliest month that keeps the rules, in a few priority orders; or None.

    The orders: by earliest possible start, by hours a month, by length, then shuffles (seeded,
    so the answer is repeatable). None says only that this pass failed, not that no placement
    exists.
    """
    rules = _Rules(framework, request, actions)
    timing = Timing(framework, request, {a.id: a for a in actions})
    orders = [
        sorted(actions, key=lambda a: (timing.start(a.id) or 0, -rules.rate[a.id], a.id)),
        sorted(actions, key=lambda a: (-rules.rate[a.id], a.id)),
        sorted(actions, key=lambda a: (-rules.length[a.id], a.id)),
    ]
    shuffler = random.Random(len(actions))
    for _ in range(max(tries - len(orders), 0)):
        shuffled = list(actions)
        shuffler.shuffle(shuffled)
        orders.append(shuffled)
    for order in orders:
        placed = _serial(rules, order)
        if placed is not None:
            return placed
    return None


def _serial(rules: _Rules, order: Sequence[Action]) -> dict[str, int] | None:
    load = [0.0] * rules.request.months
    ends: dict[str, int] = {}
    waiting = list(order)
    while waiting:
        for action in waiting:
            start = rules.first_start(action, ends, load)
            if start is not None:
                break
        else:
            return None
        waiting.remove(action)
        rules.place(action, start, ends, load)
    return {a: end - rules.length[a] for a, end in ends.items()}


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


class _Search:
    """Depth-first search over the order in which a serial pass places the actions.

    Every action goes at its earliest month that keeps the rules, given those placed before it.
    Such serial passes over every order give every schedule that cannot be shifted earlier
    ("active" schedules), and if any placement exists an active one does (shifting an action
    earlier never breaks its own prerequisites, nor the end-before-start of those after it, and
    every deadline is the same), so trying every order decides the question. States already
    seen (the same actions in the same months) are not searched twice; the search gives up
    after ``limit`` placements.
    """

    def __init__(self, rules: _Rules, actions: Sequence[Action], limit: int) -> None:
        self.rules, self.actions = rules, actions
        self.nodes, self.limit = 0, limit
        self.seen: set[frozenset[tuple[str, int]]] = set()

    def run(self, ends: dict[str, int], load: list[float]) -> dict[str, int] | None:
        waiting = [a for a in self.actions if a.id not in ends]
        if not waiting:
            return ends
        key = frozenset(ends.items())
        free = sum(self.rules.capacity - h for h in load)
        if key in self.seen or sum(a.effort_hours for a in waiting) > free:
            return None
        self.seen.add(key)
        for action in waiting:
            self.nodes += 1
            if self.nodes > self.limit:
                raise _GaveUp
            start = self.rules.first_start(action, ends, load)
            if start is None:
                continue
            after_ends, after_load = dict(ends), list(load)
            self.rules.place(action, start, after_ends, after_load)
            found = self.run(after_ends, after_load)
            if found is not None:
                return found
        return None


class _GaveUp(Exception):
    pass


def exact_placement(
    framework: Framework, request: PlanRequest, actions: Sequence[Action], node_limit: int = 20000
) -> tuple[dict[str, int] | None, bool]:
    """Start months for all ``actions`` or None, and whether that answer is certain.

    Not certain only when the search gave up after ``node_limit`` placements.
    """
    rules = _Rules(framework, request, actions)
    try:
        found = _Search(rules, actions, node_limit).run({}, [0.0] * request.months)
    except _GaveUp:
        return None, False
    if found is None:
        return None, True
    return {a: end - rules.length[a] for a, end in found.items()}, True
