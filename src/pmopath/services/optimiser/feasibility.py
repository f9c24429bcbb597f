"""Checks of a plan request before solving, each failure saying what to relax."""

from __future__ import annotations

import math

from pmopath.domain.eligibility import eligibility_for, month_text
from pmopath.domain.errors import InvalidRequest
from pmopath.domain.framework import Action, Framework
from pmopath.domain.plan_checks import Timing
from pmopath.domain.plan_schedule import (
    Category,
    PlanInfeasible,
    PlanRequest,
    catalogue,
    duration_months,
    hours_per_month,
)

MAX_MONTHS = 120


def check_request(framework: Framework, request: PlanRequest) -> None:
    """Raise InvalidRequest for a malformed request, PlanInfeasible for an impossible one."""
    _check_numbers(request)
    actions = {a.id: a for a in catalogue(framework, request)}
    for action_id in request.pinned:
        known = framework.actions_by_id.get(action_id)
        title = known.title if known is not None else action_id
        if action_id in request.held:
            raise PlanInfeasible(f"{title} is pinned but already held", "unpin it")
        if action_id in request.removed:
            raise InvalidRequest(f"{title} is both pinned and removed")
        if action_id not in actions:
            raise InvalidRequest(f"unknown action '{action_id}'")
    pinned = [actions[a] for a in request.pinned]
    cost = sum(a.cost for a in pinned)
    if cost > request.budget:
        names = ", ".join(a.title for a in pinned if a.cost > 0)
        raise PlanInfeasible(
            f"the budget of {request.budget:g} is below the {cost:g} the pinned actions cost "
            f"({names})",
            f"raise the budget to at least {cost:g}, or unpin an action",
        )
    timing = Timing(framework, request, actions)
    for action in pinned:
        _check_pinned(framework, request, action, timing)


def _check_numbers(request: PlanRequest) -> None:
    if request.hours_per_month <= 0:
        raise PlanInfeasible(
            "there are no hours per month to spend", "give the hours you can spend each month"
        )
    if request.months < 1:
        raise PlanInfeasible(
            "the target date is not after the start", "choose a target date after the start month"
        )
    if request.months > MAX_MONTHS:
        raise InvalidRequest(f"a plan spans at most {MAX_MONTHS} months, not {request.months}")
    if request.budget < 0 or not math.isfinite(request.budget):
        raise InvalidRequest(f"the budget must be zero or more, not {request.budget:g}")
    if request.goal is not None and not 0 <= request.goal <= 100:
        raise InvalidRequest(f"the readiness goal must be from 0 to 100, not {request.goal:g}")
    balance = request.balance
    if balance is not None:
        total = sum(balance.share(c) for c in Category)
        if abs(total - 1) > 1e-6 or not 0 <= balance.tolerance <= 1:
            raise InvalidRequest(
                "the balance shares must add up to 100% and the tolerance lie from 0 to 100%"
            )


def _check_pinned(
    framework: Framework,
    request: PlanRequest,
    action: Action,
    timing: Timing,
) -> None:
    title, length = action.title, duration_months(action)
    hours = hours_per_month(action)
    if hours > request.hours_per_month:
        raise PlanInfeasible(
            f"{title} needs {hours:.1f} hours a month for {length} "
            f"month{'s' if length > 1 else ''}",
            f"allow at least {math.ceil(hours)} hours per month, or unpin it",
        )
    if length > request.months:
        raise PlanInfeasible(
            f"{title} takes {length} months, more than the {request.months} before the target date",
            f"move the target date to {month_text(request.month(length - 1))} or later, "
            "or unpin it",
        )
    start = timing.start(action.id)
    if start is None:
        why = eligibility_for(
            framework, action, request.history, request.held, request.education, request.start
        ).reason
        raise PlanInfeasible(
            f"the prerequisites of {title} cannot be met ({why})",
            "unpin it, or record the role history, education or certifications it needs",
        )
    fixed = request.pinned.get(action.id)
    if fixed is not None and fixed < start:
        raise PlanInfeasible(
            f"{title} cannot start in {month_text(request.month(fixed))}: its prerequisites "
            f"allow {month_text(request.month(start))} at the earliest",
            f"pin it to {month_text(request.month(start))} or later, or let it move",
        )
    begin = start if fixed is None else fixed
    if begin + length > request.months:
        raise PlanInfeasible(
            f"{title} cannot end by the target date: its prerequisites allow a start in "
            f"{month_text(request.month(start))} at the earliest",
            f"move the target date to {month_text(request.month(begin + length - 1))} or later, "
            "or unpin it",
        )
