"""The home page's picture of one person: role, target, readiness, next actions, next review."""

from __future__ import annotations

import heapq
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from pmopath.domain.assessment import Assessment
from pmopath.domain.framework import Action, Framework, Role
from pmopath.domain.people import Person
from pmopath.domain.permissions import Viewer
from pmopath.domain.plans import TREND_DAYS, ItemStatus, Plan, PlanStatus
from pmopath.domain.readiness import CompetencyGap
from pmopath.domain.reviews import ReviewDue, review_due
from pmopath.services.careers.gaps import GapReport, analyse_gap, closest_roles
from pmopath.services.people.access import readable_person
from pmopath.services.people.credentials import RoleEligibility, eligibility_for_role
from pmopath.services.ports.store import Store

REVIEW_EVERY = timedelta(days=91)
"""Before a plan is agreed (no review schedule yet): a first check-in within a quarter."""
NEXT_ACTIONS = 3


@dataclass(frozen=True, slots=True)
class Home:
    """What the home page shows; ``person`` is None for an account with no person."""

    person: Person | None
    target: Role | None = None
    gap: GapReport | None = None
    next_actions: tuple[Action, ...] = ()
    plan: Plan | None = None
    next_review: date | None = None
    review: ReviewDue | None = None
    """The plan's review schedule (due, overdue...), once it has been agreed or checked in."""
    trend: tuple[tuple[date, float], ...] = ()
    """(day, readiness) on each of the current plan's latest check-in days, oldest first
    (``domain.plans.readiness_by_day``)."""
    closest: tuple[GapReport, ...] = ()
    """The roles the person is closest to (with or without a target)."""
    earlier_days_left_out: bool = False
    """The plan has check-in days before the first the trend shows."""
    eligibility: RoleEligibility | None = None
    """When the person may sit each certification listed on their target role."""


def actions_for_gaps(
    framework: Framework, gaps: Sequence[CompetencyGap], limit: int = NEXT_ACTIONS
) -> tuple[Action, ...]:
    """Catalogue actions that close the most weighted gap, best first (ties by title).

    An action counts only for the levels it raises above the person's current one (up to the
    requirement); critical and core gaps count double. An action that raises nothing is not
    offered."""
    open_gaps = {g.competency: g for g in gaps if g.gap}
    scored = []
    for action in framework.actions:  # each scored once (every cold home page ranks them all)
        value = 0.0
        for competency, level in action.develops.items():
            gap = open_gaps.get(competency)
            if gap is not None and level > gap.current:
                raised = min(level, gap.required) - gap.current
                value += raised * gap.weight * (2 if gap.critical or gap.core else 1)
        if value > 0:
            scored.append((-value, action.title, action))
    return tuple(a for *_, a in heapq.nsmallest(limit, scored, key=lambda s: (s[0], s[1])))


def home_for(store: Store, viewer: Viewer, today: date) -> Home:
    """The signed-in person's home; an account without a person gets an empty one."""
    if viewer.person_id is None:
        return Home(None)
    with store.unit_of_work() as uow:  # only what the page shows: a cold page is a few reads
        person = readable_person(uow, viewer, str(viewer.person_id))
        levels = uow.assessments.current_levels(viewer.person_id)
        targets = uow.targets.for_person(viewer.person_id)
        plans = uow.plans.for_person(viewer.person_id)
        plan = _current_plan(plans)
        readings = (  # one more than the chart shows: were earlier days left out?
            uow.plans.readiness_by_day(plan.id, TREND_DAYS + 1)
            if plan and plan.id is not None
            else []
        )
        stored = uow.readiness.figures_of(viewer.person_id, store.framework)
        primary = next((t.role for t in targets if t.is_primary), None)
        if primary not in store.framework.roles_by_id:
            primary = None
        history = uow.people.history(viewer.person_id) if primary else []  # for certifications
        held = uow.credentials.for_person(viewer.person_id) if primary else None
    last_review = readings[-1][0] if readings else None
    trend = tuple(readings[-TREND_DAYS:])
    earlier_days_left_out = len(readings) > TREND_DAYS
    schedule = _schedule(plan, last_review, today)
    known = {c: v for c, v in levels.items() if c in store.framework.competencies_by_id}
    closest = closest_roles(store.framework, Assessment(known, person.role), stored=stored)
    if primary is None or held is None:
        return Home(
            person,
            plan=plan,
            review=schedule,
            trend=trend,
            closest=closest,
            earlier_days_left_out=earlier_days_left_out,
        )
    gap = analyse_gap(store.framework, primary, Assessment(known, person.role))
    actions = actions_for_gaps(store.framework, gap.analysis.gaps)
    review = schedule.due_on if schedule and schedule.due_on else None
    review = review or _next_review(plan, last_review, today)
    role = store.framework.roles_by_id[primary]
    eligibility = eligibility_for_role(store.framework, primary, person, history, held, today)
    return Home(
        person,
        target=role,
        gap=gap,
        next_actions=actions,
        plan=plan,
        next_review=review,
        review=schedule,
        trend=trend,
        closest=closest,
        earlier_days_left_out=earlier_days_left_out,
        eligibility=eligibility,
    )


def _schedule(plan: Plan | None, last: date | None, today: date) -> ReviewDue | None:
    if plan is None or plan.status is PlanStatus.CLOSED:
        return None
    agreed = plan.agreed_at.date() if plan.agreed_at else None
    return review_due(plan.cadence, last, agreed, today)


def _current_plan(plans: Sequence[Plan]) -> Plan | None:
    live = [p for p in plans if p.status is not PlanStatus.CLOSED]
    return max(live, key=lambda p: p.id or 0) if live else None


def _next_review(plan: Plan | None, last: date | None, today: date) -> date | None:
    if plan is None:
        return None
    if last is not None:
        return last + REVIEW_EVERY
    due = [i.due_on for i in plan.items if i.due_on and i.status is not ItemStatus.DONE]
    return min(due) if due else today + REVIEW_EVERY
