"""Exports: a plan as a PDF, a readiness pack for a target role, and every plan as CSV (admins).

The PDFs are drawn from the pages' own templates by a ``DocumentRenderer`` (WeasyPrint in
production); these functions gather what is printed and check who may read it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from pmopath.domain.assessment import Assessment
from pmopath.domain.cv import strength
from pmopath.domain.errors import NotFound
from pmopath.domain.framework import ActionKind, Framework
from pmopath.domain.permissions import SYSTEM, Viewer, require_admin
from pmopath.domain.plans import Evidence, ItemStatus, Plan, PlanItem, PlanStatus
from pmopath.services.careers.advice_text import blocker_line
from pmopath.services.careers.gaps import analyse_gap
from pmopath.services.careers.roles import resolve_role
from pmopath.services.insight import profile
from pmopath.services.people.access import readable_person
from pmopath.services.plans import reviews as plan_reviews
from pmopath.services.plans import workflow as plan_workflow
from pmopath.services.ports.store import Store


def plan_pdf(store: Store, viewer: Viewer, plan_id: int) -> bytes:
    """The plan the viewer may read, printed: items, status, agreement, check-ins and trend.

    Raises NotFound for a plan the viewer may not read.
    """
    detail = plan_workflow.plan_detail(store, viewer, plan_id)
    today = store.clock().date()
    context = {
        "detail": detail,
        "plan": detail.plan,
        "fw": store.framework,
        "trend": plan_workflow.readiness_trend(detail.checkins),
        "review": plan_reviews.plan_review(store, viewer, plan_id, today),
        "printed_on": today,
    }
    return store.ports.documents.pdf("plan_print.html", context)


def current_plan_id(store: Store, reference: str, *, viewer: Viewer = SYSTEM) -> int:
    """The id of the person's open plan (the newest not closed); NotFound if there is none."""
    with store.unit_of_work() as uow:
        person = readable_person(uow, viewer, reference)
        assert person.id is not None
        found = plan_workflow.current_plan(uow.plans.for_person(person.id))
    if found is None or found.id is None:
        raise NotFound("open plan of person", reference)
    return found.id


@dataclass(frozen=True, slots=True)
class Star:
    """One piece of evidence told as Situation, Task, Action, Result."""

    title: str
    happened_on: date
    situation: str
    task: str
    action: str
    result: str
    verified_by: str | None


@dataclass(frozen=True, slots=True)
class PackLine:
    """One competency the role requires, with the person's level and strongest evidence."""

    competency: str
    name: str
    required: int
    current: int
    critical: bool
    evidence: Star | None


@dataclass(frozen=True, slots=True)
class PackStory:
    """One piece of evidence, told once, with the competencies it is the strongest for."""

    star: Star
    competencies: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Certification:
    title: str
    status: str
    due_on: date | None


def star_of(evidence: Evidence, verified_by: str | None) -> Star:
    """The evidence as STAR (``Evidence.star``: as written, or read from a free account)."""
    situation, task, action, result = evidence.star()
    return Star(evidence.title, evidence.happened_on, situation, task, action, result, verified_by)


def strongest(evidence: Sequence[Evidence], competency: str) -> Evidence | None:
    """The strongest evidence for one competency (``pmopath.domain.cv.strength``)."""
    tagged = [e for e in evidence if competency in e.competencies]
    return max(tagged, key=strength) if tagged else None


def certifications_in(
    framework: Framework, plans: Sequence[Plan], held: Sequence[str] = ()
) -> list[Certification]:
    """Certifications held (recorded, or done in a plan) and those planned, held first."""
    found: dict[str, Certification] = {}
    for action_id in held:
        action = framework.actions_by_id.get(action_id)
        if action is not None:
            found[action.id] = Certification(action.title, "held", None)
    for plan in sorted(plans, key=lambda p: p.id or 0):
        for item in plan.items:
            action = framework.actions_by_id.get(item.action_id or "")
            if action is None or action.kind is not ActionKind.CERTIFICATION:
                continue
            done = item.status is ItemStatus.DONE
            status = "held" if done else item.status.value.replace("_", " ")
            earlier = found.get(action.id)
            if earlier is None or (done and earlier.status != "held"):
                found[action.id] = Certification(action.title, status, item.due_on)
    return sorted(found.values(), key=lambda c: (c.status != "held", c.title))


def agreed_or_current(plans: Sequence[Plan]) -> Plan | None:
    """The newest agreed plan, else the newest open one."""
    agreed = [p for p in plans if p.status is PlanStatus.AGREED]
    if agreed:
        return max(agreed, key=lambda p: p.id or 0)
    return plan_workflow.current_plan(plans)


def pack_context(store: Store, viewer: Viewer, reference: str, role: str | None) -> dict[str, Any]:
    """What a readiness pack prints for ``role`` (default: the primary target): a cover summary
    (readiness, band, blockers, plan), every required competency's level with its strongest
    evidence, each piece of evidence told once (``stories``) and the competencies with none
    named together (``without_evidence``)."""
    found = profile.profile_of(store, reference, viewer=viewer)
    person = found.record.person
    assert person.id is not None
    chosen = role or (found.target.id if found.target else None)
    if chosen is None:
        raise NotFound("target role of person", reference)
    target = resolve_role(store.framework, chosen)
    fw = store.framework
    known = {c: v for c, v in found.record.levels.items() if c in fw.competencies_by_id}
    gap = analyse_gap(fw, target.id, Assessment(known, person.role))
    with store.unit_of_work() as uow:
        plans = uow.plans.for_person(person.id)
        held = uow.credentials.for_person(person.id).certifications
        plan = agreed_or_current(plans)
        agreer = uow.people.by_id(plan.agreed_by_id) if plan and plan.agreed_by_id else None
    lines = []
    told: dict[int, tuple[Star, list[str]]] = {}
    for g in gap.analysis.gaps:
        best = strongest(found.evidence, g.competency)
        name = fw.competencies_by_id[g.competency].name
        star = None
        if best is not None:
            key = best.id if best.id is not None else -len(told) - 1
            if key not in told:
                verifier = found.verifiers.get(best.verified_by_id or 0)
                told[key] = (star_of(best, verifier), [])
            star = told[key][0]
            told[key][1].append(name)
        lines.append(PackLine(g.competency, name, g.required, g.current, g.critical, star))
    names = fw.competencies_by_id
    return {
        "record": found.record,
        "person": person,
        "role": target,
        "gap": gap,
        "lines": lines,
        "certifications": certifications_in(fw, plans, held),
        "plan": plan,
        "agreed_by": agreer.name if agreer else None,
        "fw": fw,
        "chart_rows": [(line.name, line.current, line.required, line.critical) for line in lines],
        "stories": [PackStory(star, tuple(shows)) for star, shows in told.values()],
        "without_evidence": [line.name for line in lines if line.evidence is None],
        "blockers": [blocker_line(b, names[b.competency].name) for b in gap.analysis.blockers],
        "printed_on": store.clock().date(),
    }


def readiness_pack_pdf(store: Store, viewer: Viewer, reference: str, role: str | None) -> bytes:
    """The readiness pack for ``role`` as a PDF; NotFound for someone the viewer cannot see."""
    return store.ports.documents.pdf(
        "pack_print.html", pack_context(store, viewer, reference, role)
    )


CSV_COLUMNS = (
    "person_id",
    "person",
    "email",
    "plan_id",
    "plan_status",
    "version",
    "revision",
    "target_role",
    "item",
    "competency",
    "action_id",
    "description",
    "target_level",
    "start_on",
    "due_on",
    "item_status",
    "effort_hours",
)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralised(value: object) -> str:
    """The cell text, with a leading quote when a spreadsheet would read it as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def plan_rows(store: Store, viewer: Viewer) -> list[list[str]]:
    """Every plan as rows, one per item (a plan without items: one row), for admins only.

    The first row is the header. Raises PermissionDenied for anyone but an admin.
    """
    require_admin(viewer)
    rows: list[list[str]] = [list(CSV_COLUMNS)]
    with store.unit_of_work() as uow:
        plans = sorted(
            (p for status in PlanStatus for p in uow.plans.with_status(status)),
            key=lambda p: p.id or 0,
        )
        people = {p.id: p for p in uow.people.everyone()}
    for plan in plans:
        person = people.get(plan.person_id)
        head = [
            plan.person_id,
            person.name if person else "",
            (person.email or "") if person else "",
            plan.id,
            plan.status.value,
            plan.version,
            plan.revision,
            plan.target_role,
        ]
        items: list[tuple[int, PlanItem | None]] = list(enumerate(plan.items, start=1))
        for number, item in items or [(0, None)]:
            tail: list[object] = [""] * 9
            if item is not None:
                tail = [
                    number,
                    item.competency,
                    item.action_id,
                    item.free_text,
                    item.target_level,
                    item.start_on.isoformat() if item.start_on else None,
                    item.due_on.isoformat() if item.due_on else None,
                    item.status.value,
                    item.effort_hours,
                ]
            rows.append([neutralised(v) for v in [*head, *tail]])
    return rows


def plans_csv(store: Store, viewer: Viewer) -> str:
    """Every plan as CSV text (see ``plan_rows``)."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(plan_rows(store, viewer))
    return out.getvalue()
