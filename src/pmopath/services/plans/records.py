"""Storing development plans, check-ins and evidence (the plans issue builds on these).

Who may do what to a plan: its owner (or an admin) writes and submits their draft; someone the
owner reports to (or an admin), never the owner, agrees it or asks for changes; whoever may read
the plan (the owner, their managers, an admin) records check-ins.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date

from pmopath.domain.assessment import Assessment
from pmopath.domain.errors import Conflict, InvalidRequest, PermissionDenied
from pmopath.domain.people import AssessmentSource, AuditEntry
from pmopath.domain.permissions import SYSTEM, Viewer, can_edit_own
from pmopath.domain.plans import CheckIn, Evidence, Plan, PlanItem, PlanStatus, check_move
from pmopath.domain.text import usable_text
from pmopath.services.careers.gaps import analyse_gap
from pmopath.services.careers.roles import resolve_role
from pmopath.services.people.access import may_agree, own_person, readable_plan
from pmopath.services.people.assessments import assess
from pmopath.services.people.records import find_person
from pmopath.services.plans.notifications import notify_checkin, notify_plan_move
from pmopath.services.plans.versions import keep_version
from pmopath.services.ports.repositories import UnitOfWork
from pmopath.services.ports.store import Store

MAX_ITEMS = 200
EDITABLE = frozenset({PlanStatus.DRAFT, PlanStatus.CHANGES_REQUESTED})
"""Items change only before a plan is submitted, or when changes were asked for."""
MANAGERS_MOVES = frozenset({PlanStatus.AGREED, PlanStatus.CHANGES_REQUESTED})


def _check_items(store: Store, items: Sequence[PlanItem]) -> tuple[PlanItem, ...]:
    if len(items) > MAX_ITEMS:
        raise InvalidRequest(f"a plan holds at most {MAX_ITEMS} items")
    fw = store.framework
    for number, item in enumerate(items, start=1):
        if item.competency is not None and item.competency not in fw.competencies_by_id:
            raise InvalidRequest(f"item {number}: unknown competency '{item.competency}'")
        if item.action_id is not None and item.action_id not in fw.actions_by_id:
            raise InvalidRequest(f"item {number}: unknown action '{item.action_id}'")
        if item.competency is None and item.action_id is None and not item.free_text.strip():
            raise InvalidRequest(f"item {number}: say what it is (competency, action or text)")
        usable_text(f"item {number}", item.free_text)
        if item.start_on and item.due_on and item.due_on < item.start_on:
            raise InvalidRequest(f"item {number}: due before it starts")
    return tuple(items)


def create_plan(
    store: Store,
    reference: str,
    target_role: str,
    items: Sequence[PlanItem],
    *,
    actor: str,
    viewer: Viewer = SYSTEM,
) -> Plan:
    """Start a draft plan for a person towards a role: the person's own, or an admin's doing.

    Raises NotFound (someone the viewer cannot see), PermissionDenied, InvalidRequest.
    """
    role = resolve_role(store.framework, target_role)
    checked = _check_items(store, items)
    with store.unit_of_work() as uow:
        person = find_person(uow, reference)
        assert person.id is not None
        own_person(uow, viewer, str(person.id))
        plan = uow.plans.add(
            Plan(None, person.id, role.id, store.framework_version_id, PlanStatus.DRAFT, checked)
        )
        _audit(uow, store, actor, "plan.create", plan, None)
        keep_version(uow, plan, store.clock())
        uow.commit()
        return plan


def update_plan(
    store: Store,
    plan_id: int,
    expected_revision: int,
    *,
    actor: str,
    items: Sequence[PlanItem] | None = None,
    status: PlanStatus | None = None,
    comment: str | None = None,
    viewer: Viewer = SYSTEM,
) -> Plan:
    """Change a plan saved at ``expected_revision``; raises Conflict if it was saved since.

    Agreeing stamps who agreed and when; reopening an agreed plan starts its next version.
    Raises NotFound (a plan the viewer cannot read), PermissionDenied, InvalidRequest.
    """
    with store.unit_of_work() as uow:
        plan = readable_plan(uow, viewer, plan_id)
        if plan.revision != expected_revision:
            raise stale_revision(plan_id, expected_revision)
        _authorize_change(uow, viewer, plan, items, status, comment)
        changed = plan
        if items is not None:
            kept = keep_mentoring_links(plan.items, _check_items(store, items))
            changed = replace(changed, items=kept)
        if status is not None and status is not plan.status:
            check_move(plan.status, status)
            if plan.status is PlanStatus.CLOSED:
                _check_none_open(uow, plan)
            changed = _moved(changed, status, viewer, store)
        if comment is not None:
            changed = replace(changed, comment=comment[:4000])
        saved = uow.plans.save(changed, expected_revision)
        _audit(uow, store, actor, "plan.update", saved, plan)
        keep_version(uow, saved, store.clock())
        notify_plan_move(uow, plan, saved, viewer.person_id, store.clock())
        uow.commit()
        return saved


def keep_mentoring_links(
    before: Sequence[PlanItem], after: Sequence[PlanItem]
) -> tuple[PlanItem, ...]:
    """``after`` with each mentoring item's link to its goal kept: pages and the API send items
    without it, so an item that still has the competency and action of a linked item takes
    that item's link (each link once, in order). A link given that no item had is dropped."""
    waiting = [i for i in before if i.mentoring_goal_id is not None]
    kept: list[PlanItem] = []
    for item in after:
        if item.mentoring_goal_id is not None:
            goal = item.mentoring_goal_id
            match = next((w for w in waiting if w.mentoring_goal_id == goal), None)
        else:
            same = (item.competency, item.action_id)
            match = next((w for w in waiting if (w.competency, w.action_id) == same), None)
        if match is not None:
            waiting.remove(match)
        kept.append(replace(item, mentoring_goal_id=match.mentoring_goal_id if match else None))
    return tuple(kept)


def _check_none_open(uow: UnitOfWork, plan: Plan) -> None:
    """A closed plan is reopened only while its owner has no other open plan."""
    live = [
        p
        for p in uow.plans.for_person(plan.person_id)
        if p.status is not PlanStatus.CLOSED and p.id != plan.id
    ]
    if live:
        raise InvalidRequest(
            f"plan #{live[0].id} is still open; close it before reopening this one"
        )


def stale_revision(plan_id: int, expected_revision: int) -> Conflict:
    return Conflict(
        f"plan #{plan_id} was changed by someone else since revision {expected_revision}; "
        "reload it and try again"
    )


def _authorize_change(
    uow: UnitOfWork,
    viewer: Viewer,
    plan: Plan,
    items: Sequence[PlanItem] | None,
    status: PlanStatus | None,
    comment: str | None,
) -> None:
    """Raise PermissionDenied or InvalidRequest unless this viewer may make this change."""
    usable_text("comment", comment or "")
    owner = can_edit_own(viewer, plan.person_id)
    moving = status is not None and status is not plan.status
    if moving and status in MANAGERS_MOVES:
        if not may_agree(uow, viewer, plan):
            raise PermissionDenied(
                "you cannot agree your own plan: a manager you report to does"
                if viewer.person_id == plan.person_id
                else "only a manager the owner reports to can agree this plan or ask for changes"
            )
        if status is PlanStatus.CHANGES_REQUESTED and not (comment or "").strip():
            raise InvalidRequest("comment: say what should change")
    elif (moving or items is not None) and not owner:
        raise PermissionDenied("only the plan's owner or an admin can change or submit it")
    elif comment is not None and not (owner or may_agree(uow, viewer, plan)):
        raise PermissionDenied("only the owner or a manager above them can comment on this plan")
    if items is not None and plan.status not in EDITABLE:
        shown = plan.status.value.replace("_", " ")
        raise InvalidRequest(f"items: a {shown} plan cannot be edited; reopen it as a draft first")


def _moved(plan: Plan, status: PlanStatus, viewer: Viewer, store: Store) -> Plan:
    if status is PlanStatus.AGREED:
        return replace(plan, status=status, agreed_by_id=viewer.person_id, agreed_at=store.clock())
    if plan.status is PlanStatus.AGREED and status is PlanStatus.DRAFT:
        return replace(
            plan, status=status, version=plan.version + 1, agreed_by_id=None, agreed_at=None
        )
    return replace(plan, status=status)


def record_checkin(
    store: Store,
    plan_id: int,
    held_on: date,
    notes: str,
    progress: dict[str, int],
    *,
    actor: str,
    viewer: Viewer = SYSTEM,
    levels: Mapping[str, int] | None = None,
) -> CheckIn:
    """Record a dated review of a plan with a snapshot of current levels and readiness.

    ``progress`` maps item numbers (1, 2, ... as text) to percentages. The owner or a manager
    above them records it (anyone who may read the plan). New ``levels`` are recorded first, as
    a self-assessment when the owner checks in and as a manager assessment otherwise, so the
    snapshot includes them. Raises NotFound, PermissionDenied, InvalidRequest.
    """
    usable_text("notes", notes)
    if any(not 0 <= value <= 100 for value in progress.values()):
        raise InvalidRequest("progress is a percentage from 0 to 100")
    if levels:
        _assess_at_checkin(store, plan_id, levels, actor=actor, viewer=viewer)
    with store.unit_of_work() as uow:
        plan = readable_plan(uow, viewer, plan_id)
        numbers = {str(number) for number in range(1, len(plan.items) + 1)}
        unknown = sorted(key for key in progress if key not in numbers)
        if unknown:
            raise InvalidRequest(f"progress: no item {', '.join(unknown)} in this plan")
        levels = uow.assessments.current_levels(plan.person_id)
        known = {c: v for c, v in levels.items() if c in store.framework.competencies_by_id}
        readiness = analyse_gap(
            store.framework, plan.target_role, Assessment(known)
        ).analysis.readiness
        checkin = uow.plans.add_checkin(
            CheckIn(plan_id, held_on, notes[:4000], dict(progress), known, readiness)
        )
        notify_checkin(uow, plan, checkin, viewer.person_id, store.clock())
        uow.audit.record(
            AuditEntry(
                store.clock(),
                actor,
                "checkin.add",
                "plan",
                str(plan_id),
                None,
                {"readiness": readiness},
            )
        )
        uow.commit()
        return checkin


def _assess_at_checkin(
    store: Store, plan_id: int, levels: Mapping[str, int], *, actor: str, viewer: Viewer
) -> None:
    with store.unit_of_work() as uow:
        plan = readable_plan(uow, viewer, plan_id)
    own = viewer.person_id == plan.person_id
    source = AssessmentSource.SELF if own else AssessmentSource.MANAGER
    note = f"recorded at a check-in of plan #{plan_id}"
    assess(store, str(plan.person_id), levels, source, viewer=viewer, actor=actor, note=note)


def add_evidence(store: Store, reference: str, evidence: Evidence, *, actor: str) -> Evidence:
    """Log an achievement tagged to competencies."""
    unknown = [c for c in evidence.competencies if c not in store.framework.competencies_by_id]
    if unknown:
        raise InvalidRequest(f"unknown competencies: {', '.join(unknown)}")
    if not usable_text("title", evidence.title, lines=False).strip():
        raise InvalidRequest("evidence needs a title")
    usable_text("description", evidence.description)
    usable_text("impact", evidence.impact)
    with store.unit_of_work() as uow:
        person = find_person(uow, reference)
        assert person.id is not None
        saved = uow.plans.add_evidence(replace(evidence, person_id=person.id))
        uow.audit.record(
            AuditEntry(
                store.clock(),
                actor,
                "evidence.add",
                "person",
                str(person.id),
                None,
                {"title": saved.title},
            )
        )
        uow.commit()
        return saved


def _audit(
    uow: UnitOfWork, store: Store, actor: str, action: str, after: Plan, before: Plan | None
) -> None:
    def view(plan: Plan) -> dict[str, object]:
        return {
            "status": plan.status.value,
            "revision": plan.revision,
            "items": len(plan.items),
            "comment": plan.comment,
        }

    uow.audit.record(
        AuditEntry(
            store.clock(),
            actor,
            action,
            "plan",
            str(after.id),
            view(before) if before else None,
            view(after),
        )
    )
