"""Storing development plans, check-ins and evidence (the plans issue builds on these)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from pmopath.domain.assessment import Assessment
from pmopath.domain.errors import InvalidRequest, NotFound
from pmopath.domain.people import AuditEntry
from pmopath.domain.plans import CheckIn, Evidence, Plan, PlanItem, PlanStatus, check_move
from pmopath.services.career import analyse_gap, resolve_role
from pmopath.services.people import Store, find_person
from pmopath.services.ports import UnitOfWork

MAX_ITEMS = 200


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
        if item.start_on and item.due_on and item.due_on < item.start_on:
            raise InvalidRequest(f"item {number}: due before it starts")
    return tuple(items)


def create_plan(
    store: Store, reference: str, target_role: str, items: Sequence[PlanItem], *, actor: str
) -> Plan:
    """Start a draft plan for a person towards a role."""
    role = resolve_role(store.framework, target_role)
    checked = _check_items(store, items)
    with store.unit_of_work() as uow:
        person = find_person(uow, reference)
        assert person.id is not None
        plan = uow.plans.add(
            Plan(None, person.id, role.id, store.framework_version_id, PlanStatus.DRAFT, checked)
        )
        _audit(uow, store, actor, "plan.create", plan, None)
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
) -> Plan:
    """Change a plan saved at ``expected_revision``; raises Conflict if it was saved since."""
    with store.unit_of_work() as uow:
        plan = uow.plans.get(plan_id)
        if plan is None:
            raise NotFound("plan", str(plan_id))
        changed = plan
        if items is not None:
            changed = replace(changed, items=_check_items(store, items))
        if status is not None:
            check_move(plan.status, status)
            changed = replace(changed, status=status)
        if comment is not None:
            changed = replace(changed, comment=comment[:4000])
        saved = uow.plans.save(changed, expected_revision)
        _audit(uow, store, actor, "plan.update", saved, plan)
        uow.commit()
        return saved


def record_checkin(
    store: Store,
    plan_id: int,
    held_on: date,
    notes: str,
    progress: dict[str, int],
    *,
    actor: str,
) -> CheckIn:
    """Record a dated review of a plan with a snapshot of current levels and readiness."""
    if any(not 0 <= value <= 100 for value in progress.values()):
        raise InvalidRequest("progress is a percentage from 0 to 100")
    with store.unit_of_work() as uow:
        plan = uow.plans.get(plan_id)
        if plan is None:
            raise NotFound("plan", str(plan_id))
        levels = uow.assessments.current_levels(plan.person_id)
        known = {c: v for c, v in levels.items() if c in store.framework.competencies_by_id}
        readiness = analyse_gap(
            store.framework, plan.target_role, Assessment(known)
        ).analysis.readiness
        checkin = uow.plans.add_checkin(
            CheckIn(plan_id, held_on, notes[:4000], dict(progress), known, readiness)
        )
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


def add_evidence(store: Store, reference: str, evidence: Evidence, *, actor: str) -> Evidence:
    """Log an achievement tagged to competencies."""
    unknown = [c for c in evidence.competencies if c not in store.framework.competencies_by_id]
    if unknown:
        raise InvalidRequest(f"unknown competencies: {', '.join(unknown)}")
    if not evidence.title.strip():
        raise InvalidRequest("evidence needs a title")
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
