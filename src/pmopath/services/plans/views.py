"""Plain-data views of plans, their history, check-ins and the inbox, for the API."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from pmopath.domain.people import Person
from pmopath.domain.plans import CheckIn, Plan, PlanItem
from pmopath.services.plans.workflow import InboxEntry, PlanDetail, PlanEvent


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _moment(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _person(person: Person | None) -> dict[str, Any] | None:
    return None if person is None else {"id": person.id, "name": person.name}


def item_view(number: int, item: PlanItem) -> dict[str, Any]:
    return {
        "number": number,
        "competency": item.competency,
        "action_id": item.action_id,
        "free_text": item.free_text,
        "target_level": item.target_level,
        "start_on": _day(item.start_on),
        "due_on": _day(item.due_on),
        "status": item.status.value,
        "effort_hours": item.effort_hours,
    }


def plan_view(plan: Plan) -> dict[str, Any]:
    return {
        "id": plan.id,
        "person_id": plan.person_id,
        "target_role": plan.target_role,
        "status": plan.status.value,
        "revision": plan.revision,
        "version": plan.version,
        "comment": plan.comment,
        "agreed_by_id": plan.agreed_by_id,
        "agreed_at": _moment(plan.agreed_at),
        "cadence": plan.cadence.value,
        "items": [item_view(n, i) for n, i in enumerate(plan.items, start=1)],
    }


def plans_view(plans: Sequence[Plan]) -> dict[str, Any]:
    return {"data": [plan_view(p) for p in plans], "count": len(plans)}


def event_view(event: PlanEvent) -> dict[str, Any]:
    return {
        "at": event.at.isoformat(),
        "actor": event.actor,
        "from": event.from_status.value if event.from_status else None,
        "to": event.to_status.value,
        "comment": event.comment,
    }


def checkin_view(checkin: CheckIn) -> dict[str, Any]:
    return {
        "id": checkin.id,
        "held_on": checkin.held_on.isoformat(),
        "notes": checkin.notes,
        "progress": dict(checkin.progress),
        "levels": dict(checkin.levels),
        "readiness": checkin.readiness,
    }


def checkins_view(checkins: Sequence[CheckIn]) -> dict[str, Any]:
    return {"data": [checkin_view(c) for c in checkins], "count": len(checkins)}


def plan_detail_view(detail: PlanDetail) -> dict[str, Any]:
    return {
        **plan_view(detail.plan),
        "owner": _person(detail.owner),
        "agreed_by": _person(detail.agreed_by),
        "history": [event_view(e) for e in detail.history],
        "checkins": [checkin_view(c) for c in detail.checkins],
        "may_edit": detail.may_edit,
        "may_agree": detail.may_agree,
    }


def inbox_view(entries: Sequence[InboxEntry]) -> dict[str, Any]:
    data = [
        {
            "plan_id": e.plan.id,
            "owner": _person(e.owner),
            "target_role": e.plan.target_role,
            "revision": e.plan.revision,
            "items": len(e.plan.items),
        }
        for e in entries
    ]
    return {"data": data, "count": len(data)}
