"""The optimiser for the signed-in person: suggest a plan, re-optimise around pins, adopt it.

Nothing is kept between requests: pins (``ACTION`` or ``ACTION@YYYY-MM``) and removals travel
with each request. Adopting re-solves with every shown item pinned at its month, so the items
written are checked against every rule again rather than trusted from a form.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Literal

from pmopath.domain.eligibility import month_text
from pmopath.domain.errors import InvalidRequest
from pmopath.domain.permissions import Viewer
from pmopath.domain.plan_schedule import Balance
from pmopath.domain.plans import Plan, PlanItem
from pmopath.services.optimiser.optimise import INTERACTIVE_SECONDS, OptimisedPlan, PlannedItem
from pmopath.services.plans import records as plans
from pmopath.services.plans import workflow as plan_workflow
from pmopath.services.plans.records import EDITABLE
from pmopath.services.plans.suggestions import (
    DEFAULT_BALANCE,
    Suggestion,
    parse_month,
    suggest_plan,
)
from pmopath.services.ports.store import Store

DEFAULT_HOURS = 10.0
DEFAULT_BUDGET = 1000.0
"""About one course or exam a year; 0 plans free actions only (assignments, mentoring)."""
MAX_PINS = 40


@dataclass(frozen=True, slots=True)
class SuggestInput:
    """What the person asks of the optimiser (the form and the API send the same)."""

    hours_per_month: float = DEFAULT_HOURS
    budget: float = DEFAULT_BUDGET
    by: date | None = None
    goal: float | None = None
    balance: bool = True
    pins: tuple[str, ...] = ()
    without: tuple[str, ...] = ()
    role: str | None = None
    exactly: bool = False
    """With pins, adopt the pinned actions and nothing else (the page's "Use this plan", which
    pins every item it shows): a re-solve may otherwise find room for one more."""


def suggest_for_me(
    store: Store, viewer: Viewer, asked: SuggestInput, *, time_limit: float = INTERACTIVE_SECONDS
) -> Suggestion:
    """The optimised plan for the viewer's own person, towards their open plan's role.

    Without an open plan the target is ``asked.role`` or the primary target. Raises
    InvalidRequest (no person, no target, bad pins), PlanInfeasible (saying what to relax).
    """
    if viewer.person_id is None:
        raise InvalidRequest("this account has no person of its own to plan for")
    if len(asked.pins) + len(asked.without) > MAX_PINS:
        raise InvalidRequest(f"pin: at most {MAX_PINS} pins and removals together")
    current = plan_workflow.current_plan(plan_workflow.my_plans(store, viewer))
    role = current.target_role if current is not None else asked.role
    balance: Balance | None = DEFAULT_BALANCE if asked.balance else None
    return suggest_plan(
        store,
        str(viewer.person_id),
        today=store.clock().date(),
        hours_per_month=asked.hours_per_month,
        budget=asked.budget,
        by=asked.by,
        goal=asked.goal,
        role=role,
        pins=asked.pins,
        without=asked.without,
        balance=balance,
        viewer=viewer,
        time_limit=time_limit,
    )


FIX_TRIES = 8
"""At most this many re-solves to find which pins conflict (a few seconds at worst)."""
FIX_SECONDS = 0.3


@dataclass(frozen=True, slots=True)
class Fix:
    """One change to the pins and removals after which a plan can be made.

    ``move``: let a pinned action move from its month; ``unpin``: drop the pin; ``allow``:
    allow a removed action again; ``unbalance``: plan without the 70/20/10 balance (``action``
    empty). ``asked`` is the request with that change made.
    """

    kind: Literal["move", "unpin", "allow", "unbalance"]
    action: str
    month: date | None
    asked: SuggestInput


def _candidates(asked: SuggestInput) -> list[Fix]:
    found: list[Fix] = []
    for pin in asked.pins:
        action, _, month = pin.partition("@")
        at = parse_month(month, "pin") if month else None
        others = tuple(p for p in asked.pins if p != pin)
        if at is not None:
            found.append(Fix("move", action, at, replace(asked, pins=(*others, action))))
        found.append(Fix("unpin", action, at, replace(asked, pins=others)))
    for removed in asked.without:
        kept = tuple(w for w in asked.without if w != removed)
        found.append(Fix("allow", removed, None, replace(asked, without=kept)))
    if asked.balance:
        found.append(Fix("unbalance", "", None, replace(asked, balance=False)))
    return found


def conflict_fixes(store: Store, viewer: Viewer, asked: SuggestInput) -> tuple[Fix, ...]:
    """When no plan keeps every pin and removal: the single changes that give one.

    Each pin (let it move, else drop it), each removal (allow it again) and the balance (turn
    it off) is tried in turn, with a short solve each; the pins and removals named by the
    answer are those in conflict.
    An empty answer: no single change is enough (the limits themselves are too tight).
    """
    found: list[Fix] = []
    candidates = _candidates(asked)
    if len(candidates) > FIX_TRIES:  # the balance last, always tried
        candidates = [*candidates[: FIX_TRIES - 1], candidates[-1]]
    for fix in candidates:
        if fix.kind == "unpin" and any(f.action == fix.action for f in found):
            continue  # letting it move is enough
        try:
            found_plan = suggest_for_me(store, viewer, fix.asked, time_limit=FIX_SECONDS).plan
        except InvalidRequest:  # PlanInfeasible among them
            continue
        pinned = {pin.partition("@")[0] for pin in fix.asked.pins}
        if pinned <= {item.action.id for item in found_plan.items}:
            found.append(fix)
    return tuple(found)


def plan_item(planned: PlannedItem) -> PlanItem:
    """The plan item for one scheduled action: what it raises first, its dates and effort."""
    first = planned.raises[0] if planned.raises else None
    competency = first.competency if first else next(iter(planned.action.develops), None)
    following = planned.end.replace(day=28) + timedelta(days=4)
    return PlanItem(
        competency,
        planned.action.id,
        " ".join(planned.objectives)[:1000],
        first.to_level if first else None,
        planned.start,
        following - timedelta(days=following.day),
        effort_hours=planned.action.effort_hours,
    )


def pinned_as_shown(optimised: OptimisedPlan) -> tuple[str, ...]:
    """Every item of a shown plan as a pin at its start month."""
    return tuple(f"{i.action.id}@{month_text(i.start)}" for i in optimised.items)


def use_suggestion(
    store: Store, viewer: Viewer, asked: SuggestInput, *, revision: int | None, actor: str
) -> Plan:
    """Write the suggested items into the viewer's open plan (at ``revision``), or start one.

    An open plan's items are replaced; it must be a draft or have changes requested. Raises
    InvalidRequest, PlanInfeasible, Conflict (the plan was saved since ``revision``).
    """
    current = plan_workflow.current_plan(plan_workflow.my_plans(store, viewer))
    if current is not None:  # what can be said before solving, said first
        if current.status not in EDITABLE:
            shown = current.status.value.replace("_", " ")
            raise InvalidRequest(
                f"items: a {shown} plan cannot be edited; reopen it as a draft first"
            )
        if revision is not None and revision != current.revision:
            raise plans.stale_revision(current.id or 0, revision)
    found = suggest_for_me(store, viewer, asked)
    pinned = {pin.split("@")[0] for pin in asked.pins if pin}
    items = [
        plan_item(i)
        for i in found.plan.items
        if not (asked.exactly and pinned) or i.action.id in pinned
    ]
    if not items:
        raise InvalidRequest("the suggestion holds no actions: nothing to use")
    if current is None or current.id is None:
        role = found.plan.request.role.id
        return plan_workflow.start_my_plan(
            store, viewer, actor=actor, target_role=role, items=items
        )
    if revision is None:
        raise InvalidRequest(f"revision: say which revision of plan #{current.id} to replace")
    return plans.update_plan(store, current.id, revision, items=items, actor=actor, viewer=viewer)


def with_pins_as_shown(asked: SuggestInput, optimised: OptimisedPlan) -> SuggestInput:
    """The request that reproduces ``optimised``: every item pinned where it was shown."""
    return replace(asked, pins=pinned_as_shown(optimised))
