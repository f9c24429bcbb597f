"""Response models of plans, their history, check-ins, the inbox and reminders, for the API."""

from __future__ import annotations

from collections.abc import Sequence

from pmopath.domain.people import Person
from pmopath.domain.plans import CheckIn, Plan, PlanItem
from pmopath.domain.reminders import CalendarFeed, Reminder
from pmopath.services.people.schemas import PersonRef
from pmopath.services.plans.schemas import (
    CalendarFeedPublic,
    CheckInPublic,
    CheckInsPublic,
    InboxEntryPublic,
    InboxPublic,
    PlanDetailPublic,
    PlanEventPublic,
    PlanItemPublic,
    PlanPublic,
    PlansPublic,
    ReminderPublic,
    RemindersPublic,
)
from pmopath.services.plans.workflow import InboxEntry, PlanDetail, PlanEvent


def person_ref(person: Person) -> PersonRef:
    assert person.id is not None, "only stored people are named"
    return PersonRef(id=person.id, name=person.name)


def _stored_id(plan: Plan) -> int:
    assert plan.id is not None, "only stored plans are shown"
    return plan.id


def item_view(number: int, item: PlanItem) -> PlanItemPublic:
    return PlanItemPublic(
        number=number,
        competency=item.competency,
        action_id=item.action_id,
        free_text=item.free_text,
        target_level=item.target_level,
        start_on=item.start_on,
        due_on=item.due_on,
        status=item.status,
        effort_hours=item.effort_hours,
    )


def plan_view(plan: Plan) -> PlanPublic:
    return PlanPublic(
        id=_stored_id(plan),
        person_id=plan.person_id,
        target_role=plan.target_role,
        status=plan.status,
        revision=plan.revision,
        version=plan.version,
        comment=plan.comment,
        agreed_by_id=plan.agreed_by_id,
        agreed_at=plan.agreed_at,
        cadence=plan.cadence,
        items=[item_view(n, i) for n, i in enumerate(plan.items, start=1)],
    )


def plans_view(plans: Sequence[Plan]) -> PlansPublic:
    return PlansPublic(data=[plan_view(p) for p in plans], count=len(plans))


def event_view(event: PlanEvent) -> PlanEventPublic:
    return PlanEventPublic(
        at=event.at,
        actor=event.actor,
        from_=event.from_status,
        to=event.to_status,
        comment=event.comment,
    )


def checkin_view(checkin: CheckIn) -> CheckInPublic:
    return CheckInPublic(
        id=checkin.id,
        held_on=checkin.held_on,
        notes=checkin.notes,
        progress=dict(checkin.progress),
        levels=dict(checkin.levels),
        readiness=checkin.readiness,
    )


def checkins_view(checkins: Sequence[CheckIn]) -> CheckInsPublic:
    return CheckInsPublic(data=[checkin_view(c) for c in checkins], count=len(checkins))


def plan_detail_view(detail: PlanDetail) -> PlanDetailPublic:
    return PlanDetailPublic(
        **dict(plan_view(detail.plan)),
        owner=person_ref(detail.owner),
        agreed_by=person_ref(detail.agreed_by) if detail.agreed_by else None,
        history=[event_view(e) for e in detail.history],
        checkins=[checkin_view(c) for c in detail.checkins],
        may_edit=detail.may_edit,
        may_agree=detail.may_agree,
    )


def inbox_view(entries: Sequence[InboxEntry]) -> InboxPublic:
    data = [
        InboxEntryPublic(
            plan_id=_stored_id(e.plan),
            owner=person_ref(e.owner),
            target_role=e.plan.target_role,
            revision=e.plan.revision,
            items=len(e.plan.items),
        )
        for e in entries
    ]
    return InboxPublic(data=data, count=len(data))


def reminders_view(found: Sequence[Reminder]) -> RemindersPublic:
    """Plan reviews and actions due, by day."""
    data = [
        ReminderPublic(uid=r.uid, kind=r.kind, day=r.day, summary=r.summary, plan_id=r.plan_id)
        for r in found
    ]
    return RemindersPublic(data=data, count=len(data))


def calendar_feed_view(feed: CalendarFeed, url: str) -> CalendarFeedPublic:
    """A new calendar feed and its private URL (which holds the secret token)."""
    return CalendarFeedPublic(url=url, person_id=feed.person_id, created_at=feed.created_at)
