"""Development plans as people use them: my plan, one plan with its history, the inbox, items.

Every change goes through ``services.plans`` (which checks who may make it); these functions
read what the pages and the API show and turn small edits into whole-plan saves.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime

from pmopath.domain.assessment import Assessment
from pmopath.domain.errors import InvalidRequest, NotFound, PermissionDenied
from pmopath.domain.people import AccountRole, AuditEntry, Person
from pmopath.domain.permissions import Viewer, can_edit_own
from pmopath.domain.plans import CheckIn, Plan, PlanItem, PlanStatus, readiness_by_day
from pmopath.services.people.access import may_agree, own_person, readable_plan
from pmopath.services.plans import records as plans
from pmopath.services.plans.drafts import draft_plan_for_target
from pmopath.services.ports.repositories import UnitOfWork
from pmopath.services.ports.store import Store


@dataclass(frozen=True, slots=True)
class PlanEvent:
    """One step of a plan's history: created, or moved from one status to another."""

    at: datetime
    actor: str
    from_status: PlanStatus | None
    to_status: PlanStatus
    comment: str
    actor_name: str = ""
    """The actor's name when the actor is a stored person's account (pages show it)."""


@dataclass(frozen=True, slots=True)
class PlanDetail:
    """A plan with what its page shows and what the viewer may do with it."""

    plan: Plan
    owner: Person
    agreed_by: Person | None
    history: tuple[PlanEvent, ...]
    checkins: tuple[CheckIn, ...]
    may_edit: bool
    may_agree: bool


@dataclass(frozen=True, slots=True)
class InboxEntry:
    plan: Plan
    owner: Person


def current_plan(candidates: Sequence[Plan]) -> Plan | None:
    """The newest plan that is not closed, if any."""
    live = [p for p in candidates if p.status is not PlanStatus.CLOSED]
    return max(live, key=lambda p: p.id or 0) if live else None


def my_plans(store: Store, viewer: Viewer) -> list[Plan]:
    """The viewer's own plans, oldest first (none for an account without a person)."""
    if viewer.person_id is None:
        return []
    with store.unit_of_work() as uow:
        return sorted(uow.plans.for_person(viewer.person_id), key=lambda p: p.id or 0)


def my_primary_target(store: Store, viewer: Viewer) -> str | None:
    """The role the viewer's own plan would be drafted towards (their primary target), if any."""
    if viewer.person_id is None:
        return None
    with store.unit_of_work() as uow:
        targets = uow.targets.for_person(viewer.person_id)
    return next((t.role for t in targets if t.is_primary), None)


def start_my_plan(
    store: Store,
    viewer: Viewer,
    *,
    actor: str,
    target_role: str | None = None,
    items: Sequence[PlanItem] = (),
    from_gaps: bool = False,
) -> Plan:
    """Start the viewer's draft towards ``target_role`` (default: their primary target).

    With ``from_gaps`` the items are drafted from the viewer's gaps. Raises InvalidRequest when
    the viewer has no person, no target, or already an open plan.
    """
    if viewer.person_id is None:
        raise InvalidRequest("this account has no person of its own to plan for")
    today = store.clock().date()
    with store.unit_of_work() as uow:
        person = own_person(uow, viewer, str(viewer.person_id))
        assert person.id is not None
        existing = current_plan(uow.plans.for_person(person.id))
        primary = next((t.role for t in uow.targets.for_person(person.id) if t.is_primary), None)
        levels = uow.assessments.current_levels(person.id)
        history = uow.people.history(person.id)
    if existing is not None:
        raise InvalidRequest(f"you already have an open plan (#{existing.id}); close it first")
    role = target_role or primary
    if role is None:
        raise InvalidRequest("target_role: choose a target role first")
    if from_gaps:
        known = {c: v for c, v in levels.items() if c in store.framework.competencies_by_id}
        items = draft_plan_for_target(
            store.framework, role, Assessment(known), today, history=history
        )
    return plans.create_plan(store, str(person.id), role, items, actor=actor, viewer=viewer)


def plan_detail(store: Store, viewer: Viewer, plan_id: int) -> PlanDetail:
    """A plan the viewer may read, with its owner, agreer, history and check-ins; else NotFound."""
    with store.unit_of_work() as uow:
        plan = readable_plan(uow, viewer, plan_id)
        owner = uow.people.by_id(plan.person_id)
        assert owner is not None
        agreed_by = uow.people.by_id(plan.agreed_by_id) if plan.agreed_by_id else None
        return PlanDetail(
            plan,
            owner,
            agreed_by,
            _history(uow, plan_id),
            tuple(uow.plans.checkins(plan_id)),
            can_edit_own(viewer, plan.person_id),
            may_agree(uow, viewer, plan),
        )


def plan_history(store: Store, viewer: Viewer, plan_id: int) -> tuple[PlanEvent, ...]:
    """Who created the plan and moved it between statuses, when, with what comment."""
    with store.unit_of_work() as uow:
        readable_plan(uow, viewer, plan_id)
        return _history(uow, plan_id)


def _history(uow: UnitOfWork, plan_id: int) -> tuple[PlanEvent, ...]:
    events = []
    for entry in uow.audit.entries(entity="plan", entity_id=str(plan_id)):
        event = _event(entry)
        if event is not None:
            events.append(event)
    named = uow.people.by_emails({e.actor for e in events if "@" in e.actor})
    return tuple(
        replace(e, actor_name=named[e.actor.lower()].name) if e.actor.lower() in named else e
        for e in events
    )


def _event(entry: AuditEntry) -> PlanEvent | None:
    after = entry.after or {}
    before = entry.before or {}
    status = after.get("status")
    if entry.action not in ("plan.create", "plan.update") or not isinstance(status, str):
        return None
    earlier = before.get("status")
    if entry.action == "plan.update" and earlier == status:
        return None
    return PlanEvent(
        entry.at,
        entry.actor.removeprefix("web:"),
        PlanStatus(earlier) if isinstance(earlier, str) else None,
        PlanStatus(status),
        str(after.get("comment") or "") if status in plans.MANAGERS_MOVES else "",
    )


def inbox(store: Store, viewer: Viewer) -> list[InboxEntry]:
    """Submitted plans the viewer may agree: their reports' (a manager's) or all (an admin's).

    Raises PermissionDenied for a member.
    """
    if viewer.role not in (AccountRole.ADMIN, AccountRole.MANAGER):
        raise PermissionDenied("the inbox is for managers and admins")
    found = []
    with store.unit_of_work() as uow:
        for plan in uow.plans.with_status(PlanStatus.SUBMITTED):
            if not may_agree(uow, viewer, plan):
                continue
            owner = uow.people.by_id(plan.person_id)
            if owner is not None:
                found.append(InboxEntry(plan, owner))
    return found


def _items_of(store: Store, viewer: Viewer, plan_id: int) -> list[PlanItem]:
    with store.unit_of_work() as uow:
        return list(readable_plan(uow, viewer, plan_id).items)


def _numbered(items: Sequence[PlanItem], number: int) -> int:
    if not 1 <= number <= len(items):
        raise NotFound("plan item", str(number))
    return number - 1


def add_item(
    store: Store, viewer: Viewer, plan_id: int, revision: int, item: PlanItem, *, actor: str
) -> Plan:
    """Append an item to a plan saved at ``revision``; raises as ``plans.update_plan``."""
    items = _items_of(store, viewer, plan_id)
    return plans.update_plan(
        store, plan_id, revision, items=[*items, item], actor=actor, viewer=viewer
    )


def change_item(
    store: Store,
    viewer: Viewer,
    plan_id: int,
    revision: int,
    number: int,
    item: PlanItem,
    *,
    actor: str,
) -> Plan:
    """Replace item ``number`` (1-based) of a plan saved at ``revision``."""
    items = _items_of(store, viewer, plan_id)
    items[_numbered(items, number)] = replace(item, id=None)
    return plans.update_plan(store, plan_id, revision, items=items, actor=actor, viewer=viewer)


def remove_item(
    store: Store, viewer: Viewer, plan_id: int, revision: int, number: int, *, actor: str
) -> Plan:
    """Remove item ``number`` (1-based) of a plan saved at ``revision``."""
    items = _items_of(store, viewer, plan_id)
    del items[_numbered(items, number)]
    return plans.update_plan(store, plan_id, revision, items=items, actor=actor, viewer=viewer)


def readiness_trend(checkins: Sequence[CheckIn]) -> list[tuple[date, float]]:
    """(day, readiness) on each of the latest check-in days, oldest first, for the trend chart
    (``domain.plans.readiness_by_day``)."""
    return readiness_by_day(checkins)
