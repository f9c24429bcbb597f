"""What a manager weighs when agreeing a plan: the owner's gap for its target, the plan's
effort, cost and months, and how far its items would move readiness."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from pmopath.domain.assessment import Assessment
from pmopath.domain.framework import Framework
from pmopath.domain.permissions import Viewer
from pmopath.domain.plan_schedule import levels_after
from pmopath.domain.plans import ItemStatus, Plan, PlanItem
from pmopath.services.careers.gaps import GapReport, analyse_gap
from pmopath.services.people.access import readable_plan
from pmopath.services.ports.store import Store

DAYS_A_MONTH = 365.25 / 12


@dataclass(frozen=True, slots=True)
class PlanCosts:
    hours: float
    """Each live item's effort (its own, else its action's)."""
    cost: float
    """Each distinct action's fee, once."""
    currency: str
    months: float | None
    """From the first start to the last due date; None when no item is dated."""


@dataclass(frozen=True, slots=True)
class ReviewContext:
    gap: GapReport | None
    """The owner's gap for the plan's target now; None when the framework lost the role."""
    costs: PlanCosts
    readiness_now: float | None
    readiness_after: float | None
    """Readiness once every live item is done (actions reach their levels, items their
    target levels)."""

    @property
    def gain(self) -> float:
        if self.readiness_now is None or self.readiness_after is None:
            return 0.0
        return self.readiness_after - self.readiness_now


def _live(items: Sequence[PlanItem]) -> list[PlanItem]:
    return [i for i in items if i.status is not ItemStatus.DROPPED]


def plan_costs(framework: Framework, items: Sequence[PlanItem]) -> PlanCosts:
    """Total effort, cost (in the framework's currency) and span of a plan's live items."""
    live = _live(items)
    actions = framework.actions_by_id
    hours = 0.0
    used: set[str] = set()
    for item in live:
        action = actions.get(item.action_id) if item.action_id else None
        hours += item.effort_hours or (action.effort_hours if action is not None else 0.0)
        if action is not None:
            used.add(action.id)
    cost = sum((actions[a].cost for a in sorted(used)), 0.0)
    starts = [d for i in live for d in (i.start_on, i.due_on) if d is not None]
    dues = [i.due_on for i in live if i.due_on is not None]
    months = None
    if starts and dues:
        first: date = min(starts)
        months = max(0.0, (max(dues) - first).days / DAYS_A_MONTH)
    return PlanCosts(hours, cost, framework.currency, months)


def levels_when_done(
    framework: Framework, levels: Mapping[str, int], items: Sequence[PlanItem]
) -> dict[str, int]:
    """The levels once every live item is done."""
    live = _live(items)
    known = framework.actions_by_id
    actions = [known[i.action_id] for i in live if i.action_id and i.action_id in known]
    reached = levels_after(levels, actions)
    for item in live:
        if item.competency and item.target_level is not None:
            reached[item.competency] = max(reached.get(item.competency, 0), item.target_level)
    top = framework.scale.maximum
    return {c: min(v, top) for c, v in reached.items() if c in framework.competencies_by_id}


def context_for(framework: Framework, plan: Plan, levels: Mapping[str, int]) -> ReviewContext:
    """The review context of ``plan`` for an owner at ``levels``."""
    costs = plan_costs(framework, plan.items)
    if plan.target_role not in framework.roles_by_id:
        return ReviewContext(None, costs, None, None)
    known = {c: v for c, v in levels.items() if c in framework.competencies_by_id}
    gap = analyse_gap(framework, plan.target_role, Assessment(known))
    after = analyse_gap(
        framework, plan.target_role, Assessment(levels_when_done(framework, known, plan.items))
    )
    return ReviewContext(gap, costs, gap.analysis.readiness, after.analysis.readiness)


def review_context(store: Store, viewer: Viewer, plan_id: int) -> ReviewContext:
    """The review context of a plan the viewer may read; else NotFound."""
    with store.unit_of_work() as uow:
        plan = readable_plan(uow, viewer, plan_id)
        levels = uow.assessments.current_levels(plan.person_id)
    return context_for(store.framework, plan, levels)
