"""Checks a scheduled plan against every rule of plan_schedule.py; no solver involved.

The optimiser's answer is checked with these after each solve, and the tests check it again:
a rule broken by a schedule is reported in words, never silently accepted.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from pmopath.domain.framework import Action, Framework
from pmopath.domain.plan_schedule import (
    CATEGORY_OF_KIND,
    Category,
    PlanOption,
    PlanRequest,
    duration_months,
    gate_offset,
    hours_per_month,
    plan_options,
)

Scheduled = Sequence[tuple[Action, int]]
"""(action, start offset) pairs."""
_SLACK = 1e-3


def prerequisites_met(
    framework: Framework, request: PlanRequest, action: Action, start: int, schedule: Scheduled
) -> bool:
    """True when some prerequisite option of ``action`` holds for a start at ``start``."""
    done = {a.id for a, s in schedule if s + duration_months(a) <= start} | request.held
    gate = gate_offset(action, start)
    return any(
        gate >= option.earliest
        and all(b in done for b in option.all_of)
        and (not option.any_of or any(b in done for b in option.any_of))
        for option in plan_options(framework, action, request)
    )


def hours_by_month(request: PlanRequest, schedule: Scheduled) -> list[float]:
    """Planned hours in each month of the horizon."""
    hours = [0.0] * request.months
    for action, start in schedule:
        for month in range(start, min(start + duration_months(action), request.months)):
            hours[month] += hours_per_month(action)
    return hours


def effort_by_category(schedule: Scheduled) -> dict[Category, float]:
    """Effort hours of the plan by 70/20/10 category."""
    effort = dict.fromkeys(Category, 0.0)
    for action, _ in schedule:
        effort[CATEGORY_OF_KIND[action.kind]] += action.effort_hours
    return effort


def balance_problems(request: PlanRequest, schedule: Scheduled) -> list[str]:
    """Categories whose share of effort is outside target +/- tolerance."""
    if request.balance is None:
        return []
    effort = effort_by_category(schedule)
    total = sum(effort.values())
    if total <= 0:
        return []
    problems = []
    for category, hours in effort.items():
        share = request.balance.share(category)
        low, high = share - request.balance.tolerance, share + request.balance.tolerance
        if not low * total - _SLACK <= hours <= high * total + _SLACK:
            problems.append(
                f"{category.value} is {100 * hours / total:.0f}% of the effort, "
                f"outside {100 * max(low, 0):.0f}-{100 * min(high, 1):.0f}%"
            )
    return problems


def _item_problems(framework: Framework, request: PlanRequest, schedule: Scheduled) -> list[str]:
    problems = []
    for action, start in schedule:
        if start < 0 or start + duration_months(action) > request.months:
            problems.append(f"{action.id} does not fit between the start and the target date")
        if action.id in request.removed or action.id in request.held:
            problems.append(f"{action.id} was removed or is already held")
        if not prerequisites_met(framework, request, action, start, schedule):
            problems.append(f"{action.id} starts before its prerequisites are met")
    return problems


def schedule_problems(framework: Framework, request: PlanRequest, schedule: Scheduled) -> list[str]:
    """Every rule ``schedule`` breaks, in words (an empty list: the schedule is valid)."""
    problems = []
    ids = [a.id for a, _ in schedule]
    if len(ids) != len(set(ids)):
        problems.append("an action is planned twice")
    problems += _item_problems(framework, request, schedule)
    for pinned, month in request.pinned.items():
        if not any(a.id == pinned and (month is None or s == month) for a, s in schedule):
            problems.append(f"pinned {pinned} is missing or moved")
    for month, hours in enumerate(hours_by_month(request, schedule)):
        if hours > request.hours_per_month + _SLACK:
            problems.append(f"month {month} plans {hours:.1f} hours")
    cost = sum(a.cost for a, _ in schedule)
    if cost > request.budget + _SLACK:
        problems.append(f"the plan costs {cost:g}, over the budget of {request.budget:g}")
    return problems + balance_problems(request, schedule)


class Timing:
    """Earliest start months from eligibility and prerequisite chains, ignoring hours and budget.

    Prerequisite actions must be among ``actions`` (or held); a cycle in the data never starts.
    """

    def __init__(
        self, framework: Framework, request: PlanRequest, actions: Mapping[str, Action]
    ) -> None:
        self.framework = framework
        self.request = request
        self.actions = actions
        self._memo: dict[str, int | None] = {}

    def start(self, action_id: str) -> int | None:
        """The earliest month ``action_id`` could start (None: never)."""
        if action_id in self._memo:
            return self._memo[action_id]
        self._memo[action_id] = None
        action = self.actions.get(action_id)
        if action is None:
            return None
        starts = [
            s
            for o in plan_options(self.framework, action, self.request)
            if (s := self.option_start(action, o)) is not None
        ]
        self._memo[action_id] = min(starts, default=None)
        return self._memo[action_id]

    def option_start(self, action: Action, option: PlanOption) -> int | None:
        """The earliest month ``action`` could start by way of ``option`` (None: never)."""
        start = max(0, option.earliest - gate_offset(action, 0))
        for needed in option.all_of:
            end = self.end(needed)
            if end is None:
                return None
            start = max(start, end)
        if option.any_of:
            ends = [e for b in option.any_of if (e := self.end(b)) is not None]
            if not ends:
                return None
            start = max(start, min(ends))
        return start

    def end(self, action_id: str) -> int | None:
        """The month after the earliest end of ``action_id``."""
        start = self.start(action_id)
        return None if start is None else start + duration_months(self.actions[action_id])
